export { DATA_DIR, DEFAULT_MOVIELENS_DIR, datasetDir } from "./paths";
export type { MovieLensLayout } from "./layouts";
export { MAX_FRAME_ROWS, MovieLens, checkDataset } from "./dataset";
export type { LinkColumns, Movie, RatingColumns, TagColumns } from "./dataset";
export { loadMovieLens } from "./load";
