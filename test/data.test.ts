// The data layer against the shipped ml-latest-small and small fixtures.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DEFAULT_MOVIELENS_DIR, DataFormatError, buildWatchlists, datasetDir, loadMovieLens, ratingDistribution, ratingsPerMovie, summarize } from "movie-embeddings";

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
  assert.throws(() => buildWatchlists(tiny, { topMovies: 0 }), /topMovies must be a whole number ≥ 1, got 0/);
});

/** A copy of the tiny fixture with one file replaced, for the bad-input cases. */
function tinyWith(file: string, content: string | null): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "movielens-bad-"));
  for (const name of fs.readdirSync(TINY)) fs.copyFileSync(path.join(TINY, name), path.join(dir, name));
  if (content === null) fs.rmSync(path.join(dir, file));
  else fs.writeFileSync(path.join(dir, file), content);
  return dir;
}

function assertDataError(dir: string, file: string, line: number | null, pattern: RegExp): void {
  assert.throws(
    () => loadMovieLens(dir),
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
