// The CBOW next-title model: windows, gradients, baselines, prediction, the WebAssembly kernel,
// diverging and malformed training input. Training on the shipped watchlists is in slow/cbow.test.ts.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  CbowExamples,
  CbowModel,
  OptionsError,
  Random,
  TokenIndex,
  TrainingError,
  UnknownKeyError,
  baselineLosses,
  cbowWindows,
  trainCbow,
  trainCbowOnWatchlists,
} from "movie-embeddings/internal";
import { CbowKernel } from "movie-embeddings/dist/cbow/kernel";
import { rejectsWith } from "./support/asserts";
import { asyncOptionCases } from "./support/options";

const lists = [
  ["a", "b", "c", "d", "e"],
  ["b", "c", "d", "e", "a"],
  ["c", "d", "e", "a", "b"],
  ["d", "e", "a", "b", "c"],
];

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

test("trainCbow: a diverging loss stops training and names learningRate", async () => {
  await rejectsWith(
    () => trainCbow(lists, lists, { learningRate: 1e30, epochs: 3, vectorSize: 4 }),
    TrainingError,
    "trainCbow: the loss became NaN at epoch 2, batch 1 (step 2); training diverged: lower learningRate (1e+30)",
  );
});

test("trainCbow: null and number tokens are refused with the sequence and the position", async () => {
  await rejectsWith(
    () => trainCbow([["a", "b", null as never, "d"]], lists),
    OptionsError,
    "trainCbow (training): sequence 0, token 2 is null, expected a string (movieIds as strings: String(movieId))",
  );
  await rejectsWith(
    () => trainCbow(lists, [["a", "b", "c"], ["a", 2 as never, "c"]]),
    OptionsError,
    "trainCbow (validation): sequence 1, token 1 is a number, expected a string (movieIds as strings: String(movieId))",
  );
  await rejectsWith(() => trainCbow("abc" as never, lists), OptionsError, "trainCbow (training): sequences must be an array of token arrays (string[][]), got string");
  assert.throws(() => TokenIndex.fromLists([["a", 1 as never]]), { name: "OptionsError", message: "TokenIndex.fromLists: sequence 0, token 1 is a number, expected a string (movieIds as strings: String(movieId))" });
});

// Options: bad values refused with the function's name, the option and what was expected.
{
  const lists = [["a", "b", "c", "d"], ["b", "c", "d", "a"], ["c", "d", "a", "b"]];

  asyncOptionCases([
    ["trainCbow minDelta NaN", () => trainCbow(lists, lists, { minDelta: NaN }), "trainCbow: minDelta must be a finite number ≥ 0, got NaN"],
    ["trainCbow restoreBest number", () => trainCbow(lists, lists, { restoreBest: 1 as never }), "trainCbow: restoreBest must be true or false, got 1"],
    ["trainCbowOnWatchlists typo", () => trainCbowOnWatchlists(lists, { topMovie: 5 } as never), 'trainCbowOnWatchlists: unknown option "topMovie"; did you mean "topMovies"?'],
  ]);

  test("options: trainCbowOnWatchlists builds its own vocabulary, so index is not one of its options", async () => {
    await assert.rejects(trainCbowOnWatchlists(lists, { index: {} } as never), (error: unknown) => error instanceof OptionsError && error.message.startsWith('trainCbowOnWatchlists: unknown option "index"'));
  });
}
