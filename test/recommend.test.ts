// similarMovies (the tutorials' recommendations table) and the vector-spread diagnostics.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as path from "node:path";
import { KeyedVectors, buildWatchlists, describeMovie, idOrderedShare, loadMovieLens, randomPairSimilarities, similarMovies } from "movie-embeddings";

const data = loadMovieLens(path.join(__dirname, "fixtures", "movielens-tiny"));

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

test("idOrderedShare counts the watchlists whose movieIds only go up", () => {
  const lists = [Int32Array.of(1, 5, 9), Int32Array.of(3, 2), Int32Array.of(7)];
  assert.equal(idOrderedShare(lists), 0.5);
  const shipped = loadMovieLens();
  assert.equal(idOrderedShare(buildWatchlists(shipped, { order: "file" }).movieIds), 1);
  assert.ok(idOrderedShare(buildWatchlists(shipped, { order: "timestamp" }).movieIds) < 0.1);
});

test("randomPairSimilarities is seeded and tells collapsed vectors from spread ones", () => {
  const collapsed = KeyedVectors.fromEntries(Array.from({ length: 50 }, (_, i) => [String(i), [1, 0.01 * i]] as const));
  const spread = KeyedVectors.fromEntries(Array.from({ length: 50 }, (_, i) => [String(i), [Math.cos(i), Math.sin(i)]] as const));
  const mean = (values: Float64Array) => values.reduce((a, b) => a + b, 0) / values.length;
  assert.ok(mean(randomPairSimilarities(collapsed, 500, 1)) > 0.9);
  assert.ok(Math.abs(mean(randomPairSimilarities(spread, 500, 1))) < 0.2);
  assert.deepEqual(randomPairSimilarities(spread, 10, 7), randomPairSimilarities(spread, 10, 7));
  assert.throws(() => randomPairSimilarities(KeyedVectors.fromEntries([["a", [1]]])), /needs at least 2 keys/);
});
