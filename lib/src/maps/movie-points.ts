/**
 * Movies on a map as points a person can read: hover title, year, genres and rating count,
 * colour by genre.
 */
import { countIds } from "../data/counts";
import type { MovieLens } from "../data/movielens";
import { OptionsError } from "../errors";
import type { Layout2D } from "./layout";

/** A movie on a 2D map; fits the notebook's `scatter` points (label on hover, group for colour). */
export interface MoviePoint {
  x: number;
  y: number;
  /** The title, shown on hover. */
  label: string;
  /** The primary genre, one colour per genre. */
  group: string;
  movieId: number;
  /** The release year, or null when the title has none. */
  year: number | null;
  /** All its genres, as movies.csv lists them (`[]` for none). */
  genres: readonly string[];
  /** How many ratings the dataset holds for it. */
  ratings: number;
}

/** Labels of movies.csv that are formats rather than genres, never picked as primary. */
const NOT_GENRES = new Set(["IMAX"]);

/**
 * Each movie's primary genre: of its genres, the one fewest movies of the dataset carry (the most
 * specific: Toy Story's Adventure|Animation|Children|Comedy|Fantasy gives Animation), ignoring
 * "IMAX". MovieLens lists genres alphabetically, so "the first genre" would colour most maps
 * Action or Adventure.
 *
 * @param data the dataset (genre counts are over all its movies)
 * @param movieIds the movies
 * @returns one genre per movie ("(no genres listed)" when it has none)
 */
export function primaryGenres(data: MovieLens, movieIds: ArrayLike<number>): string[] {
  const counts = new Map<string, number>();
  for (const movie of data.movieList) for (const genre of movie.genres) counts.set(genre, (counts.get(genre) ?? 0) + 1);
  return Array.from(movieIds, (id) => {
    const genres = data.movie(id).genres.filter((g) => !NOT_GENRES.has(g));
    if (genres.length === 0) return "(no genres listed)";
    return genres.reduce((best, g) => (counts.get(g)! < counts.get(best)! ? g : best));
  });
}

/**
 * Points for a map: a layout's coordinates with each movie's title, year, genres, primary genre
 * and number of ratings (what `movieMap` shows on hover).
 *
 * @param layout the 2D layout (from tsne or umap), in the order of `movieIds`
 * @param movieIds the movie of each point
 * @param data the dataset, for titles, genres and rating counts
 * @returns one point per movie
 * @example
 * const points = moviePoints(map, movieIds, data);
 * points[0]; // { x, y, label: "Toy Story (1995)", group: "Animation", year: 1995, ratings: 215, … }
 */
export function moviePoints(layout: Layout2D, movieIds: ArrayLike<number>, data: MovieLens): MoviePoint[] {
  if (layout.x.length !== movieIds.length) {
    throw new OptionsError(`moviePoints: the layout has ${layout.x.length} points but ${movieIds.length} movieIds were given`);
  }
  const primary = primaryGenres(data, movieIds);
  const counted = countIds(data.ratingColumns.movieId);
  return Array.from(movieIds, (movieId, i) => {
    const movie = data.movie(movieId);
    const slot = counted.indexOf(movieId);
    return {
      x: layout.x[i],
      y: layout.y[i],
      label: movie.title,
      group: primary[i],
      movieId,
      year: movie.year,
      genres: movie.genres,
      ratings: slot < 0 ? 0 : counted.counts[slot],
    };
  });
}
