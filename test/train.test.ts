// The shared training parts: Adam, early stopping, initialisers, mini-batches, the log.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  Adam, EarlyStopping, OptionsError, Random, TrainingError, TrainingLog, heNormal, miniBatches, trainLoop,
  type EpochReport, type TrainLoopOptions, type TrainingProgress,
} from "movie-embeddings/internal";
import { optionCases } from "./support/options";

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

/**
 * The reference of Adam's kernel: the plain f64 loop over f32 arrays it replaced, with the new m
 * and v used unrounded; with `l2`, a separate pass then sets the gradient to 2λ·θ.
 */
function referenceAdamStep(
  param: Float32Array, grad: Float32Array, m: Float32Array, v: Float32Array, t: number, start: number, end: number, l2?: number,
): void {
  const [learningRate, beta1, beta2, epsilon] = [0.01, 0.9, 0.999, 1e-8];
  const stepSize = learningRate / (1 - Math.pow(beta1, t));
  const sqrtCorrection2 = Math.sqrt(1 - Math.pow(beta2, t));
  for (let i = start; i < end; i++) {
    const g = grad[i];
    const mi = (m[i] = beta1 * m[i] + (1 - beta1) * g);
    const vi = (v[i] = beta2 * v[i] + (1 - beta2) * g * g);
    param[i] -= (stepSize * mi) / (Math.sqrt(vi) / sqrtCorrection2 + epsilon);
  }
  if (l2 !== undefined) for (let i = start; i < end; i++) grad[i] = 2 * l2 * param[i];
}

/** Random gradients of mixed scales, with exact zeros, tiny (subnormal) values and repeats. */
function randomGradient(rng: Random, length: number): Float32Array {
  return Float32Array.from({ length }, () => {
    const kind = rng.int(6);
    if (kind === 0) return 0;
    if (kind === 1) return rng.normal() * 1e-40;
    return rng.normal() * 10 ** (rng.int(9) - 6);
  });
}

const bits = (a: Float32Array) => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));

test("Adam's kernel gives bit for bit the plain f64 loop, for any length (odd ones too), in place or copied", () => {
  const rng = new Random(17);
  for (const length of [1, 2, 3, 5, 8, 31, 64, 333, 1001]) {
    for (const inPlace of [true, false]) {
      const initial = Float32Array.from({ length }, () => rng.normal());
      const param = inPlace ? Adam.allocate(length) : new Float32Array(length);
      param.set(initial);
      const adam = new Adam([param], { learningRate: 0.01 });
      const [expected, m, v] = [initial.slice(), new Float32Array(length), new Float32Array(length)];
      for (let t = 1; t <= 5; t++) {
        const grad = randomGradient(rng, length);
        referenceAdamStep(expected, grad.slice(), m, v, t, 0, length);
        if (inPlace) {
          adam.grads[0].set(grad);
          adam.step(adam.grads);
        } else {
          adam.step([grad]);
        }
        assert.deepEqual(bits(param), bits(expected), `length ${length}, ${inPlace ? "in place" : "copied"}, step ${t}`);
      }
      assert.equal(adam.params[0], param, "the parameter is updated in place");
    }
  }
});

test("Adam.stepRows runs the same update on the listed rows only, each once", () => {
  const rng = new Random(5);
  for (const [rowCount, width] of [[7, 3], [20, 1], [9, 50]]) {
    const length = rowCount * width;
    const table = Adam.allocate(length);
    table.set(Float32Array.from({ length }, () => rng.normal()));
    const plain = table.slice();
    const [inPlace, copied] = [new Adam([table], { learningRate: 0.01 }), new Adam([plain], { learningRate: 0.01 })];
    const [expected, m, v] = [table.slice(), new Float32Array(length), new Float32Array(length)];
    for (let t = 1; t <= 4; t++) {
      const grad = randomGradient(rng, length);
      const rows = Int32Array.from({ length: 4 }, () => rng.int(rowCount)); // repeats allowed
      for (const row of new Set(rows)) referenceAdamStep(expected, grad, m, v, t, row * width, row * width + width);
      inPlace.grads[0].set(grad);
      inPlace.stepRows(inPlace.grads, [rows], [width]);
      copied.stepRows([grad], [rows], [width]);
      assert.deepEqual(bits(table), bits(expected), `${rowCount} × ${width}, step ${t}`);
      assert.deepEqual(bits(plain), bits(expected), `${rowCount} × ${width}, step ${t}, copied`);
    }
  }
});

test("Adam.stepAndPenalise: a step, then the L2 penalty's gradient 2λ·θ and Σθ², as a separate pass gives them", () => {
  const rng = new Random(9);
  const lengths = [101, 12, 7];
  const initial = lengths.map((length) => Float32Array.from({ length }, () => rng.normal()));
  const params = initial.map((p, k) => (k === 1 ? p.slice() : Adam.allocate(p.length))); // a copied one among them
  params.forEach((p, k) => p.set(initial[k]));
  const adam = new Adam(params, { learningRate: 0.01 });
  const expected = initial.map((p) => p.slice());
  const moments = lengths.map((length) => [new Float32Array(length), new Float32Array(length)]);
  const l2 = 1e-3;
  for (let t = 1; t <= 3; t++) {
    const grads = lengths.map((length) => randomGradient(rng, length));
    const expectedGrads = grads.map((g) => g.slice());
    for (let k = 0; k < 3; k++) referenceAdamStep(expected[k], expectedGrads[k], moments[k][0], moments[k][1], t, 0, lengths[k], k === 1 ? undefined : l2);
    // Σθ² over parameter 0 then 2, one running total element by element: so must the kernel sum
    let running = 0;
    for (const k of [0, 2]) for (const w of expected[k]) running += w * w;
    const given = [adam.grads[0], grads[1], grads[2]]; // in the kernel's memory, plain, plain
    given[0].set(grads[0]);
    const sum = adam.stepAndPenalise(given, l2, [0, 2]);
    assert.equal(sum, running, `step ${t}: Σθ² summed element by element in order`);
    for (let k = 0; k < 3; k++) {
      assert.deepEqual(bits(params[k]), bits(expected[k]), `step ${t}, parameter ${k}`);
      assert.deepEqual(bits(given[k]), bits(expectedGrads[k]), `step ${t}, gradient ${k}`);
    }
  }
  assert.throws(() => adam.stepAndPenalise(adam.grads, -1, [0]), /stepAndPenalise: l2 must be a finite number ≥ 0, got -1/);
  assert.throws(() => adam.stepAndPenalise(adam.grads, 1e-3, [3]), /penalised holds 3, expected parameter indices 0 to 2/);
});

test("Adam.allocate: zeros updated in place; a newer Adam on them resets the moments and the older one refuses to step", () => {
  const table = Adam.allocate(5);
  assert.deepEqual(Array.from(table), [0, 0, 0, 0, 0]);
  const first = new Adam([table]);
  first.step([new Float32Array(5).fill(1)]);
  assert.ok(table.every((w) => Math.abs(w + 0.001) < 1e-9), `the first step has size α: ${table}`);
  const second = new Adam([table]);
  assert.deepEqual(Array.from(second.grads[0]), [0, 0, 0, 0, 0]);
  second.step([new Float32Array(5).fill(-1)]);
  assert.ok(table.every((w) => Math.abs(w) < 1e-9), `fresh moments: the step has size α again: ${table}`);
  assert.throws(() => first.step([new Float32Array(5)]), /Adam: parameter 0 is optimised by a newer Adam now/);
  assert.throws(() => Adam.allocate(2.5), /Adam.allocate: length must be/);
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

/**
 * A toy model for the loop: one weight that each step moves by 1, a step loss that falls with the
 * weight, and a scripted validation loss per epoch (so early stopping's choices are known).
 */
function toy(validation: number[], overrides: Partial<TrainLoopOptions<{ validationLoss: number }, number>> = {}) {
  const weight = new Float32Array(1);
  const batches: number[][] = [];
  const options: TrainLoopOptions<{ validationLoss: number }, number> = {
    caller: "toy",
    epochs: validation.length,
    items: 5,
    batchSize: 2,
    order: new Random(3),
    step: (batch) => {
      batches.push(Array.from(batch));
      weight[0] += 1;
      return { loss: 10 / weight[0], examples: batch.length };
    },
    evaluate: (epoch) => ({ validationLoss: validation[epoch - 1] }),
    earlyStopping: { monitor: "validationLoss", patience: 2 },
    snapshot: () => weight[0],
    restore: (best) => (weight[0] = best),
    lower: { learningRate: 0.1 },
    ...overrides,
  };
  return { weight, batches, options };
}

test("trainLoop: early stopping ends the run and puts back the best epoch's weights (or keeps the last)", async () => {
  // validation losses: best at epoch 2, then two epochs without improvement → stop after epoch 4
  const { weight, options } = toy([3, 2, 2.5, 2.7, 1, 1]);
  const run = await trainLoop(options);
  assert.deepEqual([run.epochsRun, run.bestEpoch, run.bestValue, run.stoppedEarly, run.keptEpoch], [4, 2, 2, true, 2]);
  assert.equal(weight[0], 6); // 3 steps per epoch (batches of 2, 2, 1): the weight after epoch 2
  const last = toy([3, 2, 2.5, 2.7, 1, 1], { earlyStopping: { monitor: "validationLoss", patience: 2, restoreBest: false } });
  const kept = await trainLoop(last.options);
  assert.deepEqual([kept.epochsRun, kept.keptEpoch, last.weight[0]], [4, 4, 12]);
  // without early stopping every epoch runs
  const all = toy([3, 2, 2.5, 2.7, 1, 1], { earlyStopping: undefined });
  assert.deepEqual([(await trainLoop(all.options)).epochsRun, all.weight[0]], [6, 18]);
});

test("trainLoop: the log holds every step and one record per epoch, its trainLoss weighted by examples", async () => {
  const { options } = toy([3, 2]);
  const { log } = await trainLoop(options);
  assert.deepEqual(log.steps.map((s) => [s.epoch, s.step]), [[1, 1], [1, 2], [1, 3], [2, 4], [2, 5], [2, 6]]);
  assert.deepEqual(log.steps.map((s) => s.loss), [1, 2, 3, 4, 5, 6].map((w) => 10 / w));
  assert.deepEqual(log.epochs.map((e) => Object.keys(e)), [0, 1].map(() => ["epoch", "seconds", "cpuSeconds", "trainLoss", "validationLoss"]));
  // batches of 2, 2 and 1 examples: the epoch's loss is their weighted mean
  assert.equal(log.epochs[0].trainLoss, (2 * (10 / 1) + 2 * (10 / 2) + 1 * (10 / 3)) / 5);
  assert.deepEqual(log.series("validationLoss"), [3, 2]);
  assert.ok(log.epochs.every((e) => e.seconds >= 0 && e.cpuSeconds >= 0));
  // a log passed in is the one filled
  const mine = new TrainingLog();
  const run = await trainLoop({ ...toy([1]).options, log: mine });
  assert.equal(run.log, mine);
  assert.equal(mine.steps.length, 3);
});

test("trainLoop: a NaN or infinite loss stops the run with a TrainingError naming the caller, the place and the options to lower", async () => {
  let steps = 0;
  const { options } = toy([3, 2, 1], { step: (batch) => ({ loss: ++steps === 4 ? NaN : 1, examples: batch.length }), lower: { learningRate: 0.1, l2: 0.5 } });
  await assert.rejects(
    () => trainLoop(options),
    (error: unknown) =>
      error instanceof TrainingError &&
      error.message === "toy: the loss became NaN at epoch 2, batch 1 (step 4); training diverged: lower learningRate (0.1) or l2 (0.5)",
  );
  const infinite = toy([3], { step: () => ({ loss: Infinity, examples: 1 }) });
  await assert.rejects(() => trainLoop(infinite.options), /toy: the loss became Infinity at epoch 1, batch 1 \(step 1\); training diverged: lower learningRate \(0.1\)$/);
});

test("trainLoop: progress rises to 1 and its last report is the finished run; each epoch's report carries the loop's numbers", async () => {
  const progress: TrainingProgress[] = [];
  const reports: EpochReport[] = [];
  const { options } = toy([3, 2, 2.5, 2.7, 1, 1], { onProgress: (p) => progress.push(p), onEpochEnd: (r) => reports.push(r) });
  const run = await trainLoop(options);
  assert.equal(progress.length, 3 * 4 + 1);
  assert.ok(progress.every((p, i) => p.progress >= 0 && p.progress <= 1 && (i === 0 || p.progress >= progress[i - 1].progress)));
  assert.deepEqual(progress.at(-1), { epoch: 4, epochs: 4, progress: 1, loss: run.log.epochs[3].trainLoss });
  assert.deepEqual(progress[2], { epoch: 1, epochs: 6, progress: 1 / 6, loss: run.log.epochs[0].trainLoss });
  assert.deepEqual(reports.map((r) => [r.epoch, r.epochs, r.progress, r.decision]), [
    [1, 6, 1 / 6, "improved"],
    [2, 6, 2 / 6, "improved"],
    [3, 6, 3 / 6, "continue"],
    [4, 4, 1, "stop"],
  ]);
  reports.forEach((r, i) => {
    const logged = run.log.epochs[i];
    assert.deepEqual([r.loss, r.trainLoss, r.validationLoss, r.seconds, r.cpuSeconds], [logged.trainLoss, logged.trainLoss, logged.validationLoss, logged.seconds, logged.cpuSeconds]);
  });
});

test("trainLoop: the same seed gives the same batches and losses; another seed another order", async () => {
  const a = toy([3, 2, 1]);
  const b = toy([3, 2, 1]);
  const c = toy([3, 2, 1], { order: new Random(4) });
  const [runA, runB] = [await trainLoop(a.options), await trainLoop(b.options)];
  await trainLoop(c.options);
  assert.deepEqual(a.batches, b.batches);
  assert.deepEqual(runA.log.steps, runB.log.steps);
  assert.notDeepEqual(a.batches, c.batches);
  // every epoch covers each item once
  for (let e = 0; e < 3; e++) assert.deepEqual(a.batches.slice(3 * e, 3 * e + 3).flat().sort(), [0, 1, 2, 3, 4]);
});

test("trainLoop: refuses a misspelt option, restoring without snapshot, and watching a metric no epoch measures", async () => {
  await assert.rejects(() => trainLoop({ ...toy([1]).options, epoch: 3 } as never), /trainLoop: unknown option "epoch"; did you mean "epochs"\?/);
  await assert.rejects(() => trainLoop({ ...toy([1]).options, snapshot: undefined }), /toy: restoring the best epoch needs snapshot and restore/);
  await assert.rejects(() => trainLoop({ ...toy([1]).options, evaluate: undefined }), /toy: early stopping watches validationLoss, which the epoch did not measure/);
  await assert.rejects(() => trainLoop({ ...toy([1]).options, earlyStopping: { monitor: "validationLoss", patiense: 2 } as never }), /EarlyStopping: unknown option "patiense"; did you mean "patience"\?/);
});

// Options: bad values refused with the function's name, the option and what was expected.
optionCases([
  ["Adam beta1 1", () => new Adam([new Float32Array(1)], { beta1: 1 }), "Adam: beta1 must be a finite number ≥ 0 and < 1, got 1"],
  ["Adam lr typo", () => new Adam([new Float32Array(1)], { learningrate: 0.1 } as never), 'Adam: unknown option "learningrate"; did you mean "learningRate"?'],
  ["EarlyStopping minDelta NaN", () => new EarlyStopping({ minDelta: NaN }), "EarlyStopping: minDelta must be a finite number ≥ 0, got NaN"],
  ["EarlyStopping mode", () => new EarlyStopping({ mode: "minimum" as "min" }), 'EarlyStopping: mode must be one of "min", "max", got "minimum"'],
]);
