/**
 * movie-embeddings: embeddings for movie recommendation on MovieLens.
 *
 * A short tour:
 * - data: `loadMovieLens()` reads the shipped ml-latest-small; `buildWatchlists()` turns ratings
 *   into one token list per user.
 * - notebook: `initPlotly()`, figures, HTML tables and recorded metrics for Jupyter (tslab).
 *
 * @packageDocumentation
 */
export { Random } from "./random";
export { DataFormatError, OptionsError, UnknownKeyError } from "./errors";
export { closestKeys, keySimilarity, normalizeKey } from "./closest";
export * from "./data";
export * from "./notebook";
export { Word2Vec } from "./word2vec/word2vec";
export type { Word2VecTimings } from "./word2vec/word2vec";
export type { EpochStats, TrainingProgress, Word2VecOptions, ResolvedWord2VecOptions } from "./word2vec/options";
export { buildVocabulary, sampleThresholds } from "./word2vec/vocab";
export type { Sentences, Word2VecVocabulary, VocabularyOptions, EncodedCorpus } from "./word2vec/vocab";
export { KeyedVectors } from "./vectors/keyed-vectors";
export type { KeyOrVector, KeysOrVectors, MostSimilarOptions, SimilarKey } from "./vectors/keyed-vectors";
export { topK, scoreRows, searchableMatrix } from "./vectors/topk";
export type { Metric, ScoredRow, TopKOptions, MatrixData } from "./vectors/topk";
export { saveWord2VecFormat, loadWord2VecFormat } from "./vectors/word2vec-format";
export type { SaveWord2VecOptions, LoadWord2VecOptions } from "./vectors/word2vec-format";
export { saveProjectorTsv } from "./vectors/projector";
export type { ProjectorOptions } from "./vectors/projector";
export { randomPairSimilarities } from "./vectors/spread";
export * from "./recommend";
export * from "./train";
export * from "./ncf";
export * from "./maps";
