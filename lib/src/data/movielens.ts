/**
 * MovieLens folders (ratings.csv, movies.csv, tags.csv, links.csv) → typed columns for the
 * numbers and danfojs DataFrames for what a person looks at.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { inspect } from "node:util";
import type { DataFrame } from "danfojs-node";
import { closestKeys } from "../closest";
import { DataFormatError, UnknownKeyError } from "../errors";
import { readCsv } from "./csv";

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
 * - `ratings`, `movies`, `tags`, `links`: danfojs DataFrames for display, built on first use.
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

  /** The dataset's folder name, e.g. "ml-latest-small". */
  get name(): string {
    return path.basename(this.dir);
  }

  /** Ratings as a DataFrame: userId, movieId, rating, timestamp. */
  get ratings(): DataFrame {
    return this.frame("ratings", () => {
      const r = this.ratingColumns;
      return {
        userId: Array.from(r.userId),
        movieId: Array.from(r.movieId),
        rating: Array.from(r.rating),
        timestamp: Array.from(r.timestamp),
      };
    });
  }

  /** Movies as a DataFrame: movieId, title, genres (the "|"-joined text of movies.csv). */
  get movies(): DataFrame {
    return this.frame("movies", () => ({
      movieId: this.movieList.map((m) => m.movieId),
      title: this.movieList.map((m) => m.title),
      genres: this.movieList.map((m) => (m.genres.length ? m.genres.join("|") : NO_GENRES)),
    }));
  }

  /** Tags as a DataFrame: userId, movieId, tag, timestamp. */
  get tags(): DataFrame {
    return this.frame("tags", () => ({
      userId: Array.from(this.tagColumns.userId),
      movieId: Array.from(this.tagColumns.movieId),
      tag: this.tagColumns.tag,
      timestamp: Array.from(this.tagColumns.timestamp),
    }));
  }

  /** Links to IMDb and TMDB as a DataFrame: movieId, imdbId (text, leading zeros kept), tmdbId (NaN when missing). */
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
   * The movie with this movieId.
   * @throws UnknownKeyError when movies.csv has no such id.
   */
  movie(movieId: number): Movie {
    const movie = this.byId.get(movieId);
    if (!movie) throw new UnknownKeyError(String(movieId), `a movieId in ${this.name}/movies.csv`, []);
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
    const movies = this.byTitle.get(title);
    if (!movies) {
      throw new UnknownKeyError(title, `a title in ${this.name}/movies.csv`, this.searchMovies(title, 5).map((m) => m.title));
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
   */
  searchMovies(text: string, topn = 10): Movie[] {
    return closestKeys(text, this.movieList.map((m) => m.title), topn).map((title) => this.byTitle.get(title)![0]);
  }

  /** One line: "MovieLens<ml-latest-small: 100,836 ratings · 610 users · 9,742 movies · 3,683 tags>". */
  [inspect.custom](): string {
    const users = new Set(this.ratingColumns.userId).size;
    const n = (x: number) => x.toLocaleString("en-US");
    return `MovieLens<${this.name}: ${n(this.ratingColumns.length)} ratings · ${n(users)} users · ${n(this.movieList.length)} movies · ${n(this.tagColumns.length)} tags>`;
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
  const isName = /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(nameOrDir) && !nameOrDir.startsWith(".");
  return isName ? path.join(DATA_DIR, nameOrDir) : path.resolve(nameOrDir);
}

/**
 * Reads a MovieLens folder in the ml-latest / ml-25m CSV layout.
 *
 * @param dir a dataset name under data/ (`"ml-latest-small"`, see {@link datasetDir}) or the
 *   folder holding ratings.csv, movies.csv, tags.csv and links.csv (default: the shipped
 *   data/ml-latest-small)
 * @returns the dataset: typed rating columns plus DataFrames and movie lookups
 * @throws DataFormatError naming the file, line and expectation for a missing folder or file, a
 *   missing column, a malformed row, a non-numeric id, a rating outside 0.5–5, or a movieId in
 *   ratings.csv or tags.csv that movies.csv does not list.
 *
 * @example
 * const data = loadMovieLens();
 * data.ratingColumns.length;            // 100836
 * data.movieByTitle("Toy Story (1995)"); // { movieId: 1, genres: ["Adventure", …], … }
 */
export function loadMovieLens(nameOrDir: string = DEFAULT_MOVIELENS_DIR): MovieLens {
  const dir = datasetDir(nameOrDir);
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw new DataFormatError(dir, null, "folder not found", "a MovieLens folder with ratings.csv, movies.csv, tags.csv and links.csv");
  }
  const file = (name: string) => path.join(dir, name);
  const id = { type: "int", min: 1 } as const;

  const movieCsv = readCsv(file("movies.csv"), [
    { name: "movieId", ...id },
    { name: "title", type: "string" },
    { name: "genres", type: "string" },
  ]);
  const movies: Movie[] = [];
  const movieLine = new Map<number, number>();
  for (let i = 0; i < movieCsv.rowCount; i++) {
    const movieId = movieCsv.numbers.movieId[i];
    if (movieLine.has(movieId)) {
      throw new DataFormatError(movieCsv.file, movieCsv.lineOf[i], `movieId ${movieId} appears again (first on line ${movieLine.get(movieId)})`, "each movieId once");
    }
    movieLine.set(movieId, movieCsv.lineOf[i]);
    const title = movieCsv.strings.title[i];
    const genres = movieCsv.strings.genres[i];
    movies.push({ movieId, title, genres: genres === NO_GENRES ? [] : genres.split("|"), year: yearOf(title) });
  }

  const known = (csv: ReturnType<typeof readCsv>) => {
    const ids = csv.numbers.movieId;
    for (let i = 0; i < csv.rowCount; i++) {
      if (!movieLine.has(ids[i])) {
        throw new DataFormatError(csv.file, csv.lineOf[i], `movieId ${ids[i]} is not in movies.csv`, "a movieId listed in movies.csv");
      }
    }
  };

  const ratingCsv = readCsv(file("ratings.csv"), [
    { name: "userId", ...id },
    { name: "movieId", ...id },
    { name: "rating", type: "float", min: 0.5, max: 5 },
    { name: "timestamp", type: "int", min: 0 },
  ]);
  known(ratingCsv);
  const ratingColumns: RatingColumns = {
    userId: Int32Array.from(ratingCsv.numbers.userId),
    movieId: Int32Array.from(ratingCsv.numbers.movieId),
    rating: Float32Array.from(ratingCsv.numbers.rating),
    timestamp: ratingCsv.numbers.timestamp,
    length: ratingCsv.rowCount,
  };

  const tagCsv = readCsv(file("tags.csv"), [
    { name: "userId", ...id },
    { name: "movieId", ...id },
    { name: "tag", type: "string" },
    { name: "timestamp", type: "int", min: 0 },
  ]);
  known(tagCsv);
  const tagColumns: TagColumns = {
    userId: Int32Array.from(tagCsv.numbers.userId),
    movieId: Int32Array.from(tagCsv.numbers.movieId),
    tag: tagCsv.strings.tag,
    timestamp: tagCsv.numbers.timestamp,
    length: tagCsv.rowCount,
  };

  const linkCsv = readCsv(file("links.csv"), [
    { name: "movieId", ...id },
    { name: "imdbId", type: "string" },
    { name: "tmdbId", type: "int", min: 0, optional: true },
  ]);
  const linkColumns = { movieId: Int32Array.from(linkCsv.numbers.movieId), imdbId: linkCsv.strings.imdbId, tmdbId: linkCsv.numbers.tmdbId };

  return new MovieLens(dir, ratingColumns, movies, tagColumns, linkColumns);
}
