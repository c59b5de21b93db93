/**
 * Do two metrics rank the same neighbours? The overlap of their top-k lists, through the one
 * top-k search.
 */
import { topK } from "../vectors/topk";
import type { Metric, MatrixData } from "../vectors/topk";

/**
 * The mean share of top-k neighbours two metrics have in common, each query row searching the
 * other rows. On unit vectors cosine, dot product and Euclidean distance give the same ranking
 * (‖a − b‖² = 2 − 2 cos(a, b)), so the overlap is 1; on raw vectors dot product favours long ones.
 *
 * @param matrix row-major data
 * @param rows number of rows
 * @param dim row length
 * @param k neighbours per query
 * @param a first metric
 * @param b second metric
 * @param queryRows the rows used as queries (default: all)
 * @returns a number in [0, 1]: 1 when every top-k list is the same set
 * @example
 * topKOverlap(vectors, 8538, 384, 10, "cosine", "euclidean", [0, 1, 2]); // 1 on unit vectors
 */
export function topKOverlap(
  matrix: MatrixData,
  rows: number,
  dim: number,
  k: number,
  a: Metric,
  b: Metric,
  queryRows: ArrayLike<number> = Array.from({ length: rows }, (_, i) => i),
): number {
  let shared = 0;
  let total = 0;
  for (let q = 0; q < queryRows.length; q++) {
    const row = queryRows[q];
    const query = matrix.subarray(row * dim, (row + 1) * dim);
    const first = new Set(topK(matrix, rows, dim, query, k, { metric: a, exclude: [row] }).map((hit) => hit.index));
    const second = topK(matrix, rows, dim, query, k, { metric: b, exclude: [row] });
    shared += second.filter((hit) => first.has(hit.index)).length;
    total += second.length;
  }
  return total ? shared / total : 1;
}
