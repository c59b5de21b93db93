/**
 * The counts a first look at a MovieLens dataset asks for: how many users, movies and ratings,
 * how ratings spread over movies and over the star scale.
 */
import type { MovieLens } from "./movielens";

/** Headline counts of a dataset; see {@link summarize}. */
export interface DatasetSummary {
  ratings: number;
  users: number;
  /** Movies listed in movies.csv. */
  movies: number;
  /** Movies with at least one rating. */
  ratedMovies: number;
  tags: number;
  /** The fewest ratings any user has (MovieLens samples users with at least 20). */
  minRatingsPerUser: number;
  /** The median number of ratings per user. */
  medianRatingsPerUser: number;
  /** The largest movieId: far above the number of movies, so ids are not row numbers. */
  maxMovieId: number;
  /** Share of the user × rated-movie matrix that holds a rating. */
  density: number;
  /** First and last rating time, as ISO dates. */
  firstRating: string;
  lastRating: string;
}

function countBy(ids: Int32Array): Map<number, number> {
  const counts = new Map<number, number>();
  for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
  return counts;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * The headline counts of a dataset.
 * @example
 * summarize(loadMovieLens()).minRatingsPerUser; // 20
 */
export function summarize(data: MovieLens): DatasetSummary {
  const r = data.ratingColumns;
  const perUser = [...countBy(r.userId).values()];
  const ratedMovies = countBy(r.movieId).size;
  let first = Infinity;
  let last = -Infinity;
  for (const t of r.timestamp) {
    if (t < first) first = t;
    if (t > last) last = t;
  }
  const date = (seconds: number) => new Date(seconds * 1000).toISOString().slice(0, 10);
  return {
    ratings: r.length,
    users: perUser.length,
    movies: data.movieList.length,
    ratedMovies,
    tags: data.tagColumns.length,
    minRatingsPerUser: Math.min(...perUser),
    medianRatingsPerUser: median(perUser),
    maxMovieId: data.movieList.reduce((max, m) => Math.max(max, m.movieId), 0),
    density: r.length / (perUser.length * ratedMovies),
    firstRating: date(first),
    lastRating: date(last),
  };
}

/** How many ratings one movie has; see {@link ratingsPerMovie}. */
export interface MovieRatingCount {
  movieId: number;
  title: string;
  ratings: number;
}

/**
 * Every rated movie with its number of ratings, most-rated first (ties: smaller movieId first).
 * The long tail of this list is why item2vec needs `minCount`.
 */
export function ratingsPerMovie(data: MovieLens): MovieRatingCount[] {
  return [...countBy(data.ratingColumns.movieId)]
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .map(([movieId, ratings]) => ({ movieId, title: data.movie(movieId).title, ratings }));
}

/** How often each star value was given, from 0.5 to 5 in half stars. */
export function ratingDistribution(data: MovieLens): { rating: number; count: number }[] {
  const counts = new Map<number, number>();
  for (let stars = 0.5; stars <= 5; stars += 0.5) counts.set(stars, 0);
  for (const rating of data.ratingColumns.rating) counts.set(rating, (counts.get(rating) ?? 0) + 1);
  return [...counts].sort((a, b) => a[0] - b[0]).map(([rating, count]) => ({ rating, count }));
}

/**
 * The share of watchlists (of at least two movies) whose movieIds only go up. Near 1 means the
 * lists are in id order, not viewing order: ml-latest-small's ratings.csv is sorted by user,
 * then movieId, so "file" order watchlists are all id-ordered.
 */
export function idOrderedShare(movieIds: readonly Int32Array[]): number {
  let lists = 0;
  let ascending = 0;
  for (const ids of movieIds) {
    if (ids.length < 2) continue;
    lists++;
    let sorted = true;
    for (let i = 1; i < ids.length && sorted; i++) sorted = ids[i] > ids[i - 1];
    if (sorted) ascending++;
  }
  return lists === 0 ? 0 : ascending / lists;
}
