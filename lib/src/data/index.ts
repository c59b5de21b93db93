export { readCsv } from "./csv";
export type { ColumnSpec, ColumnType, CsvColumns } from "./csv";
export { DATA_DIR, DEFAULT_MOVIELENS_DIR, MovieLens, datasetDir, loadMovieLens } from "./movielens";
export type { Movie, RatingColumns, TagColumns } from "./movielens";
export { Vocabulary, buildWatchlists } from "./watchlists";
export type { WatchlistOptions, Watchlists } from "./watchlists";
export { idOrderedShare, ratingDistribution, ratingsPerMovie, summarize } from "./stats";
export type { DatasetSummary, MovieRatingCount } from "./stats";
