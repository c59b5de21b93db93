// The rating model (neural collaborative filtering): gradient, output range, training on the
// shipped data against the baselines, ids, splits, and similar-movie queries from its vectors.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as path from "node:path";
import {
  BiasBaseline,
  GlobalMean,
  OptionsError,
  Random,
  RatingModel,
  RatingTriples,
  UnknownKeyError,
  loadMovieLens,
  ratingTriples,
  rmse,
  similarMovies,
} from "movie-embeddings/internal";

/** Random ratings over a few users and movies, for checks that need no real data. */
function syntheticTriples(users: number, movies: number, count: number, seed: number): RatingTriples {
  const rng = new Random(seed);
  const user = Int32Array.from({ length: count }, () => rng.int(users));
  const movie = Int32Array.from({ length: count }, () => rng.int(movies));
  const rating = Float32Array.from({ length: count }, () => 0.5 + 0.5 * rng.int(10));
  return new RatingTriples(
    Int32Array.from({ length: users }, (_, i) => 100 + i),
    Int32Array.from({ length: movies }, (_, i) => 1000 + i),
    user,
    movie,
    rating,
  );
}

test("the hand-written gradient matches finite differences of the loss, L2 included", () => {
  const triples = syntheticTriples(5, 7, 40, 1);
  const model = new RatingModel(triples, { vectorSize: 4, l2: 0.05, seed: 3 });
  // larger weights than He-normal's, so the dot products matter as much as the biases
  for (const table of [model.userEmbedding, model.movieEmbedding]) for (let i = 0; i < table.length; i++) table[i] *= 8;
  const batch = Int32Array.from({ length: 25 }, (_, i) => i + 10);
  const analytic = model.gradients(triples, batch);
  const tables = ["userEmbedding", "movieEmbedding", "userBias", "movieBias"] as const;
  let checked = 0;
  for (const name of tables) {
    const param = model[name];
    const grad = analytic[name];
    for (let i = 0; i < param.length; i++) {
      const saved = param[i];
      const h = 1e-2;
      param[i] = saved + h;
      const up = model.gradients(triples, batch).loss;
      param[i] = saved - h;
      const down = model.gradients(triples, batch).loss;
      param[i] = saved;
      const numeric = (up - down) / (2 * h);
      const scale = Math.max(1e-2, Math.abs(numeric), Math.abs(grad[i]));
      assert.ok(Math.abs(numeric - grad[i]) / scale < 2e-3, `${name}[${i}]: analytic ${grad[i]}, numeric ${numeric}`);
      if (grad[i] !== 0) checked++;
    }
  }
  assert.ok(checked > 40, `only ${checked} non-zero gradient entries were checked`);
});

test("the sigmoid scaling maps any score into [0.5, 5], 2.75 at zero", () => {
  const triples = syntheticTriples(3, 3, 9, 2);
  const model = new RatingModel(triples, { vectorSize: 2 });
  model.userEmbedding.fill(0);
  model.movieEmbedding.fill(0);
  model.userBias.set([-1000, 0, 1000]);
  model.movieBias.fill(0);
  const predicted = model.predict([100, 101, 102], [1000, 1000, 1000]);
  assert.deepEqual(Array.from(predicted), [0.5, 2.75, 5]);
  const rng = new Random(5);
  for (let i = 0; i < model.userBias.length; i++) model.userBias[i] = rng.normal() * 50;
  const many = model.predictRows(triples.user, triples.movie);
  assert.ok(many.every((r) => r >= 0.5 && r <= 5), `out of range: ${many}`);
});

test("on the shipped data, training beats the bias-only baseline on held-out ratings, which beats the global mean", async () => {
  const data = loadMovieLens();
  const triples = ratingTriples(data, { minRatingsPerMovie: 10 });
  assert.equal(triples.movieCount, 2269);
  const [train, test] = triples.split([0.9, 0.1], 42);
  const globalMean = rmse(new GlobalMean(train), test);
  const biasOnly = rmse(new BiasBaseline(train), test);
  assert.ok(biasOnly < globalMean - 0.1, `bias-only ${biasOnly} vs global mean ${globalMean}`);
  const epochs: number[] = [];
  const model = await RatingModel.train(train, { epochs: 4, l2: 1e-3, validation: test, onEpochEnd: (r) => epochs.push(r.epoch) });
  assert.deepEqual(epochs, [1, 2, 3, 4]);
  const heldOut = rmse(model, test);
  assert.ok(heldOut < biasOnly, `model ${heldOut} vs bias-only ${biasOnly}`);
  assert.equal(model.log.epochs.at(-1)!.validationRmse, heldOut);
  assert.ok(model.log.epochs[3].trainRmse < model.log.epochs[0].trainRmse);
  // the movie vectors answer similarity queries by movieId, with the query movies left out
  const rows = similarMovies(model.movieVectors, model.vocab, data, [1, 4896], 50);
  assert.equal(rows.length, 50);
  assert.ok(rows.every((row) => row.movieId !== 1 && row.movieId !== 4896));
  assert.ok(rows[0].similarity >= rows[49].similarity);
});

test("the same seed trains the same weights; early stopping keeps the best epoch", async () => {
  const triples = syntheticTriples(20, 30, 600, 7);
  const [train, validation] = triples.split([0.8, 0.2], 1);
  const a = await RatingModel.train(train, { vectorSize: 8, epochs: 3, seed: 9 });
  const b = await RatingModel.train(train, { vectorSize: 8, epochs: 3, seed: 9 });
  assert.deepEqual(a.movieEmbedding, b.movieEmbedding);
  // random ratings: nothing to learn, so the validation RMSE soon rises and training stops
  const progress: { epoch: number; epochs: number; progress: number }[] = [];
  const decisions: (string | undefined)[] = [];
  const stopped = await RatingModel.train(train, {
    vectorSize: 8, epochs: 200, learningRate: 0.05, l2: 0, validation, earlyStopping: { patience: 2 },
    onProgress: ({ epoch, epochs, progress: p }) => progress.push({ epoch, epochs, progress: p }),
    onEpochEnd: (report) => decisions.push(report.decision),
  });
  assert.ok(stopped.log.epochs.length < 200);
  // the last progress report is the finished run, and the last epoch report says why it ended
  const ran = stopped.log.epochs.length;
  assert.deepEqual(progress.at(-1), { epoch: ran, epochs: ran, progress: 1 });
  assert.deepEqual([decisions.length, decisions.at(-1)], [ran, "stop"]);
  const best = stopped.log.best("validationRmse")!;
  assert.equal(stopped.epochsTrained, best.epoch);
  assert.ok(Math.abs(rmse(stopped, validation) - best.validationRmse) < 1e-6);
});

test("dense and lazy Adam both learn; lazy leaves the rows no batch touched alone", async () => {
  const triples = syntheticTriples(10, 12, 300, 4);
  // movie row 11 is never rated
  const rated = Array.from({ length: triples.length }, (_, i) => i).filter((i) => triples.movie[i] !== 11);
  const train = triples.subset(rated);
  for (const optimizer of ["dense", "lazy"] as const) {
    const fresh = new RatingModel(train, { vectorSize: 4, seed: 1 });
    const model = await RatingModel.train(train, { vectorSize: 4, seed: 1, epochs: 5, learningRate: 0.01, optimizer });
    assert.ok(rmse(model, train) < rmse(fresh, train), optimizer);
    const untouched = model.movieEmbedding.subarray(44, 48);
    const same = untouched.every((v, d) => v === fresh.movieEmbedding[44 + d]);
    assert.equal(same, optimizer === "lazy", `${optimizer}: the unrated movie's row ${same ? "stayed" : "moved"}`);
  }
});

test("ratingTriples and split: rows from ids, every rating in exactly one part, seeded", () => {
  const tiny = loadMovieLens(path.join(__dirname, "fixtures", "movielens-tiny"));
  const all = ratingTriples(tiny);
  assert.equal(all.length, tiny.ratingColumns.length);
  const kept = ratingTriples(tiny, { minRatingsPerMovie: 2 });
  assert.ok(kept.movieCount < all.movieCount && kept.length < all.length);
  const triples = syntheticTriples(30, 40, 1001, 3);
  const [a, b, c] = triples.split([0.8, 0.1, 0.1], 5);
  assert.deepEqual([a.length, b.length, c.length], [801, 100, 100]);
  const total = (t: RatingTriples) => t.rating.reduce((s, r) => s + r, 0);
  assert.ok(Math.abs(total(a) + total(b) + total(c) - total(triples)) < 1e-3);
  assert.deepEqual(triples.split([0.8, 0.1, 0.1], 5)[1].user, b.user);
  assert.notDeepEqual(triples.split([0.8, 0.1, 0.1], 6)[1].user, b.user);
  assert.throws(() => triples.split([0.8, 0.3], 1), /shares must be positive and sum to 1/);
  assert.throws(() => ratingTriples(tiny, { minRatingsPerMovie: 1000 }), /no movie of movielens-tiny has 1000 or more ratings/);
});

test("bad ids and options get errors that say what was expected", async () => {
  const triples = syntheticTriples(3, 3, 9, 2);
  const model = new RatingModel(triples, { vectorSize: 2 });
  assert.throws(() => model.predict([100], [999]), (e: unknown) => e instanceof UnknownKeyError && /"999" is not a movieId the model was trained on/.test(e.message));
  assert.throws(() => model.predict([100, 101], [1000]), /2 userIds but 1 movieIds/);
  assert.throws(() => new RatingModel(triples, { vectorSize: 0 }), (e: unknown) => e instanceof OptionsError && /vectorSize must be a whole number ≥ 1, got 0/.test(e.message));
  // the old name still works for one release, and may not contradict the new one
  assert.equal(new RatingModel(triples, { dimension: 3 }).options.vectorSize, 3);
  assert.throws(() => new RatingModel(triples, { dimension: 3, vectorSize: 4 }), /RatingModel: dimension \(3\) is the old name of vectorSize \(4\); give vectorSize only/);
  assert.throws(() => new RatingModel(triples, { optimizer: "sgd" as "dense" }), /optimizer must be one of "dense", "lazy", got "sgd"/);
  await assert.rejects(() => RatingModel.train(triples, { earlyStopping: {} }), /earlyStopping needs a validation set/);
  const other = syntheticTriples(3, 3, 9, 2);
  await assert.rejects(() => RatingModel.train(triples, { validation: other }), /same ratingTriples/);
  const summary = model.summary();
  assert.equal(summary.reduce((s, layer) => s + layer.parameters, 0), model.parameterCount);
  assert.equal(model.parameterCount, (3 + 3) * (2 + 1));
  assert.equal(model.movieVectors.size, 3);
  assert.ok(model.movieVectors.has("1000"));
});
