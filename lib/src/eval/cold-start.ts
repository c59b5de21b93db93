/**
 * The cold-start view: HitRate by how often the held-out movie was rated in training.
 */
import { OptionsError } from "../errors";
import { checkOptions, type OptionChecks } from "../options";
import type { Evaluation } from "./evaluate";
import { SeededEvaluation } from "./seeds";
import type { LeaveLastOutSplit } from "./leave-last-out";

/** Options of {@link hitRateByTrainingCount}. */
export interface ColdStartOptions {
  /** The cut-off (default 10). */
  readonly k?: number;
  /** Lower edges of the buckets of training rating counts, ascending, starting at 0 (default [0, 1, 2, 5, 10, 20, 50, 100]). */
  readonly edges?: readonly number[];
}

const COLD_START_CHECKS: OptionChecks<ColdStartOptions> = { k: "positiveInt", edges: "array" };

/**
 * The cold-start view: users bucketed by how many training watchlists hold their target, and the
 * HitRate@k of each method within each bucket (averaged over seeds for seeded methods). Shows
 * which methods can still find movies that few people rated.
 *
 * @param split the split the evaluations were run on
 * @param results evaluations of methods on that split
 * @param options `k`, bucket `edges`
 * @returns one row per bucket: its label, its number of users, then one HitRate per method
 */
export function hitRateByTrainingCount(
  split: LeaveLastOutSplit,
  results: readonly (Evaluation | SeededEvaluation)[],
  options: ColdStartOptions = {},
): Record<string, string | number>[] {
  const { k = 10, edges = [0, 1, 2, 5, 10, 20, 50, 100] } = checkOptions("hitRateByTrainingCount", options, COLD_START_CHECKS);
  if (edges[0] !== 0 || edges.some((edge, i) => i > 0 && edge <= edges[i - 1])) {
    throw new OptionsError(`hitRateByTrainingCount: edges must ascend from 0, got [${edges.join(", ")}]`);
  }
  for (const result of results) {
    const runs = result instanceof SeededEvaluation ? result.runs : [result];
    if (runs.some((run) => run.ranks.length !== split.users)) {
      throw new OptionsError(`hitRateByTrainingCount: ${result.name} was evaluated on another split (${runs[0].ranks.length} users, this split has ${split.users})`);
    }
  }
  const counts = split.trainingCounts();
  const bucketOf = (count: number) => {
    let b = 0;
    while (b + 1 < edges.length && count >= edges[b + 1]) b++;
    return b;
  };
  const usersIn = edges.map(() => [] as number[]);
  split.targets.forEach((movieId, u) => usersIn[bucketOf(counts[split.rowOf(movieId)])].push(u));
  const label = (b: number) => {
    const low = edges[b];
    const high = b + 1 < edges.length ? edges[b + 1] - 1 : Infinity;
    return high === Infinity ? `${low}+` : high === low ? `${low}` : `${low}–${high}`;
  };
  return usersIn.map((users, b) => {
    const row: Record<string, string | number> = { "training ratings": label(b), users: users.length };
    for (const result of results) {
      const runs = result instanceof SeededEvaluation ? result.runs : [result];
      const hits = runs.map((run) => users.filter((u) => run.ranks[u] > 0 && run.ranks[u] <= k).length);
      row[result.name] = users.length === 0 ? NaN : hits.reduce((a, h) => a + h, 0) / runs.length / users.length;
    }
    return row;
  });
}
