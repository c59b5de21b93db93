// Notebook 05's recipes (EvalRecipes): models trained in worker threads are bit for bit those
// trained in this thread, each trained once and shared; the settings file reader; evaluateMethods
// starting every run at once without changing a result.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { EvalRecipes, evaluate, evaluateMethods, leaveLastOut, loadMovieLens, readEvalSettings } from "movie-embeddings";
import type { Method } from "movie-embeddings";

const data = loadMovieLens("ml-latest-small");
const split = leaveLastOut(data);
const validation = split.validation();
const SETTINGS = path.join(__dirname, "..", "..", "notebooks", "settings", "05-validation.json");

/** Small but real recipes: a few epochs each, so the test stays quick. */
const ITEM2VEC = { model: { vectorSize: 16, window: 5, minCount: 1, epochs: 2 }, scoring: "output" as const, recency: 0.7 };
const CBOW = { model: { topMovies: 200, window: 1, vectorSize: 8, epochs: 2, minEpochs: 1, patience: 1, batchSize: 64 }, scoring: "output" as const };
const NCF = { model: { vectorSize: 8, epochs: 2 }, scoring: "rating" as const };

test("EvalRecipes: models trained in worker threads are bit for bit the ones trained in this thread", async () => {
  const here = new EvalRecipes(data, { threads: 1 });
  const pooled = new EvalRecipes(data, { threads: 2 });
  const [a, b] = [here, pooled].map((r) => Promise.all([r.item2vecModel(split, ITEM2VEC.model, 1), r.cbowSoftmaxModel(split, CBOW.model, 1), r.ncfModel(split, NCF.model, 1)]));
  const [[w1, c1, n1], [w2, c2, n2]] = await Promise.all([a, b]);
  assert.deepEqual(w2.wv.keys, w1.wv.keys);
  assert.deepEqual(w2.wv.vectors, w1.wv.vectors);
  assert.deepEqual(w2.syn1neg, w1.syn1neg);
  assert.deepEqual(c2.embedding, c1.embedding);
  assert.deepEqual(c2.outputLayer(5), c1.outputLayer(5));
  assert.deepEqual(c2.wv.keys, c1.wv.keys);
  for (const key of ["userEmbedding", "movieEmbedding", "userBias", "movieBias"] as const) assert.deepEqual(n2[key], n1[key], key);
  assert.equal(n2.epochsTrained, n1.epochsTrained);
  // and the scorers rank alike
  for (const recipe of [(r: EvalRecipes) => r.item2vec(ITEM2VEC), (r: EvalRecipes) => r.cbowSoftmax(CBOW), (r: EvalRecipes) => r.ncf(NCF)]) {
    const [x, y] = await Promise.all([recipe(here)(split, 1), recipe(pooled)(split, 1)]);
    assert.deepEqual(evaluate(split, y).ranks, evaluate(split, x).ranks);
  }
});

test("EvalRecipes trains a model once per split, settings and seed, and shares it", async () => {
  const trained: string[] = [];
  const recipes = new EvalRecipes(data, { threads: 1, onTrained: (what) => trained.push(what) });
  await recipes.item2vec(ITEM2VEC)(validation, 0);
  await recipes.item2vec({ ...ITEM2VEC, scoring: "cosine" })(validation, 0); // same model, scored another way
  await recipes.item2vec(ITEM2VEC)(validation, 1); // another seed
  await recipes.item2vec(ITEM2VEC)(split, 0); // another split
  assert.equal(trained.length, 3, trained.join("\n"));
  assert.match(trained[0], /^item2vec .*"seed":0/);
  assert.throws(() => new EvalRecipes(data, { thread: 2 } as never), /EvalRecipes: unknown option "thread"; did you mean "threads"\?/);
  assert.throws(() => recipes.item2vec({ ...ITEM2VEC, scoring: "softmax" as never }), /EvalRecipes.item2vec: scoring must be one of "cosine", "output"/);
});

test("readEvalSettings gives each chosen recipe its section's common options, and names what is missing", () => {
  const settings = readEvalSettings(SETTINGS);
  assert.equal(settings.dataset, "ml-latest-small");
  assert.deepEqual(settings.item2vec.bestOutput.model, { ...settings.item2vec.common, ...settings.item2vec.bestOutput.model });
  assert.equal(settings.item2vec.bestOutput.model.vectorSize, 64);
  assert.equal(settings.ncf.bestRating.scoring, "rating");
  assert.equal(settings.ncf.bestRating.recency, undefined); // null in the file: not a cosine query
  assert.equal(settings.cbow.bestOutput.model.validationShare, 0.1);
  const broken = path.join(mkdtempSync(path.join(tmpdir(), "settings-")), "05.json");
  const raw = JSON.parse(JSON.stringify(settings)) as Record<string, Record<string, unknown>>;
  delete raw.ncf.common;
  writeFileSync(broken, JSON.stringify(raw));
  assert.throws(() => readEvalSettings(broken), /05\.json: "ncf\.common" is missing; expected an object there \(rerun scripts\/choose-eval-settings\.mjs\)/);
});

test("evaluateMethods starts every run at once: same results as one run after another, failures reported", async () => {
  const recipes = new EvalRecipes(data, { threads: 2 });
  const methods: Method[] = [
    { name: "item2vec", kind: "embedding", seeds: [0, 1], factory: recipes.item2vec(ITEM2VEC) },
    { name: "NCF", kind: "embedding", seeds: [0], factory: recipes.ncf(NCF) },
  ];
  const results = await evaluateMethods(validation, methods);
  const oneByOne = new EvalRecipes(data, { threads: 1 });
  for (const [i, seed] of [0, 1].entries()) {
    assert.deepEqual(results[0].runs[i].ranks, evaluate(validation, await oneByOne.item2vec(ITEM2VEC)(validation, seed)).ranks);
  }
  assert.deepEqual(results[1].runs[0].ranks, evaluate(validation, await oneByOne.ncf(NCF)(validation, 0)).ranks);
  const failing: Method[] = [
    ...methods,
    { name: "broken", kind: "embedding", seeds: [0], factory: recipes.item2vec({ model: { ...ITEM2VEC.model, minCount: 1e9 } }) },
  ];
  await assert.rejects(evaluateMethods(validation, failing), /minCount/);
});
