/**
 * A MovieLens dataset in memory: typed columns for the numbers, danfojs DataFrames for what a
 * person looks at, and movie lookups. What is not needed to check the ratings (Movie objects,
 * tags, links, the lookups) is built the first time it is asked for.
 */
import * as path from "node:path";
import { inspect } from "node:util";
import type { DataFrame } from "danfojs-node";
import { closestKeys } from "../../closest";
import { OptionsError, UnknownKeyError } from "../../errors";
import { Random } from "../../random";
import { checkOptionValue } from "../../options";
import { countIds } from "../counts";
import { movieIdOf } from "../movie-id";
import { type MovieLensLayout, NO_GENRES } from "./layouts";

/** One movie of movies.csv. */
export interface Movie {
  movieId: number;
  /** The title as MovieLens writes it, year included: "Toy Story (1995)". */
  title: string;
  /** The genres, split on "|"; `[]` for "(no genres listed)". */
  genres: string[];
  /** The release year parsed from the title, or null when the title has none. */
  year: number | null;
}

/** The ratings as columns: row i is one rating. Use these for numeric work. */
export interface RatingColumns {
  userId: Int32Array;
  movieId: Int32Array;
  rating: Float32Array;
  /** Seconds since 1970-01-01 UTC. */
  timestamp: Float64Array;
  /** Number of ratings. */
  length: number;
}

/** Links of links.csv: movieId, IMDb id (text, leading zeros kept), TMDB id (NaN when missing). */
export interface LinkColumns {
  movieId: Int32Array;
  imdbId: string[];
  tmdbId: Float64Array;
}

/** A value, or the function that makes it the first time it is asked for. */
export type Lazy<T> = T | (() => T);

/** One tag application of tags.csv. */
export interface TagColumns {
  userId: Int32Array;
  movieId: Int32Array;
  tag: string[];
  timestamp: Float64Array;
  length: number;
}


/**
 * The most rows a DataFrame of the whole `ratings` or `tags` table may have. danfojs keeps every
 * cell as a JS value (about 100 bytes a rating), so MovieLens 25M as one frame would take
 * gigabytes; bigger tables are shown through a slice, a sample or an aggregate instead.
 */
export const MAX_FRAME_ROWS = 1_000_000;



type Danfo = typeof import("danfojs-node");
let danfo: Danfo | null = null;
/** danfojs takes about 2 s to import, so it is loaded the first time a frame is asked for. */
function loadDanfo(): Danfo {
  danfo ??= require("danfojs-node") as Danfo;
  return danfo;
}

/**
 * A MovieLens dataset in memory. Create it with {@link loadMovieLens}.
 *
 * - `ratingColumns`, `tagColumns`: typed columns for numeric work (tags.csv and links.csv are
 *   read, and Movie objects built, the first time they are asked for).
 * - `ratings`, `movies`, `tags`, `links`: danfojs DataFrames for display, built on first use
 *   (`ratings` only up to {@link MAX_FRAME_ROWS}; `ratingsHead`, `ratingsSample`,
 *   `ratingsSlice`, `ratingsByMovie`, `ratingsByUser` work at any size).
 * - `movie(id)`, `movieByTitle(title)`, `searchMovies(text)`: movie lookups.
 */
export class MovieLens {
  private movieValues: Lazy<readonly Movie[]>;
  private tagValues: Lazy<TagColumns>;
  private linkValues: Lazy<LinkColumns>;
  private lookups: { byId: Map<number, Movie>; byTitle: Map<string, Movie[]> } | null = null;
  private frames = new Map<string, DataFrame>();

  /**
   * @param dir the folder the dataset was read from
   * @param layout its file layout
   * @param ratingColumns the ratings as typed columns
   * @param movies every movie, in file order (or the function that reads them on first use)
   * @param tags the tags as columns (or the function that reads them on first use)
   * @param links the links as columns (or the function that reads them on first use)
   */
  constructor(
    /** The folder the dataset was read from. */
    readonly dir: string,
    /** Its file layout. */
    readonly layout: MovieLensLayout,
    /** The ratings as typed columns. */
    readonly ratingColumns: RatingColumns,
    movies: Lazy<readonly Movie[]>,
    tags: Lazy<TagColumns>,
    links: Lazy<LinkColumns>,
  ) {
    this.movieValues = movies;
    this.tagValues = tags;
    this.linkValues = links;
  }

  /** Every movie of movies.csv, in file order. */
  get movieList(): readonly Movie[] {
    if (typeof this.movieValues === "function") this.movieValues = this.movieValues();
    return this.movieValues;
  }

  /**
   * The tags as columns (empty for MovieLens 1M and 100K). tags.csv is read the first time they
   * are asked for.
   * @throws DataFormatError naming tags.csv and the line when it is malformed or names a movieId
   *   that movies.csv does not list.
   */
  get tagColumns(): TagColumns {
    if (typeof this.tagValues === "function") this.tagValues = this.tagValues();
    return this.tagValues;
  }

  private get linkColumns(): LinkColumns {
    if (typeof this.linkValues === "function") this.linkValues = this.linkValues();
    return this.linkValues;
  }

  private get byId(): Map<number, Movie> {
    return this.movieLookups().byId;
  }

  private get byTitle(): Map<string, Movie[]> {
    return this.movieLookups().byTitle;
  }

  private movieLookups(): { byId: Map<number, Movie>; byTitle: Map<string, Movie[]> } {
    if (this.lookups) return this.lookups;
    const movies = this.movieList;
    const byId = new Map(movies.map((movie) => [movie.movieId, movie]));
    const byTitle = new Map<string, Movie[]>();
    for (const movie of movies) {
      const same = byTitle.get(movie.title);
      if (same) same.push(movie);
      else byTitle.set(movie.title, [movie]);
    }
    this.lookups = { byId, byTitle };
    return this.lookups;
  }

  /** The file the movies come from: movies.csv, movies.dat (1M) or u.item (100K). */
  get moviesFile(): string {
    return this.layout === "ml-1m" ? "movies.dat" : this.layout === "ml-100k" ? "u.item" : "movies.csv";
  }

  /** The dataset's folder name, e.g. "ml-latest-small". */
  get name(): string {
    return path.basename(this.dir);
  }

  /**
   * Ratings as a DataFrame: userId, movieId, rating, timestamp. Only for datasets of at most
   * {@link MAX_FRAME_ROWS} ratings (ml-latest-small, 1M, 100K); for the full-size sets look at a
   * part ({@link MovieLens.ratingsHead}, {@link MovieLens.ratingsSample},
   * {@link MovieLens.ratingsSlice}) or an aggregate ({@link MovieLens.ratingsByMovie},
   * {@link MovieLens.ratingsByUser}), and compute on {@link MovieLens.ratingColumns}.
   * @throws OptionsError above {@link MAX_FRAME_ROWS} ratings, naming those alternatives.
   */
  get ratings(): DataFrame {
    this.checkFrameSize("ratings", this.ratingColumns.length);
    return this.frame("ratings", () => this.ratingRows(0, this.ratingColumns.length));
  }

  /**
   * The first `n` ratings as a DataFrame, like pandas' `ratings.head(n)`.
   * @param n how many rows (default 5)
   */
  ratingsHead(n = 5): DataFrame {
    return this.ratingsSlice(0, n);
  }

  /**
   * Ratings `start` (inclusive) to `end` (exclusive) as a DataFrame, like pandas'
   * `ratings.iloc[start:end]`; bounds past the end are cut.
   * @throws OptionsError when the slice has more than {@link MAX_FRAME_ROWS} rows.
   */
  ratingsSlice(start: number, end: number): DataFrame {
    const length = this.ratingColumns.length;
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end < start) {
      throw new OptionsError(`ratingsSlice: start and end must be whole numbers with 0 ≤ start ≤ end, got ${start} and ${end}`);
    }
    const from = Math.min(start, length);
    const to = Math.min(end, length);
    this.checkFrameSize("ratingsSlice", to - from);
    return new (loadDanfo().DataFrame)(this.ratingRows(from, to), { index: range(from, to) });
  }

  /**
   * `n` ratings drawn at random without replacement, in file order, like pandas'
   * `ratings.sample(n, random_state=seed)`; the index is the row number.
   * @param n how many (at most the number of ratings)
   * @param seed the seed of the draw (default 0)
   */
  ratingsSample(n: number, seed = 0): DataFrame {
    const length = this.ratingColumns.length;
    if (!Number.isInteger(n) || n < 0 || n > length) {
      throw new OptionsError(`ratingsSample: n must be a whole number from 0 to ${length}, got ${n}`);
    }
    this.checkFrameSize("ratingsSample", n);
    // Floyd's algorithm: n distinct rows from `length` with n draws
    const random = new Random(seed);
    const chosen = new Set<number>();
    for (let j = length - n; j < length; j++) {
      const t = random.int(j + 1);
      chosen.add(chosen.has(t) ? j : t);
    }
    const rows = Int32Array.from(chosen).sort();
    const r = this.ratingColumns;
    return new (loadDanfo().DataFrame)(
      {
        userId: Array.from(rows, (i) => r.userId[i]),
        movieId: Array.from(rows, (i) => r.movieId[i]),
        rating: Array.from(rows, (i) => r.rating[i]),
        timestamp: Array.from(rows, (i) => r.timestamp[i]),
      },
      { index: Array.from(rows) },
    );
  }

  /**
   * One row per rated movie: movieId, title, ratings (count) and meanRating, most-rated first
   * (ties: smaller movieId) — pandas' `ratings.groupby("movieId").rating.agg(["count", "mean"])`.
   */
  ratingsByMovie(): DataFrame {
    const { ids, counts, means } = this.aggregate(this.ratingColumns.movieId);
    const order = Array.from(ids.keys()).sort((a, b) => counts[b] - counts[a] || ids[a] - ids[b]);
    return new (loadDanfo().DataFrame)({
      movieId: order.map((k) => ids[k]),
      title: order.map((k) => this.byId.get(ids[k])?.title ?? ""),
      ratings: order.map((k) => counts[k]),
      meanRating: order.map((k) => means[k]),
    });
  }

  /** One row per user: userId, ratings (count) and meanRating, by userId — pandas' `groupby("userId")`. */
  ratingsByUser(): DataFrame {
    const { ids, counts, means } = this.aggregate(this.ratingColumns.userId);
    return new (loadDanfo().DataFrame)({ userId: Array.from(ids), ratings: Array.from(counts), meanRating: Array.from(means) });
  }

  private aggregate(keys: Int32Array): { ids: Int32Array; counts: Int32Array; means: Float64Array } {
    const { ids, counts, slotsOf } = countIds(keys);
    const sums = new Float64Array(ids.length);
    const rating = this.ratingColumns.rating;
    const slots = slotsOf(keys);
    for (let i = 0; i < keys.length; i++) sums[slots[i]] += rating[i];
    return { ids, counts, means: sums.map((sum, k) => sum / counts[k]) };
  }

  private ratingRows(from: number, to: number): Record<string, number[]> {
    const r = this.ratingColumns;
    return {
      userId: Array.from(r.userId.subarray(from, to)),
      movieId: Array.from(r.movieId.subarray(from, to)),
      rating: Array.from(r.rating.subarray(from, to)),
      timestamp: Array.from(r.timestamp.subarray(from, to)),
    };
  }

  private checkFrameSize(what: string, rows: number): void {
    if (rows <= MAX_FRAME_ROWS) return;
    const n = (x: number) => x.toLocaleString("en-US");
    throw new OptionsError(
      `${what} would build a DataFrame of ${n(rows)} rows (danfojs keeps every cell as a JS value: about ${n(Math.ceil((rows * 100) / 1e6))} MB), ` +
        `more than MAX_FRAME_ROWS = ${n(MAX_FRAME_ROWS)}. Show a part instead: ratingsHead(10), ratingsSample(1000, seed), ratingsSlice(start, end); ` +
        `or an aggregate: ratingsByMovie(), ratingsByUser(); compute on ratingColumns (typed arrays).`,
    );
  }

  /** Movies as a DataFrame: movieId, title, genres (the "|"-joined text of movies.csv). */
  get movies(): DataFrame {
    return this.frame("movies", () => ({
      movieId: this.movieList.map((m) => m.movieId),
      title: this.movieList.map((m) => m.title),
      genres: this.movieList.map((m) => (m.genres.length ? m.genres.join("|") : NO_GENRES)),
    }));
  }

  /**
   * Tags as a DataFrame: userId, movieId, tag, timestamp (empty for MovieLens 1M and 100K).
   * @throws OptionsError above {@link MAX_FRAME_ROWS} tags (ml-32m has 2 million).
   * @throws DataFormatError for a malformed tags.csv (read on first use), as {@link MovieLens.tagColumns}.
   */
  get tags(): DataFrame {
    this.checkFrameSize("tags", this.tagColumns.length);
    return this.frame("tags", () => ({
      userId: Array.from(this.tagColumns.userId),
      movieId: Array.from(this.tagColumns.movieId),
      tag: this.tagColumns.tag,
      timestamp: Array.from(this.tagColumns.timestamp),
    }));
  }

  /**
   * Links to IMDb and TMDB as a DataFrame: movieId, imdbId (text, leading zeros kept), tmdbId
   * (NaN when missing). MovieLens 1M has no links, 100K only IMDb URLs: there it is empty.
   * links.csv is read on first use.
   * @throws DataFormatError naming links.csv and the line when it is malformed.
   */
  get links(): DataFrame {
    return this.frame("links", () => ({
      movieId: Array.from(this.linkColumns.movieId),
      imdbId: this.linkColumns.imdbId,
      tmdbId: Array.from(this.linkColumns.tmdbId),
    }));
  }

  private frame(name: string, columns: () => Record<string, (number | string)[]>): DataFrame {
    let frame = this.frames.get(name);
    if (!frame) {
      frame = new (loadDanfo().DataFrame)(columns());
      this.frames.set(name, frame);
    }
    return frame;
  }

  /**
   * The movie with this movieId (`1` or `"1"`).
   * @throws UnknownKeyError when movies.csv has no such id.
   * @throws OptionsError for a value that is not a movieId (NaN, a fraction, a title).
   */
  movie(movieId: number | string): Movie {
    const movie = this.byId.get(movieIdOf("movie", movieId));
    if (!movie) throw new UnknownKeyError(String(movieId), `a movieId in ${this.name}/${this.moviesFile}`, []);
    return movie;
  }

  /** Whether movies.csv has this movieId. */
  hasMovie(movieId: number): boolean {
    return this.byId.has(movieId);
  }

  /**
   * The movie with exactly this title, year included ("Toy Story (1995)").
   * @throws UnknownKeyError with the closest titles when there is none, and when two movies
   *   share the title (ml-latest-small has five such pairs; use their movieIds).
   */
  movieByTitle(title: string): Movie {
    if (typeof title !== "string") throw new OptionsError(`movieByTitle: a title must be a string, got ${title === null ? "null" : typeof title} (use movie(movieId) for ids)`);
    const movies = this.byTitle.get(title);
    if (!movies) {
      throw new UnknownKeyError(title, `a title in ${this.name}/${this.moviesFile}`, this.searchMovies(title, 5).map((m) => m.title));
    }
    if (movies.length > 1) {
      throw new UnknownKeyError(title, `a unique title: movieIds ${movies.map((m) => m.movieId).join(" and ")} share it`, []);
    }
    return movies[0];
  }

  /**
   * Movies whose titles are closest to `text`, best first: case, accents, punctuation and small
   * typos are forgiven, and a title without its year matches ("toy story" → Toy Story (1995)).
   * @param text what the user typed
   * @param topn how many to return (default 10)
   * @throws OptionsError when text is not a string or topn not a whole number ≥ 0
   */
  searchMovies(text: string, topn = 10): Movie[] {
    if (typeof text !== "string") throw new OptionsError(`searchMovies: text must be a string, got ${text === null ? "null" : typeof text}`);
    checkOptionValue("searchMovies", "topn", topn, "nonNegativeInt");
    return closestKeys(text, this.movieList.map((m) => m.title), topn).map((title) => this.byTitle.get(title)![0]);
  }

  /** One line: "MovieLens<ml-latest-small: 100,836 ratings · 610 users · 9,742 movies · 3,683 tags>". */
  [inspect.custom](): string {
    const users = countIds(this.ratingColumns.userId).ids.length;
    const n = (x: number) => x.toLocaleString("en-US");
    return `MovieLens<${this.name}: ${n(this.ratingColumns.length)} ratings · ${n(users)} users · ${n(this.movieList.length)} movies · ${n(this.tagColumns.length)} tags>`;
  }
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, k) => from + k);
}

/**
 * Checks that `data` is a loaded dataset, so that a function given something else (null, a
 * folder name) says so instead of failing deep inside with a TypeError.
 *
 * @param caller the function's name, first in the message
 * @param data what the user passed
 * @throws OptionsError when it is not what {@link loadMovieLens} returns
 */
export function checkDataset(caller: string, data: unknown): asserts data is MovieLens {
  if (!(data instanceof MovieLens)) {
    const got = typeof data === "string" ? `the string ${JSON.stringify(data)}` : data === null ? "null" : typeof data;
    throw new OptionsError(`${caller}: data must be a dataset from loadMovieLens(), got ${got}`);
  }
}
