// The evaluation on all of ml-latest-small: the reference baselines and the rating, blend and
// random scorers on the real split, CBOW-softmax trained on its watchlists; and notebook 05's
// recipes (EvalRecipes): models trained in worker threads are bit for bit those trained in this
// thread, each trained once and shared; evaluateMethods starting every run at once without
// changing a result.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as path from "node:path";
import {
  EvalRecipes, blendScorer, cooccurrenceScorer, evaluate, evaluateMethods, itemKnnScorer, leaveLastOut, loadMovieLens, popularityScorer,
  randomScorer, ratingScorer, trainCbowOnWatchlists, vectorScorer,
} from "movie-embeddings/internal";
import type { Method } from "movie-embeddings";

const data = loadMovieLens("ml-latest-small");
const split = leaveLastOut(data);
const validation = split.validation();
const toy = leaveLastOut(loadMovieLens(path.join(__dirname, "..", "fixtures", "movielens-eval")));
const close = (actual: number, expected: number, tolerance = 1e-12) =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${actual} is not ${expected} ± ${tolerance}`);

/** Small but real recipes: a few epochs each, so the test stays quick. */
const ITEM2VEC = { model: { vectorSize: 16, window: 5, minCount: 1, epochs: 2 }, scoring: "output" as const, recency: 0.7 };
const CBOW = { model: { topMovies: 200, window: 1, vectorSize: 8, epochs: 2, minEpochs: 1, patience: 1, batchSize: 64 }, scoring: "output" as const };
const NCF = { model: { vectorSize: 8, epochs: 2 }, scoring: "rating" as const };

test("reference baselines on ml-latest-small: popularity exactly, item-kNN and co-occurrence within rounding", () => {
  const popularity = evaluate(split, popularityScorer(split));
  assert.equal(popularity.hitRate(10).toFixed(4), "0.0426");
  assert.equal(popularity.ndcg(10).toFixed(4), "0.0194");
  const cooccurrence = evaluate(split, cooccurrenceScorer(split, { window: 10, lastN: 5 }));
  assert.equal(cooccurrence.hitRate(10).toFixed(3), "0.121");
  assert.equal(cooccurrence.ndcg(10).toFixed(3), "0.071");
  const knn = evaluate(split, itemKnnScorer(split, { lastN: 5, shrinkage: 10 }));
  assert.equal(knn.hitRate(10).toFixed(3), "0.110");
  assert.equal(knn.ndcg(10).toFixed(3), "0.056");
});

test("ratingScorer, blendScorer and randomScorer plug into the same evaluation", () => {
  const byId = ratingScorer(toy, (_user, ids) => Float64Array.from(ids, (id) => id), "highest id");
  assert.deepEqual(Array.from(evaluate(toy, byId).ranks), [3, 4, 2, 3, 4]);
  assert.throws(() => evaluate(toy, ratingScorer(toy, () => [1])), /predict returned 1 ratings for 6 movies/);
  // Each part is z-scored over the movies it can score; a part that cannot score a movie adds 0.
  const fewer = ratingScorer(toy, (_user, ids) => Float64Array.from(ids, (id) => (id === 6 ? NaN : 7 - id)), "fewer");
  const blended = blendScorer("blend", [
    { scorer: byId, weight: 1 },
    { scorer: fewer, weight: 2 },
  ]).scoreUser({ userId: 1, movieIds: new Int32Array(0) });
  const zById = (id: number) => (id - 3.5) / Math.sqrt(17.5 / 6);
  const zFewer = (id: number) => (3 - id) / Math.SQRT2;
  for (let id = 1; id <= 5; id++) close(blended[id - 1], zById(id) + 2 * zFewer(id), 1e-12);
  close(blended[5], zById(6), 1e-12);
  const a = evaluate(split, randomScorer(split, 7));
  const b = evaluate(split, randomScorer(split, 7));
  assert.deepEqual(a.ranks, b.ranks);
  assert.notDeepEqual(evaluate(split, randomScorer(split, 8)).ranks, a.ranks);
});

test("CBOW-softmax on training watchlists: a top-N vocabulary, other movies unscorable, its output layer gives the model's own softmax", async () => {
  const run = await trainCbowOnWatchlists(split.sentences(), { topMovies: 40, vectorSize: 8, window: 2, epochs: 2, minEpochs: 1, seed: 3 });
  const model = run.model;
  const counts = split.trainingCounts();
  const countOf = (key: string) => counts[split.rowOf(Number(key))];
  const kept = new Set(model.index.keys);
  assert.equal(kept.size, 40);
  const leastKept = Math.min(...model.index.keys.map(countOf));
  const mostDropped = Math.max(...Array.from(split.catalogue).filter((id) => !kept.has(String(id))).map((id) => counts[split.rowOf(id)]));
  assert.ok(leastKept >= mostDropped, `a kept movie has ${leastKept} training ratings, a dropped one ${mostDropped}`);

  // The output layer over the last 2W vocabulary movies is the model's forward pass with them as context.
  const history = { userId: split.userIds[0], movieIds: split.train[0] };
  const context = Array.from(history.movieIds, String).filter((key) => kept.has(key)).slice(-4);
  const scores = vectorScorer(model.wv, split, { queryLength: 4, output: model.outputLayer() }).scoreUser(history);
  const finite = Array.from(scores).filter((s) => !Number.isNaN(s));
  assert.equal(finite.length, 40); // the rest of the catalogue has no vector: a miss as a target
  const max = Math.max(...finite);
  const total = finite.reduce((sum, s) => sum + Math.exp(s - max), 0);
  for (const { key, probability } of model.predictMiddle(context, 5)) {
    close(Math.exp(scores[split.rowOf(Number(key))] - max) / total, probability, 1e-5);
  }

  const again = await trainCbowOnWatchlists(split.sentences(), { topMovies: 40, vectorSize: 8, window: 2, epochs: 2, minEpochs: 1, seed: 3 });
  assert.deepEqual(again.model.embedding, model.embedding);
  await assert.rejects(trainCbowOnWatchlists(split.sentences(), { topMovies: 0 }), /topMovies must be a whole number ≥ 1, got 0/);
  await assert.rejects(trainCbowOnWatchlists(split.sentences(), { validationShare: 1 }), /validationShare must be a finite number > 0 and < 1, got 1/);
});

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
