export { describeMovie, similarMovies } from "./similar-movies";
export type { SimilarMovie } from "./similar-movies";
