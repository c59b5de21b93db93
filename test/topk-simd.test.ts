// The WebAssembly SIMD path of the one top-k search gives the answers of the JavaScript path.
import { test } from "node:test";
import assert from "node:assert/strict";
import { KeyedVectors, Random, scoreRows, searchableMatrix, topK } from "movie-embeddings";

test("topK over a searchableMatrix matches the plain Float32Array path, for every metric and odd sizes", () => {
  const rng = new Random(3);
  for (const [rows, dim] of [[1000, 50], [37, 7], [5, 1], [64, 8]]) {
    const plain = Float32Array.from({ length: rows * dim }, () => rng.normal());
    const simd = searchableMatrix(rows, dim);
    simd.set(plain);
    const query = Array.from({ length: dim }, () => rng.normal());
    for (const metric of ["dot", "cosine", "euclidean"] as const) {
      const expected = topK(plain, rows, dim, query, 10, { metric, exclude: [0, 3] });
      const actual = topK(simd, rows, dim, query, 10, { metric, exclude: [0, 3] });
      assert.deepEqual(actual.map((r) => r.index), expected.map((r) => r.index), `${rows}×${dim} ${metric}`);
      actual.forEach((r, i) => assert.ok(Math.abs(r.score - expected[i].score) < 1e-4 * Math.max(1, Math.abs(r.score))));
      assert.ok(actual.every((r) => r.index !== 0 && r.index !== 3));
      const all = scoreRows(simd, rows, dim, query, { metric });
      assert.ok(all instanceof Float64Array && all.length === rows);
    }
  }
});

test("a searchableMatrix sees later writes, and mostSimilar keeps its answers after other queries", () => {
  const m = searchableMatrix(3, 2);
  m.set([1, 0, 0, 1, 0.7, 0.7]);
  assert.equal(topK(m, 3, 2, [1, 0.1], 1, { metric: "dot" })[0].index, 0);
  m.set([0, 5], 4);
  assert.equal(topK(m, 3, 2, [1, 0.1], 1, { metric: "dot" })[0].index, 0);
  assert.equal(topK(m, 3, 2, [0, 1], 1, { metric: "dot" })[0].index, 2);
  const wv = KeyedVectors.fromEntries([["a", [1, 0]], ["b", [0.9, 0.1]], ["c", [0, 1]], ["d", [0.1, 0.9]]]);
  const first = wv.mostSimilar({ positive: "a", topn: 2 });
  wv.mostSimilar({ positive: "c", topn: 2 });
  assert.deepEqual(first.map((r) => r.key), ["b", "d"]);
  assert.throws(() => searchableMatrix(2, 0), /dim ≥ 1/);
});
