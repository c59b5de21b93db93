// The WebAssembly SIMD path of the one top-k search gives the answers of the JavaScript path.
import { test } from "node:test";
import assert from "node:assert/strict";
import { KeyedVectors, Random, scoreRows, searchableMatrix, topK } from "movie-embeddings/internal";

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

test("the dot search that skips blocks finds what a full scan finds: ties, NaN rows, excluded best rows", () => {
  const rng = new Random(8);
  const rows = 3000;
  const dim = 5;
  // Small integers: many equal scores, so ties across block edges decide by row.
  const plain = Float32Array.from({ length: rows * dim }, () => rng.int(5) - 2);
  for (const r of [7, 100, 1601]) plain.fill(NaN, r * dim, r * dim + dim);
  // The best rows packed in one block, and some of them excluded.
  for (let r = 32; r < 48; r++) plain.fill(9, r * dim, r * dim + dim);
  // Blocks 60..99 (of 16 rows) each led by one excellent row, the rest of the block poor: when
  // those rows are excluded, the answer lies in blocks with lower maxima.
  const stars: number[] = [];
  for (let b = 60; b < 100; b++) {
    plain.fill(-2, b * 16 * dim, (b + 1) * 16 * dim);
    plain.fill(20, (b * 16 + 3) * dim, (b * 16 + 4) * dim);
    stars.push(b * 16 + 3);
  }
  const simd = searchableMatrix(rows, dim);
  simd.set(plain);
  const query = [1, 1, 1, 1, 1];
  for (const exclude of [[], [32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45], [0, 3, 47], stars]) {
    for (const k of [1, 10, 40]) {
      const expected = topK(plain, rows, dim, query, k, { metric: "dot", exclude });
      const actual = topK(simd, rows, dim, query, k, { metric: "dot", exclude });
      assert.deepEqual(actual, expected, `k ${k}, exclude ${exclude.join(",")}`);
    }
  }
  // A prefix of the matrix (fewer rows than allocated, a partial last block).
  assert.deepEqual(topK(simd, 1000, dim, query, 10, { metric: "dot" }), topK(plain, 1000, dim, query, 10, { metric: "dot" }));
});
