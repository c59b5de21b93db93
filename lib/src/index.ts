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
export { DataFormatError, DownloadError, DuplicateKeyError, OptionsError, TrainingError, UnknownKeyError } from "./errors";
export { KeyIndex } from "./key-index";
export type { KeyIndexOptions } from "./key-index";
export { closestKeys, keySimilarity, normalizeKey } from "./closest";
export { checkOptions, checkOptionValue } from "./options";
export type { NumberRule, OptionCheck, OptionChecks, OptionTest } from "./options";
export * from "./data";
export * from "./notebook";
export * from "./word2vec";
export * from "./vectors";
export * from "./diagnostics";
export * from "./recommend";
export * from "./train";
export * from "./cbow";
export * from "./eval";
export * from "./ncf";
export * from "./maps";
export * from "./explorer";
export * from "./text";
