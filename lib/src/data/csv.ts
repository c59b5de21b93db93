/**
 * The one CSV path of the library: {@link readCsv}, a byte-level, streaming reader of delimited
 * text (RFC 4180 quoting, any delimiter, with or without a header row) that writes numbers
 * straight into typed arrays, plus the checks that turn a bad file into an error naming the file,
 * the line and what was expected. It reads MovieLens 25M's 25 million ratings without creating a
 * JS object per row. This module opens the file and feeds it chunk by chunk to the row scanner
 * (csv/scan.ts), which fills the columns (csv/columns.ts).
 */
import { isUtf8 } from "node:buffer";
import * as fs from "node:fs";
import { DataFormatError } from "../errors";
import { checkOptions } from "../options";
import { checkRegularFile, fileSystemError, firstInvalidUtf8 } from "./files";
import { FLOAT32, INT32, emptyColumns, finishColumns, growColumns, resizeColumns } from "./csv/columns";
import { CR, LF, QUOTE, type Scan, scanRows } from "./csv/scan";
import { CSV_CHECKS, type ColumnSpec, type CsvColumns, type CsvOptions } from "./csv/spec";
import { type PartResult, SPLIT_MIN_BYTES, SplitRead } from "./csv/split";
import { CsvTable, LineIndex } from "./csv/table";

export type { ColumnSpec, ColumnType, CsvColumns, CsvOptions, NumericArrayType, NumericColumn } from "./csv/spec";

const CHUNK_BYTES = 1 << 23;

/**
 * Reads a delimited text file and checks every field against `specs`. Columns not named in
 * `specs` are ignored; missing ones are an error. The file is read in chunks and numbers go
 * straight into typed arrays, so memory is the columns themselves (25 million ratings: about
 * 0.5 GB as Int32/Float32/Float64 columns).
 *
 * @param file path of the file (UTF-8 with optional BOM unless `options.encoding` says otherwise)
 * @param specs the columns to read
 * @param options delimiter, quoting, column names of a file without header, encoding; see {@link CsvOptions}
 * @returns the columns: numbers in typed arrays (Float64Array unless a spec's `array` says
 *   otherwise), text in string arrays, and the line of each row for error messages
 * @throws DataFormatError naming the file, the line and what was expected: a missing file, a
 *   folder or pipe instead of a file, bytes that are not UTF-8 (in a UTF-8 file), a missing
 *   column, a row with the wrong number of fields, a malformed quote, a field that is not a
 *   number or is out of range.
 * @throws OptionsError for an unknown option or a value of the wrong kind
 *
 * @example
 * const { numbers } = readCsv("ratings.csv", [{ name: "rating", type: "float", min: 0.5, max: 5 }]);
 * // MovieLens 1M: no header, "::" between fields, no quoting
 * readCsv("ratings.dat", [{ name: "movieId", type: "int", array: "int32" }],
 *   { delimiter: "::", quotes: false, columns: ["userId", "movieId", "rating", "timestamp"] });
 */
export function readCsv(file: string, specs: readonly ColumnSpec[], options: CsvOptions = {}): CsvColumns {
  checkOptions("readCsv", options, CSV_CHECKS);
  const delimiter = Buffer.from(options.delimiter ?? ",", "utf8");
  const quotes = options.quotes ?? true;
  const encoding = options.encoding ?? "utf8";
  const separatorName = options.delimiter === undefined || options.delimiter === "," ? "comma" : JSON.stringify(options.delimiter);
  const kindOfFile = separatorName === "comma" && !options.columns ? "a CSV file" : `a ${separatorName}-separated file`;
  if (delimiter.length === 0 || delimiter.includes(LF) || delimiter.includes(CR) || (quotes && delimiter.includes(QUOTE))) {
    throw new DataFormatError(file, null, `cannot use delimiter ${JSON.stringify(options.delimiter)}`, "a delimiter without newlines or quotes");
  }
  // a missing path, a folder or a FIFO (which would block forever) is refused before opening
  const expected = `${kindOfFile} with columns ${specs.map((s) => s.name).join(", ")}`;
  checkRegularFile(file, expected);
  let fd: number;
  try {
    fd = fs.openSync(file, "r");
  } catch (error) {
    throw fileSystemError(file, error, expected);
  }
  try {
    const fileSize = fs.fstatSync(fd).size;
    let bufferOffset = 0; // file offset of buf[0]
    const scan: Scan = {
      file,
      encoding,
      delimiter,
      quotes,
      malformed: (line, what) =>
        new DataFormatError(
          file,
          line,
          `malformed CSV (${what})`,
          quotes ? `${separatorName}-separated fields, quoted with " where they hold ${separatorName === "comma" ? "commas" : "delimiters"}, quotes or newlines` : `${separatorName}-separated fields`,
        ),
      header: null,
      headerGiven: options.columns !== undefined,
      onHeader: (header) => {
        const missing = specs.filter((spec) => !header.includes(spec.name)).map((spec) => spec.name);
        if (missing.length > 0) {
          throw new DataFormatError(
            file,
            options.columns ? null : 1,
            `missing column${missing.length > 1 ? "s" : ""} ${missing.map((m) => `"${m}"`).join(", ")} (the ${options.columns ? "columns are" : "header has"} ${header.map((h) => `"${h}"`).join(", ")})`,
            `${options.columns ? "columns" : "a header"} with ${specs.map((s) => s.name).join(", ")}`,
          );
        }
        scan.numberSpecOf = new Int32Array(header.length).fill(-1);
        specs.forEach((spec, s) => {
          scan.fieldOf[s] = header.indexOf(spec.name);
          if (spec.type !== "string") scan.numberSpecOf[scan.fieldOf[s]] = s;
        });
      },
      ...emptyColumns(specs),
      fieldOf: new Int32Array(specs.length),
      numberSpecOf: new Int32Array(0),
      fastValue: new Float64Array(specs.length),
      fastOk: new Uint8Array(specs.length),
      isInt: Uint8Array.from(specs, (spec) => (spec.type === "int" ? 1 : 0)),
      mins: Float64Array.from(specs, (spec) => spec.min ?? -Infinity),
      maxs: Float64Array.from(specs, (spec) => spec.max ?? Infinity),
      line: 1,
      lines: new LineIndex(),
      fieldStart: new Int32Array(32),
      fieldEnd: new Int32Array(32),
      quoted: new Uint8Array(32),
      quotedText: [],
      fieldLines: 0,
      numberMisses: 0,
      fieldMisses: 0,
      grow: (position) => growColumns(scan, position, fileSize),
    };
    if (options.columns) {
      scan.header = [...options.columns];
      scan.onHeader(scan.header);
    }

    let buf = Buffer.allocUnsafe(Math.max(1 << 16, Math.min(CHUNK_BYTES, fileSize + 1)));
    let len = fs.readSync(fd, buf, 0, buf.length, 0);
    let fileOffset = len; // bytes read so far
    let eof = len === 0;
    let p = encoding === "utf8" && len >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
    // a big file of plain numbers: a worker reads the second half (csv/split.ts)
    let split: SplitRead | null = null;
    let splitTried = false;
    try {
      for (;;) {
        const start = p;
        const startLine = scan.line;
        const splitAt = split === null ? -1 : split.job.start - bufferOffset;
        const limit = splitAt >= 0 && splitAt <= len ? splitAt : len;
        p = scanRows(scan, buf, p, limit, eof && limit === len, bufferOffset);
        // the rows just read must be UTF-8 (a Latin-1 file read as UTF-8 would turn é into U+FFFD)
        if (encoding === "utf8" && !isUtf8(buf.subarray(start, p))) {
          const bad = firstInvalidUtf8(buf.subarray(0, p), start);
          let line = startLine;
          for (let i = start; i < bad; i++) if (buf[i] === LF) line++;
          throw new DataFormatError(file, line, `byte 0x${buf[bad].toString(16)} is not UTF-8`, "UTF-8 text (MovieLens 1M and 100K are Latin-1: read them with encoding \"latin1\")");
        }
        if (split !== null && limit === splitAt) {
          const part = p === limit ? split.join() : null;
          split.stop();
          split = null;
          if (part === null) continue; // a row spans the split, or the worker failed: read on alone
          appendPart(scan, part, fileSize);
          bufferOffset = part.stop;
          len = fs.readSync(fd, buf, 0, buf.length, bufferOffset);
          fileOffset = bufferOffset + len;
          eof = len === 0;
          p = 0;
          continue;
        }
        if (eof) break;
        if (!splitTried && scan.numberRows) {
          splitTried = true;
          split = startSplit(fd, file, scan, bufferOffset + len, fileSize, buf.length);
        }
        // keep the unfinished row, read more after it (a row longer than the buffer doubles it)
        const kept = len - p;
        if (kept === buf.length) {
          const bigger = Buffer.allocUnsafe(buf.length * 2);
          buf.copy(bigger, 0, p, len);
          buf = bigger;
        } else if (kept > 0) {
          buf.copy(buf, 0, p, len);
        }
        bufferOffset += p;
        const read = fs.readSync(fd, buf, kept, buf.length - kept, fileOffset);
        fileOffset += read;
        len = kept + read;
        eof = read === 0;
        p = 0;
      }
    } finally {
      split?.stop();
    }
    if (scan.header === null) {
      throw new DataFormatError(file, null, "the file is empty", `a header row with ${specs.map((s) => s.name).join(", ")}`);
    }

    const { numbers, strings } = finishColumns(scan);
    return new CsvTable(file, scan.rowCount, scan.lines, numbers, strings);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Starts a worker on the second half of what is left of a big file of plain numbers, split after
 * a line feed; null for a small file, or when no line feed is near the middle.
 *
 * @param position the file offset read so far (the rows before it are the calling thread's)
 */
function startSplit(fd: number, file: string, scan: Scan, position: number, fileSize: number, chunkBytes: number): SplitRead | null {
  if (fileSize - position < SPLIT_MIN_BYTES || scan.rowCount === 0) return null;
  const middle = Math.floor((position + fileSize) / 2);
  const probe = Buffer.allocUnsafe(1 << 16);
  const lineFeed = probe.subarray(0, fs.readSync(fd, probe, 0, probe.length, middle)).indexOf(LF);
  if (lineFeed < 0) return null;
  const start = middle + lineFeed + 1;
  const bytesPerRow = position / scan.rowCount;
  return SplitRead.start({
    file,
    start,
    end: fileSize,
    fields: scan.numberRows!.fields,
    delimiter: scan.delimiter[0],
    chunkBytes,
    expectedRows: Math.ceil(((fileSize - start) / bytesPerRow) * 1.05) + 1024,
  });
}

/** The worker's rows, after the calling thread's: copied into the columns, on consecutive lines. */
function appendPart(scan: Scan, part: PartResult, fileSize: number): void {
  if (part.rows === 0) return;
  const row = scan.rowCount;
  if (scan.capacity < row + part.rows) resizeColumns(scan, Math.max(row + part.rows, Math.ceil((fileSize / part.stop) * (row + part.rows))));
  for (let s = 0; s < scan.specs.length; s++) {
    const values = part.columns[scan.fieldOf[s]].subarray(0, part.rows);
    const kind = scan.kind[s];
    if (kind === INT32) scan.i32[s].set(values as Int32Array, row);
    else if (kind === FLOAT32) scan.f32[s].set(values as Float32Array, row);
    else scan.f64[s].set(values as Float64Array, row);
  }
  scan.lines.addRun(row, scan.line, part.rows);
  scan.line += part.rows;
  scan.rowCount = row + part.rows;
}
