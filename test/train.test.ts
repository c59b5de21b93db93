// The shared training parts: Adam, early stopping, initialisers, mini-batches, the log.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Adam, EarlyStopping, OptionsError, Random, TrainingLog, heNormal, miniBatches } from "movie-embeddings/internal";

test("Adam follows its update formula, bias correction included, on a hand example", () => {
  const theta = new Float32Array([1, 2]);
  const adam = new Adam([theta], { learningRate: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 });
  // step 1, g = (0.5, -2): m = 0.1·g, v = 0.001·g², m̂ = g, v̂ = g² → θ −= 0.1·g/(|g| + ε) = ∓0.1
  adam.step([new Float32Array([0.5, -2])]);
  assert.ok(Math.abs(theta[0] - 0.9) < 1e-6 && Math.abs(theta[1] - 2.1) < 1e-6, `step 1: ${theta}`);
  // step 2, g = (1, 0): m = 0.9·0.05 + 0.1·1 = 0.145, v = 0.999·0.00025 + 0.001 = 0.00124975
  // m̂ = 0.145/0.19, v̂ = 0.00124975/0.001999 → θ₀ = 0.9 − 0.1·m̂/√v̂
  adam.step([new Float32Array([1, 0])]);
  const mHat = 0.145 / (1 - 0.9 ** 2);
  const vHat = (0.999 * 0.00025 + 0.001) / (1 - 0.999 ** 2);
  assert.ok(Math.abs(theta[0] - (0.9 - (0.1 * mHat) / (Math.sqrt(vHat) + 1e-8))) < 1e-6, `step 2: ${theta[0]}`);
  // the second element had gradient 0 but still moves with its momentum, as torch.optim.Adam
  const mHat1 = (0.9 * -0.2) / (1 - 0.9 ** 2);
  const vHat1 = (0.999 * 0.004) / (1 - 0.999 ** 2);
  assert.ok(Math.abs(theta[1] - (2.1 - (0.1 * mHat1) / Math.sqrt(vHat1))) < 1e-6, `step 2: ${theta[1]}`);
  assert.equal(adam.stepCount, 2);
});

test("Adam.stepRows updates only the rows a batch touched", () => {
  const table = new Float32Array(6).fill(1); // 3 rows × 2
  const bias = new Float32Array([0]);
  const adam = new Adam([table, bias], { learningRate: 0.5 });
  adam.stepRows([new Float32Array([1, 1, 1, 1, 1, 1]), new Float32Array([1])], [new Int32Array([2, 2]), null], [2, 0]);
  assert.deepEqual(Array.from(table), [1, 1, 1, 1, 0.5, 0.5]);
  assert.ok(Math.abs(bias[0] + 0.5) < 1e-6);
});

test("Adam refuses bad settings and mismatched gradients, saying what was expected", () => {
  assert.throws(() => new Adam([new Float32Array(1)], { learningRate: 0 }), /learningRate must be a finite number > 0, got 0/);
  assert.throws(() => new Adam([new Float32Array(1)], { beta2: 1 }), /beta2 must be a finite number ≥ 0 and < 1, got 1/);
  const adam = new Adam([new Float32Array(3)]);
  assert.throws(() => adam.step([new Float32Array(2)]), (e: unknown) => e instanceof OptionsError && /gradient 0 has 2 elements, its parameter has 3/.test(e.message));
  assert.throws(() => adam.step([]), /expected 1 gradient arrays/);
});

test("early stopping stops after `patience` epochs without improvement, never before minEpochs", () => {
  const losses = [5, 4, 3, 3.5, 3.2, 3.1, 3.05, 3.3, 3.4, 2.9];
  const stopper = new EarlyStopping({ patience: 3, minEpochs: 6 });
  const decisions = [];
  for (const loss of losses) {
    const decision = stopper.observe(loss);
    decisions.push(decision);
    if (decision === "stop") break;
  }
  // epochs 4–6 do not beat 3, so patience runs out at epoch 6, which is also minEpochs
  assert.deepEqual(decisions, ["improved", "improved", "improved", "continue", "continue", "stop"]);
  assert.equal(stopper.bestEpoch, 3);
  assert.equal(stopper.bestValue, 3);

  const patient = new EarlyStopping({ patience: 1, minEpochs: 4 });
  assert.deepEqual([4, 5, 6, 7].map((v) => patient.observe(v)), ["improved", "continue", "continue", "stop"]);

  const delta = new EarlyStopping({ patience: 2, minDelta: 0.1 });
  assert.deepEqual([1, 0.95, 0.85].map((v) => delta.observe(v)), ["improved", "continue", "improved"]);
  assert.throws(() => new EarlyStopping({ patience: -1 }), /patience must be a whole number ≥ 0, got -1/);
});

test("He-normal weights are seeded, truncated at 2σ and have variance near 2 / fanIn", () => {
  const a = heNormal(20000, 50, new Random(7));
  assert.deepEqual(a, heNormal(20000, 50, new Random(7)));
  assert.notDeepEqual(a, heNormal(20000, 50, new Random(8)));
  const variance = a.reduce((s, x) => s + x * x, 0) / a.length;
  assert.ok(Math.abs(variance - 2 / 50) < 0.002, `variance ${variance}`);
  const limit = (2 * Math.sqrt(2 / 50)) / 0.8796256610342398;
  assert.ok(a.every((x) => Math.abs(x) <= limit + 1e-6));
});

test("mini-batches cover every example once, in a seeded order", () => {
  const batches = miniBatches(10, 4, new Random(1));
  assert.deepEqual(batches.map((b) => b.length), [4, 4, 2]);
  assert.deepEqual(batches.flatMap((b) => Array.from(b)).sort((x, y) => x - y), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.deepEqual(miniBatches(10, 4, new Random(1)), batches);
  assert.deepEqual(Array.from(miniBatches(3, 2)[0]), [0, 1]);
  assert.throws(() => miniBatches(3, 0), /batchSize must be a whole number ≥ 1, got 0/);
});

test("the training log keeps steps and epochs and finds the best epoch", () => {
  const log = new TrainingLog();
  log.logStep(1, 4);
  log.logStep(1, 3);
  log.logEpoch({ epoch: 1, seconds: 1, trainLoss: 3.5, validationLoss: 3.6 });
  log.logEpoch({ epoch: 2, seconds: 1, trainLoss: 3.0, validationLoss: 3.4 });
  log.logEpoch({ epoch: 3, seconds: 1, trainLoss: 2.5 });
  assert.deepEqual(log.steps.map((s) => s.step), [1, 2]);
  assert.deepEqual(log.series("validationLoss"), [3.6, 3.4, NaN]);
  assert.equal(log.best("validationLoss")?.epoch, 2);
  assert.equal(log.best("trainLoss", "max")?.epoch, 1);
  assert.equal(log.best("accuracy"), undefined);
});
