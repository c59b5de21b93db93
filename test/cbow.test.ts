// The CBOW next-title model: split, windows, gradients, training, baselines, prediction, similarities.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  CbowExamples,
  CbowModel,
  KeyedVectors,
  OptionsError,
  Random,
  SimilarityMatrix,
  TokenIndex,
  UnknownKeyError,
  baselineLosses,
  buildWatchlists,
  cbowWindows,
  loadMovieLens,
  neighbourOverlap,
  pairwiseAgreement,
  topKOfScores,
  trainCbow,
  trainTestSplit,
} from "movie-embeddings/internal";
import { CbowKernel } from "movie-embeddings/dist/cbow/kernel";

test("trainTestSplit: 80/20 of whole items, the same for the same seed, different for another", () => {
  const items = Array.from({ length: 101 }, (_, i) => [`user${i}`]);
  const a = trainTestSplit(items, { testSize: 0.2, seed: 7 });
  const b = trainTestSplit(items, { testSize: 0.2, seed: 7 });
  const c = trainTestSplit(items, { testSize: 0.2, seed: 8 });
  assert.equal(a.test.length, 21); // ⌈101 · 0.2⌉
  assert.equal(a.train.length, 80);
  assert.deepEqual(a.testIndices, b.testIndices);
  assert.notDeepEqual(a.testIndices, c.testIndices);
  const all = [...a.trainIndices, ...a.testIndices].sort((x, y) => x - y);
  assert.deepEqual(all, items.map((_, i) => i));
  a.test.forEach((item, k) => assert.equal(item, items[a.testIndices[k]]));
  assert.throws(() => trainTestSplit(items, { testSize: 1 }), OptionsError);
  assert.throws(() => trainTestSplit([1], { testSize: 0.5 }), OptionsError);
});

test("CBOW windows skip positions without a full context on both sides, as the tutorial's collate", () => {
  assert.deepEqual(cbowWindows(["a", "b", "c", "d"], 1), [
    { context: ["a", "c"], target: "b" },
    { context: ["b", "d"], target: "c" },
  ]);
  assert.deepEqual(cbowWindows(["a", "b", "c", "d", "e"], 2), [{ context: ["a", "b", "d", "e"], target: "c" }]);
  assert.deepEqual(cbowWindows(["a", "b", "c", "d"], 2), []); // shorter than 2W + 1
  assert.deepEqual(cbowWindows(["a", "b"], 1), []);
  assert.throws(() => cbowWindows(["a"], 0), OptionsError);
});

test("CbowExamples encode the same rule and collate a batch of sequences into their examples", () => {
  const lists = [["a", "b", "c", "d"], ["x", "y"], ["c", "a", "b"]];
  const index = new TokenIndex(["a", "b", "c", "d", "x", "y"]);
  const examples = new CbowExamples(lists, index, 1);
  assert.equal(examples.count, 3);
  assert.deepEqual(Array.from(examples.sequenceStart), [0, 2, 2, 3]);
  assert.deepEqual(Array.from(examples.contexts), [0, 2, 1, 3, 2, 1]);
  assert.deepEqual(Array.from(examples.targets), [1, 2, 0]);
  assert.deepEqual(Array.from(examples.collate([2, 1, 0])), [2, 0, 1]);
  assert.deepEqual(examples.windows([2]), [{ context: ["c", "b"], target: "a" }]);
  assert.equal(examples.betweenNeighboursShare((token) => token.charCodeAt(0)), 2 / 3);
  assert.throws(() => new CbowExamples([["a", "zz", "b"]], index, 1), UnknownKeyError);
});

test("the analytic gradient matches finite differences on a tiny model (plain loops at D 3, SIMD kernel at D 4)", () => {
  for (const window of [1, 2]) {
    const index = new TokenIndex(["a", "b", "c", "d", "e"]);
    const lists = [["a", "b", "c", "d", "e", "a", "c"], ["e", "d", "b", "b", "a"]];
    const examples = new CbowExamples(lists, index, window);
    for (const vectorSize of [3, 4]) {
      const model = CbowModel.initialize(index, vectorSize, window, 11);
      for (const p of model.parameters) for (let i = 0; i < p.length; i++) p[i] *= 0.5;
      const ids = Int32Array.from({ length: examples.count }, (_, i) => i);
      const grads = model.newGradients();
      model.lossAndGradients(examples, ids, grads);
      const analytic = [grads.embedding, grads.outWeight, grads.outBias];
      const eps = 1e-2;
      let worst = 0;
      model.parameters.forEach((param, k) => {
        for (let i = 0; i < param.length; i++) {
          const saved = param[i];
          param[i] = saved + eps;
          const up = model.lossAndGradients(examples, ids, null);
          param[i] = saved - eps;
          const down = model.lossAndGradients(examples, ids, null);
          param[i] = saved;
          const numeric = (up - down) / (2 * eps);
          worst = Math.max(worst, Math.abs(numeric - analytic[k][i]) / Math.max(1e-3, Math.abs(numeric) + Math.abs(analytic[k][i])));
        }
      });
      assert.ok(worst < 1e-2, `window ${window}, D ${vectorSize}: worst relative gradient error ${worst}`);
      // some gradient is not zero, so the check compared something
      assert.ok(analytic.some((g) => g.some((x) => Math.abs(x) > 1e-3)));
    }
  }
});

test("baselines: ln V and the add-one unigram loss on the validation middles", () => {
  const index = new TokenIndex(["a", "b", "c"]);
  const train = new CbowExamples([["a", "b", "b", "b", "c"]], index, 1); // middles b, b, b
  const validation = new CbowExamples([["a", "b", "a", "c"]], index, 1); // middles b, a
  const { uniform, unigram } = baselineLosses(train, validation);
  assert.equal(uniform, Math.log(3));
  // p(b) = (3 + 1) / (3 + 3), p(a) = 1 / 6
  assert.ok(Math.abs(unigram - -(Math.log(4 / 6) + Math.log(1 / 6)) / 2) < 1e-12);
});

test("predictMiddle gives the softmax probabilities of the most likely middles, best first", () => {
  const index = new TokenIndex(["a", "b", "c", "d"]);
  const model = CbowModel.initialize(index, 4, 1, 3);
  const examples = new CbowExamples([["a", "b", "c"]], index, 1);
  const all = model.predictMiddle(["a", "c"], 4);
  assert.equal(all.length, 4);
  assert.ok(Math.abs(all.reduce((s, p) => s + p.probability, 0) - 1) < 1e-6);
  for (let i = 1; i < all.length; i++) assert.ok(all[i - 1].probability >= all[i].probability);
  // the loss of the example (a, c) → b is −log p(b)
  const pb = all.find((p) => p.key === "b")!.probability;
  assert.ok(Math.abs(model.loss(examples) + Math.log(pb)) < 1e-5);
  assert.throws(() => model.predictMiddle(["a"], 2), OptionsError);
  assert.throws(() => model.predictMiddle(["a", "zz"], 2), UnknownKeyError);
});

test("the trained 50-movie model beats the uniform and unigram baselines on validation data, restoring its best epoch", async () => {
  const data = loadMovieLens();
  const watchlists = buildWatchlists(data, { order: "timestamp", topMovies: 50, minLength: 20 });
  const split = trainTestSplit(watchlists.lists, { testSize: 0.2, seed: 1 });
  const epochs: number[] = [];
  const run = await trainCbow(split.train, split.test, { seed: 1, onEpochEnd: (s) => epochs.push(s.validationLoss) });
  assert.equal(run.model.vocabularySize, 50);
  assert.equal(run.baselines.uniform, Math.log(50));
  assert.ok(run.bestValidationLoss < run.baselines.uniform - 0.15, `validation ${run.bestValidationLoss} vs ln 50 = ${run.baselines.uniform}`);
  assert.ok(run.bestValidationLoss < run.baselines.unigram - 0.1, `validation ${run.bestValidationLoss} vs unigram ${run.baselines.unigram}`);
  assert.deepEqual(run.log.series("validationLoss"), epochs);
  assert.equal(Math.min(...epochs), run.bestValidationLoss);
  // the returned weights are the best epoch's
  assert.ok(Math.abs(run.model.loss(run.validation) - run.bestValidationLoss) < 1e-9);
  assert.ok(run.log.steps.length >= run.epochsRun);
  // the same seed gives the same run
  const again = await trainCbow(split.train, split.test, { epochs: 2, seed: 1 });
  const twice = await trainCbow(split.train, split.test, { epochs: 2, seed: 1 });
  assert.deepEqual(again.model.embedding, twice.model.embedding);
  assert.equal(again.model.wv.size, 50);
  await assert.rejects(() => trainCbow(split.train, split.test, { epoch: 3 } as never), OptionsError);
});

test("batches of examples: one Adam step per batchSize windows, and early stopping ends the run with the best epoch kept", async () => {
  const data = loadMovieLens();
  const watchlists = buildWatchlists(data, { order: "timestamp", topMovies: 50, minLength: 20 });
  const split = trainTestSplit(watchlists.lists, { testSize: 0.2, seed: 1 });
  const reports: { epoch: number; epochs: number; progress: number }[] = [];
  const run = await trainCbow(split.train, split.test, {
    batchOf: "examples", batchSize: 64, epochs: 30, minEpochs: 2, patience: 2, seed: 1,
    onProgress: ({ epoch, epochs, progress }) => reports.push({ epoch, epochs, progress }),
  });
  const stepsPerEpoch = Math.ceil(run.train.count / 64);
  assert.equal(run.log.steps.filter((s) => s.epoch === 1).length, stepsPerEpoch);
  assert.ok(run.stoppedEarly && run.epochsRun < 30, `ran ${run.epochsRun} of 30 epochs`);
  assert.equal(run.log.steps.length, stepsPerEpoch * run.epochsRun);
  assert.ok(run.bestEpoch < run.epochsRun);
  assert.ok(Math.abs(run.model.loss(run.validation) - run.bestValidationLoss) < 1e-9);
  // the last progress report is the finished run, so a progress line ends at 100 %
  assert.deepEqual(reports.at(-1), { epoch: run.epochsRun, epochs: run.epochsRun, progress: 1 });
  await assert.rejects(() => trainCbow(split.train, split.test, { batchOf: "users" } as never), /trainCbow: batchOf must be one of "sequences", "examples", got "users"/);
});

test("buildWatchlists minRating keeps only liked ratings but counts all for topMovies", () => {
  const data = loadMovieLens();
  const all = buildWatchlists(data, { order: "timestamp", topMovies: 50, minLength: 1 });
  const liked = buildWatchlists(data, { order: "timestamp", topMovies: 50, minLength: 1, minRating: 4 });
  const { userId, movieId, rating } = data.ratingColumns;
  const ratingOf = new Map<string, number>();
  for (let i = 0; i < userId.length; i++) ratingOf.set(`${userId[i]}:${movieId[i]}`, rating[i]);
  liked.movieIds.forEach((ids, u) => ids.forEach((id) => assert.ok(ratingOf.get(`${liked.userIds[u]}:${id}`)! >= 4)));
  const likedTokens = new Set(liked.lists.flat());
  for (const token of likedTokens) assert.ok(all.vocab.has(token));
  assert.ok(liked.lists.flat().length < all.lists.flat().length);
});

test("SimilarityMatrix: cosines, the strongest distinct pairs, and a clustering order", () => {
  const wv = KeyedVectors.fromEntries([
    ["a", [1, 0]],
    ["x", [0, 1]],
    ["b", [0.9, 0.1]],
    ["y", [0.1, 0.9]],
  ]);
  const sims = SimilarityMatrix.cosine(wv);
  assert.ok(Math.abs(sims.get(0, 0) - 1) < 1e-6);
  assert.equal(sims.get(0, 1), 0);
  const pairs = sims.strongestPairs(3);
  assert.deepEqual(pairs.map((p) => [p.a, p.b]), [["a", "b"], ["x", "y"], ["b", "y"]]);
  const ordered = sims.reorder(sims.clusterOrder());
  assert.deepEqual(ordered.keys, ["a", "b", "x", "y"]);
  assert.equal(ordered.get(0, 1), sims.get(0, 2));
  assert.throws(() => sims.reorder([0, 0, 1, 2]), OptionsError);
  assert.deepEqual(topKOfScores([0.1, 0.7, 0.3, NaN], 2), [{ index: 1, score: 0.7 }, { index: 2, score: 0.3 }]);
  assert.deepEqual(topKOfScores([3, 1, 2], 1, { lowerIsBetter: true }), [{ index: 1, score: 1 }]);
});

test("neighbourOverlap is 1 for the same vectors and counts shared neighbours among common keys", () => {
  const a = KeyedVectors.fromEntries([["p", [1, 0]], ["q", [0.9, 0.2]], ["r", [0, 1]], ["s", [-1, 0.1]]]);
  assert.equal(neighbourOverlap(a, a, 2), 1);
  // b swaps which of q and r is close to p; s is unknown to b and ignored
  const b = KeyedVectors.fromEntries([["p", [1, 0]], ["q", [0, 1]], ["r", [0.9, 0.2]]]);
  // common keys p, q, r; top-1: a says p→q, q→p, r→q; b says p→r, q→r, r→p → no overlap
  assert.equal(neighbourOverlap(a, b, 1), 0);
  assert.throws(() => neighbourOverlap(a, b, 3), OptionsError);
});

test("pairwiseAgreement: one row per pair of models, in order, with neighbourOverlap and its chance level", () => {
  const a = KeyedVectors.fromEntries([["p", [1, 0]], ["q", [0.9, 0.2]], ["r", [0, 1]], ["s", [-1, 0.1]]]);
  const b = KeyedVectors.fromEntries([["p", [1, 0]], ["q", [0, 1]], ["r", [0.9, 0.2]]]);
  const rows = pairwiseAgreement([{ name: "a", wv: a }, { name: "a again", wv: a }, { name: "b", wv: b }], 1);
  assert.deepEqual(rows.map((row) => [row.a, row.b, row.sharedMovies, row.overlap, row.chance]), [
    ["a", "a again", 4, 1, 1 / 3],
    ["a", "b", 3, 0, 1 / 2],
    ["a again", "b", 3, 0, 1 / 2],
  ]);
  assert.throws(() => pairwiseAgreement([{ name: "a", wv: a }]), /pairwiseAgreement: give at least two models/);
});

test("the WebAssembly SIMD kernel (D a multiple of 4) gives the loss and gradients of the plain loops", () => {
  // V not a multiple of 8 (padded columns), blocks of 64 with a last block of odd size
  for (const [V, D, length] of [[7, 8, 150], [13, 4, 70], [50, 20, 200]]) {
    const index = new TokenIndex(Array.from({ length: V }, (_, i) => `t${i}`));
    const lists = [Array.from({ length }, (_, i) => index.keys[(i * 5 + (i >> 3)) % V])];
    const examples = new CbowExamples(lists, index, 1);
    const ids = Int32Array.from({ length: examples.count }, (_, i) => i);
    const simd = CbowModel.initialize(index, D, 1, 5);
    const plain = simd.clone();
    plain.simd = false;
    const [g1, g2] = [simd.newGradients(), plain.newGradients()];
    const l1 = simd.lossAndGradients(examples, ids, g1);
    const l2 = plain.lossAndGradients(examples, ids, g2);
    assert.ok(Math.abs(l1 - l2) < 1e-5, `V ${V}, D ${D}: ${l1} vs ${l2}`);
    assert.ok(Math.abs(simd.lossAndGradients(examples, ids, null) - l1) < 1e-6, "the loss without gradients is the same");
    for (const name of ["embedding", "outWeight", "outBias"] as const) {
      const worst = g1[name].reduce((m, x, i) => Math.max(m, Math.abs(x - g2[name][i])), 0);
      assert.ok(worst < 1e-6, `V ${V}, D ${D}, ${name}: ${worst}`);
    }
  }
});

test("the kernel's softmax: its exp is within 2e-7 of Math.exp on [−87, 0], and its loss pieces and dloss/dz are the softmax's", () => {
  const V = 13;
  const rows = 8;
  const kernel = new CbowKernel(V, 4, rows, 2);
  const Vp = kernel.paddedV;
  assert.equal(Vp, 16);

  // exp: without gradients z becomes exp(z − max); every row's max is 0 (column 0)
  const exps = new CbowKernel(200, 4, 64, 2);
  const xs = Float32Array.from({ length: 64 * 200 }, (_, i) => (i % 200 === 0 ? 0 : (-87 * i) / (64 * 200)));
  exps.z.set(xs);
  exps.targets.fill(0);
  exps.softmax(64, 1, false);
  let worst = 0;
  xs.forEach((x, i) => (worst = Math.max(worst, Math.abs(exps.z[i] - Math.exp(x)) / Math.exp(x))));
  assert.ok(worst < 2e-7, `worst relative error of exp: ${worst}`);

  // softmax with gradients against the same in double precision, logits spread over [−120, 30]
  const rng = new Random(3);
  const logits = Array.from({ length: rows }, () => Array.from({ length: V }, () => rng.uniform(-120, 30)));
  const scale = 1 / 5;
  kernel.z.fill(-Infinity); // the padded columns, as the logits of the −∞ padded bias
  logits.forEach((row, j) => kernel.z.set(row, j * Vp));
  logits.forEach((_, j) => (kernel.targets[j] = (j * 5) % V));
  kernel.setWeights(new Float32Array(V * 4), new Float32Array(V * 4), new Float32Array(V)); // zeroes db
  kernel.softmax(rows, scale, true);
  const db = new Float32Array(V);
  kernel.gradients(new Float32Array(V * 4), new Float32Array(V * 4), db);
  const dbRef = new Float64Array(V);
  logits.forEach((row32, j) => {
    const row = row32.map((x) => Math.fround(x));
    const max = Math.max(...row);
    const sum = row.reduce((s, x) => s + Math.exp(x - max), 0);
    const t = kernel.targets[j];
    assert.equal(kernel.stats[4 * j], max);
    assert.ok(Math.abs(kernel.stats[4 * j + 1] / sum - 1) < 1e-6, `row ${j}: Σ ${kernel.stats[4 * j + 1]} vs ${sum}`);
    assert.equal(kernel.stats[4 * j + 2], row[t]);
    for (let v = 0; v < Vp; v++) {
      const want = v >= V ? 0 : scale * (Math.exp(row[v] - max) / sum - (v === t ? 1 : 0));
      if (v < V) dbRef[v] += want;
      const got = kernel.z[j * Vp + v];
      assert.ok(Math.abs(got - want) <= 1e-6 * Math.abs(want) + 1e-9, `row ${j}, column ${v}: ${got} vs ${want}`);
    }
  });
  db.forEach((x, v) => assert.ok(Math.abs(x - dbRef[v]) < 1e-6, `db[${v}]: ${x} vs ${dbRef[v]}`));
});
