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
