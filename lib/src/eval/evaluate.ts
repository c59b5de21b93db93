/**
 * Runs a scorer over every user of a split and measures where the held-out movie lands.
 */
import { inspect } from "node:util";
import { OptionsError } from "../errors";
import { rankOf } from "../vectors/topk";
import { hitRate, meanReciprocalRank, ndcg } from "./metrics";
import type { Scorer } from "./scorer";
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
