/**
 * Each row's k nearest other rows in the input space, through the library's one top-k search:
 * what t-SNE calibrates its similarities on and what {@link mapFaithfulness} compares a map with.
 */
import { searchableMatrix, topK } from "../vectors/topk";

/** The k nearest neighbours of every row: row i's are at `[i * k, (i + 1) * k)`, nearest first. */
export interface Neighbours {
  readonly k: number;
  readonly indices: Int32Array;
  /** Squared euclidean distance ("euclidean"), or 1 − cosine ("cosine"), in float64. */
  readonly distances: Float64Array;
}

/**
 * The `k` nearest other rows of every row, by euclidean distance or cosine.
 *
 * The search is {@link topK}'s dot product over a {@link searchableMatrix} (WebAssembly SIMD).
 * For euclidean distance each row x becomes (x, −‖x‖²/2) and each query q becomes (q, 1):
 * their dot product is q·x − ‖x‖²/2 = (‖q‖² − ‖q − x‖²)/2, largest for the nearest x, since
 * ‖q − x‖² = ‖q‖² + ‖x‖² − 2 q·x. The rows are centred first (distances do not change) so the
 * float32 scores lose little precision; the distances returned are recomputed in float64.
 *
 * @param vectors row-major, `rows × dim`
 * @param rows number of rows
 * @param dim row length
 * @param k neighbours per row (at most rows − 1)
 * @param metric "euclidean" or "cosine" (rows of zero length have cosine 0 with everything)
 * @returns the neighbours and their distances
 */
export function nearestNeighbours(vectors: ArrayLike<number>, rows: number, dim: number, k: number, metric: "euclidean" | "cosine"): Neighbours {
  const data = metric === "euclidean" ? centred(vectors, rows, dim) : unitRows(vectors, rows, dim);
  const width = metric === "euclidean" ? dim + 1 : dim;
  const matrix = searchableMatrix(rows, width);
  const query = new Float64Array(width);
  for (let r = 0; r < rows; r++) {
    let squaredNorm = 0;
    for (let d = 0; d < dim; d++) {
      matrix[r * width + d] = data[r * dim + d];
      squaredNorm += data[r * dim + d] ** 2;
    }
    if (metric === "euclidean") matrix[r * width + dim] = -squaredNorm / 2;
  }
  if (metric === "euclidean") query[dim] = 1;
  const indices = new Int32Array(rows * k);
  const distances = new Float64Array(rows * k);
  for (let i = 0; i < rows; i++) {
    for (let d = 0; d < dim; d++) query[d] = data[i * dim + d];
    const best = topK(matrix, rows, width, query, k, { metric: "dot", exclude: [i] });
    for (let n = 0; n < k; n++) {
      const j = best[n].index;
      indices[i * k + n] = j;
      let sum = 0;
      for (let d = 0; d < dim; d++) {
        const a = data[i * dim + d];
        const b = data[j * dim + d];
        sum += metric === "euclidean" ? (a - b) * (a - b) : a * b;
      }
      distances[i * k + n] = metric === "euclidean" ? sum : 1 - sum;
    }
  }
  return { k, indices, distances };
}

/** The rows minus their mean row, in float64. */
function centred(vectors: ArrayLike<number>, rows: number, dim: number): Float64Array {
  const mean = new Float64Array(dim);
  for (let r = 0; r < rows; r++) for (let d = 0; d < dim; d++) mean[d] += vectors[r * dim + d];
  for (let d = 0; d < dim; d++) mean[d] /= rows;
  const out = new Float64Array(rows * dim);
  for (let r = 0; r < rows; r++) for (let d = 0; d < dim; d++) out[r * dim + d] = vectors[r * dim + d] - mean[d];
  return out;
}

/** The rows scaled to length 1 (rows of length 0 stay 0), in float64. */
function unitRows(vectors: ArrayLike<number>, rows: number, dim: number): Float64Array {
  const out = new Float64Array(rows * dim);
  for (let r = 0; r < rows; r++) {
    let norm = 0;
    for (let d = 0; d < dim; d++) norm += vectors[r * dim + d] ** 2;
    norm = Math.sqrt(norm);
    if (norm > 0) for (let d = 0; d < dim; d++) out[r * dim + d] = vectors[r * dim + d] / norm;
  }
  return out;
}
