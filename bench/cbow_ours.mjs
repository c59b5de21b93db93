// One CBOW benchmark run of ours, in its own process. Builds the setting's sequences (the topMovies
// most-rated movies, users with at least minLength ratings of them, optionally a seeded share of
// the users), splits them 80/20 as notebook 02 does, writes the training examples for the PyTorch
// run (bench/cbow_torch.py) into `dump`, trains `epochs` epochs without early stopping and prints a
// JSON line: seconds per epoch (training pass: collate, forward, backward, Adam; wall clock and CPU
// time), example counts.
// Usage: node bench/cbow_ours.mjs '<json: { ratings, topMovies, minLength, userShare, epochs, dump, options }>'
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Random, trainCbow, trainTestSplit } from "movie-embeddings";
import { readWatchlists } from "./corpus.mjs";

const spec = JSON.parse(process.argv[2]);
const { sentences } = readWatchlists(spec.ratings);

// The topMovies most-rated movies (ties: smaller movieId), as buildWatchlists' topMovies.
const counts = new Map();
for (const list of sentences) for (const token of list) counts.set(token, (counts.get(token) ?? 0) + 1);
const top = new Set([...counts].sort((a, b) => b[1] - a[1] || Number(a[0]) - Number(b[0])).slice(0, spec.topMovies).map(([token]) => token));
const rng = new Random(7);
const lists = sentences
  .filter(() => spec.userShare >= 1 || rng.next() < spec.userShare)
  .map((list) => list.filter((token) => top.has(token)))
  .filter((list) => list.length >= spec.minLength);
const split = trainTestSplit(lists, { testSize: 0.2, seed: 42 });

const { epochs } = spec;
const run = await trainCbow(split.train, split.test, { ...spec.options, epochs, minEpochs: epochs, patience: epochs, seed: 1 });
const { train } = run;
mkdirSync(spec.dump, { recursive: true });
writeFileSync(join(spec.dump, "contexts.i32"), train.contexts);
writeFileSync(join(spec.dump, "targets.i32"), train.targets);
writeFileSync(join(spec.dump, "sequence_start.i32"), train.sequenceStart);
writeFileSync(join(spec.dump, "meta.json"), JSON.stringify({ vocabularySize: run.model.vocabularySize, window: run.model.window }));
const seconds = run.log.series("seconds");
console.log(
  JSON.stringify({
    users: lists.length,
    trainSequences: train.sequenceCount,
    trainExamples: train.count,
    vocabulary: run.model.vocabularySize,
    epochSeconds: seconds,
    epochCpuSeconds: run.log.series("cpuSeconds"),
    finalTrainLoss: run.log.epochs.at(-1).trainLoss,
  }),
);
