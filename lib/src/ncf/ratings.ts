/**
 * Ratings as the rating model reads them: every user and movie numbered from 0 (its row in an
 * embedding table), one (user row, movie row, rating) triple per rating, and a seeded random split.
 */
import { inspect } from "node:util";
import { checkDataset, type MovieLens } from "../data/movielens";
import { OptionsError } from "../errors";
import { KeyIndex } from "../key-index";
import { checkOptions, type OptionChecks } from "../options";
import { Random } from "../random";

/** Options of {@link ratingTriples}. */
export interface RatingTriplesOptions {
  /**
   * Keep only movies with at least this many ratings (default 1: every rated movie). A movie
   * rated a handful of times gets an embedding learnt from a handful of numbers; the paper kept
   * movies with ≥ 5,000 ratings in MovieLens 20M.
   */
  minRatingsPerMovie?: number;
}

const TRIPLES_CHECKS: OptionChecks<RatingTriplesOptions> = { minRatingsPerMovie: "positiveInt" };

/**
 * Ratings encoded for the rating model: row i says user row `user[i]` gave movie row `movie[i]`
 * the rating `rating[i]`. `userIds[row]` and `movieIds[row]` map rows back to MovieLens ids.
 * A subset (see {@link RatingTriples.subset}) shares the id maps, so rows mean the same thing.
 */
export class RatingTriples {
  /** userIds ↔ user rows (shared by every subset). */
  readonly users: KeyIndex<number, Int32Array>;
  /** movieIds ↔ movie rows (shared by every subset). */
  readonly movies: KeyIndex<number, Int32Array>;

  /**
   * @param userIds the MovieLens userId of each user row (or their index, shared as it is)
   * @param movieIds the MovieLens movieId of each movie row (or their index)
   * @param user the user row of each rating
   * @param movie the movie row of each rating
   * @param rating the rating value
   * @throws DuplicateKeyError for a userId or movieId given two rows
   */
  constructor(
    userIds: Int32Array | KeyIndex<number, Int32Array>,
    movieIds: Int32Array | KeyIndex<number, Int32Array>,
    readonly user: Int32Array,
    readonly movie: Int32Array,
    readonly rating: Float32Array,
  ) {
    if (user.length !== movie.length || user.length !== rating.length) {
      throw new OptionsError(`RatingTriples: user (${user.length}), movie (${movie.length}) and rating (${rating.length}) must have one entry per rating`);
    }
    this.users = userIds instanceof KeyIndex ? userIds : new KeyIndex<number, Int32Array>(userIds, { caller: "RatingTriples", noun: "userId", what: "a userId of these ratings" });
    this.movies = movieIds instanceof KeyIndex ? movieIds : new KeyIndex<number, Int32Array>(movieIds, { caller: "RatingTriples", noun: "movieId", what: "a movieId of these ratings" });
  }

  /** The MovieLens userId of each user row. */
  get userIds(): Int32Array {
    return this.users.keys;
  }

  /** The MovieLens movieId of each movie row. */
  get movieIds(): Int32Array {
    return this.movies.keys;
  }

  /** Number of ratings. */
  get length(): number {
    return this.rating.length;
  }

  /** Number of user rows (users of the full set, not only of this subset). */
  get userCount(): number {
    return this.userIds.length;
  }

  /** Number of movie rows. */
  get movieCount(): number {
    return this.movieIds.length;
  }

  /** The mean rating (the global-mean baseline's prediction). */
  mean(): number {
    let sum = 0;
    for (let i = 0; i < this.length; i++) sum += this.rating[i];
    return this.length ? sum / this.length : NaN;
  }

  /**
   * The ratings at the given positions, with the same user and movie rows.
   *
   * @param indices positions in this set
   * @returns a new set
   */
  subset(indices: ArrayLike<number>): RatingTriples {
    const n = indices.length;
    const user = new Int32Array(n);
    const movie = new Int32Array(n);
    const rating = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      const k = indices[i];
      if (!(k >= 0 && k < this.length)) throw new OptionsError(`RatingTriples.subset: index ${k} is outside 0…${this.length - 1}`);
      user[i] = this.user[k];
      movie[i] = this.movie[k];
      rating[i] = this.rating[k];
    }
    return new RatingTriples(this.users, this.movies, user, movie, rating);
  }

  /**
   * The ratings a test keeps, with the same user and movie rows: for an evaluation, the ratings
   * of the training watchlists only (`triples.filter((userId, movieId) => split.inTraining(userId, movieId))`).
   *
   * @param keep whether to keep the rating of `userId` for `movieId` (MovieLens ids)
   * @returns a new set
   */
  filter(keep: (userId: number, movieId: number) => boolean): RatingTriples {
    const kept: number[] = [];
    for (let i = 0; i < this.length; i++) if (keep(this.userIds[this.user[i]], this.movieIds[this.movie[i]])) kept.push(i);
    return this.subset(kept);
  }

  /**
   * A seeded random split: the ratings shuffled by `seed`, then cut into consecutive parts of
   * the given shares (the last part takes the rounding remainder). Every rating lands in exactly
   * one part. A user or movie may end up with no rating in some part; its row then learns only
   * from the parts it is in (for a held-out part, the model predicts from what it learnt).
   *
   * @param shares the share of each part, summing to 1, e.g. `[0.9, 0.1]`
   * @param seed the shuffle's seed
   * @returns one set per share, in order
   * @example
   * const [train, test] = triples.split([0.9, 0.1], 42);
   */
  split(shares: readonly number[], seed: number): RatingTriples[] {
    const total = shares.reduce((a, b) => a + b, 0);
    if (shares.length === 0 || shares.some((s) => !(s > 0)) || Math.abs(total - 1) > 1e-9) {
      throw new OptionsError(`RatingTriples.split: shares must be positive and sum to 1, got [${shares.join(", ")}]`);
    }
    const order = new Int32Array(this.length);
    for (let i = 0; i < order.length; i++) order[i] = i;
    new Random(seed).shuffle(order);
    const parts: RatingTriples[] = [];
    let start = 0;
    let cumulative = 0;
    shares.forEach((share, p) => {
      cumulative += share;
      const end = p === shares.length - 1 ? this.length : Math.round(cumulative * this.length);
      parts.push(this.subset(order.subarray(start, end)));
      start = end;
    });
    return parts;
  }

  /** One line for notebooks: "RatingTriples<81,116 ratings · 610 users × 2,269 movies>". */
  [inspect.custom](): string {
    const f = (n: number) => n.toLocaleString("en-US");
    return `RatingTriples<${f(this.length)} ratings · ${f(this.userCount)} users × ${f(this.movieCount)} movies>`;
  }
}

/**
 * Encodes a dataset's ratings for the rating model: users and movies numbered in order of
 * increasing id, optionally keeping only movies with enough ratings.
 *
 * @param data the dataset
 * @param options `minRatingsPerMovie` (default 1)
 * @returns the encoded ratings
 * @throws OptionsError for an unknown option, a minRatingsPerMovie that is not a whole number ≥ 1, or one that leaves no rating
 * @example
 * const triples = ratingTriples(loadMovieLens(DATASET), { minRatingsPerMovie: 10 });
 */
export function ratingTriples(data: MovieLens, options: RatingTriplesOptions = {}): RatingTriples {
  checkDataset("ratingTriples", data);
  const { minRatingsPerMovie: minRatings = 1 } = checkOptions("ratingTriples", options, TRIPLES_CHECKS);
  const r = data.ratingColumns;
  const perMovie = new Map<number, number>();
  for (let i = 0; i < r.length; i++) perMovie.set(r.movieId[i], (perMovie.get(r.movieId[i]) ?? 0) + 1);
  const kept = (i: number) => (perMovie.get(r.movieId[i]) ?? 0) >= minRatings;
  const movieIds = Int32Array.from([...perMovie].filter(([, count]) => count >= minRatings).map(([id]) => id)).sort();
  const userSet = new Set<number>();
  for (let i = 0; i < r.length; i++) if (kept(i)) userSet.add(r.userId[i]);
  const userIds = Int32Array.from(userSet).sort();
  if (movieIds.length === 0) {
    throw new OptionsError(`ratingTriples: no movie of ${data.name} has ${minRatings} or more ratings; lower minRatingsPerMovie`);
  }
  const users = new KeyIndex<number, Int32Array>(userIds, { caller: "ratingTriples", noun: "userId", what: "a userId of these ratings" });
  const movies = new KeyIndex<number, Int32Array>(movieIds, { caller: "ratingTriples", noun: "movieId", what: "a movieId of these ratings" });
  const rows: number[] = [];
  for (let i = 0; i < r.length; i++) if (kept(i)) rows.push(i);
  const user = new Int32Array(rows.length);
  const movie = new Int32Array(rows.length);
  const rating = new Float32Array(rows.length);
  rows.forEach((i, k) => {
    user[k] = users.get(r.userId[i])!;
    movie[k] = movies.get(r.movieId[i])!;
    rating[k] = r.rating[i];
  });
  return new RatingTriples(users, movies, user, movie, rating);
}
