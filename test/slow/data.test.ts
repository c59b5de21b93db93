// The data layer's slow tests: CSV files bigger than the read buffer, the WebAssembly number path
// and the two-thread read of a big file; danfojs frames of the shipped data; the plots' forgiving
// title search.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as path from "node:path";
import { DataFormatError, UnknownKeyError, loadMovieLens, readCsv } from "movie-embeddings/internal";
import type { ColumnSpec } from "movie-embeddings";
import { file, rejects } from "../support/csv";
import { datasetWith } from "../support/files";
import { plots } from "../support/plots";

const shipped = loadMovieLens();
const TINY = path.join(__dirname, "..", "fixtures", "movielens-tiny");

test("a file bigger than the read buffer: rows across chunk boundaries keep values and line numbers", () => {
  // about 11 MB, more than the 8 MB buffer, with a multi-line quoted field every 1,000 rows
  const rows = 600_000;
  let text = "userId,note,rating\n";
  const lineOfRow: number[] = [];
  let line = 2;
  for (let i = 0; i < rows; i++) {
    lineOfRow.push(line);
    const note = i % 1000 === 7 ? `"note ${i}\nsecond line, with comma"` : `n${i}`;
    text += `${i + 1},${note},${(i % 10) / 2 + 0.5}\n`;
    line += i % 1000 === 7 ? 2 : 1;
  }
  assert.ok(text.length > 9 * 2 ** 20, `${text.length} bytes`);
  const csv = readCsv(file(text), [
    { name: "userId", type: "int", array: "int32" },
    { name: "note", type: "string" },
    { name: "rating", type: "float", array: "float32" },
  ]);
  assert.equal(csv.rowCount, rows);
  for (const i of [0, 7, 1007, 199_999, 372_007, 471_007, 599_007, rows - 1]) {
    assert.equal(csv.numbers.userId[i], i + 1);
    assert.equal(csv.numbers.rating[i], (i % 10) / 2 + 0.5);
    assert.equal(csv.line(i), lineOfRow[i], `line of row ${i}`);
  }
  assert.equal(csv.strings.note[372_007], "note 372007\nsecond line, with comma");
  assert.equal(csv.numbers.userId.length, rows, "columns are cut to the row count");
});

test("all-number rows (the WebAssembly path) read as the JavaScript scanner reads them, beside rows it hands back", () => {
  // about 17 MB of ratings-like rows, more than the 8 MB buffer and many staging runs; every
  // 5,000 rows a row the fast path leaves to the JavaScript loop: a quoted number, CRLF, an empty
  // line after it, 16 digits, a field with spaces; and negative numbers throughout
  const rows = 600_000;
  const parts = ["userId,rating,timestamp\n"];
  const lineOfRow = new Int32Array(rows);
  const expected = (i: number) => ({ userId: i + 1, rating: (i % 10) / 2 + 0.5, timestamp: (i % 3 === 0 ? -1 : 1) * (1_000_000_000 + i * 7) });
  let line = 2;
  for (let i = 0; i < rows; i++) {
    lineOfRow[i] = line;
    const { userId, rating, timestamp } = expected(i);
    const kind = i % 5000;
    const r = kind === 1 ? `"${rating}"` : kind === 5 ? ` ${rating} ` : String(rating);
    const t = kind === 4 ? `${timestamp < 0 ? "-" : ""}${String(Math.abs(timestamp)).padStart(16, "0")}` : String(timestamp);
    parts.push(`${userId},${r},${t}${kind === 2 ? "\r\n" : "\n"}${kind === 3 ? "\n" : ""}`);
    line += kind === 3 ? 2 : 1;
  }
  const csv = readCsv(file(parts.join("")), [
    { name: "userId", type: "int", min: 1, array: "int32" },
    { name: "rating", type: "float", min: 0.5, max: 5, array: "float32" },
    { name: "timestamp", type: "int" },
  ]);
  assert.equal(csv.rowCount, rows);
  for (let i = 0; i < rows; i++) {
    const { userId, rating, timestamp } = expected(i);
    if (csv.numbers.userId[i] !== userId || csv.numbers.rating[i] !== rating || csv.numbers.timestamp[i] !== timestamp) {
      assert.fail(`row ${i}: ${csv.numbers.userId[i]},${csv.numbers.rating[i]},${csv.numbers.timestamp[i]}; expected ${userId},${rating},${timestamp}`);
    }
  }
  for (const i of [0, 1, 2, 3, 4, 5, 65_535, 65_536, 65_537, 300_003, 300_004, rows - 1]) assert.equal(csv.line(i), lineOfRow[i], `line of row ${i}`);
  // errors on rows deep in a run name their line, as the JavaScript scanner does
  const good = Array.from({ length: 100_000 }, (_, i) => `${i + 1},4.5,${i}`);
  const withBad = (row: number, text: string) => `userId,rating,timestamp\n${[...good.slice(0, row), text, ...good.slice(row + 1)].join("\n")}\n`;
  const specs: ColumnSpec[] = [
    { name: "userId", type: "int", min: 1, array: "int32" },
    { name: "rating", type: "float", min: 0.5, max: 5, array: "float32" },
    { name: "timestamp", type: "int" },
  ];
  rejects(withBad(80_000, "80001,7,1"), specs, 80_002, /column "rating" is "7"; expected a number from 0\.5 to 5/);
  rejects(withBad(90_000, "2147483648,4,1"), specs, 90_002, /column "userId" is "2147483648"/);
  rejects(withBad(70_000, "70001,4.5"), specs, 70_002, /2 fields/);
});

test("a big file of plain numbers read on two threads gives the one-thread columns, lines and errors", () => {
  // about 55 MB (the split is for files above 32 MB): the worker reads the second half; odd rows (a quoted
  // number, CRLF, an empty line) in both halves end a fast run, and in one file a quoted field
  // with a line break spans the middle, where the split would fall (after the first 8 MB chunk):
  // that file is read on alone from there
  const rows = 2_000_000;
  const specs: ColumnSpec[] = [
    { name: "userId", type: "int", min: 1, array: "int32" },
    { name: "movieId", type: "int", min: 1, array: "int32" },
    { name: "rating", type: "float", min: 0.5, max: 5, array: "float32" },
    { name: "timestamp", type: "int", min: 0 },
  ];
  const expected = (i: number) => [Math.floor(i / 150) + 1, (i * 7919) % 200_000 + 1, (i % 10) / 2 + 0.5, 1_000_000_000 + i * 13];
  const build = (quotedAtMiddle: boolean) => {
    const texts = ["userId,movieId,rating,timestamp\n"];
    const lineOfRow = new Int32Array(rows);
    let line = 2;
    for (let i = 0; i < rows; i++) {
      lineOfRow[i] = line;
      const [u, m, r, t] = expected(i);
      const odd = i === 200_000 || i === rows - 5 ? 1 : i === 1_100_000 ? 2 : i === 1_900_000 ? 3 : 0;
      texts.push(`${u},${m},${odd === 1 ? `"${r}"` : r},${t}${odd === 2 ? "\r\n" : "\n"}${odd === 3 ? "\n" : ""}`);
      line += odd === 3 ? 2 : 1;
    }
    if (quotedAtMiddle) {
      // readCsv splits at the first line feed after the middle of what follows its first 8 MB
      // chunk: the row holding that middle gets a quoted timestamp with a line break before it
      const total = texts.reduce((sum, text) => sum + text.length, 0) + 3;
      const middle = Math.floor(((1 << 23) + total) / 2);
      let start = 0;
      let k = 0;
      while (start + texts[k].length <= middle) start += texts[k++].length;
      const [u, m, r, t] = expected(k - 1);
      texts[k] = `${u},${m},${r},"${t}\n"\n`;
      for (let i = k; i < rows; i++) lineOfRow[i]++;
    }
    return { content: texts.join(""), lineOfRow };
  };
  for (const quotedAtMiddle of [false, true]) {
    const { content, lineOfRow } = build(quotedAtMiddle);
    const csv = readCsv(file(content), specs);
    assert.equal(csv.rowCount, rows);
    const columns = [csv.numbers.userId, csv.numbers.movieId, csv.numbers.rating, csv.numbers.timestamp];
    for (let i = 0; i < rows; i++) {
      const want = expected(i);
      for (let c = 0; c < 4; c++) if (columns[c][i] !== want[c]) assert.fail(`row ${i}, column ${c}: ${columns[c][i]}; expected ${want[c]}`);
      if (csv.line(i) !== lineOfRow[i]) assert.fail(`line of row ${i}: ${csv.line(i)}; expected ${lineOfRow[i]}`);
    }
    if (quotedAtMiddle) {
      // the quoted rating with a line break ("4.5\n" reads as 4.5) moved every later row a line down
      assert.equal(lineOfRow[rows - 1], rows + 3, "the spanning field was written");
      continue;
    }
    // an error deep in the second half names its line
    const lines = content.split("\n");
    lines[1_400_001] = "9999,1,7,1";
    assert.throws(() => readCsv(file(lines.join("\n")), specs), (error: unknown) => error instanceof DataFormatError && error.line === 1_400_002 && /column "rating" is "7"/.test(error.message));
  }
});

test("DataFrames for display have the files' columns and rows", () => {
  assert.deepEqual(shipped.movies.columns, ["movieId", "title", "genres"]);
  assert.deepEqual(shipped.movies.shape, [9742, 3]);
  const links = loadMovieLens(TINY).links;
  assert.deepEqual(links.column("imdbId").values.slice(0, 1), ["0114709"]);
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

test("a repeated rating or an unlisted movie past the first million rows is found, with its lines", () => {
  // 11,000 users rating movies 1–100 each, sorted by user: the checks run over blocks of 2^20 rows
  const rows = ["userId,movieId,rating,timestamp"];
  for (let i = 0; i < 1_100_000; i++) rows.push(`${Math.floor(i / 100) + 1},${(i % 100) + 1},4.0,0`);
  const movies = ["movieId,title,genres", ...Array.from({ length: 100 }, (_, k) => `${k + 1},Movie ${k + 1} (2000),Drama`)].join("\n") + "\n";
  const withRow = (row: number, text: string) => {
    const copy = rows.slice();
    copy[row + 1] = text;
    return copy.join("\n") + "\n";
  };
  assert.equal(loadMovieLens(datasetWith("movielens-tiny", { "movies.csv": movies, "ratings.csv": rows.join("\n") + "\n" })).ratingColumns.length, 1_100_000);
  // row 1,048,580 (just past the first block) repeats row 1,048,570 of the same user
  const repeated = datasetWith("movielens-tiny", { "movies.csv": movies, "ratings.csv": withRow(1_048_580, "10486,71,2.0,0") });
  assert.throws(() => loadMovieLens(repeated), (error: unknown) => {
    assert.ok(error instanceof DataFormatError);
    assert.equal(error.message, `${path.join(repeated, "ratings.csv")}, line 1048582: userId 10486 rates movieId 71 again (first on line 1048572); expected one rating per user and movie, as every MovieLens release has; delete one of the two lines`);
    return true;
  });
  const unlisted = datasetWith("movielens-tiny", { "movies.csv": movies, "ratings.csv": withRow(1_090_000, "10901,101,2.0,0") });
  assert.throws(() => loadMovieLens(unlisted), (error: unknown) => {
    assert.ok(error instanceof DataFormatError);
    assert.equal(error.message, `${path.join(unlisted, "ratings.csv")}, line 1090002: movieId 101 is not in movies.csv; expected a movieId listed in movies.csv`);
    return true;
  });
});
