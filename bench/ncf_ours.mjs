// One NCF benchmark task of ours, in its own process: prints one JSON line.
// Usage: node bench/ncf_ours.mjs '<json: { task, ... }>'
//   train:   { task, optimizer: "dense"|"lazy", epochs, exportDir? }  rating model on ml-latest-small movies with ≥ 10
//            ratings, 90/10 split seed 42, batch 64; exportDir gets train.csv/test.csv (user row, movie row, rating)
//   latency: { task, rows, dim, queries }  median time of a top-10 cosine query over random unit vectors
import { writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { KeyedVectors, Random, RatingModel, loadMovieLens, ratingTriples, rmse, topK } from "movie-embeddings";

const spec = JSON.parse(process.argv[2]);
const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];
const seconds = (start) => Number(process.hrtime.bigint() - start) / 1e9;

if (spec.task === "train") {
  const [train, test] = ratingTriples(loadMovieLens(), { minRatingsPerMovie: 10 }).split([0.9, 0.1], 42);
  if (spec.exportDir) {
    mkdirSync(spec.exportDir, { recursive: true });
    for (const [name, set] of [["train", train], ["test", test]]) {
      const lines = [`user,movie,rating,users=${set.userCount},movies=${set.movieCount}`];
      for (let i = 0; i < set.length; i++) lines.push(`${set.user[i]},${set.movie[i]},${set.rating[i]}`);
      writeFileSync(join(spec.exportDir, `${name}.csv`), lines.join("\n") + "\n");
    }
  }
  const model = await RatingModel.train(train, { optimizer: spec.optimizer, epochs: spec.epochs, l2: 1e-6, batchSize: 64, seed: 1 });
  const perEpoch = model.log.epochs.map((e) => e.seconds);
  const cpuSecondsPerEpoch = median(model.log.epochs.map((e) => e.cpuSeconds));
  console.log(JSON.stringify({ secondsPerEpoch: median(perEpoch), perEpoch, cpuSecondsPerEpoch, batches: Math.ceil(train.length / 64), heldOutRmse: rmse(model, test) }));
} else if (spec.task === "latency") {
  const { rows, dim, queries } = spec;
  const rng = new Random(1);
  const vectors = Float32Array.from({ length: rows * dim }, () => rng.normal());
  const wv = new KeyedVectors(Array.from({ length: rows }, (_, i) => String(i)), vectors, dim);
  const unit = wv.normedVectors();
  const time = (run) => {
    for (let i = 0; i < 200; i++) run(i); // warm up the JIT
    const times = [];
    for (let i = 0; i < queries; i++) {
      const start = process.hrtime.bigint();
      run(i);
      times.push(seconds(start) * 1e6);
    }
    return median(times);
  };
  const topKMicros = time((i) => topK(unit, rows, dim, unit.subarray(((i * 7) % rows) * dim, ((i * 7) % rows) * dim + dim), 10, { metric: "dot", exclude: [(i * 7) % rows] }));
  const mostSimilarMicros = time((i) => wv.mostSimilar({ positive: String((i * 7) % rows), topn: 10 }));
  const threeMovieMicros = time((i) => wv.mostSimilar({ positive: [String(i % rows), String((i * 7 + 1) % rows), String((i * 13 + 2) % rows)], topn: 10 }));
  console.log(JSON.stringify({ topKMicros, mostSimilarMicros, threeMovieMicros }));
} else {
  throw new Error(`unknown task ${spec.task}`);
}
