/**
 * t-SNE's input similarities P: how strongly each point wants each of its neighbours close.
 *
 * Point i spreads a Gaussian over its k = 3 · perplexity nearest neighbours,
 * p(j|i) = exp(−β_i d²_ij) / Σ_l exp(−β_i d²_il), with the precision β_i chosen so that the
 * distribution's perplexity exp(H) equals the perplexity asked for: a point in a dense region
 * gets a narrow Gaussian, one in a sparse region a wide one, and every point ends up with about
 * "perplexity" effective neighbours. The joint similarity is p_ij = (p(j|i) + p(i|j)) / 2N, so
 * P sums to 1; it is sparse (about k to 2k entries per row) and kept as CSR.
 * (van der Maaten 2014, "Accelerating t-SNE using tree-based algorithms".)
 */
import { nearestNeighbours } from "./neighbours";

/** A sparse N × N matrix in compressed sparse rows: row i holds `indices`/`values` at `[indptr[i], indptr[i + 1])`. */
export interface SparseMatrix {
  readonly rows: number;
  readonly indptr: Int32Array;
  readonly indices: Int32Array;
  readonly values: Float64Array;
}

/** Largest bisection steps per point, and the tolerance on the entropy (in nats). */
const MAX_STEPS = 200;
const ENTROPY_TOLERANCE = 1e-5;

/**
 * The conditional probabilities p(j|i) over each point's k neighbours, each row calibrated by
 * bisection on the Gaussian precision β to the entropy log(perplexity).
 *
 * @param distances squared distances, `rows × k` (row i: point i to its k neighbours)
 * @param rows number of points
 * @param k neighbours per point
 * @param perplexity the target perplexity (effective number of neighbours), < k
 * @returns p(j|i), `rows × k`, each row summing to 1
 */
export function conditionalProbabilities(distances: Float64Array, rows: number, k: number, perplexity: number): Float64Array {
  const target = Math.log(perplexity);
  const p = new Float64Array(rows * k);
  for (let i = 0; i < rows; i++) {
    const base = i * k;
    // Distances relative to the nearest one: the same distribution, and exp never underflows to all zeros.
    let nearest = Infinity;
    for (let n = 0; n < k; n++) nearest = Math.min(nearest, distances[base + n]);
    let beta = 1;
    let low = -Infinity;
    let high = Infinity;
    for (let step = 0; step < MAX_STEPS; step++) {
      // H = log Σ w + β Σ w d / Σ w, with w = exp(−β d), d measured from the nearest neighbour.
      let sum = 0;
      let weighted = 0;
      for (let n = 0; n < k; n++) {
        const d = distances[base + n] - nearest;
        const w = Math.exp(-beta * d);
        p[base + n] = w;
        sum += w;
        weighted += w * d;
      }
      const entropy = Math.log(sum) + (beta * weighted) / sum;
      for (let n = 0; n < k; n++) p[base + n] /= sum;
      const gap = entropy - target;
      if (Math.abs(gap) < ENTROPY_TOLERANCE) break;
      if (gap > 0) {
        // Too flat (too many effective neighbours): a narrower Gaussian.
        low = beta;
        beta = high === Infinity ? beta * 2 : (beta + high) / 2;
      } else {
        high = beta;
        beta = low === -Infinity ? beta / 2 : (beta + low) / 2;
      }
    }
  }
  return p;
}

/**
 * The symmetric joint probabilities p_ij = (p(j|i) + p(i|j)) / 2N as CSR, columns ascending.
 *
 * @param neighbours row i's k neighbours at `[i * k, (i + 1) * k)`
 * @param conditional p(j|i) in the same layout
 * @param rows number of points
 * @param k neighbours per point
 * @returns P, summing to 1
 */
export function jointProbabilities(neighbours: Int32Array, conditional: Float64Array, rows: number, k: number): SparseMatrix {
  // Every p(j|i) lands in row i (column j) and in row j (column i); duplicates are summed below.
  const counts = new Int32Array(rows + 1);
  for (let i = 0; i < rows; i++) {
    counts[i + 1] += k;
    for (let n = 0; n < k; n++) counts[neighbours[i * k + n] + 1]++;
  }
  for (let i = 0; i < rows; i++) counts[i + 1] += counts[i];
  const fill = counts.slice(0, rows);
  const columns = new Int32Array(counts[rows]);
  const values = new Float64Array(counts[rows]);
  for (let i = 0; i < rows; i++) {
    for (let n = 0; n < k; n++) {
      const j = neighbours[i * k + n];
      const v = conditional[i * k + n];
      columns[fill[i]] = j;
      values[fill[i]++] = v;
      columns[fill[j]] = i;
      values[fill[j]++] = v;
    }
  }
  // Sort each row by column and merge equal columns, dividing by 2N.
  const indptr = new Int32Array(rows + 1);
  const outIndices = new Int32Array(counts[rows]);
  const outValues = new Float64Array(counts[rows]);
  let order = new Int32Array(0);
  let out = 0;
  for (let i = 0; i < rows; i++) {
    const start = counts[i];
    const length = counts[i + 1] - start;
    if (order.length < length) order = new Int32Array(length * 2);
    const rowOrder = order.subarray(0, length);
    for (let e = 0; e < length; e++) rowOrder[e] = start + e;
    rowOrder.sort((a, b) => columns[a] - columns[b] || a - b);
    for (let e = 0; e < length; e++) {
      const at = rowOrder[e];
      if (out > indptr[i] && outIndices[out - 1] === columns[at]) outValues[out - 1] += values[at] / (2 * rows);
      else {
        outIndices[out] = columns[at];
        outValues[out++] = values[at] / (2 * rows);
      }
    }
    indptr[i + 1] = out;
  }
  return { rows, indptr, indices: outIndices.slice(0, out), values: outValues.slice(0, out) };
}

/**
 * t-SNE's input similarities: the k = min(N − 1, ⌊3 · perplexity⌋) (at least 1) nearest neighbours of each
 * point (euclidean), calibrated to the perplexity and symmetrised.
 *
 * @param vectors row-major, `rows × dim`
 * @param rows number of points
 * @param dim row length
 * @param perplexity the effective number of neighbours
 * @returns P as CSR, summing to 1
 */
export function tsneAffinities(vectors: ArrayLike<number>, rows: number, dim: number, perplexity: number): SparseMatrix {
  const k = Math.max(1, Math.min(rows - 1, Math.floor(3 * perplexity)));
  const { indices, distances } = nearestNeighbours(vectors, rows, dim, k, "euclidean");
  return jointProbabilities(indices, conditionalProbabilities(distances, rows, k, perplexity), rows, k);
}
