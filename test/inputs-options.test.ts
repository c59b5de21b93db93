// Every exported function and class that takes an options object, given the options an
// adversarial (or hurried) user types: a typo, NaN, Infinity, a wrong type, a value out of range.
// Each is refused with the function's name, the option and what was expected: never ignored.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  Adam,
  BiasBaseline,
  EarlyStopping,
  KeyedVectors,
  OptionsError,
  PlotSearch,
  RatingModel,
  TextEmbedder,
  Word2Vec,
  buildWatchlists,
  cooccurrenceScorer,
  downloadMovieLens,
  extractZip,
  hitRateByTrainingCount,
  itemKnnScorer,
  leaveLastOut,
  loadMovieLens,
  loadPlotEmbeddings,
  loadPlots,
  loadWord2VecFormat,
  plotEmbeddingFiles,
  rankOf,
  ratingTriples,
  readCsv,
  saveProjectorTsv,
  saveWord2VecFormat,
  topK,
  topKOfScores,
  trainCbow,
  trainCbowOnWatchlists,
  trainTestSplit,
  vectorScorer,
  writeNpy,
} from "movie-embeddings/internal";

const TINY = path.join(__dirname, "fixtures", "movielens-tiny");
const data = loadMovieLens(TINY);
const triples = ratingTriples(data);
const split = leaveLastOut(loadMovieLens(path.join(__dirname, "fixtures", "movielens-eval")));
const wv = KeyedVectors.fromEntries([["1", [1, 0]], ["2", [0, 1]], ["3", [1, 1]]]);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "inputs-options-"));
const lists = [["a", "b", "c", "d"], ["b", "c", "d", "a"], ["c", "d", "a", "b"]];

/** [what is called, the exact message] — synchronous calls. */
const cases: [string, () => unknown, string][] = [
  ["RatingModel epoch typo", () => new RatingModel(triples, { epoch: 50 } as never), 'RatingModel: unknown option "epoch"; did you mean "epochs"?'],
  ["RatingModel l2 Infinity", () => new RatingModel(triples, { l2: Infinity }), "RatingModel: l2 must be a finite number ≥ 0, got Infinity"],
  ["RatingModel learningRate NaN", () => new RatingModel(triples, { learningRate: NaN }), "RatingModel: learningRate must be a finite number > 0, got NaN"],
  ["RatingModel options null", () => new RatingModel(triples, null as never), "RatingModel: options must be an object, got null"],
  ["ratingTriples typo", () => ratingTriples(data, { minRatingPerMovie: 1000 } as never), 'ratingTriples: unknown option "minRatingPerMovie"; did you mean "minRatingsPerMovie"?'],
  ["ratingTriples fraction", () => ratingTriples(data, { minRatingsPerMovie: 1.5 }), "ratingTriples: minRatingsPerMovie must be a whole number ≥ 1, got 1.5"],
  ["BiasBaseline NaN", () => new BiasBaseline(triples, { userRegularization: NaN }), "BiasBaseline: userRegularization must be a finite number ≥ 0, got NaN"],
  ["Adam beta1 1", () => new Adam([new Float32Array(1)], { beta1: 1 }), "Adam: beta1 must be a finite number ≥ 0 and < 1, got 1"],
  ["Adam lr typo", () => new Adam([new Float32Array(1)], { learningrate: 0.1 } as never), 'Adam: unknown option "learningrate"; did you mean "learningRate"?'],
  ["EarlyStopping minDelta NaN", () => new EarlyStopping({ minDelta: NaN }), "EarlyStopping: minDelta must be a finite number ≥ 0, got NaN"],
  ["EarlyStopping mode", () => new EarlyStopping({ mode: "minimum" as "min" }), 'EarlyStopping: mode must be one of "min", "max", got "minimum"'],
  ["buildWatchlists minRating NaN", () => buildWatchlists(data, { minRating: NaN }), "buildWatchlists: minRating must be a finite number (or null), got NaN"],
  ["buildWatchlists order typo", () => buildWatchlists(data, { ordr: "timestamp" } as never), 'buildWatchlists: unknown option "ordr"; did you mean "order"?'],
  ["trainTestSplit gensim-style name", () => trainTestSplit([1, 2, 3], { test_size: 0.5 } as never), 'trainTestSplit: unknown option "test_size"; did you mean "testSize"?'],
  ["trainTestSplit seed NaN", () => trainTestSplit([1, 2, 3], { seed: NaN }), "trainTestSplit: seed must be a whole number, got NaN"],
  ["readCsv delimiter typo", () => readCsv(path.join(TINY, "movies.csv"), [], { delimeter: ";" } as never), 'readCsv: unknown option "delimeter"; did you mean "delimiter"?'],
  ["readCsv encoding", () => readCsv(path.join(TINY, "movies.csv"), [], { encoding: "utf16" as "utf8" }), 'readCsv: encoding must be one of "utf8", "latin1", got "utf16"'],
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
  ["plotEmbeddingFiles typo", () => plotEmbeddingFiles({ longText: "chunk" } as never), 'plotEmbeddingFiles: unknown option "longText"; did you mean "longTexts"?'],
  ["vectorScorer typo", () => vectorScorer(wv, split, { queryLen: 3 } as never), 'vectorScorer: unknown option "queryLen"; did you mean "queryLength"?'],
  ["vectorScorer recency 0", () => vectorScorer(wv, split, { recency: 0 }), "vectorScorer: recency must be a finite number > 0 and ≤ 1, got 0"],
  ["itemKnnScorer shrinkage -1", () => itemKnnScorer(split, { shrinkage: -1 }), "itemKnnScorer: shrinkage must be a finite number ≥ 0, got -1"],
  ["cooccurrenceScorer window Infinity", () => cooccurrenceScorer(split, { window: Infinity }), "cooccurrenceScorer: window must be a whole number ≥ 1, got Infinity"],
  ["hitRateByTrainingCount k 0", () => hitRateByTrainingCount(split, [], { k: 0 }), "hitRateByTrainingCount: k must be a whole number ≥ 1, got 0"],
];

for (const [what, run, message] of cases) {
  test(`options: ${what}`, () => {
    assert.throws(run, (error: unknown) => {
      assert.ok(error instanceof OptionsError, `expected an OptionsError, got ${error}`);
      assert.equal(error.message, message);
      return true;
    });
  });
}

/** The same for functions that return a promise. */
const asyncCases: [string, () => Promise<unknown>, string][] = [
  ["RatingModel.train epoch typo", () => RatingModel.train(triples, { epoch: 50 } as never), 'RatingModel: unknown option "epoch"; did you mean "epochs"?'],
  ["trainCbow minDelta NaN", () => trainCbow(lists, lists, { minDelta: NaN }), "trainCbow: minDelta must be a finite number ≥ 0, got NaN"],
  ["trainCbow restoreBest number", () => trainCbow(lists, lists, { restoreBest: 1 as never }), "trainCbow: restoreBest must be true or false, got 1"],
  ["trainCbowOnWatchlists typo", () => trainCbowOnWatchlists(lists, { topMovie: 5 } as never), 'trainCbowOnWatchlists: unknown option "topMovie"; did you mean "topMovies"?'],
  ["Word2Vec alpha Infinity", () => Word2Vec.train(lists, { alpha: Infinity }), "Word2Vec: alpha must be a finite number > 0, got Infinity"],
  ["TextEmbedder.load dtype", () => TextEmbedder.load({ dtype: "fp16" as "q8" }), 'TextEmbedder.load: dtype must be one of "q8", "fp32", got "fp16"'],
  ["TextEmbedder.load threads 0", () => TextEmbedder.load({ threads: 0 }), "TextEmbedder.load: threads must be a whole number ≥ 1, got 0"],
  ["downloadMovieLens timeout typo", () => downloadMovieLens("ml-1m", { timeout: 5 } as never), 'downloadMovieLens: unknown option "timeout"; did you mean "timeoutMs"?'],
  ["downloadMovieLens deadlineMs NaN", () => downloadMovieLens("ml-1m", { deadlineMs: NaN }), "downloadMovieLens: deadlineMs must be a finite number > 0, got NaN"],
  ["extractZip maxRatio NaN", () => extractZip(path.join(dir, "none.zip"), path.join(dir, "out"), { maxRatio: NaN }), "extractZip: maxRatio must be a finite number > 0, got NaN"],
];

for (const [what, run, message] of asyncCases) {
  test(`options: ${what}`, async () => {
    await assert.rejects(run, (error: unknown) => {
      assert.ok(error instanceof OptionsError, `expected an OptionsError, got ${error}`);
      assert.equal(error.message, message);
      return true;
    });
  });
}

test("options: trainCbowOnWatchlists builds its own vocabulary, so index is not one of its options", async () => {
  await assert.rejects(trainCbowOnWatchlists(lists, { index: {} } as never), (error: unknown) => error instanceof OptionsError && error.message.startsWith('trainCbowOnWatchlists: unknown option "index"'));
});

test("options: another library's name for one of ours is answered with the glossary's name the function takes", async () => {
  const unknown = (caller: string, name: string, suggestion: string) => (error: unknown) =>
    error instanceof OptionsError && error.message === `${caller}: unknown option ${JSON.stringify(name)}; did you mean ${JSON.stringify(suggestion)}?`;
  // the learning rate: alpha for word2vec (gensim), learningRate for the Adam models (Keras, PyTorch's lr)
  await assert.rejects(Word2Vec.train(lists, { learningRate: 0.01 } as never), unknown("Word2Vec", "learningRate", "alpha"));
  await assert.rejects(Word2Vec.train(lists, { lr: 0.01 } as never), unknown("Word2Vec", "lr", "alpha"));
  await assert.rejects(trainCbow(lists, lists, { alpha: 0.01 } as never), unknown("trainCbow", "alpha", "learningRate"));
  assert.throws(() => new RatingModel(triples, { lr: 0.01 } as never), unknown("RatingModel", "lr", "learningRate"));
  assert.throws(() => new Adam([new Float32Array(1)], { learning_rate: 0.1 } as never), unknown("Adam", "learning_rate", "learningRate"));
  // the vector length and the number of answers
  await assert.rejects(Word2Vec.train(lists, { dimension: 8 } as never), unknown("Word2Vec", "dimension", "vectorSize"));
  await assert.rejects(trainCbow(lists, lists, { dims: 8 } as never), unknown("trainCbow", "dims", "vectorSize"));
  assert.throws(() => wv.mostSimilar({ positive: "1", k: 2 } as never), unknown("mostSimilar", "k", "topn"));
  assert.throws(() => wv.mostSimilar({ positive: "1", n: 2 } as never), unknown("mostSimilar", "n", "topn"));
});

test("options: PlotSearch queries check theirs", () => {
  const search = new PlotSearch(loadPlots(), loadPlotEmbeddings());
  assert.throws(() => search.similar(1, { topN: 5 } as never), { name: "OptionsError", message: 'PlotSearch: unknown option "topN"; did you mean "topn"?' });
  assert.throws(() => search.similar(1, { excerptChars: -1 }), { name: "OptionsError", message: "PlotSearch: excerptChars must be a whole number ≥ 0, got -1" });
});
