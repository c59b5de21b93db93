/**
 * Seeded UMAP over umap-js: the fast map for a whole catalogue.
 *
 * UMAP (McInnes et al., 2018) keeps each point's nearest neighbours close, as t-SNE does, but
 * finds them approximately (random-projection trees and nearest-neighbour descent) and optimises
 * with sampled edges, so it scales to tens of thousands of points. umap-js takes its random
 * source as an option; this wrapper passes {@link Random}, so the same seed gives the same map.
 */
import { checkOptions } from "../options";
import { Random } from "../random";
import { checkMatrix, type Layout2D } from "./layout";

/** Options of {@link umap}, with umap-js's names and defaults. */
export interface UmapOptions {
  /** Neighbours each point keeps close: larger shows more global structure (default 15). */
  nNeighbors?: number;
  /** How tightly points may pack in the map (default 0.1). */
  minDist?: number;
  /** Optimisation epochs (default as umap-js: 500 up to 2,500 points, 400, 300, then 200 above 7,500). */
  nEpochs?: number;
  /** Seed of the neighbour search and the layout (default 42). */
  seed?: number;
}

interface UmapJs {
  fit(data: number[][]): number[][];
}
type UmapJsConstructor = new (params: Record<string, unknown>) => UmapJs;

/**
 * Projects vectors to 2D with UMAP (umap-js), seeded.
 *
 * @param vectors row-major, `rows × dim`
 * @param dim the length of each vector
 * @param options nNeighbors, minDist, nEpochs, seed
 * @returns the 2D layout
 * @throws OptionsError on unknown options, values out of range, bad shapes or non-finite values
 * @example
 * const wv = model.movieVectors;
 * const map = umap(wv.normedVectors(), wv.vectorSize, { seed: 1 }); // all 9,742 movies in seconds
 */
export function umap(vectors: Float32Array | Float64Array, dim: number, options: UmapOptions = {}): Layout2D {
  const rows = checkMatrix(vectors, dim, "umap");
  const { nNeighbors = 15, minDist = 0.1, nEpochs, seed = 42 } = checkOptions("umap", options, {
    nNeighbors: { min: 2, integer: true },
    minDist: "nonNegative",
    nEpochs: "positiveInt",
    seed: "int",
  });
  const rng = new Random(seed);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { UMAP } = require("umap-js") as { UMAP: UmapJsConstructor };
  const epochs = nEpochs ?? (rows <= 2500 ? 500 : rows <= 5000 ? 400 : rows <= 7500 ? 300 : 200);
  const model = new UMAP({ nComponents: 2, nNeighbors: Math.min(nNeighbors, rows - 1), minDist, nEpochs: epochs, random: () => rng.next() });
  const data: number[][] = [];
  for (let r = 0; r < rows; r++) data.push(Array.from(vectors.subarray(r * dim, (r + 1) * dim)));
  const output = model.fit(data);
  return { x: Float64Array.from(output, (p) => p[0]), y: Float64Array.from(output, (p) => p[1]), iterations: epochs };
}
