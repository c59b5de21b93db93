// The sentence encoder (the ONNX model loaded): agreement with sentence-transformers, chunking,
// batching, and the shipped plot embeddings against a re-encoded sample; PlotSearch's query options.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import {
  MODELS_DIR, OptionsError, PlotSearch, Random, TextEmbedder, bestPassageSimilarities, loadPlotEmbeddings, loadPlots, splitPassages,
} from "movie-embeddings/internal";

const reference = JSON.parse(fs.readFileSync(path.join(MODELS_DIR, "all-MiniLM-L6-v2.sentence-transformers.json"), "utf8")) as {
  sentences: string[];
  vectors: number[][];
};
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

test("options: PlotSearch queries check theirs", () => {
  const search = new PlotSearch(loadPlots(), loadPlotEmbeddings());
  assert.throws(() => search.similar(1, { topN: 5 } as never), { name: "OptionsError", message: 'PlotSearch: unknown option "topN"; did you mean "topn"?' });
  assert.throws(() => search.similar(1, { excerptChars: -1 }), { name: "OptionsError", message: "PlotSearch: excerptChars must be a whole number ≥ 0, got -1" });
});
