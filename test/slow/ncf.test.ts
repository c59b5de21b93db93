// The rating model trained on the shipped data beats the bias-only baseline on held-out ratings,
// which beats the global mean; its movie vectors answer similar-movie queries.
import { test } from "node:test";
import assert from "node:assert/strict";
import { BiasBaseline, GlobalMean, RatingModel, loadMovieLens, ratingTriples, rmse, similarMovies } from "movie-embeddings/internal";

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
