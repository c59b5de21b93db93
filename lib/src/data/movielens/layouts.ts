/**
 * The three MovieLens file layouts and how each is read into columns: the CSV layout
 * (ml-latest-small, ml-20m, ml-25m, ml-32m: ratings.csv, movies.csv, tags.csv, links.csv),
 * MovieLens 1M (`::`-separated, Latin-1 .dat files) and MovieLens 100K (tab-separated u.data,
 * `|`-separated u.item).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { readCsv } from "../csv";
import type { ColumnSpec, CsvColumns } from "../csv";

/** The file layouts `loadMovieLens` reads. */
export type MovieLensLayout = "csv" | "ml-1m" | "ml-100k";

/** What movies.csv writes for a movie without genres. */
export const NO_GENRES = "(no genres listed)";

/** The file layout of a folder: MovieLens 1M has .dat files, 100K has u.data and u.item, the rest CSV. */
export function layoutOf(dir: string): MovieLensLayout {
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

/** The movies file as read: its columns, and how a row's genres are listed. */
export interface RawMovies {
  csv: CsvColumns;
  genresOf(row: number): string[];
}

/**
 * Reads the movies file of a layout: movies.csv, movies.dat (1M) or u.item (100K, whose genres
 * are 19 flag columns).
 * @throws DataFormatError naming the file and line of a malformed row
 */
export function readMovies(dir: string, layout: MovieLensLayout): RawMovies {
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

/**
 * Reads the ratings file of a layout: ratings.csv, ratings.dat (1M) or u.data (100K).
 * @throws DataFormatError naming the file and line of a malformed row
 */
export function readRatings(dir: string, layout: MovieLensLayout): CsvColumns {
  const columns = ["userId", "movieId", "rating", "timestamp"];
  if (layout === "ml-1m") return readCsv(path.join(dir, "ratings.dat"), RATING_SPECS, { delimiter: "::", quotes: false, columns });
  if (layout === "ml-100k") return readCsv(path.join(dir, "u.data"), RATING_SPECS, { delimiter: "\t", quotes: false, columns });
  return readCsv(path.join(dir, "ratings.csv"), RATING_SPECS);
}

/**
 * Reads tags.csv (the CSV layout only: 1M and 100K have no tags).
 * @throws DataFormatError naming tags.csv and the line of a malformed row
 */
export function readTags(dir: string): CsvColumns {
  return readCsv(path.join(dir, "tags.csv"), [
    { name: "userId", ...ID },
    { name: "movieId", ...ID },
    { name: "tag", type: "string" },
    { name: "timestamp", type: "int", min: 0 },
  ]);
}

/**
 * Reads links.csv (the CSV layout only): imdbId stays text (leading zeros), tmdbId may be empty.
 * @throws DataFormatError naming links.csv and the line of a malformed row
 */
export function readLinks(dir: string): CsvColumns {
  return readCsv(path.join(dir, "links.csv"), [
    { name: "movieId", ...ID },
    { name: "imdbId", type: "string" },
    { name: "tmdbId", type: "int", min: 0, optional: true },
  ]);
}
