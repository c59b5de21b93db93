// The data layer against the shipped ml-latest-small and small fixtures.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { inspect } from "node:util";
import { DEFAULT_MOVIELENS_DIR, DataFormatError, MAX_FRAME_ROWS, MovieLens, buildWatchlists, datasetDir, loadMovieLens, ratingDistribution, ratingsPerMovie, summarize } from "movie-embeddings/internal";

const shipped = loadMovieLens();
const TINY = path.join(__dirname, "fixtures", "movielens-tiny");

test("the shipped ml-latest-small has the documented row counts", () => {
  assert.equal(shipped.ratingColumns.length, 100836);
  assert.equal(shipped.movieList.length, 9742);
  assert.equal(shipped.tagColumns.length, 3683);
  assert.equal(new Set(shipped.ratingColumns.userId).size, 610);
});

test("titles with commas, quotes and accents parse intact", () => {
  assert.equal(shipped.movie(29).title, "City of Lost Children, The (Cité des enfants perdus, La) (1995)");
  assert.deepEqual(shipped.movie(29).genres, ["Adventure", "Drama", "Fantasy", "Mystery", "Sci-Fi"]);
  const amelie = shipped.movieByTitle("Amelie (Fabuleux destin d'Amélie Poulain, Le) (2001)");
  assert.equal(amelie.movieId, 4973);
  assert.equal(amelie.year, 2001);
  const tiny = loadMovieLens(TINY);
  assert.equal(tiny.movie(4).title, '"Great Performances" Cats (1998)');
  assert.deepEqual(tiny.movie(5).genres, []);
  assert.equal(tiny.tagColumns.tag[1], "funny, dark");
});

test("rating columns are typed arrays in file order", () => {
  const r = shipped.ratingColumns;
  assert.ok(r.userId instanceof Int32Array && r.movieId instanceof Int32Array);
  assert.ok(r.rating instanceof Float32Array);
  assert.deepEqual([r.userId[0], r.movieId[0], r.rating[0], r.timestamp[0]], [1, 1, 4, 964982703]);
});

test("DataFrames for display have the files' columns and rows", () => {
  assert.deepEqual(shipped.movies.columns, ["movieId", "title", "genres"]);
  assert.deepEqual(shipped.movies.shape, [9742, 3]);
  const links = loadMovieLens(TINY).links;
  assert.deepEqual(links.column("imdbId").values.slice(0, 1), ["0114709"]);
});

test("movie lookups: by id, exact title, forgiving search", () => {
  assert.equal(shipped.movieByTitle("Toy Story (1995)").movieId, 1);
  assert.deepEqual(shipped.searchMovies("toy story", 3).map((m) => m.title), ["Toy Story (1995)", "Toy Story 2 (1999)", "Toy Story 3 (2010)"]);
  assert.equal(shipped.searchMovies("amelie", 1)[0].movieId, 4973);
  assert.throws(() => shipped.movieByTitle("Toy Story"), /did you mean "Toy Story \(1995\)"/);
  assert.throws(() => shipped.movieByTitle("Emma (1996)"), /movieIds 838 and 26958 share it/);
  assert.throws(() => shipped.movie(999999), /"999999" is not a movieId/);
});

test("watchlists in file order follow ratings.csv within each user", () => {
  const w = buildWatchlists(shipped, { tokens: "title" });
  assert.equal(w.lists.length, 610);
  assert.equal(w.userIds[0], 1);
  assert.deepEqual(w.lists[0].slice(0, 3), ["Toy Story (1995)", "Grumpier Old Men (1995)", "Heat (1995)"]);
  assert.equal(w.lists[0].length, 232);
  assert.deepEqual(Array.from(w.movieIds[609].slice(0, 3)), [1, 6, 16]);
  assert.equal(w.lists[609].length, 1302);
  assert.equal(w.vocab.movieIdsOf("Toy Story (1995)")[0], 1);
  assert.deepEqual(w.vocab.movieIdsOf("Emma (1996)").sort((a, b) => a - b), [838, 26958]);
});

test("watchlists in timestamp order sort by time, then movieId", () => {
  const w = buildWatchlists(shipped, { order: "timestamp" });
  assert.deepEqual(w.lists[0].slice(0, 5), ["804", "1210", "2018", "2628", "2826"]);
  const tiny = buildWatchlists(loadMovieLens(TINY), { order: "timestamp" });
  assert.deepEqual(tiny.lists, [["2", "3", "1"], ["4", "1", "3"], ["5"]]);
});

test("watchlist filters: top movies, minimum user ratings, minimum length", () => {
  const top = buildWatchlists(shipped, { topMovies: 3 });
  assert.deepEqual(new Set(top.lists.flat()), new Set(["356", "318", "296"]));
  assert.equal(top.vocab.size, 3);
  const tiny = loadMovieLens(TINY);
  assert.deepEqual(Array.from(buildWatchlists(tiny, { minUserRatings: 3 }).userIds), [1, 2]);
  assert.deepEqual(Array.from(buildWatchlists(tiny, { minLength: 2 }).userIds), [1, 2]);
  assert.deepEqual(Array.from(buildWatchlists(tiny, { topMovies: 1, minLength: 1 }).userIds), [1, 2]);
  assert.throws(() => buildWatchlists(tiny, { minLenght: 2 } as never), /unknown option "minLenght"/);
  assert.throws(() => buildWatchlists(tiny, { topMovies: 0 }), /topMovies must be a whole number ≥ 1 \(or null\), got 0/);
});

/** A copy of the tiny fixture with one file replaced, for the bad-input cases. */
function tinyWith(file: string, content: string | null): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "movielens-bad-"));
  for (const name of fs.readdirSync(TINY)) fs.copyFileSync(path.join(TINY, name), path.join(dir, name));
  if (content === null) fs.rmSync(path.join(dir, file));
  else fs.writeFileSync(path.join(dir, file), content);
  return dir;
}

function assertDataError(dir: string, file: string, line: number | null, pattern: RegExp, use: (dir: string) => unknown = loadMovieLens): void {
  assert.throws(
    () => use(dir),
    (error: unknown) => {
      assert.ok(error instanceof DataFormatError, `expected a DataFormatError, got ${error}`);
      assert.equal(path.basename(error.file), file);
      assert.equal(error.line, line);
      assert.match(error.message, pattern);
      return true;
    },
  );
}

test("a dataset is named by its folder under data/, or given as a path", () => {
  assert.equal(datasetDir("ml-latest-small"), DEFAULT_MOVIELENS_DIR);
  assert.equal(datasetDir("./ml-latest-small"), path.resolve("ml-latest-small"));
  assert.equal(datasetDir(TINY), path.resolve(TINY));
  assert.equal(loadMovieLens("ml-latest-small").ratingColumns.length, shipped.ratingColumns.length);
  assert.throws(() => loadMovieLens("ml-25m-missing"), /data\/ml-25m-missing: folder not found/);
});

test("bad input: a missing folder or file", () => {
  assert.throws(() => loadMovieLens("/nonexistent/ml-latest-small"), /\/nonexistent\/ml-latest-small: folder not found; expected a MovieLens folder/);
  assertDataError(tinyWith("ratings.csv", null), "ratings.csv", null, /ratings\.csv: file not found; expected a CSV file with columns userId, movieId, rating, timestamp/);
});

test("bad input: a missing or renamed column", () => {
  const dir = tinyWith("ratings.csv", "userId,movieId,score,timestamp\n1,1,4.0,300\n");
  assertDataError(dir, "ratings.csv", 1, /line 1: missing column "rating" \(the header has "userId", "movieId", "score", "timestamp"\)/);
});

test("bad input: a malformed row", () => {
  assertDataError(tinyWith("ratings.csv", "userId,movieId,rating,timestamp\n1,1,4.0,300\n1,2,3.5\n"), "ratings.csv", 3, /line 3: 3 fields; expected 4 fields/);
  assertDataError(tinyWith("movies.csv", 'movieId,title,genres\n1,"Toy Story (1995),Comedy\n'), "movies.csv", 2, /line 2: malformed CSV/);
});

test("bad input: a non-numeric id, a rating out of range, an unknown movie", () => {
  assertDataError(tinyWith("ratings.csv", "userId,movieId,rating,timestamp\n1,1,4.0,300\nx7,2,3.5,100\n"), "ratings.csv", 3, /line 3: column "userId" is "x7"; expected an integer ≥ 1/);
  assertDataError(tinyWith("ratings.csv", "userId,movieId,rating,timestamp\n1,1,4.0,300\n1,2,3.5,100\n2,3,6,1\n"), "ratings.csv", 4, /line 4: column "rating" is "6"; expected a number from 0.5 to 5/);
  assertDataError(tinyWith("ratings.csv", "userId,movieId,rating,timestamp\n1,1,4.0,300\n1,77,3.5,100\n"), "ratings.csv", 3, /line 3: movieId 77 is not in movies\.csv/);
  assertDataError(tinyWith("movies.csv", "movieId,title,genres\n1,A (1990),Drama\n1,B (1991),Drama\n"), "movies.csv", 3, /movieId 1 appears again \(first on line 2\)/);
});

test("tags.csv and links.csv are read on first use; their errors still name the file and line then", () => {
  const badTag = tinyWith("tags.csv", "userId,movieId,tag,timestamp\n1,1,pixar,300\n2,77,odd,60\n");
  const data = loadMovieLens(badTag);
  assert.equal(data.ratingColumns.length, loadMovieLens(TINY).ratingColumns.length, "the ratings load without reading tags.csv");
  assert.equal(buildWatchlists(data).lists.length, buildWatchlists(loadMovieLens(TINY)).lists.length);
  assertDataError(badTag, "tags.csv", 3, /line 3: movieId 77 is not in movies\.csv/, (dir) => loadMovieLens(dir).tagColumns);
  assertDataError(badTag, "tags.csv", 3, /line 3: movieId 77 is not in movies\.csv/, (dir) => loadMovieLens(dir).tags);
  assertDataError(tinyWith("tags.csv", "userId,movieId,tag,timestamp\n1,1,pixar\n"), "tags.csv", 2, /line 2: 3 fields; expected 4 fields/, (dir) => loadMovieLens(dir).tagColumns);
  assertDataError(tinyWith("tags.csv", null), "tags.csv", null, /tags\.csv: file not found/, (dir) => loadMovieLens(dir).tagColumns);
  assertDataError(tinyWith("links.csv", "movieId,imdbId,tmdbId\n1,0114709,862\n2,0112682,x9\n"), "links.csv", 3, /line 3: column "tmdbId" is "x9"/, (dir) => loadMovieLens(dir).links);
});

test("watchlists of ratings not sorted by user: each user's ratings in file order", () => {
  const movies = [1, 2, 3].map((movieId) => ({ movieId, title: `Movie ${movieId} (2000)`, genres: [], year: 2000 }));
  const noTags = { userId: new Int32Array(0), movieId: new Int32Array(0), tag: [], timestamp: new Float64Array(0), length: 0 };
  const noLinks = { movieId: new Int32Array(0), imdbId: [], tmdbId: new Float64Array(0) };
  const columns = (userId: number[], movieId: number[], timestamp: number[]) => ({
    userId: Int32Array.from(userId),
    movieId: Int32Array.from(movieId),
    rating: new Float32Array(userId.length).fill(4),
    timestamp: Float64Array.from(timestamp),
    length: userId.length,
  });
  const unsorted = new MovieLens("/virtual/u", "ml-100k", columns([2, 1, 2, 1, 2], [3, 2, 1, 1, 2], [5, 9, 4, 1, 6]), movies, noTags, noLinks);
  const sorted = new MovieLens("/virtual/s", "csv", columns([1, 1, 2, 2, 2], [2, 1, 3, 1, 2], [9, 1, 5, 4, 6]), movies, noTags, noLinks);
  for (const data of [unsorted, sorted]) {
    const watchlists = buildWatchlists(data);
    assert.deepEqual(Array.from(watchlists.userIds), [1, 2]);
    assert.deepEqual(watchlists.lists, [["2", "1"], ["3", "1", "2"]]);
    assert.deepEqual(watchlists.movieIds.map((ids) => Array.from(ids)), [[2, 1], [3, 1, 2]]);
    assert.deepEqual(watchlists.vocab.tokens, ["2", "1", "3"]);
    assert.deepEqual(buildWatchlists(data, { order: "timestamp", tokens: "title" }).lists, [["Movie 1 (2000)", "Movie 2 (2000)"], ["Movie 1 (2000)", "Movie 3 (2000)", "Movie 2 (2000)"]]);
    assert.deepEqual(Array.from(buildWatchlists(data, { minLength: 3 }).userIds), [2]);
  }
});

test("dataset summary, ratings per movie and the star distribution", () => {
  const summary = summarize(shipped);
  assert.equal(summary.minRatingsPerUser, 20);
  assert.equal(summary.ratedMovies, 9724);
  assert.equal(summary.maxMovieId, 193609);
  const perMovie = ratingsPerMovie(shipped);
  assert.deepEqual(perMovie[0], { movieId: 356, title: "Forrest Gump (1994)", ratings: 329 });
  assert.equal(perMovie.reduce((sum, m) => sum + m.ratings, 0), 100836);
  const stars = ratingDistribution(shipped);
  assert.equal(stars.length, 10);
  assert.equal(stars.reduce((sum, s) => sum + s.count, 0), 100836);
  assert.deepEqual(stars.at(-1), { rating: 5, count: 13211 });
});

test("the shipped files match their SHA256SUMS", () => {
  const dir = path.join(__dirname, "..", "data", "ml-latest-small");
  const lines = fs.readFileSync(path.join(dir, "SHA256SUMS"), "utf8").trim().split("\n");
  assert.equal(lines.length, 5);
  for (const line of lines) {
    const [sum, name] = line.split(/\s+/);
    const actual = createHash("sha256").update(fs.readFileSync(path.join(dir, name))).digest("hex");
    assert.equal(actual, sum, `${name} differs from the GroupLens release`);
  }
});

const ML1M = path.join(__dirname, "fixtures", "ml-1m-tiny");
const ML100K = path.join(__dirname, "fixtures", "ml-100k-tiny");

test("MovieLens 1M: '::'-separated .dat files in Latin-1, the same typed columns", () => {
  const data = loadMovieLens(ML1M);
  assert.equal(data.layout, "ml-1m");
  assert.equal(data.ratingColumns.length, 7);
  assert.ok(data.ratingColumns.userId instanceof Int32Array && data.ratingColumns.rating instanceof Float32Array);
  assert.equal(data.movie(2).title, "Cité des enfants perdus, La (1995)");
  assert.deepEqual(data.movie(1).genres, ["Animation", "Children's", "Comedy"]);
  assert.equal(data.movie(4).title, '"Great Performances" Cats (1998)');
  assert.equal(data.tagColumns.length, 0);
  assert.deepEqual(buildWatchlists(data, { order: "timestamp" }).lists, [["2", "3", "1"], ["3", "1", "4"], ["5"]]);
  const bad = fs.mkdtempSync(path.join(os.tmpdir(), "ml-1m-bad-"));
  for (const name of fs.readdirSync(ML1M)) fs.copyFileSync(path.join(ML1M, name), path.join(bad, name));
  fs.writeFileSync(path.join(bad, "ratings.dat"), "1::1::4::300\n1::2::3\n");
  assertDataError(bad, "ratings.dat", 2, /line 2: 3 fields; expected 4 fields \(userId::movieId::rating::timestamp\)/);
  fs.writeFileSync(path.join(bad, "ratings.dat"), "1::1::4::300\n1::9::3::1\n");
  assertDataError(bad, "ratings.dat", 2, /movieId 9 is not in movies\.dat/);
});

test("MovieLens 100K: tab-separated u.data, '|'-separated u.item with genre flags", () => {
  const data = loadMovieLens(ML100K);
  assert.equal(data.layout, "ml-100k");
  assert.equal(data.ratingColumns.length, 7);
  assert.equal(data.movie(2).title, "Cité des enfants perdus, La (1995)");
  assert.deepEqual(data.movie(1).genres, ["Animation", "Children's", "Comedy"]);
  assert.deepEqual(data.movie(3).genres, ["Comedy", "Crime", "Thriller"]);
  assert.deepEqual(data.movie(5).genres, [], "100K's genre 'unknown' is no genre");
  assert.deepEqual(Array.from(data.ratingColumns.rating), [4, 3, 5, 1, 2, 4, 3]);
  const bad = fs.mkdtempSync(path.join(os.tmpdir(), "ml-100k-bad-"));
  for (const name of fs.readdirSync(ML100K)) fs.copyFileSync(path.join(ML100K, name), path.join(bad, name));
  fs.writeFileSync(path.join(bad, "u.data"), "1\t1\t4\t300\n1\tx2\t3\t100\n");
  assertDataError(bad, "u.data", 2, /line 2: column "movieId" is "x2"; expected an integer ≥ 1/);
});

test("ratings for display: head, slice, seeded sample and aggregates, like pandas", () => {
  assert.deepEqual(shipped.ratingsHead(3).shape, [3, 4]);
  assert.deepEqual(shipped.ratingsHead(3).column("movieId").values, [1, 3, 6]);
  const slice = shipped.ratingsSlice(100, 103);
  assert.deepEqual(slice.index, [100, 101, 102]);
  assert.deepEqual(slice.column("userId").values, Array.from(shipped.ratingColumns.userId.slice(100, 103)));
  const sample = shipped.ratingsSample(50, 7);
  assert.deepEqual(sample.index, shipped.ratingsSample(50, 7).index, "same seed, same rows");
  assert.notDeepEqual(sample.index, shipped.ratingsSample(50, 8).index);
  assert.equal(new Set(sample.index as number[]).size, 50);
  const row = (sample.index as number[])[0];
  assert.equal(sample.column("movieId").values[0], shipped.ratingColumns.movieId[row]);
  const byMovie = shipped.ratingsByMovie();
  assert.deepEqual(byMovie.column("title").values.slice(0, 1), ["Forrest Gump (1994)"]);
  assert.deepEqual(byMovie.column("ratings").values.slice(0, 1), [329]);
  const byUser = shipped.ratingsByUser();
  assert.equal(byUser.shape[0], 610);
  assert.equal((byUser.column("ratings").values as number[]).reduce((a, b) => a + b, 0), 100836);
  assert.throws(() => shipped.ratingsSlice(5, 2), /start and end must be whole numbers with 0 ≤ start ≤ end/);
});

test("a ratings table above MAX_FRAME_ROWS is not turned into one DataFrame", () => {
  const n = MAX_FRAME_ROWS + 1;
  const big = new MovieLens(
    "/virtual/ml-big",
    "csv",
    { userId: new Int32Array(n).fill(1), movieId: new Int32Array(n).fill(1), rating: new Float32Array(n).fill(4), timestamp: new Float64Array(n), length: n },
    [{ movieId: 1, title: "Toy Story (1995)", genres: [], year: 1995 }],
    { userId: new Int32Array(0), movieId: new Int32Array(0), tag: [], timestamp: new Float64Array(0), length: 0 },
    { movieId: new Int32Array(0), imdbId: [], tmdbId: new Float64Array(0) },
  );
  assert.throws(() => big.ratings, /ratings would build a DataFrame of 1,000,001 rows .* ratingsHead\(10\), ratingsSample\(1000, seed\)/);
  assert.deepEqual(big.ratingsHead(2).shape, [2, 4]);
  assert.deepEqual(big.ratingsByMovie().column("ratings").values, [n]);
  assert.match(inspect(big), /1,000,001 ratings · 1 users/);
});
