// similarMovies and describeMovie (the tutorials' recommendations table): answers, title tokens,
// and the one rule for movieIds (1 and "1" are the same movie; bad ids refused).
import { test } from "node:test";
import assert from "node:assert/strict";
import * as path from "node:path";
import { KeyedVectors, UnknownKeyError, Vocabulary, buildWatchlists, describeMovie, loadMovieLens, similarMovies } from "movie-embeddings/internal";
import { throwsOptions } from "./support/asserts";

const data = loadMovieLens(path.join(__dirname, "fixtures", "movielens-tiny"));
const wv = KeyedVectors.fromEntries([
  ["1", [1, 0, 0]],
  ["2", [0.9, 0.1, 0]],
  ["3", [0, 1, 0]],
  ["4", [0, 0, 1]],
]);

test("similarMovies answers with movieId, title, genres and similarity, the query excluded", () => {
  const watchlists = buildWatchlists(data, { tokens: "movieId" });
  const wv = KeyedVectors.fromEntries([["1", [1, 0]], ["2", [0.9, 0.1]], ["3", [0, 1]], ["4", [-1, 0]]]);
  const rows = similarMovies(wv, watchlists.vocab, data, 1, 2);
  assert.deepEqual(rows.map((row) => row.movieId), [2, 3]);
  assert.equal(rows[0].title, "City of Lost Children, The (Cité des enfants perdus, La) (1995)");
  assert.equal(rows[0].genres, "Adventure|Drama|Fantasy|Mystery|Sci-Fi");
  assert.ok(rows[0].similarity > 0.99 && rows[1].similarity < 0.01);
});

test("similarMovies works with title tokens and tells 'not found' from 'not in vocabulary'", () => {
  const watchlists = buildWatchlists(data, { tokens: "title" });
  const wv = KeyedVectors.fromEntries([["Toy Story (1995)", [1, 0]], ['"Great Performances" Cats (1998)', [1, 0.2]]]);
  assert.equal(similarMovies(wv, watchlists.vocab, data, 1, 1)[0].movieId, 4);
  assert.throws(() => similarMovies(wv, watchlists.vocab, data, 999), /"999" is not a movieId in movielens-tiny\/movies\.csv: movie not found/);
  assert.throws(() => similarMovies(wv, watchlists.vocab, data, 5), /"Unknown Film" exists but has no vector/);
  assert.equal(describeMovie(data, 1), "Toy Story (1995) (Adventure|Animation|Children|Comedy|Fantasy)");
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
