// The shipped ml-latest-small, loaded once per test file that needs it, and a reference count on it.
import { loadMovieLens } from "movie-embeddings/internal";

export const data = loadMovieLens();

export function ratingCount(movieId: number): number {
  let count = 0;
  for (const id of data.ratingColumns.movieId) if (id === movieId) count++;
  return count;
}
