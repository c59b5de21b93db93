/**
 * Seeded weight initialisers: the same seed gives the same starting weights.
 */
import { Random } from "../random";

/**
 * Normal samples N(0, std²) truncated at two standard deviations (resampled beyond), the shape
 * Keras' `he_normal` and `truncated_normal` initialisers draw.
 *
 * @param length how many values
 * @param std the standard deviation before truncation
 * @param rng the seeded generator
 * @returns the values
 */
export function truncatedNormal(length: number, std: number, rng: Random): Float32Array {
  const values = new Float32Array(length);
  for (let i = 0; i < length; i++) {
    let z = rng.normal();
    while (z < -2 || z > 2) z = rng.normal();
    values[i] = z * std;
  }
  return values;
}

/**
 * He-normal initialisation (He et al., 2015) as Keras does it: a normal truncated at two standard
 * deviations with std = √(2 / fanIn) / 0.8796 (the divisor makes up for the truncation, so the
 * variance is 2 / fanIn). For a Keras `Embedding(inputDim, outputDim)`, fanIn is inputDim.
 *
 * @param length how many values (rows × columns)
 * @param fanIn the number of inputs of the layer
 * @param rng the seeded generator
 * @returns the values
 * @example
 * const movieEmbedding = heNormal(movieCount * 50, movieCount, new Random(42));
 */
export function heNormal(length: number, fanIn: number, rng: Random): Float32Array {
  return truncatedNormal(length, Math.sqrt(2 / fanIn) / 0.8796256610342398, rng);
}

/**
 * Uniform samples in [-bound, bound): PyTorch's default for `nn.Linear` weights and biases uses
 * bound = 1 / √fanIn.
 *
 * @param length how many values
 * @param bound the half-width of the interval
 * @param rng the seeded generator
 * @returns the values
 */
export function uniformInit(length: number, bound: number, rng: Random): Float32Array {
  const values = new Float32Array(length);
  for (let i = 0; i < length; i++) values[i] = rng.uniform(-bound, bound);
  return values;
}

/**
 * Normal samples N(0, std²), untruncated: PyTorch's default for `nn.Embedding` is std = 1.
 *
 * @param length how many values
 * @param std the standard deviation
 * @param rng the seeded generator
 * @returns the values
 */
export function normalInit(length: number, std: number, rng: Random): Float32Array {
  const values = new Float32Array(length);
  for (let i = 0; i < length; i++) values[i] = rng.normal() * std;
  return values;
}
