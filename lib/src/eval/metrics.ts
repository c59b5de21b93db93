/**
 * Ranking metrics for one held-out movie per user. Each takes the target's rank per user
 * (1-based; 0 when the method could not rank the target, which counts as a miss) and averages
 * over ALL users: a user the method cannot serve lowers the score instead of leaving the average.
 */
import { OptionsError } from "../errors";

function checkK(k: number): void {
  if (!Number.isInteger(k) || k < 1) throw new OptionsError(`k must be a whole number ≥ 1, got ${k}`);
}

function mean(ranks: ArrayLike<number>, value: (rank: number) => number): number {
  if (ranks.length === 0) throw new OptionsError("no users to average over");
  let sum = 0;
  for (let u = 0; u < ranks.length; u++) if (ranks[u] > 0) sum += value(ranks[u]);
  return sum / ranks.length;
}

/**
 * HitRate@k: the share of users whose target ranks in the top k.
 *
 * @param ranks the target's rank per user, 0 for a miss
 * @param k the cut-off
 * @example
 * hitRate([1, 3, 12, 0], 10); // 0.5
 */
export function hitRate(ranks: ArrayLike<number>, k: number): number {
  checkK(k);
  return mean(ranks, (rank) => (rank <= k ? 1 : 0));
}

/**
 * NDCG@k with one relevant movie per user: 1 / log2(rank + 1) when the target ranks in the top k,
 * else 0 (the ideal DCG is 1), averaged over all users.
 *
 * @param ranks the target's rank per user, 0 for a miss
 * @param k the cut-off
 * @example
 * ndcg([1, 3, 12, 0], 10); // (1 + 1/log2(4)) / 4 = 0.375
 */
export function ndcg(ranks: ArrayLike<number>, k: number): number {
  checkK(k);
  return mean(ranks, (rank) => (rank <= k ? 1 / Math.log2(rank + 1) : 0));
}

/**
 * Mean reciprocal rank over the whole ranking (no cut-off): 1 / rank, 0 for a miss.
 *
 * @param ranks the target's rank per user, 0 for a miss
 * @example
 * meanReciprocalRank([1, 4, 0, 0]); // (1 + 0.25) / 4 = 0.3125
 */
export function meanReciprocalRank(ranks: ArrayLike<number>): number {
  return mean(ranks, (rank) => 1 / rank);
}

/**
 * The mean and the sample standard deviation (n − 1 in the denominator; 0 for a single value).
 *
 * @param values one number per seed
 * @example
 * meanStd([0.1, 0.12, 0.11]); // { mean: 0.11, std: 0.01 }
 */
export function meanStd(values: readonly number[]): { mean: number; std: number } {
  if (values.length === 0) throw new OptionsError("meanStd: no values");
  const m = values.reduce((sum, v) => sum + v, 0) / values.length;
  if (values.length === 1) return { mean: m, std: 0 };
  const variance = values.reduce((sum, v) => sum + (v - m) ** 2, 0) / (values.length - 1);
  return { mean: m, std: Math.sqrt(variance) };
}
