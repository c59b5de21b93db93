// Embedding maps: our Barnes-Hut t-SNE (checked against finite differences and tsne-js), PCA,
// map faithfulness, seeded UMAP (umap-js), movie points coloured by genre.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as path from "node:path";
import { OptionsError, Random, loadMovieLens, mapFaithfulness, moviePoints, pca, primaryGenres, tsne, umap } from "movie-embeddings/internal";
import { conditionalProbabilities, jointProbabilities, tsneAffinities, type SparseMatrix } from "../lib/src/maps/affinities";
import { QuadTree, klGradient } from "../lib/src/maps/barnes-hut";
import { mapNeighbours } from "../lib/src/maps/faithfulness";

/** Three well-separated clusters of 20 points in 5 dimensions. */
function clusters(seed: number): Float32Array {
  const rng = new Random(seed);
  const data = new Float32Array(60 * 5);
  for (let i = 0; i < 60; i++) for (let d = 0; d < 5; d++) data[i * 5 + d] = (d === i % 3 ? 10 : 0) + rng.normal();
  return data;
}

/** The share of points whose nearest neighbour on the map is in the same cluster. */
function neighbourAgreement(x: Float64Array, y: Float64Array): number {
  let same = 0;
  for (let i = 0; i < x.length; i++) {
    let best = -1;
    let bestDistance = Infinity;
    for (let j = 0; j < x.length; j++) {
      const distance = (x[i] - x[j]) ** 2 + (y[i] - y[j]) ** 2;
      if (j !== i && distance < bestDistance) (bestDistance = distance), (best = j);
    }
    if (best % 3 === i % 3) same++;
  }
  return same / x.length;
}

/** KL(P ‖ Q) of a map computed densely, the textbook way: every pair, no tree. */
function denseKl(P: SparseMatrix, positions: Float64Array): number {
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
function planted(n: number, dim: number, clusters: number, seed: number, spread = 6): Float64Array {
  const rng = new Random(seed);
  const data = new Float64Array(n * dim);
  for (let i = 0; i < n; i++) for (let d = 0; d < dim; d++) data[i * dim + d] = (d === i % clusters ? spread : 0) + rng.normal();
  return data;
}

test("the t-SNE gradient matches finite differences of the KL divergence: exact at θ = 0, close at small θ", () => {
  const n = 30;
  const P = tsneAffinities(planted(n, 5, 3, 4), n, 5, 5);
  const rng = new Random(5);
  const positions = Float64Array.from({ length: 2 * n }, () => 2 * rng.normal());
  const gradient = new Float64Array(2 * n);
  const kl = klGradient(P, positions, 0, 1, gradient, new QuadTree(), new Float64Array(2 * n), true);
  assert.ok(Math.abs(kl - denseKl(P, positions)) < 1e-12, `KL ${kl} vs dense ${denseKl(P, positions)}`);
  const h = 1e-6;
  for (let c = 0; c < 2 * n; c++) {
    const saved = positions[c];
    positions[c] = saved + h;
    const up = denseKl(P, positions);
    positions[c] = saved - h;
    const down = denseKl(P, positions);
    positions[c] = saved;
    const numeric = (up - down) / (2 * h);
    assert.ok(Math.abs(gradient[c] - numeric) < 1e-7 + 1e-5 * Math.abs(numeric), `coordinate ${c}: ${gradient[c]} vs ${numeric}`);
  }
  // Barnes-Hut on 400 points (leaves of up to 16 points, so a smaller set has nothing far to
  // summarise): within 1 % of the exact gradient at θ = 0.2, 5 % at θ = 0.5 (relative norm).
  const m = 400;
  const Pm = tsneAffinities(planted(m, 5, 4, 8), m, 5, 10);
  const spread = Float64Array.from({ length: 2 * m }, () => 10 * rng.normal());
  const gradientAt = (theta: number): Float64Array => {
    const out = new Float64Array(2 * m);
    klGradient(Pm, spread, theta, 1, out, new QuadTree(), new Float64Array(2 * m), false);
    return out;
  };
  const exact = gradientAt(0);
  for (const [theta, tolerance] of [[0.2, 0.01], [0.5, 0.05]]) {
    const approximate = gradientAt(theta);
    let difference = 0;
    let norm = 0;
    for (let c = 0; c < 2 * m; c++) (difference += (approximate[c] - exact[c]) ** 2), (norm += exact[c] ** 2);
    assert.ok(Math.sqrt(difference / norm) < tolerance, `θ ${theta}: relative error ${Math.sqrt(difference / norm)}`);
    assert.ok(difference > 0, `θ ${theta} approximates`);
  }
});

test("perplexity calibration hits the target entropy, and P is symmetric and sums to 1", () => {
  const rows = 50;
  const k = 30;
  const rng = new Random(6);
  const distances = Float64Array.from({ length: rows * k }, () => 100 * rng.next() ** 2);
  for (const perplexity of [2, 10, 25]) {
    const p = conditionalProbabilities(distances, rows, k, perplexity);
    for (let i = 0; i < rows; i++) {
      let sum = 0;
      let entropy = 0;
      for (let n = 0; n < k; n++) {
        sum += p[i * k + n];
        if (p[i * k + n] > 0) entropy -= p[i * k + n] * Math.log(p[i * k + n]);
      }
      assert.ok(Math.abs(sum - 1) < 1e-12);
      assert.ok(Math.abs(entropy - Math.log(perplexity)) < 1e-5, `row ${i}, perplexity ${perplexity}: entropy ${entropy}`);
    }
  }
  const P = tsneAffinities(planted(40, 4, 2, 7), 40, 4, 5);
  const dense = new Float64Array(40 * 40);
  for (let i = 0; i < 40; i++) for (let e = P.indptr[i]; e < P.indptr[i + 1]; e++) dense[i * 40 + P.indices[e]] += P.values[e];
  let total = 0;
  for (let i = 0; i < 40; i++) {
    assert.equal(dense[i * 40 + i], 0);
    for (let j = 0; j < 40; j++) (total += dense[i * 40 + j]), assert.ok(Math.abs(dense[i * 40 + j] - dense[j * 40 + i]) < 1e-15);
  }
  assert.ok(Math.abs(total - 1) < 1e-12);
  // Each row of the symmetric P: its 15 neighbours and the points that have it as a neighbour, once each.
  const joint = jointProbabilities(Int32Array.of(1, 2, 0, 2, 0, 1), Float64Array.of(0.5, 0.5, 0.5, 0.5, 0.5, 0.5), 3, 2);
  assert.deepEqual([...joint.indptr], [0, 2, 4, 6]);
  assert.deepEqual([...joint.indices], [1, 2, 0, 2, 0, 1]);
  assert.deepEqual([...joint.values], [1 / 6, 1 / 6, 1 / 6, 1 / 6, 1 / 6, 1 / 6]);
});

test("tsne is deterministic for a seed, differs across seeds, keeps clusters apart and reports progress", () => {
  const data = planted(90, 6, 3, 1);
  const options = { perplexity: 10, iterations: 300 };
  const progress: number[] = [];
  const a = tsne(data, 6, { ...options, seed: 7, progressEvery: 100, onProgress: (p) => progress.push(p.iteration, p.iterations, p.klDivergence) });
  const b = tsne(data, 6, { ...options, seed: 7 });
  assert.deepEqual(a.x, b.x);
  assert.deepEqual(a.y, b.y);
  assert.equal(a.error, b.error);
  assert.notDeepEqual(tsne(data, 6, { ...options, seed: 8 }).x, a.x);
  const random = tsne(data, 6, { ...options, seed: 7, init: "random" });
  assert.notDeepEqual(random.x, a.x);
  assert.deepEqual(tsne(data, 6, { ...options, seed: 7, init: "random" }).x, random.x);
  assert.equal(a.x.length, 90);
  assert.equal(a.iterations, 300);
  const groups = Array.from({ length: 90 }, (_, i) => String(i % 3));
  assert.ok(mapFaithfulness(data, 6, a, { k: 5, groups }).groupAgreement > 0.95);
  assert.deepEqual(progress.filter((_, i) => i % 3 !== 2), [100, 300, 200, 300, 300, 300]);
  assert.equal(progress.at(-1), a.error);
  assert.ok(progress[2] > a.error, "the KL divergence goes down");
});

test("tsne agrees with tsne-js (exact t-SNE) on planted clusters: KL no worse, neighbourhoods as well kept", () => {
  const n = 150;
  const dim = 10;
  const data = planted(n, dim, 5, 3);
  const ours = tsne(data, dim, { perplexity: 10, seed: 1 });
  // tsne-js with its own schedule (exaggeration 4 for 100 steps, learning rate 100), seeded start.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const TSNE = require("tsne-js");
  const model = new TSNE({ dim: 2, perplexity: 10, earlyExaggeration: 4, learningRate: 100, nIter: 500, metric: "euclidean" });
  const rows: number[][] = [];
  for (let r = 0; r < n; r++) rows.push(Array.from(data.subarray(r * dim, (r + 1) * dim)));
  model.init({ data: rows, type: "dense" });
  const start: Float64Array = model.outputEmbedding.data;
  const rng = new Random(1);
  for (let i = 0; i < start.length; i++) start[i] = 1e-4 * rng.normal();
  const [theirError] = model.run() as [number, number];
  const output: number[][] = model.getOutput();
  const theirs = { x: Float64Array.from(output, (p) => p[0]), y: Float64Array.from(output, (p) => p[1]), iterations: 500 };
  // Both maps scored by one exact KL under the same P (ours: the 30 nearest neighbours' similarities).
  const P = tsneAffinities(data, n, dim, 10);
  const interleave = (m: { x: Float64Array; y: Float64Array }): Float64Array => Float64Array.from({ length: 2 * n }, (_, c) => (c % 2 ? m.y : m.x)[c >> 1]);
  const ourKl = denseKl(P, interleave(ours));
  const theirKl = denseKl(P, interleave(theirs));
  assert.ok(ourKl <= theirKl * 1.02, `KL ours ${ourKl} vs tsne-js ${theirKl}`);
  assert.ok(ours.error <= theirError * 1.05, `reported KL ours ${ours.error} vs tsne-js ${theirError}`);
  assert.ok(Math.abs(ours.error - ourKl) < 0.01 * ourKl, "the reported KL (Barnes-Hut Z) is within 1 % of the exact one");
  const ourKept = mapFaithfulness(data, dim, ours).neighbourPreservation;
  const theirKept = mapFaithfulness(data, dim, theirs).neighbourPreservation;
  assert.ok(ourKept >= theirKept - 0.03, `neighbour preservation ours ${ourKept} vs tsne-js ${theirKept}`);
});

test("tsne refuses bad options with the option's name and what was expected", () => {
  const data = planted(60, 5, 3, 1);
  const fails = (options: object, message: string): void => {
    assert.throws(() => tsne(data, 5, options as never), (e: unknown) => e instanceof OptionsError && e.message === message);
  };
  fails({ perplexty: 10 }, 'tsne: unknown option "perplexty"; did you mean "perplexity"?');
  fails({ maxPoints: 100 }, "tsne: unknown option \"maxPoints\"; valid options: perplexity, earlyExaggeration, earlyExaggerationIterations, learningRate, iterations, theta, init, seed, onProgress, progressEvery");
  fails({ perplexity: 0 }, "tsne: perplexity must be a finite number > 0, got 0");
  fails(
    { perplexity: 20 },
    "tsne: perplexity must be below (N − 1) / 3 = 19.67 for 60 points, got 20: each point's similarities use its 3 · perplexity nearest other points",
  );
  fails({ theta: -0.5 }, "tsne: theta must be a finite number ≥ 0, got -0.5");
  fails({ iterations: 1.5 }, "tsne: iterations must be a whole number ≥ 1, got 1.5");
  fails({ learningRate: "fast" }, 'tsne: learningRate must be a finite number > 0 or "auto", got "fast"');
  fails({ learningRate: -1 }, 'tsne: learningRate must be a finite number > 0 or "auto", got -1');
  fails({ init: "spectral" }, 'tsne: init must be one of "pca", "random", got "spectral"');
  assert.throws(() => tsne(new Float32Array(7), 5), /tsne: 7 numbers are not whole rows of 5/);
  assert.throws(() => tsne(Float32Array.of(1, 2, NaN, 4, 5, 6), 2), (e: unknown) => e instanceof OptionsError && e.message === "tsne: row 1 holds NaN; expected finite numbers");
  assert.throws(() => umap(data, 5, { nNeigbors: 5 } as never), (e: unknown) => e instanceof OptionsError && e.message === 'umap: unknown option "nNeigbors"; did you mean "nNeighbors"?');
  assert.throws(() => umap(data, 5, { nNeighbors: 1 }), (e: unknown) => e instanceof OptionsError && e.message === "umap: nNeighbors must be a whole number ≥ 2, got 1");
  assert.throws(() => umap(data, 5, { minDist: -1 }), (e: unknown) => e instanceof OptionsError && e.message === "umap: minDist must be a finite number ≥ 0, got -1");
});

test("pca finds the hand-computed components, variance shares and projections", () => {
  // ±2 along e1 = (0.8, 0.6, 0) and ±1 along e2 = (−0.6, 0.8, 0), shifted by (1, 1, 1): the
  // covariance has eigenvalues 8/3 and 2/3 (and 0), so the shares are 0.8 and 0.2.
  const e1 = [0.8, 0.6, 0];
  const e2 = [-0.6, 0.8, 0];
  const rows = [e1.map((v) => 1 + 2 * v), e1.map((v) => 1 - 2 * v), e2.map((v) => 1 + v), e2.map((v) => 1 - v)];
  const map = pca(Float64Array.from(rows.flat()), 3);
  const close = (actual: ArrayLike<number>, expected: number[]): void => {
    assert.equal(actual.length, expected.length);
    for (let i = 0; i < expected.length; i++) assert.ok(Math.abs(actual[i] - expected[i]) < 1e-12, `${Array.from(actual)} vs ${expected}`);
  };
  close(map.explainedVarianceRatio, [0.8, 0.2]);
  // Signs: each component's largest entry is positive (0.8 in both).
  close(map.components, [...e1, ...e2]);
  close(map.x, [2, -2, 0, 0]);
  close(map.y, [0, 0, 1, -1]);
  assert.equal(map.iterations, 0);
  // Standardised: the constant third column stays 0, the first two get unit variance; their
  // correlation r = Σab / √(Σa² Σb²) over the centred columns (1.6, −1.6, −0.6, 0.6) and
  // (1.2, −1.2, 0.8, −0.8) gives eigenvalues 1 ± r of the correlation matrix.
  const r = 2.88 / Math.sqrt(5.84 * 4.16);
  close(pca(Float64Array.from(rows.flat()), 3, { standardize: true }).explainedVarianceRatio, [(1 + r) / 2, (1 - r) / 2]);
  assert.throws(() => pca(Float64Array.of(1, 2, 3), 1), (e: unknown) => e instanceof OptionsError && e.message === "pca: a 2-D map needs vectors of at least 2 dimensions, got 1");
  assert.throws(() => pca(Float64Array.from(rows.flat()), 3, { center: false } as never), /pca: unknown option "center"/);
});

test("mapFaithfulness: a map equal to the data keeps every neighbourhood, a shuffled one about k / N", () => {
  const n = 400;
  const rng = new Random(9);
  const data = Float64Array.from({ length: 2 * n }, () => rng.normal());
  const x = Float64Array.from({ length: n }, (_, i) => data[2 * i]);
  const y = Float64Array.from({ length: n }, (_, i) => data[2 * i + 1]);
  const groups = Array.from({ length: n }, (_, i) => (x[i] > 0 ? "right" : "left"));
  const same = mapFaithfulness(data, 2, { x, y, iterations: 0 }, { groups });
  assert.equal(same.k, 10);
  assert.equal(same.neighbourPreservation, 1);
  const right = groups.filter((g) => g === "right").length;
  assert.ok(Math.abs(same.chance - (right * (right - 1) + (n - right) * (n - right - 1)) / (n * (n - 1))) < 1e-15);
  assert.ok(same.groupAgreement > 0.9);
  const order = rng.shuffle(Array.from({ length: n }, (_, i) => i));
  const shuffled = { x: Float64Array.from(order, (i) => x[i]), y: Float64Array.from(order, (i) => y[i]), iterations: 0 };
  const random = mapFaithfulness(data, 2, shuffled, { k: 20, metric: "cosine" });
  assert.ok(Math.abs(random.neighbourPreservation - 20 / n) < 0.02, `shuffled: ${random.neighbourPreservation}`);
  assert.equal(random.groupAgreement, undefined);
  assert.throws(() => mapFaithfulness(data, 2, shuffled, { k: 400 }), (e: unknown) => e instanceof OptionsError && e.message === "mapFaithfulness: k must be below the number of points (400), got 400");
  assert.throws(() => mapFaithfulness(data, 2, shuffled, { groups: ["a"] }), /mapFaithfulness: 400 points but 1 groups/);
  assert.throws(() => mapFaithfulness(data, 2, shuffled, { K: 5 } as never), /mapFaithfulness: unknown option "K"; did you mean "k"\?/);
});

test("the map's grid search finds the same neighbours as a full sort, ties by lower index", () => {
  const rng = new Random(10);
  const n = 300;
  // Clumps, duplicates and a far outlier: uneven grid cells.
  const x = Float64Array.from({ length: n }, (_, i) => (i === 0 ? 1000 : i % 7 === 0 ? 5 : Math.round(rng.normal() * 20) / 4));
  const y = Float64Array.from({ length: n }, (_, i) => (i % 7 === 0 ? -3 : Math.round(rng.normal() * 4) / 4));
  const k = 8;
  const found = mapNeighbours(x, y, k);
  for (let i = 0; i < n; i++) {
    const others = Array.from({ length: n }, (_, j) => j).filter((j) => j !== i);
    const d = (j: number): number => (x[i] - x[j]) ** 2 + (y[i] - y[j]) ** 2;
    others.sort((a, b) => d(a) - d(b) || a - b);
    assert.deepEqual([...found.subarray(i * k, (i + 1) * k)], others.slice(0, k), `point ${i}`);
  }
});

test("umap is deterministic for a seed and keeps clusters apart", () => {
  const data = clusters(2);
  const a = umap(data, 5, { seed: 3, nNeighbors: 10, nEpochs: 100 });
  const b = umap(data, 5, { seed: 3, nNeighbors: 10, nEpochs: 100 });
  assert.deepEqual(a.x, b.x);
  assert.deepEqual(a.y, b.y);
  assert.notDeepEqual(umap(data, 5, { seed: 4, nNeighbors: 10, nEpochs: 100 }).x, a.x);
  assert.ok(neighbourAgreement(a.x, a.y) > 0.95);
});

test("moviePoints label each point with its title and most specific genre", () => {
  const data = loadMovieLens(path.join(__dirname, "fixtures", "movielens-tiny"));
  const shipped = loadMovieLens();
  // Toy Story: Adventure|Animation|Children|Comedy|Fantasy; Animation is the rarest of those in ml-latest-small
  assert.deepEqual(primaryGenres(shipped, [1, 79132]), ["Animation", "Mystery"]);
  const points = moviePoints({ x: Float64Array.of(1, 2), y: Float64Array.of(3, 4), iterations: 1 }, [1, 2], data);
  assert.equal(points[0].label, "Toy Story (1995)");
  assert.deepEqual([points[1].x, points[1].y, points[1].movieId], [2, 4, 2]);
  assert.throws(() => moviePoints({ x: Float64Array.of(1), y: Float64Array.of(1), iterations: 1 }, [1, 2], data), /1 points but 2 movieIds/);
});
