// Planted-cluster data and the dense KL divergence, shared by maps.test.ts and slow/maps.test.ts.
import { Random } from "movie-embeddings/internal";
import type { SparseMatrix } from "../../lib/src/maps/affinities";

/** KL(P ‖ Q) of a map computed densely, the textbook way: every pair, no tree. */
export function denseKl(P: SparseMatrix, positions: Float64Array): number {
  const n = P.rows;
  const q = (i: number, j: number): number => 1 / (1 + (positions[2 * i] - positions[2 * j]) ** 2 + (positions[2 * i + 1] - positions[2 * j + 1]) ** 2);
  let z = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) z += q(i, j);
  let kl = 0;
  for (let i = 0; i < n; i++) {
    for (let e = P.indptr[i]; e < P.indptr[i + 1]; e++) kl += P.values[e] * Math.log(P.values[e] / (q(i, P.indices[e]) / z));
  }
  return kl;
}

/** `n` points in `clusters` planted clusters (cluster i % clusters), `dim` dimensions. */
export function planted(n: number, dim: number, clusters: number, seed: number, spread = 6): Float64Array {
  const rng = new Random(seed);
  const data = new Float64Array(n * dim);
  for (let i = 0; i < n; i++) for (let d = 0; d < dim; d++) data[i * dim + d] = (d === i % clusters ? spread : 0) + rng.normal();
  return data;
}
