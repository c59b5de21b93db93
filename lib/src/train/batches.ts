/**
 * Mini-batches over a dataset of n examples, in a seeded random order each epoch.
 */
import { checkOptionValue } from "../options";
import { Random } from "../random";

/**
 * Splits the example indices 0 … n−1 into mini-batches: shuffled by `rng` when one is given
 * (a new order each call, so one generator gives each epoch its own order), in order otherwise.
 * The last batch holds the remainder, as PyTorch's DataLoader with `drop_last=False`.
 *
 * @param n the number of examples
 * @param batchSize examples per batch
 * @param rng the seeded generator for the order (omit for 0 … n−1 in order)
 * @returns the batches, views into one Int32Array of indices
 * @throws OptionsError when batchSize is not a whole number ≥ 1
 * @example
 * const rng = new Random(0);
 * for (let epoch = 0; epoch < 3; epoch++) {
 *   for (const batch of miniBatches(examples.length, 64, rng)) trainStep(batch);
 * }
 */
export function miniBatches(n: number, batchSize: number, rng?: Random): Int32Array[] {
  checkOptionValue("miniBatches", "batchSize", batchSize, "positiveInt");
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  if (rng) rng.shuffle(order);
  const batches: Int32Array[] = [];
  for (let start = 0; start < n; start += batchSize) batches.push(order.subarray(start, Math.min(start + batchSize, n)));
  return batches;
}
