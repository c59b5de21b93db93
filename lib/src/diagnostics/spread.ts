/**
 * How spread out a set of vectors is: the cosine of random pairs. Embeddings that have not
 * learnt much sit close together, so even unrelated movies look "similar"; comparing a model's
 * neighbour scores with its random-pair scores shows whether a 0.99 means anything.
 */
import { OptionsError } from "../errors";
import { checkOptionValue } from "../options";
import { Random } from "../random";
import type { KeyedVectors } from "../vectors/keyed-vectors";

/**
 * Cosine similarities of `pairs` random pairs of distinct keys.
 *
 * @param wv the vectors
 * @param pairs how many pairs (default 2000)
 * @param seed the seed of the pair draw (default 0)
 * @returns one cosine per pair
 *
 * @example
 * const random = randomPairSimilarities(model.wv);
 * random.reduce((a, b) => a + b) / random.length; // the mean cosine of unrelated movies
 */
export function randomPairSimilarities(wv: KeyedVectors, pairs = 2000, seed = 0): Float64Array {
  if (wv.size < 2) throw new OptionsError(`randomPairSimilarities: needs at least 2 keys, the vectors have ${wv.size}`);
  checkOptionValue("randomPairSimilarities", "pairs", pairs, "positiveInt");
  const rng = new Random(seed);
  const unit = wv.normedVectors();
  const dim = wv.vectorSize;
  const result = new Float64Array(pairs);
  for (let p = 0; p < pairs; p++) {
    const a = rng.int(wv.size);
    let b = rng.int(wv.size - 1);
    if (b >= a) b++;
    let dot = 0;
    for (let d = 0; d < dim; d++) dot += unit[a * dim + d] * unit[b * dim + d];
    result[p] = dot;
  }
  return result;
}
