/**
 * MovieLens folders → {@link MovieLens} datasets: {@link loadMovieLens} reads the ratings and the
 * movies' ids and checks them at once; Movie objects, tags.csv and links.csv wait until first use.
 * The parts: movielens/paths.ts (where datasets live), layouts.ts (the CSV, 1M and 100K files),
 * checks.ts (checks across rows and files), dataset.ts (the MovieLens class).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { DataFormatError } from "../errors";
import type { CsvColumns } from "./csv";
import { checkListed, checkOneRatingPerMovie, listedMovies } from "./movielens/checks";
import { type LinkColumns, type Movie, MovieLens, type RatingColumns, type TagColumns } from "./movielens/dataset";
import { type RawMovies, layoutOf, readLinks, readMovies, readRatings, readTags } from "./movielens/layouts";
import { DATA_DIR, DEFAULT_MOVIELENS_DIR, datasetDir } from "./movielens/paths";

export { DATA_DIR, DEFAULT_MOVIELENS_DIR, datasetDir } from "./movielens/paths";
export type { MovieLensLayout } from "./movielens/layouts";
export { MAX_FRAME_ROWS, MovieLens, checkDataset } from "./movielens/dataset";
export type { LinkColumns, Movie, RatingColumns, TagColumns } from "./movielens/dataset";

/** The release year in a title ("Heat (1995)", "Fargo (2014–2015)"), or null. */
function yearOf(title: string): number | null {
  const match = /\((\d{4})(?:[–-]\d{0,4})?\)\s*$/.exec(title);
  return match ? Number(match[1]) : null;
}

/** The Movie objects of a movies file, in file order. */
function movieObjects(raw: RawMovies): Movie[] {
  const { csv, genresOf } = raw;
  const ids = csv.numbers.movieId;
  const titles = csv.strings.title;
  const movies = new Array<Movie>(csv.rowCount);
  for (let i = 0; i < csv.rowCount; i++) movies[i] = { movieId: ids[i], title: titles[i], genres: genresOf(i), year: yearOf(titles[i]) };
  return movies;
}

/**
 * Reads a MovieLens folder: the CSV layout of ml-latest-small, ml-20m, ml-25m and ml-32m
 * (ratings.csv, movies.csv, tags.csv, links.csv), MovieLens 1M (ratings.dat, movies.dat; `::`
 * between fields, Latin-1) or MovieLens 100K (u.data tab-separated, u.item `|`-separated,
 * Latin-1). Ratings stream straight into typed columns: MovieLens 25M's 25 million ratings take
 * about 0.5 GB and no per-row objects. tags.csv and links.csv are read (and checked) the first
 * time `tagColumns`, `tags` or `links` is asked for, as a pandas user reads the files they need.
 *
 * @param nameOrDir a dataset name under data/ (`"ml-latest-small"`, `"ml-25m"`, see
 *   {@link datasetDir}) or a folder (default: the shipped data/ml-latest-small). Get the
 *   full-size sets with `npm run data -- ml-25m` (see `downloadMovieLens`).
 * @returns the dataset: typed rating columns plus DataFrames and movie lookups
 * @throws DataFormatError naming the file, line and expectation for a missing folder or file, a
 *   missing column, a malformed row, a non-numeric id, a rating outside 0.5–5, a movieId in
 *   the ratings that the movies file does not list, a movieId listed twice, or a second rating of
 *   the same movie by the same user (both lines named). The same errors in tags.csv and
 *   links.csv are thrown when those are first used.
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
  const listed = listedMovies(raw.csv);
  const moviesFile = path.basename(raw.csv.file);

  const ratingCsv = readRatings(dir, layout);
  checkListed(ratingCsv, listed, moviesFile);
  checkOneRatingPerMovie(ratingCsv, listed);
  const ratingColumns: RatingColumns = {
    userId: ratingCsv.numbers.userId as Int32Array,
    movieId: ratingCsv.numbers.movieId as Int32Array,
    rating: ratingCsv.numbers.rating as Float32Array,
    timestamp: ratingCsv.numbers.timestamp as Float64Array,
    length: ratingCsv.rowCount,
  };

  if (layout !== "csv") {
    const noTags: TagColumns = { userId: new Int32Array(0), movieId: new Int32Array(0), tag: [], timestamp: new Float64Array(0), length: 0 };
    const noLinks: LinkColumns = { movieId: new Int32Array(0), imdbId: [], tmdbId: new Float64Array(0) };
    return new MovieLens(dir, layout, ratingColumns, () => movieObjects(raw), noTags, noLinks);
  }
  const tags = (): TagColumns => {
    const tagCsv: CsvColumns = readTags(dir);
    checkListed(tagCsv, listed, moviesFile);
    return {
      userId: tagCsv.numbers.userId as Int32Array,
      movieId: tagCsv.numbers.movieId as Int32Array,
      tag: tagCsv.strings.tag,
      timestamp: tagCsv.numbers.timestamp as Float64Array,
      length: tagCsv.rowCount,
    };
  };
  const links = (): LinkColumns => {
    const linkCsv = readLinks(dir);
    return { movieId: linkCsv.numbers.movieId as Int32Array, imdbId: linkCsv.strings.imdbId, tmdbId: linkCsv.numbers.tmdbId as Float64Array };
  };
  return new MovieLens(dir, layout, ratingColumns, () => movieObjects(raw), tags, links);
}
