/**
 * MovieLens folders → typed columns for the numbers and danfojs DataFrames for what a person
 * looks at. Reads the CSV layout (ml-latest-small, ml-20m, ml-25m, ml-32m), MovieLens 1M
 * (`::`-separated .dat files) and MovieLens 100K (tab-separated u.data, `|`-separated u.item).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { inspect } from "node:util";
import type { DataFrame } from "danfojs-node";
import { closestKeys } from "../closest";
import { DataFormatError, OptionsError, UnknownKeyError } from "../errors";
import { Random } from "../random";
import { checkOptionValue } from "../options";
import { countIds, groupRows } from "./counts";
import { readCsv } from "./csv";
import { movieIdOf } from "./movie-id";
import type { ColumnSpec, CsvColumns } from "./csv";

/** The repository's data/ folder, where shipped datasets and models live. */
export const DATA_DIR = path.resolve(__dirname, "..", "..", "..", "data");

/** The dataset {@link loadMovieLens} reads when given no folder: the shipped ml-latest-small. */
export const DEFAULT_MOVIELENS_DIR = path.join(DATA_DIR, "ml-latest-small");

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

/** One tag application of tags.csv. */
export interface TagColumns {
  userId: Int32Array;
  movieId: Int32Array;
  tag: string[];
  timestamp: Float64Array;
  length: number;
}

const NO_GENRES = "(no genres listed)";

/**
 * The most rows a DataFrame of the whole `ratings` or `tags` table may have. danfojs keeps every
 * cell as a JS value (about 100 bytes a rating), so MovieLens 25M as one frame would take
 * gigabytes; bigger tables are shown through a slice, a sample or an aggregate instead.
 */
export const MAX_FRAME_ROWS = 1_000_000;

/** The file layouts {@link loadMovieLens} reads. */
export type MovieLensLayout = "csv" | "ml-1m" | "ml-100k";

function yearOf(title: string): number | null {
  const match = /\((\d{4})(?:[–-]\d{0,4})?\)\s*$/.exec(title);
  return match ? Number(match[1]) : null;
}

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
 * - `ratingColumns`, `tagColumns`: typed columns for numeric work.
 * - `ratings`, `movies`, `tags`, `links`: danfojs DataFrames for display, built on first use
 *   (`ratings` only up to {@link MAX_FRAME_ROWS}; `ratingsHead`, `ratingsSample`,
 *   `ratingsSlice`, `ratingsByMovie`, `ratingsByUser` work at any size).
 * - `movie(id)`, `movieByTitle(title)`, `searchMovies(text)`: movie lookups.
 */
export class MovieLens {
  /** Every movie of movies.csv, in file order. */
  readonly movieList: readonly Movie[];
  private readonly byId: Map<number, Movie>;
  private readonly byTitle: Map<string, Movie[]>;
  private frames = new Map<string, DataFrame>();

  constructor(
    /** The folder the dataset was read from. */
    readonly dir: string,
    /** Its file layout. */
    readonly layout: MovieLensLayout,
    /** The ratings as typed columns. */
    readonly ratingColumns: RatingColumns,
    movies: readonly Movie[],
    /** The tags as columns. */
    readonly tagColumns: TagColumns,
    private readonly linkColumns: { movieId: Int32Array; imdbId: string[]; tmdbId: Float64Array },
  ) {
    this.movieList = movies;
    this.byId = new Map(movies.map((movie) => [movie.movieId, movie]));
    this.byTitle = new Map();
    for (const movie of movies) {
      const same = this.byTitle.get(movie.title);
      if (same) same.push(movie);
      else this.byTitle.set(movie.title, [movie]);
    }
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

/**
 * Where a dataset lives: a bare name such as `"ml-latest-small"` or `"ml-25m"` means the folder of
 * that name under {@link DATA_DIR}; anything with a path separator (or `.`) is a path, resolved
 * against the working directory.
 *
 * @example
 * datasetDir("ml-latest-small"); // "<repo>/data/ml-latest-small"
 * datasetDir("./my-copy");       // "<cwd>/my-copy"
 */
export function datasetDir(nameOrDir: string): string {
  if (typeof nameOrDir !== "string" || nameOrDir.trim() === "") {
    throw new OptionsError(`datasetDir: a dataset is a name under data/ ("ml-latest-small") or a folder path, got ${typeof nameOrDir === "string" ? '""' : nameOrDir === null ? "null" : typeof nameOrDir}`);
  }
  const isName = /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(nameOrDir) && !nameOrDir.startsWith(".");
  return isName ? path.join(DATA_DIR, nameOrDir) : path.resolve(nameOrDir);
}

/** The file layout of a folder: MovieLens 1M has .dat files, 100K has u.data and u.item, the rest CSV. */
function layoutOf(dir: string): MovieLensLayout {
  const has = (name: string) => fs.existsSync(path.join(dir, name));
  if (has("ratings.dat") || has("movies.dat")) return "ml-1m";
  if (has("u.data") || has("u.item")) return "ml-100k";
  return "csv";
}

const ID = { type: "int", min: 1, array: "int32" } as const;
const RATING_SPECS: ColumnSpec[] = [
  { name: "userId", ...ID },
  { name: "movieId", ...ID },
  { name: "rating", type: "float", min: 0.5, max: 5, array: "float32" },
  { name: "timestamp", type: "int", min: 0 },
];
/** MovieLens 100K's genre flags in u.item, in order (its u.genre). */
const ML100K_GENRES = ["unknown", "Action", "Adventure", "Animation", "Children's", "Comedy", "Crime", "Documentary", "Drama", "Fantasy", "Film-Noir", "Horror", "Musical", "Mystery", "Romance", "Sci-Fi", "Thriller", "War", "Western"];

interface RawMovies {
  csv: CsvColumns;
  genresOf(row: number): string[];
}

function readMovies(dir: string, layout: MovieLensLayout): RawMovies {
  const file = (name: string) => path.join(dir, name);
  if (layout === "ml-1m") {
    const csv = readCsv(file("movies.dat"), [{ name: "movieId", ...ID }, { name: "title", type: "string" }, { name: "genres", type: "string" }], {
      delimiter: "::", quotes: false, encoding: "latin1", columns: ["movieId", "title", "genres"],
    });
    return { csv, genresOf: (row) => csv.strings.genres[row].split("|") };
  }
  if (layout === "ml-100k") {
    const flags = ML100K_GENRES.map((_, g) => `genre${g}`);
    const csv = readCsv(file("u.item"), [{ name: "movieId", ...ID }, { name: "title", type: "string" }, ...flags.map((name) => ({ name, type: "int", min: 0, max: 1, array: "int32" }) as const)], {
      delimiter: "|", quotes: false, encoding: "latin1", columns: ["movieId", "title", "releaseDate", "videoReleaseDate", "imdbUrl", ...flags],
    });
    // "unknown" is 100K's "(no genres listed)"
    return { csv, genresOf: (row) => ML100K_GENRES.filter((genre, g) => g > 0 && csv.numbers[flags[g]][row] === 1) };
  }
  const csv = readCsv(file("movies.csv"), [{ name: "movieId", ...ID }, { name: "title", type: "string" }, { name: "genres", type: "string" }]);
  return { csv, genresOf: (row) => (csv.strings.genres[row] === NO_GENRES ? [] : csv.strings.genres[row].split("|")) };
}

function readRatings(dir: string, layout: MovieLensLayout): CsvColumns {
  const columns = ["userId", "movieId", "rating", "timestamp"];
  if (layout === "ml-1m") return readCsv(path.join(dir, "ratings.dat"), RATING_SPECS, { delimiter: "::", quotes: false, columns });
  if (layout === "ml-100k") return readCsv(path.join(dir, "u.data"), RATING_SPECS, { delimiter: "\t", quotes: false, columns });
  return readCsv(path.join(dir, "ratings.csv"), RATING_SPECS);
}

/**
 * The first rating that repeats an earlier (userId, movieId) pair, as the rows of both, or null.
 * One pass with a stamp per movie over each user's rows: in file order when the file is sorted by
 * userId (every MovieLens CSV and .dat file is), else grouped by a counting sort (u.data is not).
 */
function repeatedRating(userId: Int32Array, movieId: Int32Array): [number, number] | null {
  let maxMovieId = 0;
  let sorted = true;
  for (let i = 0; i < movieId.length; i++) {
    if (movieId[i] > maxMovieId) maxMovieId = movieId[i];
    if (i > 0 && userId[i] < userId[i - 1]) sorted = false;
  }
  const order = sorted ? null : groupRows(userId, countIds(userId)).rows;
  const stamp = new Int32Array(maxMovieId + 1).fill(-1);
  const firstRow = new Int32Array(maxMovieId + 1);
  let run = -1;
  let user = -1;
  for (let k = 0; k < movieId.length; k++) {
    const i = order === null ? k : order[k];
    if (userId[i] !== user) (user = userId[i]), run++;
    const m = movieId[i];
    if (stamp[m] === run) return [Math.min(firstRow[m], i), Math.max(firstRow[m], i)];
    stamp[m] = run;
    firstRow[m] = i;
  }
  return null;
}

/**
 * Reads a MovieLens folder: the CSV layout of ml-latest-small, ml-20m, ml-25m and ml-32m
 * (ratings.csv, movies.csv, tags.csv, links.csv), MovieLens 1M (ratings.dat, movies.dat; `::`
 * between fields, Latin-1) or MovieLens 100K (u.data tab-separated, u.item `|`-separated,
 * Latin-1). Ratings stream straight into typed columns: MovieLens 25M's 25 million ratings take
 * about 0.5 GB and no per-row objects.
 *
 * @param nameOrDir a dataset name under data/ (`"ml-latest-small"`, `"ml-25m"`, see
 *   {@link datasetDir}) or a folder (default: the shipped data/ml-latest-small). Get the
 *   full-size sets with `npm run data -- ml-25m` (see `downloadMovieLens`).
 * @returns the dataset: typed rating columns plus DataFrames and movie lookups
 * @throws DataFormatError naming the file, line and expectation for a missing folder or file, a
 *   missing column, a malformed row, a non-numeric id, a rating outside 0.5–5, a movieId in
 *   the ratings or tags that the movies file does not list, or a second rating of the same movie
 *   by the same user (both lines named).
 *
 * @example
 * const data = loadMovieLens();
 * data.ratingColumns.length;            // 100836
 * data.movieByTitle("Toy Story (1995)"); // { movieId: 1, genres: ["Adventure", …], … }
 * loadMovieLens("ml-1m");               // data/ml-1m, the .dat layout
 */
export function loadMovieLens(nameOrDir: string = DEFAULT_MOVIELENS_DIR): MovieLens {
  const dir = datasetDir(nameOrDir);
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    const download = dir === path.join(DATA_DIR, nameOrDir) && /^ml-/.test(nameOrDir) ? `; get it with \`npm run data -- ${nameOrDir}\`` : "";
    throw new DataFormatError(dir, null, "folder not found", `a MovieLens folder with ratings.csv, movies.csv, tags.csv and links.csv (or ratings.dat and movies.dat for 1M, u.data and u.item for 100K)${download}`);
  }
  const layout = layoutOf(dir);

  const raw = readMovies(dir, layout);
  const movieCsv = raw.csv;
  const movieIds = movieCsv.numbers.movieId;
  const movies: Movie[] = [];
  const movieLine = new Map<number, number>();
  for (let i = 0; i < movieCsv.rowCount; i++) {
    const movieId = movieIds[i];
    if (movieLine.has(movieId)) {
      throw new DataFormatError(movieCsv.file, movieCsv.line(i), `movieId ${movieId} appears again (first on line ${movieLine.get(movieId)})`, "each movieId once");
    }
    movieLine.set(movieId, movieCsv.line(i));
    const title = movieCsv.strings.title[i];
    movies.push({ movieId, title, genres: raw.genresOf(i), year: yearOf(title) });
  }
  const moviesFile = path.basename(movieCsv.file);
  let maxMovieId = 0;
  for (let i = 0; i < movieIds.length; i++) maxMovieId = Math.max(maxMovieId, movieIds[i]);
  const listed = new Uint8Array(maxMovieId + 1);
  for (let i = 0; i < movieIds.length; i++) listed[movieIds[i]] = 1;
  const known = (csv: CsvColumns) => {
    const ids = csv.numbers.movieId;
    for (let i = 0; i < csv.rowCount; i++) {
      if (ids[i] > maxMovieId || listed[ids[i]] === 0) {
        throw new DataFormatError(csv.file, csv.line(i), `movieId ${ids[i]} is not in ${moviesFile}`, `a movieId listed in ${moviesFile}`);
      }
    }
  };

  const ratingCsv = readRatings(dir, layout);
  known(ratingCsv);
  const repeated = repeatedRating(ratingCsv.numbers.userId as Int32Array, ratingCsv.numbers.movieId as Int32Array);
  if (repeated) {
    const [first, again] = repeated;
    throw new DataFormatError(
      ratingCsv.file,
      ratingCsv.line(again),
      `userId ${ratingCsv.numbers.userId[again]} rates movieId ${ratingCsv.numbers.movieId[again]} again (first on line ${ratingCsv.line(first)})`,
      "one rating per user and movie, as every MovieLens release has; delete one of the two lines",
    );
  }
  const ratingColumns: RatingColumns = {
    userId: ratingCsv.numbers.userId as Int32Array,
    movieId: ratingCsv.numbers.movieId as Int32Array,
    rating: ratingCsv.numbers.rating as Float32Array,
    timestamp: ratingCsv.numbers.timestamp as Float64Array,
    length: ratingCsv.rowCount,
  };

  let tagColumns: TagColumns = { userId: new Int32Array(0), movieId: new Int32Array(0), tag: [], timestamp: new Float64Array(0), length: 0 };
  let linkColumns = { movieId: new Int32Array(0), imdbId: [] as string[], tmdbId: new Float64Array(0) };
  if (layout === "csv") {
    const tagCsv = readCsv(path.join(dir, "tags.csv"), [
      { name: "userId", ...ID },
      { name: "movieId", ...ID },
      { name: "tag", type: "string" },
      { name: "timestamp", type: "int", min: 0 },
    ]);
    known(tagCsv);
    tagColumns = {
      userId: tagCsv.numbers.userId as Int32Array,
      movieId: tagCsv.numbers.movieId as Int32Array,
      tag: tagCsv.strings.tag,
      timestamp: tagCsv.numbers.timestamp as Float64Array,
      length: tagCsv.rowCount,
    };
    const linkCsv = readCsv(path.join(dir, "links.csv"), [
      { name: "movieId", ...ID },
      { name: "imdbId", type: "string" },
      { name: "tmdbId", type: "int", min: 0, optional: true },
    ]);
    linkColumns = { movieId: linkCsv.numbers.movieId as Int32Array, imdbId: linkCsv.strings.imdbId, tmdbId: linkCsv.numbers.tmdbId as Float64Array };
  }

  return new MovieLens(dir, layout, ratingColumns, movies, tagColumns, linkColumns);
}
