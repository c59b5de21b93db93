// The leave-last-out evaluation: split, metrics, ranking and exclusion, scorers and baselines.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as path from "node:path";
import {
  Evaluation, KeyedVectors, blendScorer, chooseSetting, cooccurrenceScorer, evaluate, evaluateSeeds, hitRate,
  hitRateByTrainingCount, itemKnnScorer, leaveLastOut, loadMovieLens, meanReciprocalRank, meanStd, ndcg,
  RatingModel, onlyTrainingMovies, plotKeyedVectors, popularityScorer, ratingTriples, randomScorer, rankOf, ratingScorer, resultsTable, topKOfScores, trainCbowOnWatchlists,
  vectorScorer,
} from "movie-embeddings/internal";
import type { LeaveLastOutSplit, Scorer } from "movie-embeddings";

const toy = leaveLastOut(loadMovieLens(path.join(__dirname, "fixtures", "movielens-eval")));
const small = loadMovieLens("ml-latest-small");
const split = leaveLastOut(small);
const close = (actual: number, expected: number, tolerance = 1e-12) =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${actual} is not ${expected} ± ${tolerance}`);

test("metrics on a hand-computed example: misses count, NDCG uses the log2 discount", () => {
  const ranks = [1, 3, 12, 0];
  assert.equal(hitRate(ranks, 10), 0.5);
  assert.equal(hitRate(ranks, 20), 0.75);
  assert.equal(hitRate(ranks, 1), 0.25);
  close(ndcg(ranks, 10), (1 + 1 / Math.log2(4)) / 4);
  close(ndcg(ranks, 20), (1 + 1 / 2 + 1 / Math.log2(13)) / 4);
  close(meanReciprocalRank(ranks), (1 + 1 / 3 + 1 / 12) / 4);
  assert.throws(() => hitRate(ranks, 0), /k must be a whole number ≥ 1, got 0/);
  const { mean, std } = meanStd([0.1, 0.12, 0.11]);
  close(mean, 0.11);
  close(std, 0.01, 1e-12);
  assert.deepEqual(meanStd([0.3]), { mean: 0.3, std: 0 });
});

test("ranking: score descending, ties by lower row (= lower movieId), NaN rows are not candidates", () => {
  const scores = [0.2, 0.9, NaN, 0.9, 0.5];
  assert.deepEqual(topKOfScores(scores, 3).map((row) => row.index), [1, 3, 4]);
  assert.equal(rankOf(scores, 1), 1);
  assert.equal(rankOf(scores, 3), 2);
  assert.equal(rankOf(scores, 0), 4);
  assert.equal(rankOf(scores, 2), null);
  assert.equal(rankOf(scores, 0, { exclude: [1, 3] }), 2);
  assert.equal(rankOf([3, 1, 2], 1, { lowerIsBetter: true }), 1);
});

test("leaveLastOut holds out the latest rating (movieId breaks timestamp ties) and keeps the rest in order", () => {
  assert.deepEqual(Array.from(toy.catalogue), [1, 2, 3, 4, 5, 6]);
  assert.deepEqual(Array.from(toy.userIds), [1, 2, 3, 4, 6]);
  assert.deepEqual(Array.from(toy.targets), [4, 3, 5, 4, 2]);
  assert.deepEqual(toy.train.map((list) => Array.from(list)), [[1, 2, 3], [2, 1], [1, 2], [1], [4]]);
  assert.deepEqual(Array.from(toy.skippedUserIds), [5]);
  assert.equal(toy.lastTimestampTies, 1);
  assert.deepEqual(toy.sentences()[0], ["1", "2", "3"]);
  assert.deepEqual(Array.from(toy.trainingCounts()), [4, 3, 1, 1, 0, 0]);
  assert.equal(toy.unseenTargets, 1);

  const validation = toy.validation();
  assert.deepEqual(Array.from(validation.userIds), [1, 2, 3]);
  assert.deepEqual(Array.from(validation.targets), [3, 1, 2]);
  assert.deepEqual(validation.train.map((list) => Array.from(list)), [[1, 2], [2], [1]]);
  assert.deepEqual(Array.from(validation.skippedUserIds), [5, 4, 6]);
  assert.equal(validation.lastTimestampTies, null);
});

test("on ml-latest-small every target is the user's latest rating and nothing of it is in training", () => {
  const { userId, movieId, timestamp } = small.ratingColumns;
  const rows = new Map<number, number[]>();
  for (let i = 0; i < userId.length; i++) (rows.get(userId[i]) ?? rows.set(userId[i], []).get(userId[i])!).push(i);
  split.userIds.forEach((user, u) => {
    const mine = rows.get(user)!;
    const latest = mine.reduce((best, i) => (timestamp[i] > timestamp[best] || (timestamp[i] === timestamp[best] && movieId[i] > movieId[best]) ? i : best));
    assert.equal(split.targets[u], movieId[latest], `user ${user}`);
    assert.equal(split.train[u].length, mine.length - 1);
    assert.ok(!split.train[u].includes(split.targets[u]), `user ${user}'s target is in training`);
    for (let i = 1; i < split.train[u].length; i++) {
      const [a, b] = [split.train[u][i - 1], split.train[u][i]];
      const time = (m: number) => timestamp[mine.find((row) => movieId[row] === m)!];
      assert.ok(time(a) < time(b) || (time(a) === time(b) && a < b), `user ${user}: ${a} before ${b}`);
    }
  });
});

test("split checksums on ml-latest-small match the reference figures", () => {
  assert.equal(split.users, 610);
  assert.equal(split.trainingTokens, 100226);
  assert.equal(split.trainingMovies, 9701);
  assert.equal(split.targets.reduce((sum, id) => sum + id, 0), 15518668);
  assert.deepEqual(Array.from(split.targets.subarray(0, 5)), [2492, 80489, 2424, 4246, 474]);
  assert.deepEqual(Array.from(split.userIds.subarray(0, 5)), [1, 2, 3, 4, 5]);
  assert.equal(split.unseenTargets, 23);
  assert.equal(split.lastTimestampTies, 94);
  assert.equal(split.skippedUserIds.length, 0);
  const validation = split.validation();
  assert.equal(validation.users, 610);
  assert.equal(validation.trainingTokens, 100226 - 610);
});

test("the popularity baseline on a toy dataset: hand-computed ranks, an unseen target is a miss", () => {
  const result = evaluate(toy, popularityScorer(toy));
  // Popularity order 1 (4), 2 (3), 3 (1), 4 (1; after 3 by movieId); movies 5 and 6 unscorable.
  assert.deepEqual(Array.from(result.ranks), [1, 1, 0, 3, 2]);
  assert.equal(result.hitRate(10), 0.8);
  assert.equal(result.hitRate(1), 0.4);
  close(result.ndcg(10), (1 + 1 + 1 / 2 + 1 / Math.log2(3)) / 5);
  close(result.mrr, (1 + 1 + 1 / 3 + 1 / 2) / 5);
});

test("movies of the user's training watchlist are never candidates", () => {
  // Scores the watched movies highest: without exclusion every target would rank below them.
  const watchedFirst: Scorer = {
    name: "watched first",
    scoreUser: ({ movieIds }) => Float64Array.from(toy.catalogue, (id) => (movieIds.includes(id) ? 100 : -id)),
  };
  // u1 candidates 4,5,6 → target 4 first; u2: 3,4,5,6 → 3 first; u3: 3,4,5,6 → 5 third; u4: 2..6 → 4 third; u6: 1,2,3,5,6 → 2 second.
  assert.deepEqual(Array.from(evaluate(toy, watchedFirst).ranks), [1, 1, 3, 3, 2]);
  const wrongLength: Scorer = { name: "short", scoreUser: () => new Float64Array(2) };
  assert.throws(() => evaluate(toy, wrongLength), /short returned 2 scores for a catalogue of 6 movies/);
});

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

test("item-kNN and co-occurrence scores on the toy dataset, by hand", () => {
  // Binary matrix: users of movie 1 {u1,u2,u3,u4}, 2 {u1,u2,u3}, 3 {u1}, 4 {u6}.
  const knn = itemKnnScorer(toy, { lastN: 1, shrinkage: 1 });
  const scores = knn.scoreUser({ userId: 4, movieIds: Int32Array.of(1) });
  close(scores[0], 4 / (4 + 1));
  close(scores[1], 3 / (2 * Math.sqrt(3) + 1));
  close(scores[2], 1 / (2 * 1 + 1));
  assert.equal(scores[3], 0);
  assert.ok(Number.isNaN(scores[4]) && Number.isNaN(scores[5]));
  // Followers within 1 position: 1→2 (u1, u3), 2→3 (u1), 2→1 (u2).
  const next = cooccurrenceScorer(toy, { window: 1, lastN: 2 }).scoreUser({ userId: 9, movieIds: Int32Array.of(1, 2) });
  assert.deepEqual(Array.from(next.subarray(0, 4)), [1, 2, 1, 0]);
  const wide = cooccurrenceScorer(toy, { window: 2, lastN: 1 }).scoreUser({ userId: 9, movieIds: Int32Array.of(1) });
  assert.deepEqual(Array.from(wide.subarray(0, 4)), [0, 2, 1, 0]);
  assert.throws(() => cooccurrenceScorer(toy, { window: 0 }), /window must be a whole number ≥ 1, got 0/);
});

test("vectorScorer: cosine with the mean of the last queryLength movies that have vectors", () => {
  const wv = KeyedVectors.fromEntries([
    ["1", [1, 0]],
    ["2", [0, 2]],
    ["3", [1, 1]],
    ["4", [-1, 0]],
  ]);
  // Watchlist 1, 5, 2: movie 5 has no vector, so the last two with vectors are 2 and 1.
  const scorer = vectorScorer(wv, toy, { queryLength: 2 });
  const scores = scorer.scoreUser({ userId: 1, movieIds: Int32Array.of(1, 5, 2) });
  close(scores[2], 1); // movie 3 lies along the mean of (1,0) and (0,1)
  close(scores[3], -Math.SQRT1_2);
  assert.ok(Number.isNaN(scores[4]) && Number.isNaN(scores[5]));
  const latestOnly = vectorScorer(wv, toy, { queryLength: 1 }).scoreUser({ userId: 1, movieIds: Int32Array.of(1, 2) });
  close(latestOnly[0], 0);
  const recent = vectorScorer(wv, toy, { queryLength: 2, recency: 0.5 }).scoreUser({ userId: 1, movieIds: Int32Array.of(1, 2) });
  close(recent[0], 0.5 / Math.hypot(0.5, 1));
  assert.ok(vectorScorer(wv, toy).scoreUser({ userId: 1, movieIds: Int32Array.of(5) }).every(Number.isNaN));
  // The output layer: raw input vectors averaged (weights 1 and 0.5), dotted with output rows, plus bias.
  const output = { vectors: Float32Array.of(1, 0, 0, 1, 1, 1, 2, 0), bias: [0, 0, 0.5, 0] };
  const next = vectorScorer(wv, toy, { queryLength: 2, recency: 0.5, output }).scoreUser({ userId: 1, movieIds: Int32Array.of(1, 2) });
  // query = (1·(0,2) + 0.5·(1,0)) / 1.5 = (1/3, 4/3)
  close(next[0], 1 / 3, 1e-6);
  close(next[1], 4 / 3, 1e-6);
  close(next[2], 5 / 3 + 0.5, 1e-6);
  close(next[3], 2 / 3, 1e-6);
  assert.throws(() => vectorScorer(wv, toy, { output: { vectors: new Float32Array(3) } }), /output layer must have 4 rows of 2/);
  const titles = KeyedVectors.fromEntries([["Toy Story (1995)", [1, 0]]]);
  assert.throws(() => vectorScorer(titles, toy), /"Toy Story \(1995\)" is not a movieId of the evaluation catalogue/);
  const unknown = KeyedVectors.fromEntries([["99", [1, 0]]]);
  assert.throws(() => vectorScorer(unknown, toy), /"99" is not a movieId/);
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

test("evaluateSeeds, chooseSetting, resultsTable and the cold-start view", async () => {
  const seeded = await evaluateSeeds(toy, (s: LeaveLastOutSplit, seed: number) => randomScorer(s, seed), [0, 1, 2]);
  assert.equal(seeded.runs.length, 3);
  assert.deepEqual(seeded.seeds, [0, 1, 2]);
  const hits = seeded.runs.map((run) => run.hitRate(1));
  close(seeded.stat("HitRate@10").mean, seeded.runs.reduce((s, r) => s + r.hitRate(10), 0) / 3);
  assert.equal(seeded.stat("HitRate@10").std >= 0, true);
  assert.equal(hits.length, 3);

  const choice = await chooseSetting(split.validation(), [1, 10].map((window) => ({
    setting: { window },
    factory: (s: LeaveLastOutSplit) => cooccurrenceScorer(s, { window }),
  })));
  assert.equal(choice.table.length, 2);
  const best = choice.table.reduce((a, b) => (b["HitRate@10"] > a["HitRate@10"] ? b : a));
  assert.deepEqual(choice.best, { window: best.window });

  const popularity = evaluate(toy, popularityScorer(toy));
  const rows = resultsTable([popularity, seeded]);
  assert.equal(rows[0]["HitRate@10"], "0.800");
  assert.match(rows[1]["HitRate@10"], /^\d\.\d{3} ± \d\.\d{3}$/);

  // Target training counts: u1 → 4 (1), u2 → 3 (1), u3 → 5 (0), u4 → 4 (1), u6 → 2 (3).
  const buckets = hitRateByTrainingCount(toy, [popularity], { edges: [0, 1, 2], k: 1 });
  assert.deepEqual(buckets.map((row) => [row["training ratings"], row.users, row.popularity]), [
    ["0", 1, 0],
    ["1", 3, 2 / 3],
    ["2+", 1, 0],
  ]);
  assert.throws(() => hitRateByTrainingCount(split, [popularity]), /evaluated on another split/);
  assert.ok(new Evaluation("x", Int32Array.of(1)).hitRate() === 1);
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

test("plot embeddings become movieId-keyed vectors: movies without a plot are not candidates", () => {
  const plots = plotKeyedVectors({ movieIds: Int32Array.of(1, 2, 3), vectors: Float32Array.of(1, 0, 0.6, 0.8, 0, 1), vectorSize: 2 });
  assert.deepEqual(plots.keys, ["1", "2", "3"]);
  const scores = vectorScorer(plots, toy, { name: "plots" }).scoreUser({ userId: 4, movieIds: Int32Array.of(1) });
  assert.deepEqual(Array.from(scores.subarray(3)).map(Number.isNaN), [true, true, true]);
  close(scores[0], 1, 1e-6);
  close(scores[1], 0.6, 1e-6);
  close(scores[2], 0, 1e-6);
});

test("rating models train on the training watchlists' ratings only; unrated and untrained movies are not candidates", async () => {
  const toyData = loadMovieLens(path.join(__dirname, "fixtures", "movielens-eval"));
  assert.equal(toy.inTraining(1, 3), true);
  assert.equal(toy.inTraining(1, 4), false); // user 1's target
  assert.equal(toy.inTraining(5, 1), false); // a skipped user
  assert.equal(toy.inTraining(1, 999), false);
  const train = ratingTriples(toyData).filter((userId, movieId) => toy.inTraining(userId, movieId));
  const pairs = Array.from(train.user, (u, i) => `${train.userIds[u]}:${train.movieIds[train.movie[i]]}`).sort();
  const expected = toy.train.flatMap((list, u) => Array.from(list, (movieId) => `${toy.userIds[u]}:${movieId}`)).sort();
  assert.deepEqual(pairs, expected);

  const model = await RatingModel.train(train, { vectorSize: 2, epochs: 1, seed: 0 });
  const predicted = model.predictForUser(1, [1, 999, 2]);
  close(predicted[0], model.predict([1], [1])[0], 1e-6);
  assert.ok(Number.isNaN(predicted[1]));
  close(predicted[2], model.predict([1], [2])[0], 1e-6);
  assert.throws(() => model.predictForUser(999, [1]), /999/);

  const everything: Scorer = { name: "every movie", scoreUser: () => new Float64Array(toy.catalogue.length).fill(1) };
  const restricted = onlyTrainingMovies(toy, everything).scoreUser({ userId: 1, movieIds: toy.train[0] });
  assert.deepEqual(Array.from(restricted, Number.isNaN), [false, false, false, false, true, true]); // movies 5 and 6 are in no training watchlist
});
