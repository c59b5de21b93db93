// The sentence encoder's parts that need no model run: the shipped model folder's checksums,
// passages, pooling, clear errors for a missing or corrupted model or malformed stored plot
// embeddings; and plot search against a brute-force reference. The encoder itself (agreement with
// sentence-transformers, batching, chunking, the shipped plot embeddings re-encoded) is in
// slow/text.test.ts.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  DataFormatError, MODELS_DIR, OptionsError, PlotSearch, TextEmbedder, UnknownKeyError, loadPlotEmbeddings, meanPoolNormalize, plotEmbeddingFiles, plotKeyedVectors, selectRows, splitPassages, writeNpy,
} from "movie-embeddings/internal";
import { throwsData } from "./support/asserts";
import { tmp } from "./support/files";
import { asyncOptionCases, optionCases } from "./support/options";
import { bruteForce, plots, randomEmbeddings } from "./support/plots";

const MODEL = path.join(MODELS_DIR, "all-MiniLM-L6-v2");

test("the shipped model folder matches its SHA256SUMS", () => {
  const lines = fs.readFileSync(path.join(MODEL, "SHA256SUMS"), "utf8").trim().split("\n");
  assert.ok(lines.some((line) => line.endsWith("onnx/model_quantized.onnx")));
  for (const line of lines) {
    const [sum, name] = line.split(/\s+/);
    assert.equal(createHash("sha256").update(fs.readFileSync(path.join(MODEL, name))).digest("hex"), sum, `${name} changed: rerun npm run export-text-model`);
  }
});

test("splitPassages packs sentences and splits a sentence that alone is too long", () => {
  const words = (s: string) => s.split(/\s+/).filter(Boolean).length;
  assert.deepEqual(splitPassages("One two. Three four. Five.", words, 4).map((p) => p.text), ["One two. Three four.", "Five."]);
  assert.deepEqual(splitPassages("a b c d e f g.", words, 3).map((p) => [p.text, p.tokens]), [["a b c", 3], ["d e f", 3], ["g.", 1]]);
  assert.deepEqual(splitPassages("  ", words, 3), []);
});

test("mean pooling ignores padding and normalises", () => {
  // batch 1, 3 tokens (last one padding), dim 2
  const pooled = meanPoolNormalize([3, 0, 1, 4, 100, 100], [1, 1, 0], 1, 3, 2);
  const mean = [2, 2];
  assert.deepEqual(Array.from(pooled), mean.map((x) => Math.fround(x / Math.hypot(...mean))));
});

test("a missing model folder or file names the path and the rebuild command", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "models-"));
  const folder = path.join(dir, "all-MiniLM-L6-v2");
  await assert.rejects(TextEmbedder.load({ model: folder }), (e: Error) =>
    e instanceof DataFormatError && e.message.includes(folder) && e.message.includes("model folder not found") && e.message.includes("npm run export-text-model"));
  fs.mkdirSync(path.join(folder, "onnx"), { recursive: true });
  for (const name of ["config.json", "tokenizer.json", "tokenizer_config.json"]) fs.copyFileSync(path.join(MODEL, name), path.join(folder, name));
  await assert.rejects(TextEmbedder.load({ model: folder }), (e: Error) =>
    e.message.includes(path.join(folder, "onnx", "model_quantized.onnx")) && e.message.includes("file not found") && e.message.includes("npm run export-text-model"));
});

test("a corrupted model file names the file and the rebuild command", async () => {
  const folder = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "models-")), "all-MiniLM-L6-v2");
  fs.mkdirSync(path.join(folder, "onnx"), { recursive: true });
  for (const name of ["config.json", "tokenizer.json", "tokenizer_config.json"]) fs.copyFileSync(path.join(MODEL, name), path.join(folder, name));
  const onnx = path.join(folder, "onnx", "model_quantized.onnx");
  fs.writeFileSync(onnx, fs.readFileSync(path.join(MODEL, "onnx", "model_quantized.onnx")).subarray(0, 100_000));
  await assert.rejects(TextEmbedder.load({ model: folder }), (e: Error) =>
    e instanceof DataFormatError && e.message.startsWith(onnx) && /cannot load the ONNX model/.test(e.message) && e.message.includes("npm run export-text-model"));
  fs.writeFileSync(path.join(folder, "tokenizer.json"), '{"version": "1.0", "model": ');
  await assert.rejects(TextEmbedder.load({ model: folder }), (e: Error) =>
    e.message.startsWith(path.join(folder, "tokenizer.json")) && /not valid JSON/.test(e.message) && e.message.includes("npm run export-text-model"));
});

test("similar() ranks by cosine, dot and Euclidean exactly as a brute-force scan", () => {
  const embeddings = randomEmbeddings(300, 16, 3);
  const search = new PlotSearch(plots, embeddings);
  for (const metric of ["cosine", "dot", "euclidean"] as const) {
    for (const query of [0, 17, 299]) {
      const hits = search.similar(embeddings.movieIds[query], { topn: 10, metric });
      assert.deepEqual(hits.map((h) => h.movieId), bruteForce(embeddings, query, metric, 10), `${metric}, row ${query}`);
      const scores = hits.map((h) => h.similarity);
      assert.deepEqual(scores, [...scores].sort((a, b) => (metric === "euclidean" ? a - b : b - a)));
      assert.equal(hits[0].title, plots.get(hits[0].movieId).title);
    }
  }
});

test("plot embeddings given with the deprecated name dimension answer as with vectorSize; the two must agree", () => {
  const { movieIds, vectors } = randomEmbeddings(50, 8, 7);
  const current = new PlotSearch(plots, { movieIds, vectors, vectorSize: 8 });
  const old = new PlotSearch(plots, { movieIds, vectors, dimension: 8 });
  assert.equal(old.embeddings.vectorSize, 8);
  assert.equal(current.embeddings.dimension, 8, "the old name still reads");
  assert.deepEqual(old.similar(movieIds[3], { topn: 5 }), current.similar(movieIds[3], { topn: 5 }));
  const picked = selectRows({ movieIds, vectors, dimension: 8 }, [movieIds[4], movieIds[1]]);
  assert.deepEqual([picked.vectorSize, picked.dimension, [...picked.movieIds]], [8, 8, [movieIds[4], movieIds[1]]]);
  assert.deepEqual(picked.vectors, Float32Array.from([...vectors.subarray(4 * 8, 5 * 8), ...vectors.subarray(1 * 8, 2 * 8)]));
  assert.equal(plotKeyedVectors({ movieIds, vectors, dimension: 8 }).vectorSize, 8);
  assert.throws(() => new PlotSearch(plots, { movieIds, vectors, vectorSize: 8, dimension: 4 }), (e: unknown) => e instanceof OptionsError && e.message === "PlotSearch: dimension (4) is the old name of vectorSize (8); give vectorSize only");
  assert.throws(() => selectRows({ movieIds, vectors } as never, [movieIds[0]]), (e: unknown) => e instanceof OptionsError && e.message === "selectRows: plot embeddings need vectorSize, the length of each vector");
  assert.throws(() => selectRows({ movieIds, vectors, vectorSize: 8 }, [999999]), (e: unknown) => e instanceof UnknownKeyError && e.message === '"999999" is not a movieId of these plot embeddings');
});

test("plot embeddings whose movieIds.npy repeats an id, or whose vectors hold NaN, are refused", () => {
  const dir = tmp("plots");
  const options = { dir, model: "m" };
  const hint = "the output of `npm run build-plot-embeddings` (run it to rebuild)";
  writeNpy(path.join(dir, "m.truncate.npy"), Float32Array.of(1, 0, 0, 1, 1, 1), [3, 2]);
  writeNpy(path.join(dir, "m.truncate.movieIds.npy"), Int32Array.of(1, 2, 1));
  throwsData(() => loadPlotEmbeddings(options), path.join(dir, "m.truncate.movieIds.npy"), `: movieId 1 appears twice (rows 0 and 2); expected each movieId once: ${hint}`);
  writeNpy(path.join(dir, "m.truncate.movieIds.npy"), Int32Array.of(1, 2, 3));
  writeNpy(path.join(dir, "m.truncate.npy"), Float32Array.of(1, 0, NaN, 1, 1, 1), [3, 2]);
  throwsData(() => loadPlotEmbeddings(options), path.join(dir, "m.truncate.npy"), `: row 1 (movieId 2) holds NaN; expected finite numbers: ${hint}`);
  writeNpy(path.join(dir, "m.truncate.npy"), Float32Array.of(1, 0, 0, 1, 1, 1), [3, 2]);
  assert.deepEqual(Array.from(loadPlotEmbeddings(options).movieIds), [1, 2, 3]);
});

// Options: bad values refused with the function's name, the option and what was expected.
optionCases([
  ["plotEmbeddingFiles typo", () => plotEmbeddingFiles({ longText: "chunk" } as never), 'plotEmbeddingFiles: unknown option "longText"; did you mean "longTexts"?'],
]);

asyncOptionCases([
  ["TextEmbedder.load dtype", () => TextEmbedder.load({ dtype: "fp16" as "q8" }), 'TextEmbedder.load: dtype must be one of "q8", "fp32", got "fp16"'],
  ["TextEmbedder.load threads 0", () => TextEmbedder.load({ threads: 0 }), "TextEmbedder.load: threads must be a whole number ≥ 1, got 0"],
]);
