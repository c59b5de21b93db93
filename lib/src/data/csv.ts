/**
 * The one CSV path of the library: a byte-level, streaming reader of delimited text (RFC 4180
 * quoting, any delimiter, with or without a header row) that writes numbers straight into typed
 * arrays, plus the checks that turn a bad file into an error naming the file, the line and what
 * was expected. It reads MovieLens 25M's 25 million ratings without creating a JS object per row.
 */
import * as fs from "node:fs";
import { DataFormatError } from "../errors";

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
    if (row === this.lastRow + 1 && line === this.lastLine + 1) {
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

function newColumn(type: NumericArrayType, length: number): NumericColumn {
  return type === "int32" ? new Int32Array(length) : type === "float32" ? new Float32Array(length) : new Float64Array(length);
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
 *   missing column, a row with the wrong number of fields, a malformed quote, a field that is not
 *   a number or is out of range.
 *
 * @example
 * const { numbers } = readCsv("ratings.csv", [{ name: "rating", type: "float", min: 0.5, max: 5 }]);
 * // MovieLens 1M: no header, "::" between fields, no quoting
 * readCsv("ratings.dat", [{ name: "movieId", type: "int", array: "int32" }],
 *   { delimiter: "::", quotes: false, columns: ["userId", "movieId", "rating", "timestamp"] });
 */
export function readCsv(file: string, specs: readonly ColumnSpec[], options: CsvOptions = {}): CsvColumns {
  const delimiter = Buffer.from(options.delimiter ?? ",", "utf8");
  const quotes = options.quotes ?? true;
  const encoding = options.encoding ?? "utf8";
  const separatorName = options.delimiter === undefined || options.delimiter === "," ? "comma" : JSON.stringify(options.delimiter);
  const kind = separatorName === "comma" && !options.columns ? "a CSV file" : `a ${separatorName}-separated file`;
  if (delimiter.length === 0 || delimiter.includes(LF) || delimiter.includes(CR) || (quotes && delimiter.includes(QUOTE))) {
    throw new DataFormatError(file, null, `cannot use delimiter ${JSON.stringify(options.delimiter)}`, "a delimiter without newlines or quotes");
  }
  if (!fs.existsSync(file)) {
    throw new DataFormatError(file, null, "file not found", `${kind} with columns ${specs.map((s) => s.name).join(", ")}`);
  }
  const malformed = (line: number, what: string) =>
    new DataFormatError(
      file,
      line,
      `malformed CSV (${what})`,
      quotes ? `${separatorName}-separated fields, quoted with " where they hold ${separatorName === "comma" ? "commas" : "delimiters"}, quotes or newlines` : `${separatorName}-separated fields`,
    );

  const fd = fs.openSync(file, "r");
  const fileSize = fs.fstatSync(fd).size;
  let buf = Buffer.allocUnsafe(Math.max(1 << 16, Math.min(CHUNK_BYTES, fileSize + 1)));
  let len = 0;
  let eof = false;
  let fileOffset = 0;
  const fill = (keepFrom: number): number => {
    // keep buf[keepFrom..len), read more after it; returns how far the kept bytes moved
    const kept = len - keepFrom;
    if (kept === buf.length) {
      const bigger = Buffer.allocUnsafe(buf.length * 2);
      buf.copy(bigger, 0, keepFrom, len);
      buf = bigger;
    } else if (keepFrom > 0) {
      buf.copy(buf, 0, keepFrom, len);
    }
    len = kept;
    const read = fs.readSync(fd, buf, len, buf.length - len, fileOffset);
    fileOffset += read;
    len += read;
    if (read === 0) eof = true;
    return keepFrom;
  };

  // The per-row state: where each field starts and ends, and the decoded text of quoted fields.
  let fieldStart = new Int32Array(64);
  let fieldEnd = new Int32Array(64);
  const quotedText: (string | null)[] = [];
  let fieldCount = 0;
  let rowLines = 0;

  const MORE = -1;
  const EMPTY_LINE = -2;
  let emptyLineEnd = 0;
  /**
   * Splits one row starting at `start` into fields. Returns the offset after the row's line
   * break, MORE when the buffer ends before the row does (and the file goes on), or EMPTY_LINE
   * (with `emptyLineEnd` set) for a blank line. Throws for a malformed quote.
   */
  const splitRow = (start: number, line: number): number => {
    let p = start;
    fieldCount = 0;
    rowLines = 1;
    const d0 = delimiter[0];
    const dLen = delimiter.length;
    if (buf[p] === LF || buf[p] === CR) {
      if (buf[p] === CR) {
        if (p + 1 >= len && !eof) return MORE;
        if (buf[p + 1] === LF) p++;
      }
      emptyLineEnd = p + 1;
      return EMPTY_LINE;
    }
    for (;;) {
      if (fieldCount === fieldStart.length) {
        const s = new Int32Array(fieldCount * 2);
        const e = new Int32Array(fieldCount * 2);
        s.set(fieldStart);
        e.set(fieldEnd);
        fieldStart = s;
        fieldEnd = e;
      }
      if (quotes && p < len && buf[p] === QUOTE) {
        // quoted field: up to the closing quote, "" is a quote, newlines are text
        let q = p + 1;
        let text = "";
        let piece = q;
        for (;;) {
          if (q >= len) {
            if (!eof) return MORE;
            throw malformed(line, "a quoted field is not closed");
          }
          const c = buf[q];
          if (c === QUOTE) {
            if (q + 1 >= len && !eof) return MORE;
            if (buf[q + 1] === QUOTE) {
              text += buf.toString(encoding, piece, q + 1);
              q += 2;
              piece = q;
              continue;
            }
            break;
          }
          if (c === LF) rowLines++;
          else if (c === CR) {
            if (q + 1 >= len && !eof) return MORE;
            if (buf[q + 1] !== LF) rowLines++;
          }
          q++;
        }
        text += buf.toString(encoding, piece, q);
        quotedText[fieldCount] = text;
        fieldStart[fieldCount] = p;
        fieldEnd[fieldCount] = q + 1;
        p = q + 1;
        if (p < len && buf[p] !== LF && buf[p] !== CR && !(buf[p] === d0 && (dLen === 1 || delimiter.equals(buf.subarray(p, p + dLen))))) {
          if (p + dLen > len && !eof) return MORE;
          throw malformed(line + rowLines - 1, `a closing quote is followed by ${JSON.stringify(buf.toString(encoding, p, p + 1))}, not a delimiter`);
        }
      } else {
        quotedText[fieldCount] = null;
        fieldStart[fieldCount] = p;
        const stopAtQuote = quotes ? QUOTE : LF;
        if (dLen === 1) {
          while (p < len) {
            const c = buf[p];
            if (c === d0 || c === LF || c === CR || c === stopAtQuote) break;
            p++;
          }
        } else {
          while (p < len) {
            const c = buf[p];
            if (c === LF || c === CR || c === stopAtQuote) break;
            if (c === d0) {
              if (p + dLen > len && !eof) return MORE;
              if (delimiter.equals(buf.subarray(p, p + dLen))) break;
            }
            p++;
          }
        }
        if (quotes && p < len && buf[p] === QUOTE) {
          let end = p;
          while (end < len && buf[end] !== LF && buf[end] !== CR) end++;
          throw malformed(line, `a quote inside the unquoted field starting ${JSON.stringify(buf.toString(encoding, fieldStart[fieldCount], Math.min(end, fieldStart[fieldCount] + 40)))}`);
        }
        fieldEnd[fieldCount] = p;
      }
      fieldCount++;
      if (p >= len) return eof ? p : MORE;
      const c = buf[p];
      if (c === LF) return p + 1;
      if (c === CR) {
        if (p + 1 >= len && !eof) return MORE;
        return buf[p + 1] === LF ? p + 2 : p + 1;
      }
      p += dLen; // at a delimiter
    }
  };

  try {
    fill(0);
    let p = encoding === "utf8" && len >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
    let line = 1;
    const next = (): boolean => {
      // splits the next non-empty row into the field arrays; false at the end of the file
      for (;;) {
        if (p >= len) {
          if (eof) return false;
          p -= fill(p);
          continue;
        }
        const end = splitRow(p, line);
        if (end === MORE) {
          p -= fill(p);
          continue;
        }
        if (end === EMPTY_LINE) {
          p = emptyLineEnd;
          line++;
          continue;
        }
        p = end;
        return true;
      }
    };

    // header
    let header: string[];
    if (options.columns) {
      header = [...options.columns];
    } else {
      if (!next()) {
        throw new DataFormatError(file, null, "the file is empty", `a header row with ${specs.map((s) => s.name).join(", ")}`);
      }
      header = [];
      for (let f = 0; f < fieldCount; f++) header.push((quotedText[f] ?? buf.toString(encoding, fieldStart[f], fieldEnd[f])).trim());
      line += rowLines;
    }
    const indexOf = specs.map((spec) => header.indexOf(spec.name));
    const missing = specs.filter((_, i) => indexOf[i] < 0).map((spec) => spec.name);
    if (missing.length > 0) {
      throw new DataFormatError(
        file,
        options.columns ? null : 1,
        `missing column${missing.length > 1 ? "s" : ""} ${missing.map((m) => `"${m}"`).join(", ")} (the ${options.columns ? "columns are" : "header has"} ${header.map((h) => `"${h}"`).join(", ")})`,
        `${options.columns ? "columns" : "a header"} with ${specs.map((s) => s.name).join(", ")}`,
      );
    }

    // columns, sized from the first chunk's bytes per row and grown if the guess was short
    let capacity = 1024;
    const numberSpecs = specs.map((spec) => spec.type !== "string");
    let numericCols: (NumericColumn | null)[] = specs.map((spec) => (spec.type === "string" ? null : newColumn(spec.array ?? "float64", capacity)));
    const stringCols: (string[] | null)[] = specs.map((spec) => (spec.type === "string" ? [] : null));
    const int32 = specs.map((spec) => spec.array === "int32");
    const lines = new LineIndex();
    let rowCount = 0;
    let bytesAtFirstRow = -1;
    const grow = (wanted: number) => {
      capacity = Math.max(wanted, 1024);
      numericCols = numericCols.map((col) => {
        if (!col) return null;
        const bigger = newColumn(col instanceof Int32Array ? "int32" : col instanceof Float32Array ? "float32" : "float64", capacity);
        bigger.set(col.subarray(0, Math.min(rowCount, capacity)));
        return bigger;
      });
    };
    const slowNumber = (spec: ColumnSpec, text: string, rowLine: number): number => {
      const trimmed = text.trim();
      if (trimmed === "" && spec.optional) return NaN;
      const value = spec.type === "int" ? (INTEGER.test(trimmed) ? Number(trimmed) : NaN) : trimmed === "" ? NaN : Number(trimmed);
      const outOfRange = (spec.min !== undefined && value < spec.min) || (spec.max !== undefined && value > spec.max);
      if (!Number.isFinite(value) || outOfRange || (spec.array === "int32" && (value > 2147483647 || value < -2147483648))) {
        throw new DataFormatError(file, rowLine, `column "${spec.name}" is ${JSON.stringify(text)}`, describe(spec) + (spec.array === "int32" ? " that fits in 32 bits" : ""));
      }
      return value;
    };
    const nSpecs = specs.length;
    const mins = specs.map((s) => s.min ?? -Infinity);
    const maxs = specs.map((s) => s.max ?? Infinity);
    const isInt = specs.map((s) => s.type === "int");

    while (next()) {
      const rowLine = line;
      line += rowLines;
      if (fieldCount !== header.length) {
        throw new DataFormatError(file, rowLine, fieldsWord(fieldCount), `${fieldsWord(header.length)} like the header (${header.join(options.delimiter ?? ",")})`);
      }
      if (rowCount === capacity) {
        if (bytesAtFirstRow >= 0 && rowCount >= 1024) {
          const bytesPerRow = (fileOffset - len + p - bytesAtFirstRow) / rowCount;
          grow(Math.max(Math.ceil(capacity * 1.25), Math.ceil(((fileSize - bytesAtFirstRow) / bytesPerRow) * 1.02) + 16));
        } else grow(capacity * 2);
      }
      if (bytesAtFirstRow < 0) bytesAtFirstRow = fileOffset - len + fieldStart[0];
      lines.add(rowCount, rowLine);
      for (let c = 0; c < nSpecs; c++) {
        const f = indexOf[c];
        if (numberSpecs[c]) {
          const column = numericCols[c]!;
          const quoted = quotedText[f];
          let value: number;
          if (quoted !== null) {
            value = slowNumber(specs[c], quoted, rowLine);
          } else {
            // fast path: [-]digits[.digits] with at most 15 digits, correctly rounded
            const s = fieldStart[f];
            const e = fieldEnd[f];
            let i = s;
            const negative = buf[i] === 45;
            if (negative) i++;
            let mantissa = 0;
            let digits = 0;
            let fraction = -1;
            for (; i < e; i++) {
              const b = buf[i];
              if (b >= 48 && b <= 57) {
                mantissa = mantissa * 10 + (b - 48);
                digits++;
              } else if (b === 46 && fraction < 0 && !isInt[c]) {
                fraction = digits;
              } else break;
            }
            if (i === e && digits > 0 && digits <= 15) {
              value = fraction >= 0 && digits > fraction ? mantissa / POW10[digits - fraction] : mantissa;
              if (negative) value = -value;
              if (value < mins[c] || value > maxs[c] || (int32[c] && (value > 2147483647 || value < -2147483648))) {
                value = slowNumber(specs[c], buf.toString(encoding, s, e), rowLine);
              }
            } else {
              value = slowNumber(specs[c], buf.toString(encoding, s, e), rowLine);
            }
          }
          column[rowCount] = value;
        } else {
          const text = quotedText[f] ?? buf.toString(encoding, fieldStart[f], fieldEnd[f]);
          if (text === "" && !specs[c].optional) {
            throw new DataFormatError(file, rowLine, `column "${specs[c].name}" is empty`, "text");
          }
          stringCols[c]!.push(text);
        }
      }
      rowCount++;
    }

    const numbers: Record<string, NumericColumn> = {};
    const strings: Record<string, string[]> = {};
    specs.forEach((spec, c) => {
      const col = numericCols[c];
      if (col) numbers[spec.name] = col.length === rowCount ? col : col.slice(0, rowCount);
      else strings[spec.name] = stringCols[c]!;
    });
    return new CsvTable(file, rowCount, lines, numbers, strings);
  } finally {
    fs.closeSync(fd);
  }
}
