/**
 * The checks loadMovieLens makes across files and rows, on typed columns: each movieId once in
 * the movies file, every rated or tagged movie listed there, one rating per user and movie.
 */
import { DataFormatError } from "../../errors";
import { countIds, groupRows } from "../counts";
import { WASM_ID_LIMIT, idsKernel, inBlocks } from "../ids-kernel";
import type { CsvColumns } from "../csv";

/**
 * The movieIds of a movies file, checked to appear once each, as a set to test ids against.
 *
 * @param movies the movies file's columns (movieId an Int32Array of ids ≥ 1)
 * @returns `listed[id]` is 1 for a listed movie (ids up to `listed.length - 1`)
 * @throws DataFormatError naming the file and both lines of a repeated movieId
 */
export function listedMovies(movies: CsvColumns): Uint8Array {
  const ids = movies.numbers.movieId as Int32Array;
  let maxMovieId = 0;
  for (let i = 0; i < ids.length; i++) if (ids[i] > maxMovieId) maxMovieId = ids[i];
  const firstRow = new Int32Array(maxMovieId + 1).fill(-1);
  for (let i = 0; i < ids.length; i++) {
    const movieId = ids[i];
    if (firstRow[movieId] >= 0) {
      throw new DataFormatError(movies.file, movies.line(i), `movieId ${movieId} appears again (first on line ${movies.line(firstRow[movieId])})`, "each movieId once");
    }
    firstRow[movieId] = i;
  }
  const listed = new Uint8Array(maxMovieId + 1);
  for (let i = 0; i < ids.length; i++) listed[ids[i]] = 1;
  return listed;
}

/**
 * Checks that every movieId of a ratings or tags file is listed in the movies file.
 *
 * @param csv the file's columns (movieId an Int32Array)
 * @param listed from {@link listedMovies}
 * @param moviesFile the movies file's name, for the message
 * @throws DataFormatError naming the file and line of the first unlisted movieId
 */
export function checkListed(csv: CsvColumns, listed: Uint8Array, moviesFile: string): void {
  const ids = csv.numbers.movieId as Int32Array;
  const i = firstUnlisted(ids.subarray(0, csv.rowCount), listed);
  if (i >= 0) throw new DataFormatError(csv.file, csv.line(i), `movieId ${ids[i]} is not in ${moviesFile}`, `a movieId listed in ${moviesFile}`);
}

/** The first row of an id column (ids ≥ 1) whose id is not listed, or -1. */
function firstUnlisted(ids: Int32Array, listed: Uint8Array): number {
  const maxMovieId = listed.length - 1;
  if (maxMovieId >= WASM_ID_LIMIT) {
    for (let i = 0; i < ids.length; i++) if (ids[i] > maxMovieId || listed[ids[i]] === 0) return i;
    return -1;
  }
  const kernel = idsKernel(ids.length, listed.length);
  new Uint8Array(kernel.memory.buffer, kernel.rest, listed.length).set(listed);
  let found = -1;
  inBlocks(kernel, ids, (n, from) => {
    if (found >= 0) return;
    const i = kernel.unlisted(0, n, kernel.rest, maxMovieId);
    if (i >= 0) found = from + i;
  });
  return found;
}

/**
 * The first rating that repeats an earlier (userId, movieId) pair, as the rows of both, or null.
 * One pass with a stamp per movie over each user's rows, in file order, checking on the way that
 * the file is sorted by userId (every MovieLens CSV and .dat file is); when it is not (u.data),
 * a second pass over the rows grouped by a counting sort.
 *
 * @param maxMovieId the largest movieId (every id is from 0 to it)
 */
export function repeatedRating(userId: Int32Array, movieId: Int32Array, maxMovieId: number): [number, number] | null {
  if (maxMovieId < WASM_ID_LIMIT) {
    // the same pass in ids.wat: the userIds a block at a time at 0, the movieIds after them
    const kernel = idsKernel(userId.length, (maxMovieId + 1) * 8, 2);
    const movies = kernel.block * 4;
    const stamp = kernel.rest;
    const movieBlock = new Int32Array(kernel.memory.buffer, movies, kernel.block);
    let sorted = true;
    inBlocks(kernel, userId, (n, from) => {
      if (!sorted) return;
      movieBlock.set(movieId.subarray(from, from + n));
      sorted = kernel.repeated(0, movies, n, from, stamp, stamp + (maxMovieId + 1) * 4) === 0;
    });
    if (sorted) return (kernel.again.value as number) < 0 ? null : [kernel.first.value as number, kernel.again.value as number];
    return repeatedInGroups(userId, movieId, new Int32Array(maxMovieId + 1).fill(-1), new Int32Array(maxMovieId + 1));
  }
  const stamp = new Int32Array(maxMovieId + 1).fill(-1);
  const firstRow = new Int32Array(maxMovieId + 1);
  let found: [number, number] | null = null;
  let run = -1;
  let user = -1;
  for (let i = 0; i < movieId.length; i++) {
    if (userId[i] !== user) {
      if (userId[i] < user) return repeatedInGroups(userId, movieId, stamp.fill(-1), firstRow);
      user = userId[i];
      run++;
    }
    const m = movieId[i];
    if (stamp[m] === run) found ??= [firstRow[m], i];
    stamp[m] = run;
    firstRow[m] = i;
  }
  return found;
}

/** {@link repeatedRating} for a file not sorted by userId: each user's rows in file order. */
function repeatedInGroups(userId: Int32Array, movieId: Int32Array, stamp: Int32Array, firstRow: Int32Array): [number, number] | null {
  const order = groupRows(userId, countIds(userId)).rows;
  let run = -1;
  let user = -1;
  for (let k = 0; k < movieId.length; k++) {
    const i = order[k];
    if (userId[i] !== user) (user = userId[i]), run++;
    const m = movieId[i];
    if (stamp[m] === run) return [firstRow[m], i];
    stamp[m] = run;
    firstRow[m] = i;
  }
  return null;
}

/**
 * Checks that no user rates a movie twice.
 * @param listed from {@link listedMovies}, after {@link checkListed} passed on these ratings
 * @throws DataFormatError naming the file and both lines of the first repeated (userId, movieId)
 */
export function checkOneRatingPerMovie(ratings: CsvColumns, listed: Uint8Array): void {
  const userId = ratings.numbers.userId as Int32Array;
  const movieId = ratings.numbers.movieId as Int32Array;
  const repeated = repeatedRating(userId, movieId, listed.length - 1);
  if (repeated) {
    const [first, again] = repeated;
    throw new DataFormatError(
      ratings.file,
      ratings.line(again),
      `userId ${userId[again]} rates movieId ${movieId[again]} again (first on line ${ratings.line(first)})`,
      "one rating per user and movie, as every MovieLens release has; delete one of the two lines",
    );
  }
}
