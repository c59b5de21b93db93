/**
 * Seeded Barnes-Hut t-SNE (van der Maaten & Hinton 2008; van der Maaten 2014), written out over
 * typed arrays with openTSNE's defaults (Poličar et al. 2024): the tutorial's embedding map.
 *
 * The steps, each in its own module:
 * 1. input similarities P from each point's 3 · perplexity nearest neighbours (affinities.ts);
 * 2. a starting layout: PCA scaled to a tiny spread, or seeded random (pca.ts);
 * 3. gradient descent on KL(P ‖ Q), the repulsion approximated by Barnes-Hut (barnes-hut.ts),
 *    with early exaggeration, momentum and per-coordinate gains (this file).
 *
 * Memory is linear in N (P has about k to 2k entries per row, the quadtree about 2N cells); time
 * is O(N · k) for the neighbours' attraction and O(N log N) for the repulsion per iteration.
 */
import { OptionsError } from "../errors";
import { checkOptions } from "../options";
import { Random } from "../random";
import type { TrainingProgress } from "../train/progress";
import { tsneAffinities } from "./affinities";
import { QuadTree, klGradient } from "./barnes-hut";
import { checkMatrix, type Layout2D } from "./layout";
import { pca } from "./pca";

/**
 * What {@link TsneOptions.onProgress} receives: the progress every trainer reports, a gradient
 * step counting as an epoch (`epoch` the steps done, `epochs` the steps in the run, `loss` the
 * KL divergence), and whether early exaggeration is still on.
 *
 * @example
 * tsne(vectors, dim, { onProgress: ({ epoch, epochs, loss, exaggerated }) => console.log(`${epoch}/${epochs} KL ${loss}`, exaggerated) });
 */
export interface TsneProgress extends TrainingProgress {
  /** Whether the step just taken was still under early exaggeration. */
  readonly exaggerated: boolean;
  /** @deprecated the same number as `epoch` (gradient steps done); kept for one release. */
  readonly iteration: number;
  /** @deprecated the same number as `epochs` (steps in the whole run); kept for one release. */
  readonly iterations: number;
  /** @deprecated the same number as `loss`: KL(P ‖ Q) of the map after the steps done (of the true P, also during early exaggeration); kept for one release. */
  readonly klDivergence: number;
}

/** Options of {@link tsne}, with openTSNE's names (in camelCase) and defaults (momentum aside: see {@link tsne}). */
export interface TsneOptions {
  /**
   * Roughly how many neighbours each point keeps close (default 30). Each point's similarities
   * are a Gaussian over its 3 · perplexity nearest neighbours, its width set so that the
   * distribution's perplexity e^entropy equals this number. Small values show local detail,
   * large ones more of the global shape. Must be below (N − 1) / 3.
   */
  perplexity?: number;
  /**
   * Factor on P during the first `earlyExaggerationIterations` steps (default 12): the pull
   * between neighbours dominates, so clusters form and move freely before the final layout.
   */
  earlyExaggeration?: number;
  /** Steps with exaggeration (default 250), counted in `iterations`. */
  earlyExaggerationIterations?: number;
  /**
   * Gradient-descent step size (default "auto": N / exaggeration as openTSNE, Belkina et al.
   * 2019, i.e. N / 12 during early exaggeration and N afterwards). The step is applied to the
   * gradient without its constant factor 4, as bhtsne and openTSNE do, so their learning rates
   * (bhtsne's classic 200) mean the same here. scikit-learn ≥ 1.2's "auto",
   * max(N / earlyExaggeration / 4, 50) on the full gradient, is the same step for N ≥ 2,400.
   */
  learningRate?: number | "auto";
  /** Gradient steps in all, early exaggeration included (default 750 = 250 + 500, as openTSNE). */
  iterations?: number;
  /**
   * Barnes-Hut opening angle (default 0.5): a quadtree cell whose side is below θ times its
   * distance acts as one point at its centre of mass. 0 computes every pair exactly (O(N²)
   * time, still linear memory); larger is faster and coarser.
   */
  theta?: number;
  /**
   * The starting layout (default "pca"): the first two principal components scaled so the first
   * has standard deviation 10⁻⁴ (plus seeded jitter of 10⁻⁶, as openTSNE), which keeps the
   * global arrangement of the data; "random": seeded N(0, 10⁻⁴²) per coordinate (also what
   * one-dimensional vectors get, having no second component).
   */
  init?: "pca" | "random";
  /** Seed of the random start and of the jitter added to the PCA start (default 42). */
  seed?: number;
  /** Called every `progressEvery` steps and once at the end, e.g. to show one updating line. */
  onProgress?: (progress: TsneProgress) => void;
  /** Steps between `onProgress` calls (default 50). */
  progressEvery?: number;
}

/** A t-SNE map: the layout, with `error` the final KL divergence. */
export interface TsneMap extends Layout2D {
  readonly error: number;
}

/** The starting spread of the layout, and the jitter added to the PCA start (openTSNE's). */
const INIT_STD = 1e-4;
const JITTER_STD = 1e-6;

/**
 * Projects vectors to 2-D with Barnes-Hut t-SNE, seeded: the same vectors, options and seed give
 * the same map, bit for bit.
 *
 * What happens, in the order a learner meets it:
 * - Perplexity: each point's neighbours get similarities from a Gaussian whose width is tuned
 *   per point until it has about `perplexity` effective neighbours; P is symmetrised and sums to 1.
 * - The map's similarities Q use a Student t kernel 1 / (1 + d²), whose heavy tail lets
 *   moderately distant points sit far apart (no crowding in the middle).
 * - Gradient descent moves the points to minimise KL(P ‖ Q): neighbours attract, all pairs
 *   repel; Barnes-Hut (`theta`) approximates the repulsion of far-away groups.
 * - Early exaggeration multiplies P by 12 for the first 250 steps (momentum 0.5), then momentum
 *   0.8, as bhtsne and scikit-learn (openTSNE 1.0 keeps 0.8 throughout and caps each step at
 *   length 5); every coordinate has a gain that grows by 0.2 while its gradient keeps pointing
 *   the same way and shrinks by × 0.8 when it flips (never below 0.01).
 * - The learning rate is N / exaggeration by default, so big datasets converge in 750 steps.
 *
 * @param vectors row-major, `rows × dim` (at least 3 rows, finite numbers)
 * @param dim the length of each vector
 * @param options perplexity (30), earlyExaggeration (12), earlyExaggerationIterations (250),
 *   learningRate ("auto"), iterations (750), theta (0.5), init ("pca"), seed (42), onProgress,
 *   progressEvery (50)
 * @returns the 2-D layout, `iterations` run and `error` = the final KL divergence
 * @throws OptionsError on unknown options, values out of range, bad shapes or non-finite values
 * @example
 * const wv = model.wv;
 * const map = tsne(wv.normedVectors(), wv.vectorSize, {
 *   seed: 1,
 *   onProgress: ({ epoch, epochs, loss }) => console.log(`step ${epoch}/${epochs} KL ${loss.toFixed(3)}`),
 * });
 * map.x[0], map.y[0], map.error;
 */
export function tsne(vectors: Float32Array | Float64Array, dim: number, options: TsneOptions = {}): TsneMap {
  checkOptions("tsne", { ...options, learningRate: undefined }, {
    perplexity: "positive",
    earlyExaggeration: "positive",
    earlyExaggerationIterations: "nonNegativeInt",
    learningRate: "positive",
    iterations: "positiveInt",
    theta: "nonNegative",
    init: ["pca", "random"],
    seed: "int",
    onProgress: "function",
    progressEvery: "positiveInt",
  });
  const {
    perplexity = 30,
    earlyExaggeration = 12,
    earlyExaggerationIterations = 250,
    learningRate = "auto",
    iterations = 750,
    theta = 0.5,
    init = "pca",
    seed = 42,
    onProgress,
    progressEvery = 50,
  } = options;
  if (learningRate !== "auto" && !(typeof learningRate === "number" && Number.isFinite(learningRate) && learningRate > 0)) {
    const shown = typeof learningRate === "string" ? JSON.stringify(learningRate) : String(learningRate);
    throw new OptionsError(`tsne: learningRate must be a finite number > 0 or "auto", got ${shown}`);
  }
  const n = checkMatrix(vectors, dim, "tsne");
  if (perplexity >= (n - 1) / 3) {
    throw new OptionsError(
      `tsne: perplexity must be below (N − 1) / 3 = ${((n - 1) / 3).toFixed(2)} for ${n} points, got ${perplexity}: ` +
        "each point's similarities use its 3 · perplexity nearest other points",
    );
  }

  const P = tsneAffinities(vectors, n, dim, perplexity);
  const positions = startingLayout(vectors, n, dim, init, seed);
  const update = new Float64Array(2 * n);
  const gains = new Float64Array(2 * n).fill(1);
  const gradient = new Float64Array(2 * n);
  const repulsion = new Float64Array(2 * n);
  const tree = new QuadTree();

  for (let t = 0; t < iterations; t++) {
    const exaggerating = t < earlyExaggerationIterations;
    const exaggeration = exaggerating ? earlyExaggeration : 1;
    const momentum = exaggerating ? 0.5 : 0.8;
    const rate = learningRate === "auto" ? n / exaggeration : learningRate;
    const report = onProgress !== undefined && t > 0 && t % progressEvery === 0;
    const kl = klGradient(P, positions, theta, exaggeration, gradient, tree, repulsion, report);
    if (report) onProgress(tsneReport(t, iterations, exaggerating, kl));
    for (let c = 0; c < 2 * n; c++) {
      // Gains (Jacobs 1988, as bhtsne): grow while a coordinate keeps moving the same way.
      const g = gradient[c];
      gains[c] = Math.sign(g) !== Math.sign(update[c]) ? gains[c] + 0.2 : gains[c] * 0.8;
      if (gains[c] < 0.01) gains[c] = 0.01;
      // The step on the gradient without its factor 4 (see learningRate).
      update[c] = momentum * update[c] - (rate * gains[c] * g) / 4;
      positions[c] += update[c];
    }
    recentre(positions, n);
  }
  const error = klGradient(P, positions, theta, 1, gradient, tree, repulsion, true);
  onProgress?.(tsneReport(iterations, iterations, false, error));
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) (x[i] = positions[2 * i]), (y[i] = positions[2 * i + 1]);
  return { x, y, iterations, error };
}

/** The progress after `steps` of `iterations` steps, in the shape every trainer reports. */
function tsneReport(steps: number, iterations: number, exaggerated: boolean, kl: number): TsneProgress {
  const progress = steps / iterations;
  return { epoch: steps, epochs: iterations, progress, loss: kl, exaggerated, iteration: steps, iterations, klDivergence: kl };
}

/** The start, interleaved x0, y0, x1, y1, …: PCA scaled to standard deviation 10⁻⁴ plus jitter, or random. */
function startingLayout(vectors: Float32Array | Float64Array, n: number, dim: number, init: "pca" | "random", seed: number): Float64Array {
  const rng = new Random(seed);
  const positions = new Float64Array(2 * n);
  if (init === "random" || dim < 2) {
    for (let c = 0; c < 2 * n; c++) positions[c] = INIT_STD * rng.normal();
    return positions;
  }
  const { x, y } = pca(vectors, dim);
  let mean = 0;
  for (let i = 0; i < n; i++) mean += x[i];
  mean /= n;
  let variance = 0;
  for (let i = 0; i < n; i++) variance += (x[i] - mean) ** 2;
  const std = Math.sqrt(variance / n);
  const scale = std > 0 ? INIT_STD / std : 0;
  for (let i = 0; i < n; i++) {
    positions[2 * i] = x[i] * scale + JITTER_STD * rng.normal();
    positions[2 * i + 1] = y[i] * scale + JITTER_STD * rng.normal();
  }
  return positions;
}

/** Moves the map's centre of mass to the origin (the cost does not change; the map stops drifting). */
function recentre(positions: Float64Array, n: number): void {
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) (mx += positions[2 * i]), (my += positions[2 * i + 1]);
  mx /= n;
  my /= n;
  for (let i = 0; i < n; i++) (positions[2 * i] -= mx), (positions[2 * i + 1] -= my);
}
