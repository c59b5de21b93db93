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
 * @packageDocumentation
 */
export { Random } from "./random";
export { DataFormatError, DownloadError, OptionsError, TrainingError, UnknownKeyError } from "./errors";
export { closestKeys, keySimilarity, normalizeKey } from "./closest";
export { checkOptions, checkOptionValue } from "./options";
export type { NumberRule, OptionCheck, OptionChecks, OptionTest } from "./options";
export * from "./data";
export * from "./notebook";
export { Word2Vec } from "./word2vec/word2vec";
export type { Word2VecTimings } from "./word2vec/word2vec";
export type { EpochStats, TrainingProgress, Word2VecOptions, ResolvedWord2VecOptions } from "./word2vec/options";
export { buildVocabulary, sampleThresholds } from "./word2vec/vocab";
export type { Sentences, Word2VecVocabulary, VocabularyOptions, EncodedCorpus } from "./word2vec/vocab";
export { KeyedVectors } from "./vectors/keyed-vectors";
export type { GetVectorOptions, KeyOrVector, KeysOrVectors, MostSimilarOptions, SimilarKey } from "./vectors/keyed-vectors";
export { topK, topKOfScores, rankOf, scoreRows, searchableMatrix } from "./vectors/topk";
export type { Metric, RankOptions, ScoredRow, TopKOptions, MatrixData } from "./vectors/topk";
export { SimilarityMatrix } from "./vectors/similarity-matrix";
export type { CoherentBlockOptions, SimilarPair } from "./vectors/similarity-matrix";
export { neighbourOverlap } from "./vectors/neighbour-overlap";
export { saveWord2VecFormat, loadWord2VecFormat } from "./vectors/word2vec-format";
export type { SaveWord2VecOptions, LoadWord2VecOptions } from "./vectors/word2vec-format";
export { saveProjectorTsv } from "./vectors/projector";
export type { ProjectorOptions } from "./vectors/projector";
export { randomPairSimilarities } from "./vectors/spread";
export * from "./recommend";
export * from "./train";
export * from "./cbow";
export * from "./eval";
export * from "./ncf";
export * from "./maps";
export * from "./explorer";
export { readNpy, writeNpy } from "./vectors/npy";
export { topKOverlap } from "./vectors/metric-agreement";
export type { NpyArray, NpyDtype, WriteNpyOptions } from "./vectors/npy";
export { Plots, articleFirst, loadPlots } from "./data/plots";
export type { MoviePlot } from "./data/plots";
export * from "./text";
export { genreAgreement, randomNeighbours } from "./eval/genre-agreement";
export type { GenreAgreement } from "./eval/genre-agreement";
