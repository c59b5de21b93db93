// The CBOW next-title model trained on the shipped watchlists: it beats the baselines, and batches
// and early stopping behave.
import { test } from "node:test";
import assert from "node:assert/strict";
import { OptionsError, buildWatchlists, loadMovieLens, trainCbow, trainTestSplit } from "movie-embeddings/internal";

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
