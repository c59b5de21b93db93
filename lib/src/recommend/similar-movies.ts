/**
 * Similar-movie answers as a person wants to read them: movieId, title, genres and similarity,
 * from any model whose vectors are keyed by watchlist tokens (movieIds or titles).
 */
import type { MovieLens } from "../data/movielens";
import type { Vocabulary } from "../data/watchlists";
import { movieIdOf } from "../data/movie-id";
import { OptionsError, UnknownKeyError } from "../errors";
import { checkOptionValue } from "../options";
import type { KeyedVectors } from "../vectors/keyed-vectors";

/** One row of a similar-movies answer. */
export interface SimilarMovie {
  movieId: number;
  title: string;
  /** Genres joined with "|", as in movies.csv. */
  genres: string;
  /** Cosine similarity to the query movie. */
  similarity: number;
}

/**
 * The movies most similar to one movie, or to several, as table rows. This is the tutorials'
 * `recommendations` helper: the query is a movieId (or a list of them) whatever the model's
 * tokens are. Several movies are one query: the mean of their unit vectors, as gensim's
 * `most_similar(positive=[...])`; the query movies never appear in the answer.
 *
 * With title tokens, two movies sharing a title share a vector; such a row shows the first movieId.
 *
 * @param wv the model's vectors
 * @param vocab the model's tokens ↔ movieIds (a watchlists' `vocab`, or a rating model's `vocab`)
 * @param data the dataset, for titles and genres
 * @param movieId the query movie, or several (numbers, or their digits as text: `1` and `"1"` are the same movie)
 * @param topn how many rows (default 10)
 * @returns rows, most similar first
 * @throws OptionsError for no movie, a value that is not a movieId, or a topn that is not a whole number ≥ 0
 * @throws UnknownKeyError "not found" when movies.csv has no such movieId, and "not in the
 *   model's vocabulary" when the movie exists but the model has no vector for it (too few
 *   ratings for `minCount`, or filtered out of the watchlists).
 *
 * @example
 * showTable(similarMovies(model.wv, watchlists.vocab, data, 1, 10));
 * showTable(similarMovies(model.movieVectors, model.vocab, data, [1, 4896], 10)); // Toy Story + Harry Potter
 */
export function similarMovies(
  wv: KeyedVectors,
  vocab: Vocabulary,
  data: MovieLens,
  movieId: number | string | readonly (number | string)[],
  topn = 10,
): SimilarMovie[] {
  const ids = (Array.isArray(movieId) ? movieId : [movieId]).map((id) => movieIdOf("similarMovies", id));
  if (ids.length === 0) throw new OptionsError("similarMovies: give at least one movieId");
  checkOptionValue("similarMovies", "topn", topn, "nonNegativeInt");
  const tokens = ids.map((id) => tokenOf(wv, vocab, data, id));
  return wv.mostSimilar({ positive: tokens, topn }).map(({ key, similarity }) => {
    const match = data.movie(vocab.movieIdsOf(key)[0]);
    return { movieId: match.movieId, title: match.title, genres: match.genres.join("|") || "(no genres listed)", similarity };
  });
}

function tokenOf(wv: KeyedVectors, vocab: Vocabulary, data: MovieLens, movieId: number): string {
  if (!data.hasMovie(movieId)) {
    throw new UnknownKeyError(String(movieId), `a movieId in ${data.name}/movies.csv: movie not found`, []);
  }
  const movie = data.movie(movieId);
  const token = vocab.hasMovie(movieId) ? vocab.tokenOf(movieId) : null;
  if (token === null || !wv.has(token)) {
    throw new UnknownKeyError(
      String(movieId),
      `in the model's vocabulary: "${movie.title}" exists but has no vector (too few ratings for minCount, or filtered out of the watchlists)`,
      [],
    );
  }
  return token;
}

/** The title line the tutorial prints above a recommendation table: "Toy Story (1995) (Adventure|Animation|…)". */
export function describeMovie(data: MovieLens, movieId: number | string): string {
  const movie = data.movie(movieIdOf("describeMovie", movieId));
  return `${movie.title} (${movie.genres.join("|") || "no genres listed"})`;
}
