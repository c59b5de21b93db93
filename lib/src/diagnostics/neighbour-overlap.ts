/**
 * How much two sets of vectors agree on each key's nearest neighbours: a way to say whether a
 * change (a filter, a seed, a setting) changed what a model recommends.
 */
import { OptionsError } from "../errors";
import { KeyedVectors } from "../vectors/keyed-vectors";

/**
 * The mean share of each key's `topn` nearest neighbours (by cosine, through `mostSimilar`) that
 * two models have in common, over the keys both know. Neighbours are searched among those common
 * keys only, so a movie one model lacks cannot count against the other. 1 means the same
 * neighbour sets (in any order); two unrelated random models of n keys give about topn / n.
 *
 * @param a one model's vectors
 * @param b the other model's vectors (any dimension)
 * @param topn neighbours per key (default 10)
 * @returns the mean overlap in [0, 1]
 * @throws OptionsError when the models share fewer than topn + 1 keys
 * @example
 * neighbourOverlap(allRatings.wv, likedOnly.wv, 10); // 0.6: 6 of 10 neighbours kept, on average
 */
export function neighbourOverlap(a: KeyedVectors, b: KeyedVectors, topn = 10): number {
  const common = a.keys.filter((key) => b.has(key));
  if (!Number.isInteger(topn) || topn < 1 || common.length < topn + 1) {
    throw new OptionsError(`neighbourOverlap: the models share ${common.length} keys; topn must be a whole number from 1 to ${common.length - 1}, got ${topn}`);
  }
  const restrict = (wv: KeyedVectors) => KeyedVectors.fromEntries(common.map((key) => [key, wv.getVector(key)] as const));
  const ra = restrict(a);
  const rb = restrict(b);
  let sum = 0;
  for (const key of common) {
    const left = new Set(ra.mostSimilar({ positive: key, topn }).map((hit) => hit.key));
    sum += rb.mostSimilar({ positive: key, topn }).filter((hit) => left.has(hit.key)).length / topn;
  }
  return sum / common.length;
}
