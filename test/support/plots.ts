// The shipped plots and random plot embeddings keyed by their movieIds, with the brute-force
// reference search, shared by text.test.ts and diagnostics.test.ts.
import { Random, loadPlots } from "movie-embeddings/internal";
import type { Metric, PlotEmbeddings } from "movie-embeddings";

export const plots = loadPlots();


/** A small random matrix with rows of varied length, and movieIds taken from plots.csv. */
export function randomEmbeddings(rows: number, dim: number, seed: number): PlotEmbeddings {
  const random = new Random(seed);
  const vectors = new Float32Array(rows * dim);
  for (let r = 0; r < rows; r++) {
    const scale = 0.2 + 3 * random.next();
    for (let d = 0; d < dim; d++) vectors[r * dim + d] = scale * random.normal();
  }
  return { movieIds: plots.movieIds.slice(0, rows), vectors, vectorSize: dim, dimension: dim };
}

/** The reference: score every row the plain way and sort. */
export function bruteForce(e: PlotEmbeddings, query: number, metric: Metric, k: number): number[] {
  const dim = e.vectorSize;
  const q = e.vectors.subarray(query * dim, (query + 1) * dim);
  const scored = [];
  for (let r = 0; r < e.movieIds.length; r++) {
    if (r === query) continue;
    const v = e.vectors.subarray(r * dim, (r + 1) * dim);
    let dot = 0, nv = 0, nq = 0, dist = 0;
    for (let d = 0; d < dim; d++) {
      dot += v[d] * q[d];
      nv += v[d] * v[d];
      nq += q[d] * q[d];
      dist += (v[d] - q[d]) ** 2;
    }
    const score = metric === "dot" ? dot : metric === "cosine" ? dot / Math.sqrt(nv * nq) : -Math.sqrt(dist);
    scored.push({ r, score });
  }
  scored.sort((a, b) => b.score - a.score);
  return scored.slice(0, k).map((s) => e.movieIds[s.r]);
}
