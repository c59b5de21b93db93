export { describeMovie, similarMovies } from "./similar-movies";
export type { MovieVectors, SimilarMovie } from "./similar-movies";
