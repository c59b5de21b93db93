import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import { describe, test } from "node:test";
import {
  KeyedVectors,
  OptionsError,
  Random,
  UnknownKeyError,
  loadWord2VecFormat,
  saveProjectorTsv,
  saveWord2VecFormat,
  topK,
} from "movie-embeddings";

const analogy = KeyedVectors.fromEntries([
  ["king", [1, 1, 0.1]],
  ["queen", [1, -1, 0.1]],
  ["man", [0.2, 1, 0]],
  ["woman", [0.2, -1, 0]],
  ["apple", [-1, 0, 1]],
]);

function randomVectors(rows: number, dim: number, seed: number): KeyedVectors {
  const random = new Random(seed);
  return KeyedVectors.fromEntries(
    Array.from({ length: rows }, (_, i) => [`k${i}`, Array.from({ length: dim }, () => random.uniform(-1, 1))] as const),
  );
}

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

  const python = join(__dirname, "..", ".venv", "bin", "python");
  const hasGensim = existsSync(python) && (() => {
    try {
      execFileSync(python, ["-c", "import gensim"], { stdio: "ignore" });
      return true;
    } catch {
      return false;
    }
  })();
  test(
    "gensim loads our files with the same vectors, and we load gensim's",
    { skip: hasGensim ? false : "gensim is not in .venv: .venv/bin/pip install -r requirements-bench.txt" },
    () => {
      saveWord2VecFormat(wv, join(dir, "ours.txt"));
      saveWord2VecFormat(wv, join(dir, "ours.bin"), { binary: true });
      const script = `
import json, sys
from gensim.models import KeyedVectors
d = sys.argv[1]
out = {}
for name, binary in [("ours.txt", False), ("ours.bin", True)]:
    kv = KeyedVectors.load_word2vec_format(d + "/" + name, binary=binary)
    out[name] = {"keys": list(kv.index_to_key), "vectors": kv.vectors.astype("float64").ravel().tolist()}
    kv.save_word2vec_format(d + "/gensim-" + name, binary=binary)
print(json.dumps(out))
`;
      writeFileSync(join(dir, "check.py"), script);
      const loaded = JSON.parse(execFileSync(python, [join(dir, "check.py"), dir], { encoding: "utf8" }));
      for (const name of ["ours.txt", "ours.bin"]) {
        assert.deepEqual(loaded[name].keys, wv.keys);
        assert.deepEqual(Float32Array.from(loaded[name].vectors), wv.vectors);
      }
      for (const [name, binary] of [["gensim-ours.txt", false], ["gensim-ours.bin", true]] as const) {
        const back = loadWord2VecFormat(join(dir, name), { binary });
        assert.deepEqual(back.keys, wv.keys);
        assert.deepEqual(back.vectors, wv.vectors);
      }
    },
  );
});

test("saveWord2VecFormat creates missing parent folders", () => {
  const file = join(mkdtempSync(join(tmpdir(), "w2v-")), "nested", "deeper", "v.txt");
  saveWord2VecFormat(KeyedVectors.fromEntries([["a", [1, 2]]]), file);
  assert.ok(existsSync(file));
});
