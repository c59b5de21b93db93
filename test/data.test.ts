// The data layer (lib/src/data): the shipped ml-latest-small and small fixtures, the one CSV
// reader, downloads against a local HTTP server serving zips built here (no test touches the
// internet), watchlists, splits and plots, and bad input in the files it reads. The slow ones
// (big files, danfojs frames, the plots' title search) are in slow/data.test.ts.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as http from "node:http";
import { execFileSync, spawn, spawnSync } from "node:child_process";
import type { AddressInfo } from "node:net";
import { setTimeout as delay } from "node:timers/promises";
import * as os from "node:os";
import * as path from "node:path";
import { inspect } from "node:util";
import {
  DEFAULT_MOVIELENS_DIR, DataFormatError, DownloadError, MAX_FRAME_ROWS, MOVIELENS_RELEASES, MovieLens, OptionsError, buildWatchlists,
  datasetDir, downloadMovieLens, downloadRelease, extractZip, idOrderedShare, loadMovieLens, loadPlots, loadWord2VecFormat, ratingDistribution,
  countIds, firstMet, sortedRuns, ratingTriples, ratingsPerMovie, readCsv, readNpy, summarize, trainTestSplit,
} from "movie-embeddings/internal";
import type { ColumnSpec, MovieLensRelease } from "movie-embeddings";
import { throwsData, throwsOptions } from "./support/asserts";
import { file, rejects } from "./support/csv";
import { datasetWith, tmp } from "./support/files";
import { asyncOptionCases, optionCases } from "./support/options";
import { plots } from "./support/plots";
import { makeZip } from "./support/zip-fixture";

const shipped = loadMovieLens();
const TINY = path.join(__dirname, "fixtures", "movielens-tiny");
const FIXTURES = path.join(__dirname, "fixtures");
const ratingSpecs = [{ name: "userId", type: "int" as const }, { name: "movieId", type: "int" as const }];
const ML1M = path.join(__dirname, "fixtures", "ml-1m-tiny");
const ML100K = path.join(__dirname, "fixtures", "ml-100k-tiny");

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

const tinyEntries = fs.readdirSync(TINY).map((file) => ({ name: `ml-fixture/${file}`, data: fs.readFileSync(path.join(TINY, file)), deflate: true }));
const zips: Record<string, Buffer> = {
  good: makeZip([{ name: "ml-fixture/" }, ...tinyEntries]),
  traversal: makeZip([...tinyEntries, { name: "ml-fixture/../../escaped.txt", data: "owned" }]),
  symlink: makeZip([...tinyEntries, { name: "ml-fixture/link", data: "/etc/passwd", symlink: true }]),
  bomb: makeZip([...tinyEntries, { name: "ml-fixture/zeros.csv", data: Buffer.alloc(20 << 20), deflate: true }]),
};
const md5 = (bytes: Buffer) => createHash("md5").update(bytes).digest("hex");

let requests = 0;
const sockets = new Set<import("node:net").Socket>();
const server = http.createServer((request, response) => {
  requests++;
  const name = request.url!.slice(1).replace(/\.zip$/, "");
  if (name === "stall") {
    response.writeHead(200, { "content-length": "1000" });
    response.write("PK"); // then nothing: the client must give up by itself
    return;
  }
  if (name === "trickle") {
    // one byte every 20 ms: the idle timeout never fires, only the overall deadline can end it
    response.writeHead(200, { "content-length": "100000" });
    const timer = setInterval(() => response.write("P"), 20);
    response.on("close", () => clearInterval(timer));
    return;
  }
  if (name === "endless") {
    // no content-length, and data for as long as the client reads
    response.writeHead(200);
    const chunk = Buffer.alloc(64 << 10, 0x50);
    const pump = () => {
      while (!response.destroyed && response.write(chunk));
    };
    response.on("drain", pump);
    pump();
    return;
  }
  if (name === "huge") {
    response.writeHead(200, { "content-length": String(1e12) });
    response.write("PK");
    return;
  }
  if (name === "truncated") {
    response.writeHead(200, { "content-length": String(zips.good.length) });
    response.end(zips.good.subarray(0, zips.good.length >> 1)); // a shorter body than promised
    response.socket?.destroy();
    return;
  }
  if (name === "redirect") {
    response.writeHead(302, { location: "/good.zip" });
    response.end();
    return;
  }
  const body = zips[name];
  if (!body) {
    response.writeHead(404).end();
    return;
  }
  response.writeHead(200, { "content-length": String(body.length) });
  response.end(body);
});
server.on("connection", (socket) => {
  sockets.add(socket);
  socket.on("close", () => sockets.delete(socket));
});
const listening = new Promise<string>((resolve) => server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
after(() => {
  for (const socket of sockets) socket.destroy();
  server.close();
});

function release(file: string, checksum = md5(zips.good)): MovieLensRelease {
  return { name: "ml-fixture", url: `${file}`, md5: checksum, bytes: null, files: ["ratings.csv", "movies.csv", "tags.csv", "links.csv"] };
}
const freshDataDir = () => fs.mkdtempSync(path.join(os.tmpdir(), "movielens-download-"));
/** What a failed download left behind: nothing but the data folder itself. */
const leftovers = (dataDir: string) => fs.readdirSync(dataDir);

async function rejectsWith(promise: Promise<unknown>, pattern: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof DownloadError, `expected a DownloadError, got ${error}`);
    assert.match(error.message, pattern);
    return true;
  });
}

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

test("quoted fields hold delimiters, quotes and newlines; line numbers count the lines a row spans", () => {
  const csv = readCsv(file('\uFEFFid,plot,year\r\n1,"one, two",2001\r\n2,"He said ""no""\nthen left\nagain",2002\r\n\r\n3,plain,2003\n'), [
    { name: "id", type: "int", array: "int32" },
    { name: "plot", type: "string" },
    { name: "year", type: "int" },
  ]);
  assert.equal(csv.rowCount, 3);
  assert.deepEqual(csv.strings.plot, ["one, two", 'He said "no"\nthen left\nagain', "plain"]);
  assert.ok(csv.numbers.id instanceof Int32Array);
  assert.ok(csv.numbers.year instanceof Float64Array);
  assert.deepEqual(Array.from(csv.numbers.year), [2001, 2002, 2003]);
  assert.deepEqual(Array.from(csv.lineOf), [2, 3, 7]);
  assert.equal(csv.line(2), 7);
});

test("countIds, firstMet and sortedRuns agree with a Map on small, large and negative ids, across blocks of a long column", () => {
  const columns = [
    Int32Array.from({ length: 1_200_000 }, (_, i) => (i * 7919) % 193_609),
    Int32Array.of(5_000_000, 3, 5_000_000, 0),
    Int32Array.of(-4, 2_000_000_000, -4, 7),
    new Int32Array(0),
  ];
  for (const column of columns) {
    const perId = new Map<number, number>();
    for (const id of column) perId.set(id, (perId.get(id) ?? 0) + 1);
    const ids = [...perId.keys()].sort((a, b) => a - b);
    const counts = countIds(column);
    assert.deepEqual(Array.from(counts.ids), ids);
    assert.deepEqual(Array.from(counts.counts), ids.map((id) => perId.get(id)));
    const slot = new Map(ids.map((id, k) => [id, k]));
    assert.deepEqual(Array.from(counts.slotsOf(column)), Array.from(column, (id) => slot.get(id)));
    assert.equal(counts.indexOf(123_456_789), -1);
    if (column.length > 0 && column.every((id) => id >= 0)) assert.deepEqual(Array.from(firstMet(column, ids[ids.length - 1])), [...perId.keys()]);
    // the runs of the column sorted, and null for the column itself unless it is sorted
    const sorted = column.slice().sort();
    const runs = sortedRuns(sorted)!;
    assert.deepEqual(Array.from(runs.ids), ids);
    const firstRow = new Map<number, number>();
    sorted.forEach((id, i) => firstRow.has(id) || firstRow.set(id, i));
    assert.deepEqual(Array.from(runs.offsets), [...ids.map((id) => firstRow.get(id)), column.length]);
    assert.equal(sortedRuns(column) === null, column.some((id, i) => i > 0 && id < column[i - 1]));
  }
});

test("long text files read the same whether a row is simple or not: quotes, CRLF, a quoted newline, non-ASCII, bad rows far in", () => {
  // 20,000 rows, most simple, some not (so runs of simple rows start and stop, across chunks of rows)
  const ids: number[] = [];
  const titles: string[] = [];
  const scores: number[] = [];
  const rows: string[] = ["id,title,skipped,score"];
  const lines: number[] = [];
  let line = 1;
  for (let i = 0; i < 20_000; i++) {
    const id = i * 7 + 1;
    const title = i % 997 === 0 ? `Part "${i}"\nof two` : i % 5 === 0 ? `Amélie, ${i} 🎬` : i % 3 === 0 ? `Say ""${i}""` : `Movie ${i}`;
    const score = i % 4 === 1 ? -i / 8 : i;
    const quotedTitle = /[",\n]/.test(title) ? `"${title.replace(/"/g, '""')}"` : title;
    rows.push(`${id},${quotedTitle},${i % 2 === 0 ? "x" : `"s,${i}"`},${score}${i % 1001 === 0 ? "\r" : ""}`);
    lines.push(++line);
    line += title.split("\n").length - 1;
    ids.push(id);
    titles.push(title);
    scores.push(score);
  }
  const specs: ColumnSpec[] = [
    { name: "id", type: "int", min: 1, array: "int32" },
    { name: "title", type: "string" },
    { name: "score", type: "float", array: "float32" },
  ];
  const csv = readCsv(file(rows.join("\n") + "\n"), specs, { quotes: true });
  assert.equal(csv.rowCount, 20_000);
  assert.deepEqual(Array.from(csv.numbers.id), ids);
  assert.deepEqual(csv.strings.title, titles);
  assert.deepEqual(Array.from(csv.numbers.score), Array.from(Float32Array.from(scores)));
  assert.deepEqual(Array.from(csv.lineOf), lines);
  // a bad number, an empty title and a short row after thousands of simple rows: reported with their line
  const bad = (row: string) => [...rows.slice(0, 15_000), row, ...rows.slice(15_000)].join("\n") + "\n";
  rejects(bad("5,Fine,x,12x"), specs, lines[14_998] + 1, /column "score" is "12x"; expected a number/);
  rejects(bad("0,Fine,x,12"), specs, lines[14_998] + 1, /column "id" is "0"; expected an integer ≥ 1/);
  rejects(bad("5,,x,12"), specs, lines[14_998] + 1, /column "title" is empty; expected text/);
  rejects(bad("5,Fine,12"), specs, lines[14_998] + 1, /3 fields; expected 4 fields like the header/);
});

test("numbers: exact values, typed storage, optional fields, ranges", () => {
  const csv = readCsv(file("a,b,c\n0.5,-3,\n4.25, 7 ,1e3\n3.3333333333333335,2147483647,12\n"), [
    { name: "a", type: "float", array: "float64" },
    { name: "b", type: "int", array: "int32" },
    { name: "c", type: "float", optional: true, array: "float32" },
  ]);
  assert.deepEqual(Array.from(csv.numbers.a), [0.5, 4.25, 3.3333333333333335]);
  assert.deepEqual(Array.from(csv.numbers.b), [-3, 7, 2147483647]);
  assert.ok(Number.isNaN(csv.numbers.c[0]));
  assert.deepEqual(Array.from(csv.numbers.c.slice(1)), [1000, 12]);
  rejects("a\n2147483648\n", [{ name: "a", type: "int", array: "int32" }], 2, /column "a" is "2147483648"; expected an integer that fits in 32 bits/);
  rejects("a\n1.5\n", [{ name: "a", type: "int" }], 2, /column "a" is "1\.5"; expected an integer/);
  rejects("a\n5\n0\n", [{ name: "a", type: "float", min: 1 }], 3, /column "a" is "0"; expected a number ≥ 1/);
});

test("other layouts: a \"::\" or tab delimiter, no header, Latin-1", () => {
  const dat = readCsv(file(Buffer.from("1::Cit\xe9 (1995)::Drama\n2::A, B::Comedy\n", "latin1")), [{ name: "title", type: "string" }], {
    delimiter: "::", quotes: false, encoding: "latin1", columns: ["id", "title", "genres"],
  });
  assert.deepEqual(dat.strings.title, ["Cité (1995)", "A, B"]);
  rejects("1::A::Drama\n2::A::B::Comedy\n", [{ name: "id", type: "int" }], 2, /line 2: 4 fields; expected 3 fields \(id::title::genres\)/, {
    delimiter: "::", quotes: false, columns: ["id", "title", "genres"],
  });
  const tsv = readCsv(file('1\t"quoted"\n'), [{ name: "b", type: "string" }], { delimiter: "\t", quotes: false, columns: ["a", "b"] });
  assert.equal(tsv.strings.b[0], '"quoted"');
});

test("malformed quoting, field counts, empty files and missing columns are errors with the line", () => {
  const specs: ColumnSpec[] = [{ name: "a", type: "string" }, { name: "b", type: "string" }];
  rejects('a,b\nx,"open\n\n', specs, 2, /line 2: malformed CSV \(a quoted field is not closed\)/);
  rejects('a,b\nx,"closed"y\n', specs, 2, /a closing quote is followed by "y", not a delimiter/);
  rejects('a,b\nx,y\nx,half "quote"\n', specs, 3, /a quote inside the unquoted field/);
  rejects("a,b\nx,y,z\n", specs, 2, /3 fields; expected 2 fields like the header \(a,b\)/);
  rejects("a,b\n,y\n", specs, 2, /column "a" is empty; expected text/);
  rejects("", specs, null, /the file is empty; expected a header row with a, b/);
  rejects("a,c\n1,2\n", specs, 1, /missing column "b" \(the header has "a", "c"\)/);
});

test("a good zip is downloaded, verified, extracted into data/<name> and loads; a second run skips it", async () => {
  const base = await listening;
  const dataDir = freshDataDir();
  const progress: number[] = [];
  const result = await downloadRelease(release(`${base}/good.zip`), { dataDir, onProgress: ({ received }) => progress.push(received) });
  assert.equal(result.action, "downloaded");
  assert.equal(result.dir, path.join(dataDir, "ml-fixture"));
  assert.equal(progress.at(-1), zips.good.length);
  assert.deepEqual(leftovers(dataDir), ["ml-fixture"]);
  assert.equal(loadMovieLens(result.dir).ratingColumns.length, loadMovieLens(TINY).ratingColumns.length);

  const before = requests;
  const again = await downloadRelease(release(`${base}/good.zip`), { dataDir });
  assert.equal(again.action, "present");
  assert.equal(requests, before, "a verified dataset is not fetched again");
});

test("redirects are followed", async () => {
  const base = await listening;
  const dataDir = freshDataDir();
  assert.equal((await downloadRelease(release(`${base}/redirect.zip`), { dataDir })).action, "downloaded");
});

test("a wrong checksum is refused and leaves nothing behind", async () => {
  const base = await listening;
  const dataDir = freshDataDir();
  await rejectsWith(downloadRelease(release(`${base}/good.zip`, "0".repeat(32)), { dataDir }), /MD5 [0-9a-f]{32}; expected MD5 0{32}, the checksum GroupLens publishes/);
  assert.deepEqual(leftovers(dataDir), []);
});

test("a truncated download is refused and leaves nothing behind", async () => {
  const base = await listening;
  const dataDir = freshDataDir();
  await rejectsWith(downloadRelease(release(`${base}/truncated.zip`), { dataDir }), /broke off after|ended after/);
  assert.deepEqual(leftovers(dataDir), []);
});

test("a stalling server is given up on after the timeout", async () => {
  const base = await listening;
  const dataDir = freshDataDir();
  const started = Date.now();
  await rejectsWith(downloadRelease(release(`${base}/stall.zip`), { dataDir, timeoutMs: 300 }), /stalled: no data for 0\.3 s after 2 of 1,000 bytes/);
  assert.ok(Date.now() - started < 5000);
  assert.deepEqual(leftovers(dataDir), []);
});

test("a server that trickles a byte at a time is given up on at the overall deadline", async () => {
  const base = await listening;
  const dataDir = freshDataDir();
  await rejectsWith(
    downloadRelease(release(`${base}/trickle.zip`), { dataDir, timeoutMs: 2000, deadlineMs: 400 }),
    /trickle\.zip: the download did not finish within 0\.4 s \(deadlineMs\): \d+ of 100,000 bytes received; expected a faster connection; try again/,
  );
  assert.deepEqual(leftovers(dataDir), []);
});

test("a server that streams without end is cut off at the byte cap: maxBytes, or the release's known size", async () => {
  const base = await listening;
  const dataDir = freshDataDir();
  await rejectsWith(
    downloadRelease(release(`${base}/endless.zip`), { dataDir, maxBytes: 1 << 20 }),
    /endless\.zip: the server sent more than 1,048,576 bytes; expected at most 1,048,576 bytes \(maxBytes\)/,
  );
  assert.deepEqual(leftovers(dataDir), []);
  await rejectsWith(
    downloadRelease({ ...release(`${base}/endless.zip`), bytes: 5000 }, { dataDir }),
    /endless\.zip: the server sent more than 5,000 bytes; expected 5,000 bytes, the release's size/,
  );
  await rejectsWith(
    downloadRelease(release(`${base}/huge.zip`), { dataDir }),
    /huge\.zip: the server announces 1,000,000,000,000 bytes; expected at most 1,073,741,824 bytes \(maxBytes\)/,
  );
  assert.deepEqual(leftovers(dataDir), []);
});

for (const signal of ["SIGTERM", "SIGINT"] as const) {
  test(`a download interrupted by ${signal} removes its temporary folder`, async () => {
    const base = await listening;
    const dataDir = freshDataDir();
    const lib = path.join(__dirname, "..", "lib", "dist", "internal.js");
    const script = `require(${JSON.stringify(lib)}).downloadRelease(${JSON.stringify(release(`${base}/stall.zip`))}, { dataDir: ${JSON.stringify(dataDir)}, timeoutMs: 60000 })`;
    const child = spawn(process.execPath, ["-e", script], { stdio: "ignore" });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on("exit", (_code, sig) => resolve(sig)));
    // wait for the temporary folder and its partial zip, then interrupt
    for (let i = 0; i < 200 && !leftovers(dataDir).some((name) => fs.existsSync(path.join(dataDir, name, "ml-fixture.zip"))); i++) await delay(25);
    assert.equal(leftovers(dataDir).length, 1, "the download should be under way");
    child.kill(signal);
    assert.equal(await exited, signal, "the process still ends by the signal");
    assert.deepEqual(leftovers(dataDir), []);
  });
}

test("a release name that is a path is refused before anything is written", async () => {
  const base = await listening;
  const dataDir = freshDataDir();
  await rejectsWith(
    downloadRelease({ ...release(`${base}/good.zip`), name: "../escaped" }, { dataDir }),
    /^\.\.\/escaped: not a dataset folder name; expected letters, digits, '\.', '_' or '-'/,
  );
  assert.deepEqual(leftovers(dataDir), []);
  assert.ok(!fs.existsSync(path.join(dataDir, "..", "escaped")));
});

test("a temporary folder left by a killed download is removed at the next run; one of a live download is not", async () => {
  const base = await listening;
  const dataDir = freshDataDir();
  const dead = spawnSync(process.execPath, ["-e", "process.pid"]).pid!;
  for (const [folder, pid] of [[".download-ml-fixture-killed", dead], [".download-ml-fixture-running", process.pid]] as const) {
    fs.mkdirSync(path.join(dataDir, folder));
    fs.writeFileSync(path.join(dataDir, folder, "owner.pid"), String(pid));
    fs.writeFileSync(path.join(dataDir, folder, "ml-fixture.zip"), "half a zip");
  }
  await downloadRelease(release(`${base}/good.zip`), { dataDir });
  assert.deepEqual(leftovers(dataDir).sort(), [".download-ml-fixture-running", "ml-fixture"]);
});

test("hostile archives are refused before anything is written outside the target", async () => {
  const base = await listening;
  for (const [name, pattern] of [
    ["traversal", /unsafe archive: .*\.\.\/\.\.\/escaped\.txt/],
    ["symlink", /unsafe archive: entry "ml-fixture\/link" is a symbolic link/],
    ["bomb", /unsafe archive: entry "ml-fixture\/zeros\.csv" expands \d+ times \(limit 200\)/],
  ] as const) {
    const dataDir = freshDataDir();
    await rejectsWith(downloadRelease(release(`${base}/${name}.zip`, md5(zips[name])), { dataDir }), pattern);
    assert.deepEqual(leftovers(dataDir), [], name);
    assert.ok(!fs.existsSync(path.join(dataDir, "..", "escaped.txt")) && !fs.existsSync(path.join(os.tmpdir(), "escaped.txt")));
  }
  const dataDir = freshDataDir();
  await rejectsWith(downloadRelease(release(`${base}/good.zip`), { dataDir, maxExtractedBytes: 100 }), /would extract to more than 100 bytes/);
});

test("offline: no connection fails fast and says where to put the zip by hand, which is then used", async () => {
  const dataDir = freshDataDir();
  const closed = http.createServer();
  await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
  const port = (closed.address() as AddressInfo).port;
  closed.close();
  const started = Date.now();
  await rejectsWith(
    downloadRelease(release(`http://127.0.0.1:${port}/ml-fixture.zip`), { dataDir }),
    new RegExp(`cannot connect \\(ECONNREFUSED\\).*put it at ${path.join(dataDir, "ml-fixture.zip").replace(/[/.]/g, "\\$&")}`),
  );
  assert.ok(Date.now() - started < 5000);
  fs.writeFileSync(path.join(dataDir, "ml-fixture.zip"), zips.good);
  const result = await downloadRelease(release(`http://127.0.0.1:${port}/ml-fixture.zip`), { dataDir });
  assert.equal(result.action, "extracted");
  assert.equal(loadMovieLens(result.dir).movieList.length, loadMovieLens(TINY).movieList.length);
});

test("an existing folder that was not verified is not overwritten without force", async () => {
  const base = await listening;
  const dataDir = freshDataDir();
  fs.mkdirSync(path.join(dataDir, "ml-fixture"));
  fs.writeFileSync(path.join(dataDir, "ml-fixture", "ratings.csv"), "half a dataset");
  await rejectsWith(downloadRelease(release(`${base}/good.zip`), { dataDir }), /exists but was not installed .* pass --force/);
  const result = await downloadRelease(release(`${base}/good.zip`), { dataDir, force: true });
  assert.equal(loadMovieLens(result.dir).ratingColumns.length, loadMovieLens(TINY).ratingColumns.length);
  assert.deepEqual(leftovers(dataDir), ["ml-fixture"]);
});

test("known releases: GroupLens URLs with checksums; the shipped ml-latest-small counts as verified", async () => {
  for (const name of ["ml-20m", "ml-25m", "ml-32m", "ml-1m", "ml-100k"]) {
    assert.match(MOVIELENS_RELEASES[name].url, new RegExp(`^https://files\\.grouplens\\.org/datasets/movielens/${name}\\.zip$`));
    assert.match(MOVIELENS_RELEASES[name].md5 ?? "", /^[0-9a-f]{32}$/);
  }
  const shipped = await downloadMovieLens("ml-latest-small");
  assert.equal(shipped.action, "present");
  await rejectsWith(downloadMovieLens("ml-26m"), /unknown dataset "ml-26m" \(did you mean "ml-20m"\?\); expected one of ml-latest-small, ml-100k/);
});

test("a missing file, a folder, or a FIFO named ratings.csv: refused with the path, never ENOENT, EISDIR or a hang", () => {
  const dir = tmp("paths");
  const expected = `; expected a CSV file with columns userId, movieId`;
  throwsData(() => readCsv(path.join(dir, "nope.csv"), ratingSpecs), path.join(dir, "nope.csv"), `: file not found${expected}`);
  fs.mkdirSync(path.join(dir, "ratings.csv"));
  throwsData(() => readCsv(path.join(dir, "ratings.csv"), ratingSpecs), path.join(dir, "ratings.csv"), `: is a folder, not a file${expected}`);
  const fifo = path.join(dir, "fifo.csv");
  execFileSync("mkfifo", [fifo]);
  throwsData(() => readCsv(fifo, ratingSpecs), fifo, `: is not a regular file (a pipe, socket or device)${expected}`);
  const npyExpected = "; expected a NumPy .npy file (little-endian float16, float32, float64 or int32, C order)";
  throwsData(() => readNpy(dir), dir, `: is a folder, not a file${npyExpected}`);
  throwsData(() => loadWord2VecFormat(fifo), fifo, ': is not a regular file (a pipe, socket or device); expected a word2vec-format file (a "<count> <dimensions>" header, then one key and its values per row)');
});

test("non-UTF-8 bytes in a UTF-8 CSV are refused with their line; Latin-1 files load with encoding latin1", () => {
  const dir = tmp("utf8");
  const file = path.join(dir, "movies.csv");
  fs.writeFileSync(file, Buffer.concat([Buffer.from("movieId,title\n1,Toy Story (1995)\n2,Am"), Buffer.from([0xe9]), Buffer.from("lie (2001)\n")]));
  const specs = [{ name: "movieId", type: "int" as const }, { name: "title", type: "string" as const }];
  throwsData(() => readCsv(file, specs), file, `, line 3: byte 0xe9 is not UTF-8; expected UTF-8 text (MovieLens 1M and 100K are Latin-1: read them with encoding "latin1")`);
  assert.deepEqual(readCsv(file, specs, { encoding: "latin1" }).strings.title, ["Toy Story (1995)", "Amélie (2001)"]);
  // the shipped 1M fixture is Latin-1 and still loads
  assert.equal(loadMovieLens(path.join(FIXTURES, "ml-1m-tiny")).movie(2).title, "Cité des enfants perdus, La (1995)");
});

test("legitimately unusual CSV keeps loading: CRLF line ends, a BOM, a quoted newline", () => {
  const dir = tmp("unusual");
  const file = path.join(dir, "movies.csv");
  fs.writeFileSync(file, '\ufeffmovieId,title\r\n1,"Toy\nStory (1995)"\r\n2,Heat (1995)\r\n');
  const csv = readCsv(file, [{ name: "movieId", type: "int" }, { name: "title", type: "string" }]);
  assert.deepEqual(csv.strings.title, ["Toy\nStory (1995)", "Heat (1995)"]);
  assert.deepEqual(Array.from(csv.numbers.movieId), [1, 2]);
});

test("a repeated (userId, movieId) rating is refused with both lines, in ratings.csv, ratings.dat and u.data", () => {
  const csvDir = datasetWith("movielens-tiny", { "ratings.csv": "userId,movieId,rating,timestamp\n1,1,4.0,300\n1,2,3.5,100\n1,1,2.0,400\n2,3,0.5,50\n" });
  throwsData(() => loadMovieLens(csvDir), path.join(csvDir, "ratings.csv"), ", line 4: userId 1 rates movieId 1 again (first on line 2); expected one rating per user and movie, as every MovieLens release has; delete one of the two lines");
  const datDir = datasetWith("ml-1m-tiny", { "ratings.dat": "1::1::4::300\n1::2::3::100\n2::3::5::200\n1::2::1::900\n" });
  throwsData(() => loadMovieLens(datDir), path.join(datDir, "ratings.dat"), ", line 4: userId 1 rates movieId 2 again (first on line 2); expected one rating per user and movie, as every MovieLens release has; delete one of the two lines");
  // u.data is not sorted by user: the repeat is found all the same
  const dataDir = datasetWith("ml-100k-tiny", { "u.data": "2\t3\t4\t10\n1\t1\t4\t300\n2\t1\t3\t20\n1\t2\t3\t100\n2\t3\t1\t30\n" });
  throwsData(() => loadMovieLens(dataDir), path.join(dataDir, "u.data"), ", line 5: userId 2 rates movieId 3 again (first on line 1); expected one rating per user and movie, as every MovieLens release has; delete one of the two lines");
  // the same movie rated by two users is no repeat
  assert.equal(loadMovieLens(path.join(FIXTURES, "movielens-tiny")).ratingColumns.length, 7);
});

test("trainTestSplit: 80/20 of whole items, the same for the same seed, different for another", () => {
  const items = Array.from({ length: 101 }, (_, i) => [`user${i}`]);
  const a = trainTestSplit(items, { testSize: 0.2, seed: 7 });
  const b = trainTestSplit(items, { testSize: 0.2, seed: 7 });
  const c = trainTestSplit(items, { testSize: 0.2, seed: 8 });
  assert.equal(a.test.length, 21); // ⌈101 · 0.2⌉
  assert.equal(a.train.length, 80);
  assert.deepEqual(a.testIndices, b.testIndices);
  assert.notDeepEqual(a.testIndices, c.testIndices);
  const all = [...a.trainIndices, ...a.testIndices].sort((x, y) => x - y);
  assert.deepEqual(all, items.map((_, i) => i));
  a.test.forEach((item, k) => assert.equal(item, items[a.testIndices[k]]));
  assert.throws(() => trainTestSplit(items, { testSize: 1 }), OptionsError);
  assert.throws(() => trainTestSplit([1], { testSize: 0.5 }), OptionsError);
});

test("buildWatchlists minRating keeps only liked ratings but counts all for topMovies", () => {
  const data = loadMovieLens();
  const all = buildWatchlists(data, { order: "timestamp", topMovies: 50, minLength: 1 });
  const liked = buildWatchlists(data, { order: "timestamp", topMovies: 50, minLength: 1, minRating: 4 });
  const { userId, movieId, rating } = data.ratingColumns;
  const ratingOf = new Map<string, number>();
  for (let i = 0; i < userId.length; i++) ratingOf.set(`${userId[i]}:${movieId[i]}`, rating[i]);
  liked.movieIds.forEach((ids, u) => ids.forEach((id) => assert.ok(ratingOf.get(`${liked.userIds[u]}:${id}`)! >= 4)));
  const likedTokens = new Set(liked.lists.flat());
  for (const token of likedTokens) assert.ok(all.vocab.has(token));
  assert.ok(liked.lists.flat().length < all.lists.flat().length);
});

test("idOrderedShare counts the watchlists whose movieIds only go up", () => {
  const lists = [Int32Array.of(1, 5, 9), Int32Array.of(3, 2), Int32Array.of(7)];
  assert.equal(idOrderedShare(lists), 0.5);
  const shipped = loadMovieLens();
  assert.equal(idOrderedShare(buildWatchlists(shipped, { order: "file" }).movieIds), 1);
  assert.ok(idOrderedShare(buildWatchlists(shipped, { order: "timestamp" }).movieIds) < 0.1);
});

test("plots.csv: 8,538 plots, multi-line fields intact, SHA256SUMS match", () => {
  assert.equal(plots.length, 8538);
  const departed = plots.get("The Departed (2006)");
  assert.equal(departed.title, "Departed, The (2006)");
  assert.equal(departed.year, 2006);
  assert.ok(departed.plot.includes("\n"), "paragraphs are kept");
  assert.ok(departed.wikiPage.startsWith("https://en.wikipedia.org/"));
  const dir = path.join(__dirname, "..", "data", "wikipedia-plots");
  for (const line of fs.readFileSync(path.join(dir, "SHA256SUMS"), "utf8").trim().split("\n")) {
    const [sum, name] = line.split(/\s+/);
    assert.equal(createHash("sha256").update(fs.readFileSync(path.join(dir, name))).digest("hex"), sum, name);
  }
});

test("Plots.get: digits as text are a movieId; NaN is refused", () => {
  const plots = loadPlots();
  assert.deepEqual(plots.get("1"), plots.get(1));
  throwsOptions(() => plots.get(NaN), "Plots.get: a movieId must be a whole number ≥ 1 (or its digits as text), got NaN");
});

test("dataset lookups follow the same rule; wrong kinds of arguments are refused by name", () => {
  const data = loadMovieLens(path.join(__dirname, "fixtures", "movielens-tiny"));
  assert.deepEqual(data.movie("1"), data.movie(1));
  throwsOptions(() => data.movie(NaN), "movie: a movieId must be a whole number ≥ 1 (or its digits as text), got NaN");
  throwsOptions(() => data.movieByTitle(1 as never), "movieByTitle: a title must be a string, got number (use movie(movieId) for ids)");
  throwsOptions(() => data.searchMovies("toy", -1), "searchMovies: topn must be a whole number ≥ 0, got -1");
  throwsOptions(() => buildWatchlists(null as never), "buildWatchlists: data must be a dataset from loadMovieLens(), got null");
  throwsOptions(() => ratingTriples("ml-latest-small" as never), 'ratingTriples: data must be a dataset from loadMovieLens(), got the string "ml-latest-small"');
  throwsOptions(() => loadMovieLens(123 as never), 'datasetDir: a dataset is a name under data/ ("ml-latest-small") or a folder path, got number');
  const vocab = buildWatchlists(data).vocab;
  assert.deepEqual(vocab.movieIdsOf(1), vocab.movieIdsOf("1"));
  assert.equal(vocab.tokenOf("3"), vocab.tokenOf(3));
});

// Options: bad values refused with the function's name, the option and what was expected.
{
  const TINY = path.join(__dirname, "fixtures", "movielens-tiny");
  const data = loadMovieLens(TINY);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "inputs-options-"));

  optionCases([
    ["buildWatchlists minRating NaN", () => buildWatchlists(data, { minRating: NaN }), "buildWatchlists: minRating must be a finite number (or null), got NaN"],
    ["buildWatchlists order typo", () => buildWatchlists(data, { ordr: "timestamp" } as never), 'buildWatchlists: unknown option "ordr"; did you mean "order"?'],
    ["trainTestSplit gensim-style name", () => trainTestSplit([1, 2, 3], { test_size: 0.5 } as never), 'trainTestSplit: unknown option "test_size"; did you mean "testSize"?'],
    ["trainTestSplit seed NaN", () => trainTestSplit([1, 2, 3], { seed: NaN }), "trainTestSplit: seed must be a whole number, got NaN"],
    ["readCsv delimiter typo", () => readCsv(path.join(TINY, "movies.csv"), [], { delimeter: ";" } as never), 'readCsv: unknown option "delimeter"; did you mean "delimiter"?'],
    ["readCsv encoding", () => readCsv(path.join(TINY, "movies.csv"), [], { encoding: "utf16" as "utf8" }), 'readCsv: encoding must be one of "utf8", "latin1", got "utf16"'],
  ]);

  asyncOptionCases([
    ["downloadMovieLens timeout typo", () => downloadMovieLens("ml-1m", { timeout: 5 } as never), 'downloadMovieLens: unknown option "timeout"; did you mean "timeoutMs"?'],
    ["downloadMovieLens deadlineMs NaN", () => downloadMovieLens("ml-1m", { deadlineMs: NaN }), "downloadMovieLens: deadlineMs must be a finite number > 0, got NaN"],
    ["extractZip maxRatio NaN", () => extractZip(path.join(dir, "none.zip"), path.join(dir, "out"), { maxRatio: NaN }), "extractZip: maxRatio must be a finite number > 0, got NaN"],
  ]);
}
