/**
 * movie-embeddings: embeddings for movie recommendation on MovieLens.
 *
 * A short tour:
 * - data: `loadMovieLens()` reads the shipped ml-latest-small (or `loadMovieLens("ml-25m")` after
 *   `downloadMovieLens("ml-25m")`, also 1M and 100K); `buildWatchlists()` turns ratings into one
 *   token list per user.
 * - notebook: `initPlotly()`, figures, HTML tables and recorded metrics for Jupyter (tslab).
 * - explorer: `movieExplorer(models, data)` puts several models' neighbours and maps side by side
 *   in one offline page (`showPage(explorer)` in a notebook, `explorer.save(file)` as a file).
 *
 * The public surface: what the notebooks and the README call, the error classes, and what a user
 * composes (KeyedVectors, Random, topK, the scorers). Every type of every folder is exported, so
 * results and options can be named; the rest (kernels, display channel, file helpers, option
 * checks) is in `movie-embeddings/internal` (./internal.ts) for tests, scripts and benchmarks.
 *
 * @packageDocumentation
 */
export { Random } from "./random";
export { DataFormatError, DownloadError, DuplicateKeyError, OptionsError, TrainingError, UnknownKeyError } from "./errors";
export { KeyIndex } from "./key-index";
export type { KeyIndexOptions } from "./key-index";
export { closestKeys } from "./closest";
export type * from "./options";

export type * from "./data";
export {
  DATA_DIR,
  buildWatchlists,
  downloadMovieLens,
  idOrderedShare,
  loadMovieLens,
  loadPlots,
  ratingDistribution,
  ratingsPerMovie,
  sampleWatchlists,
  summarize,
  trainTestSplit,
} from "./data";

export type * from "./notebook";
export {
  Figure,
  barChart,
  epochProgress,
  faithfulnessCaption,
  heatmap,
  histogram,
  initPlotly,
  lineChart,
  mapsSideBySide,
  movieMap,
  progressBar,
  progressLine,
  recordMetrics,
  runningKernel,
  scatter,
  show,
  showPage,
  showSource,
  showTable,
  similarityHeatmap,
  sourceOf,
  trainingProgress,
  tsneProgress,
  withSummary,
} from "./notebook";

export type * from "./word2vec";
export { Word2Vec } from "./word2vec";

export type * from "./vectors";
export {
  KeyedVectors,
  SimilarityMatrix,
  loadWord2VecFormat,
  readNpy,
  saveProjectorTsv,
  saveWord2VecFormat,
  searchableMatrix,
  topK,
  writeNpy,
} from "./vectors";

export type * from "./diagnostics";
export { genreAgreement, neighbourOverlap, pairwiseAgreement, randomNeighbours, randomPairSimilarities, topKOverlap } from "./diagnostics";

export type * from "./recommend";
export { describeMovie, similarMovies } from "./recommend";

export type * from "./train";
export { miniBatches } from "./train";

export type * from "./cbow";
export { CbowExamples, CbowModel, TokenIndex, trainCbow, trainCbowOnWatchlists } from "./cbow";

export type * from "./eval";
export {
  EvalRecipes,
  blendScorer,
  chooseSetting,
  cooccurrenceScorer,
  evaluate,
  evaluateMethods,
  hitRateByTrainingCount,
  itemKnnScorer,
  leaveLastOut,
  popularityScorer,
  randomScorer,
  ratingScorer,
  readEvalSettings,
  resultsTable,
  vectorScorer,
} from "./eval";

export type * from "./ncf";
export { BiasBaseline, GlobalMean, RatingModel, ratingTriples, rmse } from "./ncf";

export type * from "./maps";
export { mapFaithfulness, pca, primaryGenres, tsne, umap } from "./maps";

export type * from "./explorer";
export { movieExplorer } from "./explorer";

export type * from "./text";
export { MODELS_DIR, PlotSearch, TextEmbedder, bestPassageSimilarities, loadPlotEmbeddings, plotKeyedVectors, selectRows } from "./text";
