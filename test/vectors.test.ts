// Vectors: KeyedVectors and its queries (numbers and strings name the same key; bad queries
// refused), the one top-k search and its WebAssembly SIMD path, word2vec, Projector TSV and .npy
// files, the similarity matrix. Interoperability with gensim and numpy is in slow/vectors.test.ts.
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import * as fs from "node:fs";
import * as os from "node:os";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as path from "node:path";
import { inspect } from "node:util";
import { describe, it, test } from "node:test";
import {
  DataFormatError,
  KeyedVectors,
  OptionsError,
  Random,
  SimilarityMatrix,
  UnknownKeyError,
  loadWord2VecFormat,
  readNpy,
  savePlotEmbeddings,
  saveProjectorTsv,
  saveWord2VecFormat,
  scoreRows,
  rankOf,
  searchableMatrix,
  topK,
  topKOfScores,
  writeNpy,
} from "movie-embeddings/internal";
import { fromFloat16Bits, toFloat16Bits } from "../lib/src/vectors/npy";
import { throwsData, throwsOptions } from "./support/asserts";
import { tmp } from "./support/files";
import { optionCases } from "./support/options";
import { clusteredVectors, randomVectors } from "./support/vectors";

const analogy = KeyedVectors.fromEntries([
  ["king", [1, 1, 0.1]],
  ["queen", [1, -1, 0.1]],
  ["man", [0.2, 1, 0]],
  ["woman", [0.2, -1, 0]],
  ["apple", [-1, 0, 1]],
]);
const wv = KeyedVectors.fromEntries([
  ["1", [1, 0, 0]],
  ["2", [0.9, 0.1, 0]],
  ["3", [0, 1, 0]],
  ["4", [0, 0, 1]],
]);

describe("KeyedVectors", () => {
  test("mostSimilar with negative works as analogy arithmetic (king − man + woman ≈ queen)", () => {
    const [best] = analogy.mostSimilar({ positive: ["king", "woman"], negative: ["man"], topn: 1 });
    assert.equal(best.key, "queen");
  });

  test("query keys are excluded, results sorted, and topn null gives every score in key order", () => {
    const result = analogy.mostSimilar({ positive: "king", topn: 10 });
    assert.equal(result.length, 4);
    assert.ok(!result.some((r) => r.key === "king"));
    for (let i = 1; i < result.length; i++) assert.ok(result[i - 1].similarity >= result[i].similarity);
    const all = analogy.mostSimilar({ positive: "king", topn: null });
    assert.deepEqual(
      all.map((r) => r.key),
      analogy.keys,
    );
    assert.ok(Math.abs(all[0].similarity - 1) < 1e-6);
    assert.ok(Math.abs(all[1].similarity - analogy.similarity("king", "queen")) < 1e-6);
  });

  test("raw vectors are accepted as queries", () => {
    assert.equal(analogy.similarByVector([1, -1, 0.1], 1)[0].key, "queen");
    assert.equal(analogy.mostSimilar({ positive: [Float32Array.from([-1, 0, 1])], topn: 1 })[0].key, "apple");
  });

  test("similarity, getVector, has, doesntMatch and the one-line summary", () => {
    assert.ok(Math.abs(analogy.similarity("king", "king") - 1) < 1e-6);
    assert.deepEqual([...analogy.getVector("man")], [Math.fround(0.2), 1, 0]);
    const unit = analogy.getVector("man", { norm: true });
    assert.ok(Math.abs(Math.hypot(...unit) - 1) < 1e-6);
    assert.ok(analogy.has("apple") && !analogy.has("pear"));
    assert.equal(analogy.doesntMatch(["king", "queen", "man", "apple"]), "apple");
    assert.equal(inspect(randomVectors(9000, 50, 1)), "KeyedVectors<9,000 keys × 50>");
  });

  test("vectorsOf gives the rows of several keys as one matrix, in the order asked, raw or unit", () => {
    const matrix = analogy.vectorsOf(["apple", "man"]);
    assert.deepEqual([...matrix], [-1, 0, 1, Math.fround(0.2), 1, 0]);
    const unit = analogy.vectorsOf(["man", "king"], { norm: true });
    assert.deepEqual([...unit.subarray(0, 3)], [...analogy.getVector("man", { norm: true })]);
    assert.deepEqual([...unit.subarray(3)], [...analogy.getVector("king", { norm: true })]);
    assert.throws(() => analogy.vectorsOf(["king", "kign"]), UnknownKeyError);
  });

  test("an unknown key throws UnknownKeyError naming the closest keys", () => {
    const titles = KeyedVectors.fromEntries([
      ["Toy Story (1995)", [1, 0]],
      ["Toy Story 2 (1999)", [0, 1]],
      ["Heat (1995)", [1, 1]],
    ]);
    assert.throws(
      () => titles.mostSimilar({ positive: "Toy Story" }),
      (error: Error) =>
        error instanceof UnknownKeyError &&
        error.suggestions[0] === "Toy Story (1995)" &&
        /did you mean "Toy Story \(1995\)"/.test(error.message),
    );
  });
});

describe("topK", () => {
  test("the heap selection equals a full sort, for every metric", () => {
    const wv = randomVectors(500, 8, 2);
    const query = Array.from(wv.getVector("k7"));
    for (const metric of ["cosine", "dot", "euclidean"] as const) {
      const heap = topK(wv.vectors, wv.size, 8, query, 10, { metric, exclude: [7] });
      const full = topK(wv.vectors, wv.size, 8, query, 500, { metric, exclude: [7] }).slice(0, 10);
      assert.deepEqual(heap, full);
      assert.equal(heap.length, 10);
      assert.ok(!heap.some((row) => row.index === 7));
      const direction = metric === "euclidean" ? 1 : -1;
      for (let i = 1; i < heap.length; i++) assert.ok(direction * (heap[i].score - heap[i - 1].score) >= 0);
    }
    assert.equal(topK(wv.vectors, wv.size, 8, query, 1, { metric: "euclidean" })[0].index, 7);
    assert.throws(() => topK(wv.vectors, wv.size, 8, [1, 2], 3), OptionsError);
  });
});

describe("word2vec files", () => {
  const dir = mkdtempSync(join(tmpdir(), "w2v-"));
  const wv = randomVectors(40, 7, 3);

  for (const binary of [false, true]) {
    test(`${binary ? "binary" : "text"} format round-trips exactly`, () => {
      const path = join(dir, `rt.${binary ? "bin" : "txt"}`);
      saveWord2VecFormat(wv, path, { binary });
      const back = loadWord2VecFormat(path, { binary });
      assert.deepEqual(back.keys, wv.keys);
      assert.deepEqual(back.vectors, wv.vectors);
      if (!binary) assert.match(readFileSync(path, "utf8"), /^40 7\nk0 -?\d/);
    });
  }

  test("keys with whitespace are refused, or replaced on request", () => {
    const titles = KeyedVectors.fromEntries([
      ["Toy Story (1995)", [1, 0]],
      ["Heat", [0, 1]],
    ]);
    assert.throws(() => saveWord2VecFormat(titles, join(dir, "t.txt")), /contains whitespace.*movieId tokens.*replaceWhitespace/);
    saveWord2VecFormat(titles, join(dir, "t.txt"), { replaceWhitespace: "_" });
    assert.deepEqual(loadWord2VecFormat(join(dir, "t.txt")).keys, ["Toy_Story_(1995)", "Heat"]);
  });

  test("Projector TSV: vectors.tsv and metadata.tsv with escaped cells", () => {
    const small = KeyedVectors.fromEntries([
      ["1", [0.5, 1]],
      ["2", [2, -1]],
    ]);
    const paths = saveProjectorTsv(small, join(dir, "projector"), {
      metadata: { title: (key) => (key === "1" ? "Toy\tStory\n(1995)" : "Heat"), genres: () => "Drama" },
    });
    assert.equal(readFileSync(paths.vectors, "utf8"), "0.5\t1\n2\t-1\n");
    assert.equal(readFileSync(paths.metadata, "utf8"), "key\ttitle\tgenres\n1\tToy Story (1995)\tDrama\n2\tHeat\tDrama\n");
    saveProjectorTsv(small, join(dir, "keys-only"));
    assert.equal(readFileSync(join(dir, "keys-only", "metadata.tsv"), "utf8"), "1\n2\n");
  });
});

test("saveWord2VecFormat creates missing parent folders", () => {
  const file = join(mkdtempSync(join(tmpdir(), "w2v-")), "nested", "deeper", "v.txt");
  saveWord2VecFormat(KeyedVectors.fromEntries([["a", [1, 2]]]), file);
  assert.ok(existsSync(file));
});

// .npy files, written to a folder of their own.
{
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "npy-"));

  test("float32, float64 and int32 arrays survive a round trip with their shape", () => {
    const random = new Random(1);
    const f32 = Float32Array.from({ length: 12 }, () => random.normal());
    const f64 = Float64Array.from({ length: 6 }, () => random.normal());
    const i32 = Int32Array.from([1, -2, 193609, 0]);
    writeNpy(path.join(tmp, "a.npy"), f32, [3, 4]);
    writeNpy(path.join(tmp, "b.npy"), f64, [6]);
    writeNpy(path.join(tmp, "c.npy"), i32);
    assert.deepEqual(readNpy(path.join(tmp, "a.npy")), { data: f32, shape: [3, 4], dtype: "float32" });
    assert.deepEqual(readNpy(path.join(tmp, "b.npy")), { data: f64, shape: [6], dtype: "float64" });
    assert.deepEqual(readNpy(path.join(tmp, "c.npy")), { data: i32, shape: [4], dtype: "int32" });
    // The header (magic + version + length + dict) is padded so data starts on a 64-byte boundary.
    assert.equal((fs.statSync(path.join(tmp, "a.npy")).size - 12 * 4) % 64, 0);
  });

  test("float16 rounds to nearest, keeps specials, and reads back within half precision", () => {
    assert.equal(toFloat16Bits(1), 0x3c00);
    assert.equal(toFloat16Bits(-2), 0xc000);
    assert.equal(toFloat16Bits(65504), 0x7bff);
    assert.equal(toFloat16Bits(70000), 0x7c00);
    assert.equal(toFloat16Bits(0.1), 0x2e66);
    assert.equal(toFloat16Bits(2 ** -24), 0x0001); // smallest subnormal
    assert.equal(toFloat16Bits(1e-9), 0);
    assert.ok(Number.isNaN(fromFloat16Bits(toFloat16Bits(NaN))));
    assert.equal(fromFloat16Bits(0x3555), 0.333251953125);
    const values = Float32Array.from({ length: 1000 }, (_, i) => Math.sin(i) * 0.2);
    writeNpy(path.join(tmp, "h.npy"), values, [10, 100], { dtype: "float16" });
    const back = readNpy(path.join(tmp, "h.npy"));
    assert.equal(back.dtype, "float16");
    assert.deepEqual(back.shape, [10, 100]);
    for (let i = 0; i < values.length; i++) assert.ok(Math.abs(back.data[i] - values[i]) <= Math.abs(values[i]) * 2 ** -11 + 2 ** -25, `value ${i}`);
  });

  test("bad files and shapes give errors naming the file", () => {
    assert.throws(() => readNpy(path.join(tmp, "missing.npy")), (e: Error) => e instanceof DataFormatError && /missing\.npy: file not found/.test(e.message));
    fs.writeFileSync(path.join(tmp, "text.npy"), "movieId,title\n");
    assert.throws(() => readNpy(path.join(tmp, "text.npy")), /text\.npy: does not start with the \.npy magic/);
    writeNpy(path.join(tmp, "short.npy"), new Float32Array(8), [2, 4]);
    fs.truncateSync(path.join(tmp, "short.npy"), fs.statSync(path.join(tmp, "short.npy")).size - 4);
    assert.throws(() => readNpy(path.join(tmp, "short.npy")), /short\.npy: 28 bytes of data; expected 32 bytes for shape \(2, 4\)/);
    assert.throws(() => writeNpy(path.join(tmp, "x.npy"), new Float32Array(5), [2, 3]), /shape \(2, 3\) does not hold 5 elements/);
  });
}

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

test("SimilarityMatrix: cosines, the strongest distinct pairs, and a clustering order", () => {
  const wv = KeyedVectors.fromEntries([
    ["a", [1, 0]],
    ["x", [0, 1]],
    ["b", [0.9, 0.1]],
    ["y", [0.1, 0.9]],
  ]);
  const sims = SimilarityMatrix.cosine(wv);
  assert.ok(Math.abs(sims.get(0, 0) - 1) < 1e-6);
  assert.equal(sims.get(0, 1), 0);
  const pairs = sims.strongestPairs(3);
  assert.deepEqual(pairs.map((p) => [p.a, p.b]), [["a", "b"], ["x", "y"], ["b", "y"]]);
  const ordered = sims.reorder(sims.clusterOrder());
  assert.deepEqual(ordered.keys, ["a", "b", "x", "y"]);
  assert.equal(ordered.get(0, 1), sims.get(0, 2));
  assert.throws(() => sims.reorder([0, 0, 1, 2]), OptionsError);
  assert.deepEqual(topKOfScores([0.1, 0.7, 0.3, NaN], 2), [{ index: 1, score: 0.7 }, { index: 2, score: 0.3 }]);
  assert.deepEqual(topKOfScores([3, 1, 2], 1, { lowerIsBetter: true }), [{ index: 1, score: 1 }]);
});

describe("SimilarityMatrix with ml-matrix", () => {
  it("gives the cosines the library's scoring path gives (X · Xᵀ of unit rows)", () => {
    const wv = clusteredVectors();
    const sims = SimilarityMatrix.cosine(wv);
    const unit = wv.normedVectors();
    const n = wv.size;
    for (let i = 0; i < n; i++) {
      const before = scoreRows(unit, n, wv.vectorSize, unit.subarray(i * wv.vectorSize, (i + 1) * wv.vectorSize), { metric: "dot" });
      for (let j = 0; j < n; j++) assert.ok(Math.abs(sims.get(i, j) - before[j]) < 1e-6, `${i}, ${j}`);
    }
    const some = ["a3", "z1", "b0"];
    const subset = SimilarityMatrix.cosine(wv, some);
    assert.deepEqual(subset.keys, some);
    assert.ok(Math.abs(subset.get(0, 2) - wv.similarity("a3", "b0")) < 1e-6);
  });

  it("coherentBlock finds the tightest group, or a key and its closest keys", () => {
    const sims = SimilarityMatrix.cosine(clusteredVectors());
    const tightest = sims.coherentBlock(8).map((i) => sims.keys[i]);
    assert.deepEqual([...tightest].sort(), ["a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7"]);
    const around = sims.coherentBlock(8, { around: "c2" }).map((i) => sims.keys[i]);
    assert.deepEqual([...around].sort(), ["c0", "c1", "c2", "c3", "c4", "c5", "c6", "c7"]);
    assert.equal(sims.coherentBlock(100).length, sims.size);
    assert.throws(() => sims.coherentBlock(1), /SimilarityMatrix.coherentBlock: size must be a whole number ≥ 2, got 1/);
    assert.throws(() => sims.coherentBlock(5, { around: "c22" }), UnknownKeyError);
    assert.throws(() => sims.coherentBlock(5, { arround: "c2" } as never), /unknown option "arround"; did you mean "around"\?/);
  });
});

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

test("word2vec text files: nan, Infinity and non-numbers refused with line and key; non-UTF-8 bytes refused", () => {
  const dir = tmp("w2v");
  const file = path.join(dir, "v.txt");
  const cases: [string | Buffer, string][] = [
    ["2 2\na 1 2\nb nan 1\n", `, line 3: value 1 of "b" is "nan"; expected a finite number`],
    ["2 2\na 1 Infinity\nb 1 1\n", `, line 2: value 2 of "a" is "Infinity"; expected a finite number`],
    ["2 2\na 1 -inf\nb 1 1\n", `, line 2: value 2 of "a" is "-inf"; expected a finite number`],
    ["2 2\na 1 2\nb 1 x\n", `, line 3: value 2 of "b" is "x"; expected a finite number`],
    [Buffer.concat([Buffer.from("2 2\na 1 2\nb"), Buffer.from([0xff]), Buffer.from(" 1 1\n")]), ", line 3: byte 0xff at offset 11 is not UTF-8; expected UTF-8 text"],
    ["1000000000000 100\na 1 2\n", ", line 1: the header announces 1000000000000 vectors of 100 values, but the file holds only 6 bytes after it; expected at least 201 bytes per vector (a truncated file, or a header of another file)"],
  ];
  for (const [content, rest] of cases) {
    fs.writeFileSync(file, content);
    throwsData(() => loadWord2VecFormat(file), file, rest);
  }
});

test("word2vec binary files: a key with a space, NaN values and oversized headers are refused", () => {
  const dir = tmp("w2vbin");
  const file = path.join(dir, "v.bin");
  const row = (key: string, values: number[]) => {
    const floats = Buffer.alloc(values.length * 4);
    values.forEach((v, d) => floats.writeFloatLE(v, d * 4));
    return Buffer.concat([Buffer.from(`${key} `, "utf8"), floats, Buffer.from("\n")]);
  };
  const spaceHint = "(a key containing a space splits there in the binary format: save with replaceWhitespace)";
  // "Toy Story" as written by a tool that does not refuse spaces: the reader would take "Toy" and misread the rest
  fs.writeFileSync(file, Buffer.concat([Buffer.from("2 2\n"), row("Toy Story", [0.5, 0.25]), row("Heat", [1, 2])]));
  assert.throws(() => loadWord2VecFormat(file, { binary: true }), (error: unknown) => error instanceof DataFormatError && error.message.startsWith(`${file}: `) && error.message.endsWith(spaceHint));
  fs.writeFileSync(file, Buffer.concat([Buffer.from("2 2\n"), row("a", [0.5, NaN]), row("b", [1, 2])]));
  throwsData(() => loadWord2VecFormat(file, { binary: true }), file, `: the vector of "a" holds NaN at dimension 1; expected finite float32 values`);
  fs.writeFileSync(file, Buffer.concat([Buffer.from("1 2\n"), row("a", [0.5, 1]), row("b", [1, 2])]));
  throwsData(() => loadWord2VecFormat(file, { binary: true }), file, `: 12 bytes follow the last of the 1 vectors the header announces; expected exactly 1 vectors ${spaceHint}`);
  fs.writeFileSync(file, Buffer.concat([Buffer.from("1000000000000 300\n"), row("a", [0.5, 1])]));
  throwsData(() => loadWord2VecFormat(file, { binary: true }), file, ", line 1: the header announces 1000000000000 vectors of 300 values, but the file holds only 11 bytes after it; expected at least 1202 bytes per vector (a truncated file, or a header of another file)");
});

test("saving NaN or Infinity fails instead of writing a file the loader refuses", () => {
  const dir = tmp("save");
  const wv = new KeyedVectors(["a", "b"], Float32Array.of(1, 2, 3, 4), 2);
  wv.vectors[3] = NaN; // vectors are public: a NaN can slip in after construction
  const message = (caller: string) => `${caller}: the vector of "b" holds NaN at dimension 1; only finite numbers can be saved`;
  assert.throws(() => saveWord2VecFormat(wv, path.join(dir, "v.txt")), { name: "OptionsError", message: message("saveWord2VecFormat") });
  assert.throws(() => saveWord2VecFormat(wv, path.join(dir, "v.bin"), { binary: true }), { name: "OptionsError", message: message("saveWord2VecFormat") });
  assert.throws(() => saveProjectorTsv(wv, path.join(dir, "projector")), { name: "OptionsError", message: message("saveProjectorTsv") });
  assert.deepEqual(fs.readdirSync(dir), []);
  assert.throws(
    () => writeNpy(path.join(dir, "big.npy"), Float32Array.of(1, 70000), [2], { dtype: "float16" }),
    { name: "OptionsError", message: 'writeNpy: element 1 (70000) is beyond float16\'s largest value 65504 and would be stored as Infinity; use dtype "float32"' },
  );
  const plots = { movieIds: Int32Array.of(1, 2), vectors: Float32Array.of(1, 0, 0, Infinity), vectorSize: 2 };
  assert.throws(() => savePlotEmbeddings(plots, { dir }), { name: "OptionsError", message: "savePlotEmbeddings: row 1 (movieId 2) holds Infinity; expected finite numbers" });
  assert.throws(() => savePlotEmbeddings({ ...plots, movieIds: Int32Array.of(5, 5) }, { dir }), { name: "OptionsError", message: "savePlotEmbeddings: movieId 5 appears twice (rows 0 and 1); expected each movieId once" });
  assert.deepEqual(fs.readdirSync(dir), []);
});

test("KeyedVectors refuse NaN vectors and non-string keys where they are built", () => {
  assert.throws(() => new KeyedVectors(["a", "b"], Float32Array.of(1, 2, NaN, 4), 2), {
    name: "OptionsError",
    message: 'KeyedVectors: the vector of "b" holds NaN at dimension 0; expected finite numbers',
  });
  assert.throws(() => new KeyedVectors([1 as never, "b"], Float32Array.of(1, 2, 3, 4), 2), (error: unknown) => error instanceof OptionsError && error.message === "KeyedVectors: key 0 is a number, expected a string");
});

test("writing to a folder, or below a file, is refused with the path instead of EISDIR", () => {
  const dir = tmp("write");
  const wv = KeyedVectors.fromEntries([["a", [1, 2]]]);
  const expected = "; expected a path where a file can be written";
  throwsData(() => saveWord2VecFormat(wv, dir), dir, `: is a folder, not a file${expected}`);
  throwsData(() => writeNpy(dir, Float32Array.of(1)), dir, `: is a folder, not a file${expected}`);
  fs.writeFileSync(path.join(dir, "file"), "x");
  throwsData(() => saveProjectorTsv(wv, path.join(dir, "file")), path.join(dir, "file", "vectors.tsv"), `: a file is in the way of a folder${expected}`);
});

// Options: bad values refused with the function's name, the option and what was expected.
{
  const wv = KeyedVectors.fromEntries([["1", [1, 0]], ["2", [0, 1]], ["3", [1, 1]]]);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "inputs-options-"));

  optionCases([
    ["topK metric typo", () => topK(wv.vectors, 3, 2, [1, 0], 2, { metric: "cosin" as "cosine" }), 'topK: metric must be one of "cosine", "dot", "euclidean", got "cosin"'],
    ["topK exclude number", () => topK(wv.vectors, 3, 2, [1, 0], 2, { exclude: 1 as never }), "topK: exclude must be an iterable of row numbers (an array or a Set), got 1"],
    ["topKOfScores option typo", () => topKOfScores([1, 2], 1, { lowerIsbetter: true } as never), 'topKOfScores: unknown option "lowerIsbetter"; did you mean "lowerIsBetter"?'],
    ["rankOf lowerIsBetter string", () => rankOf([1, 2], 0, { lowerIsBetter: "yes" as never }), 'rankOf: lowerIsBetter must be true or false, got "yes"'],
    ["mostSimilar topn -1", () => wv.mostSimilar({ positive: "1", topn: -1 }), "mostSimilar: topn must be a whole number ≥ 0 (or null), got -1"],
    ["mostSimilar typo", () => wv.mostSimilar({ positives: "1" } as never), 'mostSimilar: unknown option "positives"; did you mean "positive"?'],
    ["getVector typo", () => wv.getVector("1", { normalize: true } as never), 'KeyedVectors.getVector: unknown option "normalize"; did you mean "norm"?'],
    ["saveWord2VecFormat typo", () => saveWord2VecFormat(wv, path.join(dir, "v.bin"), { binay: true } as never), 'saveWord2VecFormat: unknown option "binay"; did you mean "binary"?'],
    ["loadWord2VecFormat binary string", () => loadWord2VecFormat(path.join(dir, "v.bin"), { binary: "yes" as never }), 'loadWord2VecFormat: binary must be true or false, got "yes"'],
    ["saveProjectorTsv typo", () => saveProjectorTsv(wv, dir, { meta: {} } as never), 'saveProjectorTsv: unknown option "meta"; did you mean "metadata"?'],
    ["writeNpy dtype", () => writeNpy(path.join(dir, "x.npy"), Float32Array.of(1), [1], { dtype: "float8" as "float16" }), 'writeNpy: dtype must be one of "float16", "float32", "float64", "int32", got "float8"'],
  ]);
}
