/**
 * Runs a scorer over every user of a split and measures where the held-out movie lands; repeats
 * trained methods over seeds; chooses settings on the validation split; tabulates results.
 */
import { inspect } from "node:util";
import { OptionsError } from "../errors";
import { checkOptions, type OptionChecks } from "../options";
import { rankOf } from "../vectors/topk";
import { hitRate, meanReciprocalRank, meanStd, ndcg } from "./metrics";
import type { Scorer, ScorerFactory } from "./scorer";
import type { LeaveLastOutSplit } from "./leave-last-out";

/** The reported metrics, by the names the tables use. */
export interface MetricValues {
  readonly "HitRate@10": number;
  readonly "NDCG@10": number;
  readonly "HitRate@20": number;
  readonly "NDCG@20": number;
  readonly MRR: number;
}

/** The name of one reported metric. */
export type MetricName = keyof MetricValues;

/** The metric names in table order. */
export const METRIC_NAMES: readonly MetricName[] = ["HitRate@10", "NDCG@10", "HitRate@20", "NDCG@20", "MRR"];

/** One method evaluated once: the rank of each user's target. */
export class Evaluation {
  /**
   * @param name the method's name
   * @param ranks per user (in split order), the target's 1-based rank among the candidates; 0 when
   *   the method cannot score the target (a miss)
   */
  constructor(
    readonly name: string,
    readonly ranks: Int32Array,
  ) {}

  /** HitRate@k over all users (default k = 10). */
  hitRate(k = 10): number {
    return hitRate(this.ranks, k);
  }

  /** NDCG@k over all users (default k = 10). */
  ndcg(k = 10): number {
    return ndcg(this.ranks, k);
  }

  /** Mean reciprocal rank over all users. */
  get mrr(): number {
    return meanReciprocalRank(this.ranks);
  }

  /** Every reported metric. */
  metrics(): MetricValues {
    return { "HitRate@10": this.hitRate(10), "NDCG@10": this.ndcg(10), "HitRate@20": this.hitRate(20), "NDCG@20": this.ndcg(20), MRR: this.mrr };
  }

  /** One line: "Evaluation<popularity: HitRate@10 0.0426 · NDCG@10 0.0194 · MRR 0.0240 · 610 users>". */
  [inspect.custom](): string {
    return `Evaluation<${this.name}: HitRate@10 ${this.hitRate().toFixed(4)} · NDCG@10 ${this.ndcg().toFixed(4)} · MRR ${this.mrr.toFixed(4)} · ${this.ranks.length} users>`;
  }
}

/**
 * Evaluates a scorer on a split. For each user the candidates are every movie the scorer can
 * score (not NaN) minus the user's training watchlist; they are ranked by score, descending, ties
 * by numeric movieId ascending; the target's rank is recorded, or 0 (a miss) when the target is
 * not a candidate.
 *
 * @param split the split (its training watchlists are what the scorer was trained on)
 * @param scorer the method
 * @returns the ranks, with HitRate@k, NDCG@k and MRR
 * @example
 * evaluate(split, popularityScorer(split)).hitRate(10); // 0.0426 on ml-latest-small
 */
export function evaluate(split: LeaveLastOutSplit, scorer: Scorer): Evaluation {
  const ranks = new Int32Array(split.users);
  for (let u = 0; u < split.users; u++) {
    const history = { userId: split.userIds[u], movieIds: split.train[u] };
    const scores = scorer.scoreUser(history);
    if (scores.length !== split.catalogue.length) {
      throw new OptionsError(`evaluate: ${scorer.name} returned ${scores.length} scores for a catalogue of ${split.catalogue.length} movies`);
    }
    for (const movieId of history.movieIds) scores[split.rowOf(movieId)] = NaN;
    ranks[u] = rankOf(scores, split.rowOf(split.targets[u])) ?? 0;
  }
  return new Evaluation(scorer.name, ranks);
}

/** One method evaluated once per seed. */
export class SeededEvaluation {
  /**
   * @param name the method's name
   * @param runs one evaluation per seed
   * @param seeds the seeds, in run order
   */
  constructor(
    readonly name: string,
    readonly runs: readonly Evaluation[],
    readonly seeds: readonly number[],
  ) {
    if (runs.length === 0) throw new OptionsError(`SeededEvaluation(${name}): no runs`);
  }

  /** Mean and sample standard deviation of a metric over the seeds. */
  stat(metric: MetricName): { mean: number; std: number } {
    return meanStd(this.runs.map((run) => run.metrics()[metric]));
  }

  /** The mean of every metric over the seeds. */
  metrics(): MetricValues {
    const mean = (metric: MetricName) => this.stat(metric).mean;
    return { "HitRate@10": mean("HitRate@10"), "NDCG@10": mean("NDCG@10"), "HitRate@20": mean("HitRate@20"), "NDCG@20": mean("NDCG@20"), MRR: mean("MRR") };
  }

  /** One line: "SeededEvaluation<item2vec: HitRate@10 0.1060 ± 0.0090 · NDCG@10 … · seeds 0, 1, 2>". */
  [inspect.custom](): string {
    const show = (metric: MetricName) => {
      const { mean, std } = this.stat(metric);
      return `${metric} ${mean.toFixed(4)} ± ${std.toFixed(4)}`;
    };
    return `SeededEvaluation<${this.name}: ${show("HitRate@10")} · ${show("NDCG@10")} · seeds ${this.seeds.join(", ")}>`;
  }
}

/**
 * Trains a method once per seed on the split and evaluates each run.
 *
 * @param split the split to train on and evaluate
 * @param factory trains the method for a seed (see {@link ScorerFactory})
 * @param seeds default [0, 1, 2]
 * @returns the runs, with mean ± sample standard deviation per metric
 */
export async function evaluateSeeds(
  split: LeaveLastOutSplit,
  factory: ScorerFactory,
  seeds: readonly number[] = [0, 1, 2],
): Promise<SeededEvaluation> {
  if (seeds.length === 0) throw new OptionsError("evaluateSeeds: give at least one seed");
  return evaluateStarted(split, startTraining(split, factory, seeds), seeds);
}

/**
 * Starts a factory for every seed at once, so that factories which train in worker threads
 * (EvalRecipes) train side by side while earlier runs are evaluated. A failure is kept for the
 * moment its run is awaited (not reported as unhandled before).
 */
function startTraining(split: LeaveLastOutSplit, factory: ScorerFactory, seeds: readonly number[]): Promise<Scorer>[] {
  return seeds.map((seed) => {
    const scorer = Promise.resolve().then(() => factory(split, seed));
    scorer.catch(() => undefined);
    return scorer;
  });
}

/** Evaluates started runs in seed order. */
async function evaluateStarted(split: LeaveLastOutSplit, started: readonly Promise<Scorer>[], seeds: readonly number[]): Promise<SeededEvaluation> {
  const runs: Evaluation[] = [];
  for (const scorer of started) runs.push(evaluate(split, await scorer));
  return new SeededEvaluation(runs[0].name, runs, seeds);
}

/** One candidate setting of a {@link chooseSetting} search. */
export interface Candidate<S> {
  /** The setting, as the factory reads it. */
  readonly setting: S;
  /** Trains the method with this setting on a split, for a seed. */
  readonly factory: ScorerFactory;
}

/** The outcome of {@link chooseSetting}: every candidate's validation metrics and the chosen one. */
export interface SettingChoice<S> {
  /** The setting with the best validation HitRate@10 (ties: better NDCG@10, then the earlier candidate). */
  readonly best: S;
  /** One row per candidate: the setting's fields, then its mean validation metrics. */
  readonly table: Record<string, string | number>[];
}

/**
 * Chooses a setting on the validation split only: trains and evaluates every candidate there and
 * keeps the one with the best HitRate@10 (NDCG@10 breaks ties). The test targets are never seen.
 *
 * @param validation the validation split (`split.validation()`)
 * @param candidates the settings, each with the factory that trains it
 * @param seeds seeds per candidate (default [0])
 * @returns the chosen setting and a table of every candidate's validation metrics
 * @example
 * const choice = await chooseSetting(split.validation(), [5, 10, 20].map((window) => ({
 *   setting: { window }, factory: (s: LeaveLastOutSplit) => cooccurrenceScorer(s, { window }),
 * })));
 * choice.best; // { window: 10 }
 */
export async function chooseSetting<S extends object>(
  validation: LeaveLastOutSplit,
  candidates: readonly Candidate<S>[],
  seeds: readonly number[] = [0],
): Promise<SettingChoice<S>> {
  if (candidates.length === 0) throw new OptionsError("chooseSetting: give at least one candidate");
  if (seeds.length === 0) throw new OptionsError("chooseSetting: give at least one seed");
  let best = 0;
  const scores: MetricValues[] = [];
  const started = candidates.map((candidate) => startTraining(validation, candidate.factory, seeds));
  for (const [i] of candidates.entries()) {
    scores.push((await evaluateStarted(validation, started[i], seeds)).metrics());
    const [a, b] = [scores[i], scores[best]];
    if (a["HitRate@10"] > b["HitRate@10"] || (a["HitRate@10"] === b["HitRate@10"] && a["NDCG@10"] > b["NDCG@10"])) best = i;
  }
  const table = candidates.map((candidate, i) => ({ ...(candidate.setting as Record<string, string | number>), ...scores[i] }));
  return { best: candidates[best].setting, table };
}

/**
 * The results table: one row per method, each metric as "mean ± std" over seeds (just the value
 * for a method evaluated once).
 *
 * @param results evaluations, in the order to show them
 * @param digits decimals shown (default 3)
 * @returns rows for `showTable`
 */
export function resultsTable(results: readonly (Evaluation | SeededEvaluation)[], digits = 3): Record<string, string>[] {
  return results.map((result) => {
    const row: Record<string, string> = { method: result.name };
    for (const metric of METRIC_NAMES) {
      if (result instanceof SeededEvaluation && result.runs.length > 1) {
        const { mean, std } = result.stat(metric);
        row[metric] = `${mean.toFixed(digits)} ± ${std.toFixed(digits)}`;
      } else row[metric] = result.metrics()[metric].toFixed(digits);
    }
    return row;
  });
}

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

/** One row of a method registry: a name, how to train it, and its seeds. */
export interface Method {
  /** The name shown in tables and charts. */
  readonly name: string;
  /** "baseline" (drawn as a reference line) or "embedding". */
  readonly kind: "baseline" | "embedding";
  /** Trains the method on a split for a seed. */
  readonly factory: ScorerFactory;
  /** Seeds to train with (default [0, 1, 2]; [0] for a deterministic method). */
  readonly seeds?: readonly number[];
}

/**
 * Evaluates every method of a registry on a split, in order, each over its seeds. Every run's
 * factory is started at once, so models that train in worker threads (EvalRecipes) train side by
 * side while the first runs are evaluated; the results do not depend on that order.
 *
 * @param split the split to train on and evaluate
 * @param methods the registry
 * @param onResult called after each method (for a progress line)
 * @returns one seeded evaluation per method, named as in the registry
 */
export async function evaluateMethods(
  split: LeaveLastOutSplit,
  methods: readonly Method[],
  onResult?: (result: SeededEvaluation) => void,
): Promise<SeededEvaluation[]> {
  const results: SeededEvaluation[] = [];
  const seedsOf = (method: Method) => method.seeds ?? [0, 1, 2];
  for (const method of methods) if (seedsOf(method).length === 0) throw new OptionsError(`evaluateMethods: ${method.name} has no seeds`);
  // every run's training starts now; the runs are evaluated in registry order as they are ready
  const started = methods.map((method) => startTraining(split, method.factory, seedsOf(method)));
  for (const [i, method] of methods.entries()) {
    const seeds = seedsOf(method);
    const runs = (await evaluateStarted(split, started[i], seeds)).runs.map((run) => new Evaluation(method.name, run.ranks));
    const result = new SeededEvaluation(method.name, runs, seeds);
    results.push(result);
    onResult?.(result);
  }
  return results;
}
