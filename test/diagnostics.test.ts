// Diagnostics: neighbour overlap between models, pairwise agreement, metric agreement, genre
// agreement and random neighbours, the spread of random pairs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { KeyedVectors, OptionsError, genreAgreement, loadMovieLens, neighbourOverlap, pairwiseAgreement, randomNeighbours, randomPairSimilarities, topKOverlap } from "movie-embeddings/internal";
import { randomEmbeddings } from "./support/plots";

test("neighbourOverlap is 1 for the same vectors and counts shared neighbours among common keys", () => {
  const a = KeyedVectors.fromEntries([["p", [1, 0]], ["q", [0.9, 0.2]], ["r", [0, 1]], ["s", [-1, 0.1]]]);
  assert.equal(neighbourOverlap(a, a, 2), 1);
  // b swaps which of q and r is close to p; s is unknown to b and ignored
  const b = KeyedVectors.fromEntries([["p", [1, 0]], ["q", [0, 1]], ["r", [0.9, 0.2]]]);
  // common keys p, q, r; top-1: a says p→q, q→p, r→q; b says p→r, q→r, r→p → no overlap
  assert.equal(neighbourOverlap(a, b, 1), 0);
  assert.throws(() => neighbourOverlap(a, b, 3), OptionsError);
});

test("pairwiseAgreement: one row per pair of models, in order, with neighbourOverlap and its chance level", () => {
  const a = KeyedVectors.fromEntries([["p", [1, 0]], ["q", [0.9, 0.2]], ["r", [0, 1]], ["s", [-1, 0.1]]]);
  const b = KeyedVectors.fromEntries([["p", [1, 0]], ["q", [0, 1]], ["r", [0.9, 0.2]]]);
  const rows = pairwiseAgreement([{ name: "a", wv: a }, { name: "a again", wv: a }, { name: "b", wv: b }], 1);
  assert.deepEqual(rows.map((row) => [row.a, row.b, row.sharedMovies, row.overlap, row.chance]), [
    ["a", "a again", 4, 1, 1 / 3],
    ["a", "b", 3, 0, 1 / 2],
    ["a again", "b", 3, 0, 1 / 2],
  ]);
  assert.throws(() => pairwiseAgreement([{ name: "a", wv: a }]), /pairwiseAgreement: give at least two models/);
});

test("on unit vectors the three metrics agree; on raw vectors dot product differs", () => {
  const raw = randomEmbeddings(400, 16, 5);
  const unit = { ...raw, vectors: Float32Array.from(raw.vectors) };
  for (let r = 0; r < 400; r++) {
    const v = unit.vectors.subarray(r * 16, (r + 1) * 16);
    const n = Math.hypot(...v);
    v.forEach((x, i) => (v[i] = x / n));
  }
  const queries = [0, 50, 100, 150, 200, 250];
  assert.equal(topKOverlap(unit.vectors, 400, 16, 10, "cosine", "dot", queries), 1);
  assert.equal(topKOverlap(unit.vectors, 400, 16, 10, "cosine", "euclidean", queries), 1);
  assert.ok(topKOverlap(raw.vectors, 400, 16, 10, "cosine", "dot", queries) < 0.9);
});

test("genre agreement counts shared genres and Jaccard; random neighbours are seeded and exclude the movie", () => {
  const data = loadMovieLens();
  // Toy Story (Adventure|Animation|Children|Comedy|Fantasy) vs Heat (Action|Crime|Thriller) and Jumanji (Adventure|Children|Fantasy)
  const agreement = genreAgreement([1], [[6, 2]], data);
  assert.equal(agreement.sharedGenreShare, 0.5);
  assert.equal(agreement.meanJaccard, (0 + 3 / 5) / 2);
  assert.equal(agreement.queries, 1);
  const ids = [1, 2, 3, 4, 5, 6];
  const a = randomNeighbours(ids, 3, 11);
  assert.deepEqual(a, randomNeighbours(ids, 3, 11));
  a.forEach((list, i) => {
    assert.equal(new Set(list).size, 3);
    assert.ok(!list.includes(ids[i]));
  });
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
