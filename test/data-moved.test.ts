// Data-folder tests gathered from other files, to be folded into data.test.ts once the branch
// editing it (i17-loading) is merged.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  OptionsError, UnknownKeyError, buildWatchlists, downloadMovieLens, extractZip, idOrderedShare, loadMovieLens, loadPlots, ratingTriples, readCsv, trainTestSplit,
} from "movie-embeddings/internal";
import { throwsOptions } from "./support/asserts";
import { asyncOptionCases, optionCases } from "./support/options";

const plots = loadPlots();

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

test("a plot is found by movieId, by title, by a title without its year; unknown titles get suggestions", () => {
  assert.equal(plots.get("the departed").title, "Departed, The (2006)");
  assert.equal(plots.get("Batman Begins").title, "Batman Begins (2005)");
  assert.equal(plots.get(plots.get("Infernal Affairs (Mou gaan dou) (2002)").movieId).title, "Infernal Affairs (Mou gaan dou) (2002)");
  assert.equal(plots.get("The Deprted (2006)").title, "Departed, The (2006)", "a small typo is forgiven");
  assert.throws(() => plots.get("Toy Stroy 7"), (e: Error) => e instanceof UnknownKeyError && e.message.includes('"Toy Story (1995)"'));
  assert.throws(() => plots.get(999999), UnknownKeyError);
  const excerpt = plots.excerpt("the departed", 80);
  assert.ok(excerpt.length <= 80 && excerpt.endsWith("…") && !excerpt.includes("\n"));
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
