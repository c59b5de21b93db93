// One NCF benchmark task of ours, in its own process: prints one JSON line.
// Usage: node bench/ncf_ours.mjs '<json: { task, ... }>'
//   train:   { task, optimizer: "dense"|"lazy", epochs, exportDir? }  rating model on ml-latest-small movies with ≥ 10
//            ratings, 90/10 split seed 42, batch 64; exportDir gets train.csv/test.csv (user row, movie row, rating)
//   vectors: { task, out }     trains the lazy model on every rated movie (5 epochs) and writes its unit movie
//            vectors as raw float32 (rows × 50) to `out`
//   latency: { task, rows, dim, queries }  median time of a top-10 cosine query over random unit vectors
//   maps:    { task, vectors, dim, tsnePoints }  seeded tsne-js on the first tsnePoints rows, umap-js on all rows
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { KeyedVectors, Random, RatingModel, loadMovieLens, ratingTriples, rmse, topK, tsne, umap } from "movie-embeddings";

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
  console.log(JSON.stringify({ secondsPerEpoch: median(perEpoch), perEpoch, batches: Math.ceil(train.length / 64), heldOutRmse: rmse(model, test) }));
} else if (spec.task === "vectors") {
  const triples = ratingTriples(loadMovieLens());
  const model = await RatingModel.train(triples, { optimizer: "lazy", epochs: 5, l2: 1e-3, seed: 1 });
  const unit = model.movieVectors.normedVectors();
  writeFileSync(spec.out, Buffer.from(unit.buffer, unit.byteOffset, unit.byteLength));
  console.log(JSON.stringify({ rows: triples.movieCount, dim: 50 }));
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
} else if (spec.task === "maps") {
  const all = new Float32Array(readFileSync(spec.vectors).buffer.slice(0));
  const rows = all.length / spec.dim;
  let start = process.hrtime.bigint();
  const small = tsne(all.subarray(0, spec.tsnePoints * spec.dim), spec.dim, { seed: 1, iterations: 500 });
  const tsneSeconds = seconds(start);
  start = process.hrtime.bigint();
  umap(all, spec.dim, { seed: 1 });
  const umapSeconds = seconds(start);
  console.log(JSON.stringify({ tsnePoints: spec.tsnePoints, tsneSeconds, tsneIterations: small.iterations, rows, umapSeconds }));
} else {
  throw new Error(`unknown task ${spec.task}`);
}
