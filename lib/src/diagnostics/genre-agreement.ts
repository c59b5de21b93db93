/**
 * Genre agreement: how often a movie's nearest neighbours share a genre with it, a cheap check
 * that a similarity means something, with a random baseline to compare against.
 */
import type { MovieLens } from "../data/movielens";
import { OptionsError } from "../errors";
import { Random } from "../random";

/** The agreement of a set of neighbour lists. */
export interface GenreAgreement {
  /** Share of (movie, neighbour) pairs that have at least one genre in common. */
  sharedGenreShare: number;
  /** Mean Jaccard index of the two movies' genre sets. */
  meanJaccard: number;
  /** Number of query movies counted (movies without genres are skipped). */
  queries: number;
}

/**
 * Scores neighbour lists against MovieLens genres.
 *
 * @param queries the query movieIds
 * @param neighbours the neighbour movieIds of each query, in the same order
 * @param data the dataset whose genres are compared
 * @returns shared-genre share, mean Jaccard, number of queries counted
 * @example
 * genreAgreement([1], [[2355, 3114]], data); // Toy Story vs A Bug's Life, Toy Story 2
 */
export function genreAgreement(queries: ArrayLike<number>, neighbours: readonly (readonly number[])[], data: MovieLens): GenreAgreement {
  if (queries.length !== neighbours.length) {
    throw new OptionsError(`genreAgreement: ${queries.length} queries but ${neighbours.length} neighbour lists`);
  }
  let pairs = 0;
  let shared = 0;
  let jaccard = 0;
  let counted = 0;
  for (let q = 0; q < queries.length; q++) {
    const genres = new Set(data.movie(queries[q]).genres);
    if (genres.size === 0) continue;
    counted++;
    for (const other of neighbours[q]) {
      const otherGenres = data.movie(other).genres;
      const common = otherGenres.filter((g) => genres.has(g)).length;
      const union = genres.size + otherGenres.length - common;
      pairs++;
      if (common > 0) shared++;
      jaccard += union > 0 ? common / union : 0;
    }
  }
  return { sharedGenreShare: pairs ? shared / pairs : 0, meanJaccard: pairs ? jaccard / pairs : 0, queries: counted };
}

/**
 * The random baseline: for each movie, k other movies drawn uniformly (without replacement)
 * from the same set.
 *
 * @param movieIds the candidate set (also the queries)
 * @param k neighbours per movie
 * @param seed seed of the draw
 * @returns one list of k movieIds per movie
 */
export function randomNeighbours(movieIds: ArrayLike<number>, k: number, seed: number): number[][] {
  if (!Number.isInteger(k) || k < 0 || k >= movieIds.length) {
    throw new OptionsError(`randomNeighbours: k must be an integer from 0 to ${movieIds.length - 1}, got ${k}`);
  }
  const random = new Random(seed);
  return Array.from(movieIds, (self, i) => {
    const picked = new Set<number>();
    while (picked.size < k) {
      const j = random.int(movieIds.length);
      if (j !== i) picked.add(j);
    }
    return [...picked].map((j) => movieIds[j]);
  });
}
