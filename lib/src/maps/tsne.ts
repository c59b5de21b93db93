/**
 * Seeded t-SNE over tsne-js, the tutorial's embedding map.
 *
 * tsne-js draws its starting layout from `Math.random` and takes no seed, so two runs give two
 * maps. It draws nothing random after `init()`, so this wrapper replaces that starting layout
 * with one drawn from {@link Random} (same distribution: N(0, 10⁻⁴²) per coordinate) and the run
 * is then a deterministic function of the data and the seed.
 *
 * tsne-js is exact t-SNE, O(N²) in time and memory (several N × N Float64 matrices): about 20 s for
 * 1,000 points on one core. {@link tsne} therefore refuses more than `maxPoints` points; for a
 * whole catalogue use {@link umap}.
 */
import { OptionsError } from "../errors";
import { Random } from "../random";
import { checkMatrix, type Layout2D } from "./layout";

/** The part of tsne-js's model this wrapper uses. */
interface TsneJsModel {
  init(options: { data: number[][]; type: "dense" }): void;
  run(): [error: number, iterations: number];
  getOutput(): number[][];
  /** The starting layout, an ndarray over a Float64Array of N × dim. */
  outputEmbedding: { data: Float64Array; shape: number[] };
}
type TsneJs = new (config: Record<string, number | string>) => TsneJsModel;

/** Options of {@link tsne}, with tsne-js's names and the tutorial's values as defaults. */
export interface TsneOptions {
  /** Roughly the number of neighbours each point keeps close (default 30). */
  perplexity?: number;
  /** How much the neighbours are pulled together in the first 100 iterations (default 4). */
  earlyExaggeration?: number;
  /** Gradient-descent step size (default 100). */
  learningRate?: number;
  /** Largest number of iterations; tsne-js also stops once the error stops improving (default 500). */
  iterations?: number;
  /** Seed of the starting layout (default 42). */
  seed?: number;
  /** Refuse more points than this (default 1,500): exact t-SNE costs O(N²) time and memory. */
  maxPoints?: number;
}

/**
 * Projects vectors to 2D with exact t-SNE (tsne-js), seeded: the same vectors and seed give the
 * same map.
 *
 * @param vectors row-major, `rows × dim`
 * @param dim the length of each vector
 * @param options perplexity, early exaggeration, learning rate, iterations, seed, maxPoints
 * @returns the 2D layout with the final KL divergence and iterations run
 * @throws OptionsError when there are more rows than `maxPoints`, or the shapes do not fit
 * @example
 * const map = tsne(model.movieVectors.normedVectors().subarray(0, 500 * 50), 50, { seed: 1 });
 * map.x[0], map.y[0];
 */
export function tsne(vectors: Float32Array | Float64Array, dim: number, options: TsneOptions = {}): Layout2D {
  const { perplexity = 30, earlyExaggeration = 4, learningRate = 100, iterations = 500, seed = 42, maxPoints = 1500 } = options;
  const rows = checkMatrix(vectors, dim, "tsne");
  if (rows > maxPoints) {
    throw new OptionsError(
      `tsne: ${rows} points is more than maxPoints (${maxPoints}); tsne-js is exact O(N²) t-SNE (about 20 s per 1,000 points). ` +
        "Pick fewer points (e.g. the most-rated movies), raise maxPoints, or use umap() for the whole catalogue",
    );
  }
  if (!(perplexity > 0) || perplexity >= rows) throw new OptionsError(`tsne: perplexity must be in (0, ${rows}) for ${rows} points, got ${perplexity}`);
  if (!Number.isInteger(iterations) || iterations < 1) throw new OptionsError(`tsne: iterations must be a whole number ≥ 1, got ${iterations}`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const TSNE = require("tsne-js") as TsneJs;
  const model = new TSNE({ dim: 2, perplexity, earlyExaggeration, learningRate, nIter: iterations, metric: "euclidean" });
  const data: number[][] = [];
  for (let r = 0; r < rows; r++) data.push(Array.from(vectors.subarray(r * dim, (r + 1) * dim)));
  model.init({ data, type: "dense" });
  // Replace tsne-js's Math.random start with a seeded one of the same distribution.
  const start = model.outputEmbedding.data;
  const rng = new Random(seed);
  for (let i = 0; i < start.length; i++) start[i] = rng.normal() * 1e-4;
  const [error, iterationsRun] = model.run();
  const output = model.getOutput();
  return {
    x: Float64Array.from(output, (p) => p[0]),
    y: Float64Array.from(output, (p) => p[1]),
    iterations: iterationsRun,
    error,
  };
}
