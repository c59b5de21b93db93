// Bad input at the boundary of every file format the library reads or writes: each case lists the
// file, what is wrong with it and the exact message a user gets. Legitimately unusual files (CRLF,
// BOM, quoted newlines, Latin-1 in the 1M/100K layouts) keep loading.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  DataFormatError,
  KeyedVectors,
  OptionsError,
  loadMovieLens,
  loadPlotEmbeddings,
  loadWord2VecFormat,
  readCsv,
  readNpy,
  saveProjectorTsv,
  savePlotEmbeddings,
  saveWord2VecFormat,
  writeNpy,
} from "movie-embeddings/internal";

const FIXTURES = path.join(__dirname, "fixtures");
const tmp = (prefix: string) => fs.mkdtempSync(path.join(os.tmpdir(), `inputs-${prefix}-`));

/** A copy of a fixture dataset with some files replaced. */
function datasetWith(fixture: string, files: Record<string, string | Buffer>): string {
  const dir = tmp(fixture);
  for (const name of fs.readdirSync(path.join(FIXTURES, fixture))) fs.copyFileSync(path.join(FIXTURES, fixture, name), path.join(dir, name));
  for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), content);
  return dir;
}

/** Asserts a DataFormatError whose message, after the path, is exactly `rest`. */
function throwsData(run: () => unknown, file: string, rest: string): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof DataFormatError, `expected a DataFormatError, got ${error}`);
    assert.equal(error.message, `${file}${rest}`);
    return true;
  });
}

const RATING_COLUMNS = "userId, movieId, rating, timestamp";
const ratingSpecs = [{ name: "userId", type: "int" as const }, { name: "movieId", type: "int" as const }];

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

test("word2vec text files: nan, Infinity and non-numbers refused with line and key; non-UTF-8 bytes refused", () => {
  const dir = tmp("w2v");
  const file = path.join(dir, "v.txt");
  const cases: [string | Buffer, string][] = [
    ["2 2\na 1 2\nb nan 1\n", `, line 3: value 1 of "b" is "nan"; expected a finite number`],
    ["2 2\na 1 Infinity\nb 1 1\n", `, line 2: value 2 of "a" is "Infinity"; expected a finite number`],
    ["2 2\na 1 -inf\nb 1 1\n", `, line 2: value 2 of "a" is "-inf"; expected a finite number`],
    ["2 2\na 1 2\nb 1 x\n", `, line 3: value 2 of "b" is "x"; expected a finite number`],
    [Buffer.concat([Buffer.from("2 2\na 1 2\nb"), Buffer.from([0xff]), Buffer.from(" 1 1\n")]), ", line 3: byte 0xff at offset 11 is not UTF-8; expected UTF-8 text"],
    ["1000000000000 100\na 1 2\n", ", line 1: the header announces 1000000000000 vectors of 100 values, but the file holds only 6 bytes after it; expected at least 201 bytes per vector (a truncated file, or a header of another file)"],
  ];
  for (const [content, rest] of cases) {
    fs.writeFileSync(file, content);
    throwsData(() => loadWord2VecFormat(file), file, rest);
  }
});

test("word2vec binary files: a key with a space, NaN values and oversized headers are refused", () => {
  const dir = tmp("w2vbin");
  const file = path.join(dir, "v.bin");
  const row = (key: string, values: number[]) => {
    const floats = Buffer.alloc(values.length * 4);
    values.forEach((v, d) => floats.writeFloatLE(v, d * 4));
    return Buffer.concat([Buffer.from(`${key} `, "utf8"), floats, Buffer.from("\n")]);
  };
  const spaceHint = "(a key containing a space splits there in the binary format: save with replaceWhitespace)";
  // "Toy Story" as written by a tool that does not refuse spaces: the reader would take "Toy" and misread the rest
  fs.writeFileSync(file, Buffer.concat([Buffer.from("2 2\n"), row("Toy Story", [0.5, 0.25]), row("Heat", [1, 2])]));
  assert.throws(() => loadWord2VecFormat(file, { binary: true }), (error: unknown) => error instanceof DataFormatError && error.message.startsWith(`${file}: `) && error.message.endsWith(spaceHint));
  fs.writeFileSync(file, Buffer.concat([Buffer.from("2 2\n"), row("a", [0.5, NaN]), row("b", [1, 2])]));
  throwsData(() => loadWord2VecFormat(file, { binary: true }), file, `: the vector of "a" holds NaN at dimension 1; expected finite float32 values`);
  fs.writeFileSync(file, Buffer.concat([Buffer.from("1 2\n"), row("a", [0.5, 1]), row("b", [1, 2])]));
  throwsData(() => loadWord2VecFormat(file, { binary: true }), file, `: 12 bytes follow the last of the 1 vectors the header announces; expected exactly 1 vectors ${spaceHint}`);
  fs.writeFileSync(file, Buffer.concat([Buffer.from("1000000000000 300\n"), row("a", [0.5, 1])]));
  throwsData(() => loadWord2VecFormat(file, { binary: true }), file, ", line 1: the header announces 1000000000000 vectors of 300 values, but the file holds only 11 bytes after it; expected at least 1202 bytes per vector (a truncated file, or a header of another file)");
});

test("saving NaN or Infinity fails instead of writing a file the loader refuses", () => {
  const dir = tmp("save");
  const wv = new KeyedVectors(["a", "b"], Float32Array.of(1, 2, 3, 4), 2);
  wv.vectors[3] = NaN; // vectors are public: a NaN can slip in after construction
  const message = (caller: string) => `${caller}: the vector of "b" holds NaN at dimension 1; only finite numbers can be saved`;
  assert.throws(() => saveWord2VecFormat(wv, path.join(dir, "v.txt")), { name: "OptionsError", message: message("saveWord2VecFormat") });
  assert.throws(() => saveWord2VecFormat(wv, path.join(dir, "v.bin"), { binary: true }), { name: "OptionsError", message: message("saveWord2VecFormat") });
  assert.throws(() => saveProjectorTsv(wv, path.join(dir, "projector")), { name: "OptionsError", message: message("saveProjectorTsv") });
  assert.deepEqual(fs.readdirSync(dir), []);
  assert.throws(
    () => writeNpy(path.join(dir, "big.npy"), Float32Array.of(1, 70000), [2], { dtype: "float16" }),
    { name: "OptionsError", message: 'writeNpy: element 1 (70000) is beyond float16\'s largest value 65504 and would be stored as Infinity; use dtype "float32"' },
  );
  const plots = { movieIds: Int32Array.of(1, 2), vectors: Float32Array.of(1, 0, 0, Infinity), vectorSize: 2 };
  assert.throws(() => savePlotEmbeddings(plots, { dir }), { name: "OptionsError", message: "savePlotEmbeddings: row 1 (movieId 2) holds Infinity; expected finite numbers" });
  assert.throws(() => savePlotEmbeddings({ ...plots, movieIds: Int32Array.of(5, 5) }, { dir }), { name: "OptionsError", message: "savePlotEmbeddings: movieId 5 appears twice (rows 0 and 1); expected each movieId once" });
  assert.deepEqual(fs.readdirSync(dir), []);
});

test("plot embeddings whose movieIds.npy repeats an id, or whose vectors hold NaN, are refused", () => {
  const dir = tmp("plots");
  const options = { dir, model: "m" };
  const hint = "the output of `npm run build-plot-embeddings` (run it to rebuild)";
  writeNpy(path.join(dir, "m.truncate.npy"), Float32Array.of(1, 0, 0, 1, 1, 1), [3, 2]);
  writeNpy(path.join(dir, "m.truncate.movieIds.npy"), Int32Array.of(1, 2, 1));
  throwsData(() => loadPlotEmbeddings(options), path.join(dir, "m.truncate.movieIds.npy"), `: movieId 1 appears twice (rows 0 and 2); expected each movieId once: ${hint}`);
  writeNpy(path.join(dir, "m.truncate.movieIds.npy"), Int32Array.of(1, 2, 3));
  writeNpy(path.join(dir, "m.truncate.npy"), Float32Array.of(1, 0, NaN, 1, 1, 1), [3, 2]);
  throwsData(() => loadPlotEmbeddings(options), path.join(dir, "m.truncate.npy"), `: row 1 (movieId 2) holds NaN; expected finite numbers: ${hint}`);
  writeNpy(path.join(dir, "m.truncate.npy"), Float32Array.of(1, 0, 0, 1, 1, 1), [3, 2]);
  assert.deepEqual(Array.from(loadPlotEmbeddings(options).movieIds), [1, 2, 3]);
});

test("KeyedVectors refuse NaN vectors and non-string keys where they are built", () => {
  assert.throws(() => new KeyedVectors(["a", "b"], Float32Array.of(1, 2, NaN, 4), 2), {
    name: "OptionsError",
    message: 'KeyedVectors: the vector of "b" holds NaN at dimension 0; expected finite numbers',
  });
  assert.throws(() => new KeyedVectors([1 as never, "b"], Float32Array.of(1, 2, 3, 4), 2), (error: unknown) => error instanceof OptionsError && error.message === "KeyedVectors: key 0 is a number, expected a string");
});

test("writing to a folder, or below a file, is refused with the path instead of EISDIR", () => {
  const dir = tmp("write");
  const wv = KeyedVectors.fromEntries([["a", [1, 2]]]);
  const expected = "; expected a path where a file can be written";
  throwsData(() => saveWord2VecFormat(wv, dir), dir, `: is a folder, not a file${expected}`);
  throwsData(() => writeNpy(dir, Float32Array.of(1)), dir, `: is a folder, not a file${expected}`);
  fs.writeFileSync(path.join(dir, "file"), "x");
  throwsData(() => saveProjectorTsv(wv, path.join(dir, "file")), path.join(dir, "file", "vectors.tsv"), `: a file is in the way of a folder${expected}`);
});
