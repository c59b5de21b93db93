// The sentence encoder: agreement with sentence-transformers, chunking, batching, clear errors
// for a missing or corrupted model, and the shipped plot embeddings against a re-encoded sample.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  DataFormatError, MODELS_DIR, OptionsError, Random, TextEmbedder, bestPassageSimilarities, loadPlotEmbeddings, loadPlots, meanPoolNormalize, splitPassages,
} from "movie-embeddings/internal";

const reference = JSON.parse(fs.readFileSync(path.join(MODELS_DIR, "all-MiniLM-L6-v2.sentence-transformers.json"), "utf8")) as {
  sentences: string[];
  vectors: number[][];
};
const MODEL = path.join(MODELS_DIR, "all-MiniLM-L6-v2");
const embedderPromise = TextEmbedder.load({ threads: 1 });

function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return dot / Math.sqrt(na * nb);
}
const row = (m: Float32Array, i: number, dim: number) => m.subarray(i * dim, (i + 1) * dim);

test("the shipped model folder matches its SHA256SUMS", () => {
  const lines = fs.readFileSync(path.join(MODEL, "SHA256SUMS"), "utf8").trim().split("\n");
  assert.ok(lines.some((line) => line.endsWith("onnx/model_quantized.onnx")));
  for (const line of lines) {
    const [sum, name] = line.split(/\s+/);
    assert.equal(createHash("sha256").update(fs.readFileSync(path.join(MODEL, name))).digest("hex"), sum, `${name} changed: rerun npm run export-text-model`);
  }
});

test("the encoder matches sentence-transformers' vectors for fixed sentences (cosine ≥ 0.99)", async () => {
  const embedder = await embedderPromise;
  assert.equal(embedder.vectorSize, 384);
  assert.equal(embedder.dimension, 384, "the deprecated old name still reads");
  assert.equal(embedder.maxLength, 256);
  const vectors = await embedder.embed(reference.sentences, { batchSize: 4 });
  assert.equal(vectors.length, reference.sentences.length * 384);
  reference.vectors.forEach((expected, i) => {
    const ours = row(vectors, i, 384);
    const norm = Math.hypot(...ours);
    assert.ok(Math.abs(norm - 1) < 1e-5, `sentence ${i} is a unit vector (norm ${norm})`);
    const c = cosine(ours, expected);
    assert.ok(c >= 0.99, `sentence ${i} ${JSON.stringify(reference.sentences[i].slice(0, 40))}: cosine ${c.toFixed(4)}`);
  });
  // Unrelated sentences stay apart: the check above is not passed by any vector.
  assert.ok(cosine(row(vectors, 0, 384), reference.vectors[3]) < 0.5);
});

test("a text's vector barely depends on its batch (padding is masked)", async () => {
  // Dynamic int8 quantisation scales activations per batch, so batch-mates move a vector a
  // little (measured: cosine 0.991–0.998); unmasked padding would move it far more.
  const embedder = await embedderPromise;
  const together = await embedder.embed(reference.sentences, { batchSize: 8 });
  for (let i = 0; i < reference.sentences.length; i++) {
    const alone = await embedder.embed(reference.sentences[i]);
    assert.ok(cosine(alone, row(together, i, 384)) > 0.985, `sentence ${i}`);
  }
});

test("chunking covers the whole of a long text; a short text is one passage either way", async () => {
  const embedder = await embedderPromise;
  const long = reference.sentences[5];
  assert.ok(embedder.countTokens(long) > 254);
  const passages = splitPassages(long, (s) => embedder.countTokens(s), 254);
  assert.ok(passages.length >= 2);
  assert.ok(passages.every((p) => p.tokens <= 254 && p.tokens === embedder.countTokens(p.text)));
  assert.equal(passages.map((p) => p.text).join(" ").replace(/\s+/g, " "), long.replace(/\s+/g, " "));
  const [truncated, chunked] = [await embedder.embed(long), await embedder.embed(long, { longTexts: "chunk" })];
  assert.ok(cosine(truncated, chunked) < 0.999, "chunking sees the text past the first 256 tokens");
  const short = reference.sentences[0];
  assert.ok(cosine(await embedder.embed(short), await embedder.embed(short, { longTexts: "chunk" })) > 0.9999);
});

test("best passage pair: a match at the end of a long query counts, which truncation never sees", async () => {
  const embedder = await embedderPromise;
  const query = `${reference.sentences[5]}\nA family of toys comes to life whenever the boy who owns them leaves the room.`;
  const passages = splitPassages(query, (s) => embedder.countTokens(s), 254);
  assert.ok(passages.length >= 2 && passages.at(-1)!.text.includes("family of toys"));
  const candidates = ["Toys come alive when their young owner is away, and hide when he comes back.", reference.sentences[0]];
  const scores = await bestPassageSimilarities(embedder, query, candidates);
  const dim = embedder.vectorSize;
  const all = await embedder.embed([...passages.map((p) => p.text), ...candidates]);
  candidates.forEach((_, c) => {
    const best = Math.max(...passages.map((_, i) => cosine(row(all, i, dim), row(all, passages.length + c, dim))));
    assert.ok(Math.abs(scores[c] - best) < 0.01, `candidate ${c}: ${scores[c]} vs the best of its pairs ${best}`);
  });
  const truncated = cosine(await embedder.embed(query), row(all, passages.length, dim));
  assert.ok(scores[0] > truncated + 0.1, `best pair ${scores[0]} vs the truncated query ${truncated}`);
  await assert.rejects(bestPassageSimilarities(embedder, query, [""]), (e: Error) => e instanceof OptionsError && /candidate 0 is empty/.test(e.message));
  await assert.rejects(bestPassageSimilarities(embedder, query, candidates, { batch: 4 } as never), OptionsError);
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

test("empty texts and bad options are refused", async () => {
  const embedder = await embedderPromise;
  await assert.rejects(embedder.embed(["a plot", "  "]), /text 1 is empty/);
  await assert.rejects(embedder.embed(["a plot"], { batchSize: 0 }), /embed: batchSize must be a whole number ≥ 1, got 0/);
});

for (const longTexts of ["truncate", "chunk"] as const) {
  test(`the shipped ${longTexts} plot embeddings match a re-encoded sample`, async () => {
    const embedder = await embedderPromise;
    const plots = loadPlots();
    const shipped = loadPlotEmbeddings({ longTexts });
    assert.equal(shipped.vectorSize, 384);
    assert.equal(shipped.vectors.length, shipped.movieIds.length * 384);
    if (longTexts === "truncate") assert.deepEqual(shipped.movieIds, plots.movieIds, "every plot, in plots.csv order");
    else assert.equal(shipped.movieIds.length, 500);
    const random = new Random(7);
    const sample = Array.from({ length: longTexts === "truncate" ? 6 : 3 }, () => random.int(shipped.movieIds.length));
    const fresh = await embedder.embed(sample.map((r) => plots.get(shipped.movieIds[r]).plot), { longTexts });
    sample.forEach((r, i) => {
      // The same text in other batch-mates: cosine ≈ 0.995 (see above); a change of model, mode
      // or token window moves it below 0.99. And the closest shipped row must be the movie's own.
      const mine = row(fresh, i, 384);
      const c = cosine(mine, row(shipped.vectors, r, 384));
      assert.ok(c > 0.99, `movieId ${shipped.movieIds[r]}: cosine ${c.toFixed(5)}; rebuild with npm run build-plot-embeddings`);
      for (let other = 0; other < shipped.movieIds.length; other++) {
        if (other !== r && cosine(mine, row(shipped.vectors, other, 384)) >= c) assert.fail(`movieId ${shipped.movieIds[r]} is closer to row ${other} than to its own row`);
      }
    });
  });
}
