/**
 * The one CSV path of the library: a byte-level, streaming reader of delimited text (RFC 4180
 * quoting, any delimiter, with or without a header row) that writes numbers straight into typed
 * arrays, plus the checks that turn a bad file into an error naming the file, the line and what
 * was expected. It reads MovieLens 25M's 25 million ratings without creating a JS object per row.
 */
import { isUtf8 } from "node:buffer";
import * as fs from "node:fs";
import { DataFormatError } from "../errors";
import { checkOptions, type OptionChecks } from "../options";
import { checkRegularFile, fileSystemError, firstInvalidUtf8 } from "./files";
import { MAX_NUMBER_FIELDS, NumberRowReader, STAGE_ROWS } from "./number-rows";

/** How a column's text is read. `int` and `float` become numbers; `string` stays text. */
export type ColumnType = "int" | "float" | "string";

/** The typed array a numeric column is stored in. */
export type NumericArrayType = "int32" | "float32" | "float64";

/** A numeric column as {@link readCsv} returns it. */
export type NumericColumn = Int32Array | Float32Array | Float64Array;

/** One expected column of a CSV file. */
export interface ColumnSpec {
  /** The header name (or, for a file without header, the name given in {@link CsvOptions.columns}). */
  name: string;
  /** How to read it. */
  type: ColumnType;
  /** Smallest allowed value (numbers only). */
  min?: number;
  /** Largest allowed value (numbers only). */
  max?: number;
  /** An empty field is allowed and reads as NaN (numbers) or "" (text). Default false. */
  optional?: boolean;
  /**
   * The typed array numbers are stored in (numbers only; default `"float64"`). With `"int32"` an
   * integer outside ±2³¹ is an error; `"float32"` rounds to single precision (ratings).
   */
  array?: NumericArrayType;
}

/** How the file is laid out. The defaults read an RFC 4180 CSV file with a header row in UTF-8. */
export interface CsvOptions {
  /** The field separator, one or more characters: `","` (default), `"\t"`, `"|"`, `"::"`. */
  delimiter?: string;
  /** Fields may be quoted with `"` (and `""` inside is a quote). Default true; false reads quotes as text. */
  quotes?: boolean;
  /** The file has no header row; these are its columns, in order. Default: the first row is the header. */
  columns?: readonly string[];
  /** Text encoding: `"utf8"` (default, a BOM is skipped) or `"latin1"` (MovieLens 1M and 100K). */
  encoding?: "utf8" | "latin1";
}

const CSV_CHECKS: OptionChecks<CsvOptions> = {
  delimiter: "string",
  quotes: "boolean",
  columns: "array",
  encoding: ["utf8", "latin1"],
};

/** The columns of a file read with {@link readCsv}. */
export interface CsvColumns {
  /** The file that was read. */
  file: string;
  /** Number of data rows. */
  rowCount: number;
  /**
   * 1-based line in the file where each row starts (a quoted field may span lines). Built on first
   * use; for large files prefer {@link CsvColumns.line}.
   */
  readonly lineOf: Int32Array;
  /** The 1-based line in the file where row `row` (0-based) starts. */
  line(row: number): number;
  /** Numeric columns by name, in the typed array their spec asks for (Float64Array by default). */
  numbers: Record<string, NumericColumn>;
  /** Text columns by name. */
  strings: Record<string, string[]>;
}

const INTEGER = /^-?\d+$/;
const CHUNK_BYTES = 1 << 23;
const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);
const QUOTE = 34;
const LF = 10;
const CR = 13;

function describe(spec: ColumnSpec): string {
  const kind = spec.type === "int" ? "an integer" : spec.type === "float" ? "a number" : "text";
  if (spec.min !== undefined && spec.max !== undefined) return `${kind} from ${spec.min} to ${spec.max}`;
  if (spec.min !== undefined) return `${kind} ≥ ${spec.min}`;
  if (spec.max !== undefined) return `${kind} ≤ ${spec.max}`;
  return kind;
}

function fieldsWord(n: number): string {
  return `${n} field${n === 1 ? "" : "s"}`;
}

/** Row → line lookup kept as anchors: only rows whose line is not the previous row's line + 1. */
class LineIndex {
  private rows = new Int32Array(16);
  private lines = new Int32Array(16);
  private count = 0;
  private lastRow = -1;
  private lastLine = 0;

  add(row: number, line: number): void {
    if (this.count > 0 && row === this.lastRow + 1 && line === this.lastLine + 1) {
      this.lastRow = row;
      this.lastLine = line;
      return;
    }
    if (this.count === this.rows.length) {
      const rows = new Int32Array(this.count * 2);
      const lines = new Int32Array(this.count * 2);
      rows.set(this.rows);
      lines.set(this.lines);
      this.rows = rows;
      this.lines = lines;
    }
    this.rows[this.count] = row;
    this.lines[this.count] = line;
    this.count++;
    this.lastRow = row;
    this.lastLine = line;
  }

  /** `count` ≥ 1 rows from `row` on consecutive lines from `line`: as many add() calls. */
  addRun(row: number, line: number, count: number): void {
    this.add(row, line);
    this.lastRow = row + count - 1;
    this.lastLine = line + count - 1;
  }

  line(row: number): number {
    let lo = 0;
    let hi = this.count - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.rows[mid] <= row) lo = mid;
      else hi = mid - 1;
    }
    return this.lines[lo] + (row - this.rows[lo]);
  }
}

class CsvTable implements CsvColumns {
  private lineArray: Int32Array | null = null;

  constructor(
    readonly file: string,
    readonly rowCount: number,
    private readonly lines: LineIndex,
    readonly numbers: Record<string, NumericColumn>,
    readonly strings: Record<string, string[]>,
  ) {}

  get lineOf(): Int32Array {
    if (!this.lineArray) {
      this.lineArray = new Int32Array(this.rowCount);
      for (let row = 0; row < this.rowCount; row++) this.lineArray[row] = this.lines.line(row);
    }
    return this.lineArray;
  }

  line(row: number): number {
    return this.lines.line(row);
  }
}

/** Column storage kinds, so that each store goes to one typed array type (monomorphic). */
const TEXT = 0;
const INT32 = 1;
const FLOAT32 = 2;
const FLOAT64 = 3;

/** Everything the row scanner needs, set up once per file; the scanner copies it into locals. */
interface Scan {
  file: string;
  encoding: "utf8" | "latin1";
  delimiter: Buffer;
  quotes: boolean;
  malformed: (line: number, what: string) => DataFormatError;
  /** null until the header row was read (or given). */
  header: string[] | null;
  /** The file has no header row: the column names came from the options. */
  headerGiven: boolean;
  /** Checks the header and maps fields to specs. */
  onHeader: (header: string[]) => void;
  specs: readonly ColumnSpec[];
  /** Per spec: the field index it reads, its storage kind, its bounds. */
  fieldOf: Int32Array;
  /** Per field of the header: the number spec reading it, or -1 (text or unread). */
  numberSpecOf: Int32Array;
  /** Per spec: the value parsed while scanning the current row, and whether that fast parse worked. */
  fastValue: Float64Array;
  fastOk: Uint8Array;
  kind: Int8Array;
  isInt: Uint8Array;
  mins: Float64Array;
  maxs: Float64Array;
  i32: Int32Array[];
  f32: Float32Array[];
  f64: Float64Array[];
  text: string[][];
  capacity: number;
  rowCount: number;
  line: number;
  lines: LineIndex;
  /** The current row's fields: where each starts and ends in the buffer, and quoted fields' text. */
  fieldStart: Int32Array;
  fieldEnd: Int32Array;
  quoted: Uint8Array;
  quotedText: string[];
  /** Called when the columns are full, with the file offset reached (to estimate the final size). */
  grow: (scan: Scan, position: number) => void;
  /** The WebAssembly path for all-number rows: undefined until the header is read, null when off. */
  numberRows?: NumberRowReader | null;
  /** Runs of the number path that read no row (past a few, it is turned off for the file). */
  numberMisses: number;
}

/**
 * Reads the rows the WebAssembly number path takes from buf[p, len) into the columns; returns
 * where it stopped (`len`, or a row for the JavaScript loop).
 */
function readNumberRows(scan: Scan, reader: NumberRowReader, buf: Buffer, p: number, len: number, bufferOffset: number): number {
  while (p < len) {
    if (scan.rowCount === scan.capacity) scan.grow(scan, bufferOffset + p);
    const row = scan.rowCount;
    const maxRows = Math.min(STAGE_ROWS, scan.capacity - row);
    const rows = reader.read(buf, p, len, bufferOffset, maxRows);
    if (rows === 0) {
      if (++scan.numberMisses > 16) scan.numberRows = null;
      return p;
    }
    for (let s = 0; s < scan.specs.length; s++) {
      const values = reader.values(scan.fieldOf[s], rows);
      const kind = scan.kind[s];
      if (kind === INT32) scan.i32[s].set(values, row);
      else if (kind === FLOAT32) scan.f32[s].set(values, row);
      else scan.f64[s].set(values, row);
    }
    scan.lines.addRun(row, scan.line, rows);
    scan.line += rows;
    scan.rowCount = row + rows;
    p = reader.end;
    if (rows < maxRows) return p;
  }
  return p;
}

function describeLayout(scan: Scan): string {
  const layout = scan.header!.join(scan.delimiter.toString());
  return `${fieldsWord(scan.header!.length)} ${scan.headerGiven ? `(${layout})` : `like the header (${layout})`}`;
}

/** The slow, exact path for a number field: trim, the integer pattern or Number(), bounds. */
function parseNumberText(scan: Scan, c: number, text: string, line: number): number {
  const spec = scan.specs[c];
  const trimmed = text.trim();
  if (trimmed === "" && spec.optional) return NaN;
  const value = spec.type === "int" ? (INTEGER.test(trimmed) ? Number(trimmed) : NaN) : trimmed === "" ? NaN : Number(trimmed);
  const outOfRange = value < scan.mins[c] || value > scan.maxs[c];
  const tooWide = scan.kind[c] === INT32 && (value > 2147483647 || value < -2147483648);
  if (!Number.isFinite(value) || outOfRange || tooWide) {
    throw new DataFormatError(scan.file, line, `column "${spec.name}" is ${JSON.stringify(text)}`, describe(spec) + (tooWide && !outOfRange ? " that fits in 32 bits" : ""));
  }
  return value;
}

/**
 * Reads every complete row of buf[p, len) into the columns. Returns where it stopped: `len`, or
 * the start of a row that continues past the buffer (when `eof` is false). Hot loop: state is
 * in locals, numbers are parsed from the bytes without making strings.
 */
function scanRows(scan: Scan, buf: Buffer, p: number, len: number, eof: boolean, bufferOffset: number): number {
  const d0 = scan.delimiter[0];
  const dLen = scan.delimiter.length;
  const delimiter = scan.delimiter;
  const quotes = scan.quotes;
  const stopAtQuote = quotes ? QUOTE : LF;
  const encoding = scan.encoding;
  let fieldStart = scan.fieldStart;
  let fieldEnd = scan.fieldEnd;
  let quoted = scan.quoted;
  const quotedText = scan.quotedText;
  let line = scan.line;
  const fastValue = scan.fastValue;
  const fastOk = scan.fastOk;
  const kinds = scan.kind;
  const isInt = scan.isInt;
  const fieldOf = scan.fieldOf;
  const mins = scan.mins;
  const maxs = scan.maxs;
  const specCount = fieldOf.length;
  let numberSpecOf = scan.numberSpecOf;
  let fields = scan.header === null ? -1 : scan.header.length;
  rows: while (p < len) {
    if (scan.numberRows) {
      scan.line = line;
      p = readNumberRows(scan, scan.numberRows, buf, p, len, bufferOffset);
      line = scan.line;
      if (p >= len) break;
    }
    const rowStart = p;
    let c = buf[p];
    if (c === LF || c === CR) {
      // an empty line
      if (c === CR) {
        if (p + 1 >= len && !eof) break;
        if (buf[p + 1] === LF) p++;
      }
      p++;
      line++;
      continue;
    }
    let nf = 0;
    let rowLines = 1;
    for (let s = 0; s < specCount; s++) fastOk[s] = 0;
    for (;;) {
      if (nf === fieldStart.length) {
        const grownStart = new Int32Array(nf * 2);
        const grownEnd = new Int32Array(nf * 2);
        const grownQuoted = new Uint8Array(nf * 2);
        grownStart.set(fieldStart);
        grownEnd.set(fieldEnd);
        grownQuoted.set(quoted);
        fieldStart = scan.fieldStart = grownStart;
        fieldEnd = scan.fieldEnd = grownEnd;
        quoted = scan.quoted = grownQuoted;
      }
      if (quotes && p < len && buf[p] === QUOTE) {
        // a quoted field: up to the closing quote; "" is a quote; newlines are text
        let q = p + 1;
        let text = "";
        let piece = q;
        for (;;) {
          if (q >= len) {
            if (!eof) {
              p = rowStart;
              break rows;
            }
            throw scan.malformed(line, "a quoted field is not closed");
          }
          c = buf[q];
          if (c === QUOTE) {
            if (q + 1 >= len && !eof) {
              p = rowStart;
              break rows;
            }
            if (buf[q + 1] !== QUOTE) break;
            text += buf.toString(encoding, piece, q + 1);
            q += 2;
            piece = q;
            continue;
          }
          if (c === LF) rowLines++;
          else if (c === CR) {
            if (q + 1 >= len && !eof) {
              p = rowStart;
              break rows;
            }
            if (buf[q + 1] !== LF) rowLines++;
          }
          q++;
        }
        quotedText[nf] = text + buf.toString(encoding, piece, q);
        quoted[nf] = 1;
        fieldStart[nf] = p;
        fieldEnd[nf] = q + 1;
        p = q + 1;
        if (p < len && buf[p] !== LF && buf[p] !== CR && !(buf[p] === d0 && (dLen === 1 || delimiter.equals(buf.subarray(p, p + dLen))))) {
          if (p + dLen > len && !eof) {
            p = rowStart;
            break rows;
          }
          throw scan.malformed(line + rowLines - 1, `a closing quote is followed by ${JSON.stringify(buf.toString(encoding, p, p + 1))}, not a delimiter`);
        }
      } else {
        quoted[nf] = 0;
        fieldStart[nf] = p;
        const s = nf < fields ? numberSpecOf[nf] : -1;
        if (s >= 0 && dLen === 1) {
          // a number field: parse [-]digits[.digits] while scanning; anything else takes the slow path later
          let i = p;
          const negative = buf[i] === 45;
          if (negative) i++;
          let mantissa = 0;
          let digits = 0;
          let point = -1;
          let b = 0;
          for (; i < len; i++) {
            b = buf[i];
            if (b >= 48 && b <= 57) {
              mantissa = mantissa * 10 + (b - 48);
              digits++;
            } else if (b === 46 && point < 0 && isInt[s] === 0) {
              point = digits;
            } else break;
          }
          if (i < len && (b === d0 || b === LF || b === CR) && digits > 0 && digits <= 15) {
            const magnitude = point >= 0 && digits > point ? mantissa / POW10[digits - point] : mantissa;
            fastValue[s] = negative ? -magnitude : magnitude;
            fastOk[s] = 1;
            p = i;
          }
        }
        if (dLen === 1) {
          while (p < len) {
            c = buf[p];
            if (c === d0 || c === LF || c === CR || c === stopAtQuote) break;
            p++;
          }
        } else {
          while (p < len) {
            c = buf[p];
            if (c === LF || c === CR || c === stopAtQuote) break;
            if (c === d0) {
              if (p + dLen > len && !eof) {
                p = rowStart;
                break rows;
              }
              if (delimiter.equals(buf.subarray(p, p + dLen))) break;
            }
            p++;
          }
        }
        if (quotes && p < len && buf[p] === QUOTE) {
          let end = p;
          while (end < len && buf[end] !== LF && buf[end] !== CR) end++;
          throw scan.malformed(line, `a quote inside the unquoted field starting ${JSON.stringify(buf.toString(encoding, fieldStart[nf], Math.min(end, fieldStart[nf] + 40)))}`);
        }
        fieldEnd[nf] = p;
      }
      nf++;
      if (p >= len) {
        if (!eof) {
          p = rowStart;
          break rows;
        }
        break;
      }
      c = buf[p];
      if (c === LF) {
        p++;
        break;
      }
      if (c === CR) {
        if (p + 1 >= len && !eof) {
          p = rowStart;
          break rows;
        }
        p += buf[p + 1] === LF ? 2 : 1;
        break;
      }
      p += dLen; // past the delimiter
    }

    // a complete row of nf fields
    const rowLine = line;
    line += rowLines;
    if (scan.header === null) {
      const header: string[] = [];
      for (let f = 0; f < nf; f++) header.push((quoted[f] ? quotedText[f] : buf.toString(encoding, fieldStart[f], fieldEnd[f])).trim());
      scan.header = header;
      scan.onHeader(header);
      fields = header.length;
      numberSpecOf = scan.numberSpecOf;
      // Every field a number column, one-byte delimiter: whole rows can go through numbers.wat.
      const numbersOnly = dLen === 1 && fields === specCount && fields <= MAX_NUMBER_FIELDS && !kinds.includes(TEXT);
      scan.numberRows = numbersOnly
        ? new NumberRowReader(
            header.map((_, f) => {
              const s = numberSpecOf[f];
              return { isInt: isInt[s] === 1, int32: kinds[s] === INT32, min: mins[s], max: maxs[s] };
            }),
            d0,
            buf.length,
          )
        : null;
      continue;
    }
    if (nf !== fields) throw new DataFormatError(scan.file, rowLine, fieldsWord(nf), describeLayout(scan));
    const row = scan.rowCount;
    if (row === scan.capacity) {
      scan.line = line;
      scan.grow(scan, bufferOffset + p);
    }
    scan.lines.add(row, rowLine);
    for (let s = 0; s < specCount; s++) {
      const f = fieldOf[s];
      const kind = kinds[s];
      if (kind === TEXT) {
        const text = quoted[f] ? quotedText[f] : buf.toString(encoding, fieldStart[f], fieldEnd[f]);
        if (text === "" && !scan.specs[s].optional) throw new DataFormatError(scan.file, rowLine, `column "${scan.specs[s].name}" is empty`, "text");
        scan.text[s].push(text);
        continue;
      }
      let value = fastValue[s];
      if (fastOk[s] === 0 || value < mins[s] || value > maxs[s] || (kind === INT32 && (value > 2147483647 || value < -2147483648))) {
        value = parseNumberText(scan, s, quoted[f] ? quotedText[f] : buf.toString(encoding, fieldStart[f], fieldEnd[f]), rowLine);
      }
      if (kind === INT32) scan.i32[s][row] = value;
      else if (kind === FLOAT32) scan.f32[s][row] = value;
      else scan.f64[s][row] = value;
    }
    scan.rowCount = row + 1;
  }
  scan.line = line;
  return p;
}

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
      specs,
      fieldOf: new Int32Array(specs.length),
      numberSpecOf: new Int32Array(0),
      fastValue: new Float64Array(specs.length),
      fastOk: new Uint8Array(specs.length),
      kind: Int8Array.from(specs, (spec) => (spec.type === "string" ? TEXT : spec.array === "int32" ? INT32 : spec.array === "float32" ? FLOAT32 : FLOAT64)),
      isInt: Uint8Array.from(specs, (spec) => (spec.type === "int" ? 1 : 0)),
      mins: Float64Array.from(specs, (spec) => spec.min ?? -Infinity),
      maxs: Float64Array.from(specs, (spec) => spec.max ?? Infinity),
      i32: [],
      f32: [],
      f64: [],
      text: specs.map(() => []),
      capacity: 0,
      rowCount: 0,
      line: 1,
      lines: new LineIndex(),
      fieldStart: new Int32Array(32),
      fieldEnd: new Int32Array(32),
      quoted: new Uint8Array(32),
      quotedText: [],
      numberMisses: 0,
      grow: (scan, position) => {
        // size from the bytes per row so far (one reallocation for a big file), else double
        const wanted =
          scan.rowCount >= 1024
            ? Math.max(Math.ceil(scan.capacity * 1.25), Math.ceil((fileSize / position) * scan.rowCount * 1.02) + 16)
            : Math.max(1024, scan.capacity * 2);
        resize(wanted);
      },
    };
    const empty = { i32: new Int32Array(0), f32: new Float32Array(0), f64: new Float64Array(0) };
    const resize = (capacity: number) => {
      specs.forEach((_, s) => {
        const kind = scan.kind[s];
        const copy = <T extends NumericColumn>(old: T | undefined, make: (n: number) => T): T => {
          const grown = make(capacity);
          if (old) grown.set(old.subarray(0, Math.min(scan.rowCount, capacity)) as never);
          return grown;
        };
        scan.i32[s] = kind === INT32 ? copy(scan.i32[s], (n) => new Int32Array(n)) : empty.i32;
        scan.f32[s] = kind === FLOAT32 ? copy(scan.f32[s], (n) => new Float32Array(n)) : empty.f32;
        scan.f64[s] = kind === FLOAT64 ? copy(scan.f64[s], (n) => new Float64Array(n)) : empty.f64;
      });
      scan.capacity = capacity;
    };
    resize(0);
    if (options.columns) {
      scan.header = [...options.columns];
      scan.onHeader(scan.header);
    }

    let buf = Buffer.allocUnsafe(Math.max(1 << 16, Math.min(CHUNK_BYTES, fileSize + 1)));
    let len = fs.readSync(fd, buf, 0, buf.length, 0);
    let fileOffset = len; // bytes read so far
    let eof = len === 0;
    let p = encoding === "utf8" && len >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
    for (;;) {
      const start = p;
      const startLine = scan.line;
      p = scanRows(scan, buf, p, len, eof, bufferOffset);
      // the rows just read must be UTF-8 (a Latin-1 file read as UTF-8 would turn é into U+FFFD)
      if (encoding === "utf8" && !isUtf8(buf.subarray(start, p))) {
        const bad = firstInvalidUtf8(buf.subarray(0, p), start);
        let line = startLine;
        for (let i = start; i < bad; i++) if (buf[i] === LF) line++;
        throw new DataFormatError(file, line, `byte 0x${buf[bad].toString(16)} is not UTF-8`, "UTF-8 text (MovieLens 1M and 100K are Latin-1: read them with encoding \"latin1\")");
      }
      if (eof) break;
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
    if (scan.header === null) {
      throw new DataFormatError(file, null, "the file is empty", `a header row with ${specs.map((s) => s.name).join(", ")}`);
    }

    const rowCount = scan.rowCount;
    const numbers: Record<string, NumericColumn> = {};
    const strings: Record<string, string[]> = {};
    specs.forEach((spec, s) => {
      const kind = scan.kind[s];
      if (kind === TEXT) {
        strings[spec.name] = scan.text[s];
        return;
      }
      const column: NumericColumn = kind === INT32 ? scan.i32[s] : kind === FLOAT32 ? scan.f32[s] : scan.f64[s];
      // The capacity was estimated from the first rows' bytes: a view when the unused tail is at
      // most a quarter (no second copy of a big column at the peak), a trimmed copy otherwise.
      const slack = column.length - rowCount;
      numbers[spec.name] = slack === 0 ? column : slack <= rowCount / 4 ? column.subarray(0, rowCount) : column.slice(0, rowCount);
    });
    return new CsvTable(file, rowCount, scan.lines, numbers, strings);
  } finally {
    fs.closeSync(fd);
  }
}
