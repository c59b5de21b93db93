// Queries, by the one documented rule: numbers and strings name the same key (1 and "1" are
// movie 1), raw vectors are typed arrays only, a plain array is a list of keys. Empty, NaN, zero
// and out-of-range queries get an error that says so, never all-zero or NaN similarities.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as path from "node:path";
import { KeyedVectors, OptionsError, UnknownKeyError, Vocabulary, buildWatchlists, describeMovie, loadMovieLens, loadPlots, ratingTriples, similarMovies, topK } from "movie-embeddings/internal";

const wv = KeyedVectors.fromEntries([
  ["1", [1, 0, 0]],
  ["2", [0.9, 0.1, 0]],
  ["3", [0, 1, 0]],
  ["4", [0, 0, 1]],
]);

function throwsOptions(run: () => unknown, message: string): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof OptionsError, `expected an OptionsError, got ${error}`);
    assert.equal(error.message, message);
    return true;
  });
}

test("numbers and strings name the same key", () => {
  assert.deepEqual(wv.mostSimilar({ positive: 1, topn: 2 }), wv.mostSimilar({ positive: "1", topn: 2 }));
  assert.equal(wv.similarity(1, "2"), wv.similarity("1", "2"));
  assert.deepEqual(wv.getVector(3), wv.getVector("3"));
  assert.equal(wv.has(4), true);
  assert.equal(wv.doesntMatch([1, 2, 4]), "4");
});

test("a plain array of numbers is a list of movieIds, not a raw vector", () => {
  // [1, 2, 3] has this model's dimension: it used to be taken as a vector; now it is movies 1, 2 and 3
  const answer = wv.mostSimilar({ positive: [1, 2, 3] });
  assert.deepEqual(answer.map((row) => row.key), ["4"]);
  assert.deepEqual(answer, wv.mostSimilar({ positive: ["1", "2", "3"] }));
  // a raw vector is a typed array
  assert.equal(wv.mostSimilar({ positive: Float32Array.of(0, 0, 1), topn: 1 })[0].key, "4");
  assert.equal(wv.similarByVector([0, 0, 1], 1)[0].key, "4");
});

test("bad queries: empty, NaN, zero, unknown, of the wrong kind or length", () => {
  throwsOptions(() => wv.mostSimilar({}), "mostSimilar: give at least one positive or negative key or vector");
  throwsOptions(() => wv.mostSimilar({ positive: [] }), "mostSimilar: give at least one positive or negative key or vector");
  throwsOptions(() => wv.mostSimilar({ positive: Float32Array.of(NaN, 0, 1) }), "mostSimilar: a raw vector holds NaN at dimension 0; expected finite numbers");
  throwsOptions(() => wv.similarByVector([0, Infinity, 1]), "mostSimilar: a raw vector holds Infinity at dimension 1; expected finite numbers");
  throwsOptions(() => wv.mostSimilar({ positive: Float32Array.of(1, 0) }), "mostSimilar: a raw vector has 2 dimensions, expected 3");
  throwsOptions(() => wv.mostSimilar({ positive: "1", negative: 1 }), "mostSimilar: the query is the zero vector (the positive and negative items cancel out, or their vectors are zero); cosine needs a direction");
  throwsOptions(() => wv.mostSimilar({ positive: Float64Array.of(0, 0, 0) }), "mostSimilar: the query is the zero vector (the positive and negative items cancel out, or their vectors are zero); cosine needs a direction");
  throwsOptions(() => wv.mostSimilar({ positive: NaN }), "mostSimilar: a key must be a string or a finite number (a movieId), got NaN");
  throwsOptions(() => wv.mostSimilar({ positive: [null as never] }), "mostSimilar: a key must be a string or a finite number (a movieId), got null");
  throwsOptions(() => wv.mostSimilar({ positive: { key: "1" } as never }), "mostSimilar: positive must be a key (string or number), a typed-array vector, or an array of them, got an object");
  throwsOptions(() => wv.mostSimilar({ positive: "1", topn: 2.5 }), "mostSimilar: topn must be a whole number ≥ 0 (or null), got 2.5");
  throwsOptions(() => wv.getVector(NaN), "KeyedVectors.rowOf: a key must be a string or a finite number (a movieId), got NaN");
  assert.throws(() => wv.mostSimilar({ positive: 99 }), (error: unknown) => error instanceof UnknownKeyError && error.message.startsWith('"99" is not in the vocabulary'));
});

test("topK refuses a NaN or infinite query instead of ranking on NaN scores", () => {
  throwsOptions(() => topK(wv.vectors, 4, 3, [NaN, 0, 0], 2), "topK: the query holds NaN at dimension 0; expected finite numbers");
  throwsOptions(() => topK(wv.vectors, 4, 3, [0, 0, -Infinity], 2, { metric: "dot" }), "topK: the query holds -Infinity at dimension 2; expected finite numbers");
});

test("similarMovies and describeMovie: 1 and \"1\" are the same movie; empty, NaN and fractional ids are refused", () => {
  const data = loadMovieLens(path.join(__dirname, "fixtures", "movielens-tiny"));
  const vocab = new Vocabulary([["1", 1], ["2", 2], ["3", 3], ["4", 4]]);
  assert.deepEqual(similarMovies(wv, vocab, data, "1", 2), similarMovies(wv, vocab, data, 1, 2));
  assert.deepEqual(similarMovies(wv, vocab, data, ["1", 2], 2), similarMovies(wv, vocab, data, [1, 2], 2));
  assert.equal(describeMovie(data, "1"), describeMovie(data, 1));
  throwsOptions(() => similarMovies(wv, vocab, data, []), "similarMovies: give at least one movieId");
  throwsOptions(() => similarMovies(wv, vocab, data, NaN), "similarMovies: a movieId must be a whole number ≥ 1 (or its digits as text), got NaN");
  throwsOptions(() => similarMovies(wv, vocab, data, 1.5), "similarMovies: a movieId must be a whole number ≥ 1 (or its digits as text), got 1.5");
  throwsOptions(() => similarMovies(wv, vocab, data, "Toy Story"), 'similarMovies: a movieId must be a whole number ≥ 1 (or its digits as text), got "Toy Story"');
  throwsOptions(() => similarMovies(wv, vocab, data, 1, -3), "similarMovies: topn must be a whole number ≥ 0, got -3");
  assert.throws(() => similarMovies(wv, vocab, data, 999), (error: unknown) => error instanceof UnknownKeyError && /movie not found/.test(error.message));
});

test("Plots.get: digits as text are a movieId; NaN is refused", () => {
  const plots = loadPlots();
  assert.deepEqual(plots.get("1"), plots.get(1));
  throwsOptions(() => plots.get(NaN), "Plots.get: a movieId must be a whole number ≥ 1 (or its digits as text), got NaN");
});

test("dataset lookups follow the same rule; wrong kinds of arguments are refused by name", () => {
  const data = loadMovieLens(path.join(__dirname, "fixtures", "movielens-tiny"));
  assert.deepEqual(data.movie("1"), data.movie(1));
  throwsOptions(() => data.movie(NaN), "movie: a movieId must be a whole number ≥ 1 (or its digits as text), got NaN");
  throwsOptions(() => data.movieByTitle(1 as never), "movieByTitle: a title must be a string, got number (use movie(movieId) for ids)");
  throwsOptions(() => data.searchMovies("toy", -1), "searchMovies: topn must be a whole number ≥ 0, got -1");
  throwsOptions(() => buildWatchlists(null as never), "buildWatchlists: data must be a dataset from loadMovieLens(), got null");
  throwsOptions(() => ratingTriples("ml-latest-small" as never), 'ratingTriples: data must be a dataset from loadMovieLens(), got the string "ml-latest-small"');
  throwsOptions(() => loadMovieLens(123 as never), 'datasetDir: a dataset is a name under data/ ("ml-latest-small") or a folder path, got number');
  const vocab = buildWatchlists(data).vocab;
  assert.deepEqual(vocab.movieIdsOf(1), vocab.movieIdsOf("1"));
  assert.equal(vocab.tokenOf("3"), vocab.tokenOf(3));
});
