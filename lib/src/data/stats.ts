/**
 * The counts a first look at a MovieLens dataset asks for: how many users, movies and ratings,
 * how ratings spread over movies and over the star scale.
 */
import { countIds } from "./counts";
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

function median(values: Int32Array): number {
  const sorted = values.slice().sort();
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
  const perUser = countIds(r.userId).counts;
  const ratedMovies = countIds(r.movieId).ids.length;
  let first = Infinity;
  let last = -Infinity;
  for (let i = 0; i < r.length; i++) {
    const t = r.timestamp[i];
    if (t < first) first = t;
    if (t > last) last = t;
  }
  let minPerUser = Infinity;
  for (let u = 0; u < perUser.length; u++) minPerUser = Math.min(minPerUser, perUser[u]);
  const date = (seconds: number) => new Date(seconds * 1000).toISOString().slice(0, 10);
  return {
    ratings: r.length,
    users: perUser.length,
    movies: data.movieList.length,
    ratedMovies,
    tags: data.tagColumns.length,
    minRatingsPerUser: minPerUser,
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
  const { ids, counts } = countIds(data.ratingColumns.movieId);
  return Array.from(ids.keys())
    .sort((a, b) => counts[b] - counts[a] || ids[a] - ids[b])
    .map((k) => ({ movieId: ids[k], title: data.movie(ids[k]).title, ratings: counts[k] }));
}

/** How often each star value was given, from 0.5 to 5 in half stars. */
export function ratingDistribution(data: MovieLens): { rating: number; count: number }[] {
  const halfStars = new Float64Array(11); // index = 2 × rating for 0.5 … 5
  const others = new Map<number, number>(); // ratings off the half-star grid, if a file has any
  const ratings = data.ratingColumns.rating;
  for (let i = 0; i < ratings.length; i++) {
    const twice = ratings[i] * 2;
    if (twice === (twice | 0) && twice >= 1 && twice <= 10) halfStars[twice]++;
    else others.set(ratings[i], (others.get(ratings[i]) ?? 0) + 1);
  }
  const counts = new Map<number, number>(others);
  for (let k = 1; k <= 10; k++) counts.set(k / 2, halfStars[k]);
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
