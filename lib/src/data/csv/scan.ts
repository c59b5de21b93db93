/**
 * The row scanner of {@link readCsv}: bytes → fields → checked values in the columns. Rows of
 * plain numbers go through the WebAssembly kernel (number-rows.ts), other simple rows through
 * another (field-rows.ts); every other row is read here, field by field, numbers parsed from the
 * bytes without making strings.
 */
import { DataFormatError } from "../../errors";
import { FIELD_STAGE_ROWS, type FieldSpec, FieldRowReader } from "../field-rows";
import { MAX_NUMBER_FIELDS, NumberRowReader, STAGE_ROWS } from "../number-rows";
import { type ColumnBuffers, FLOAT32, INT32, TEXT } from "./columns";
import { describe, fieldsWord } from "./spec";
import type { LineIndex } from "./table";

const INTEGER = /^-?\d+$/;
const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);
/** The quote byte. */
export const QUOTE = 34;
/** The line feed byte. */
export const LF = 10;
/** The carriage return byte. */
export const CR = 13;
/** Returned by a field reader when the field (or its row) continues past the buffer. */
const MORE = -1;

/** Everything the row scanner needs, set up once per file; the scanner copies it into locals. */
export interface Scan extends ColumnBuffers {
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
  /** Per spec: the field index it reads. */
  fieldOf: Int32Array;
  /** Per field of the header: the number spec reading it, or -1 (text or unread). */
  numberSpecOf: Int32Array;
  /** Per spec: the value parsed while scanning the current row, and whether that fast parse worked. */
  fastValue: Float64Array;
  fastOk: Uint8Array;
  isInt: Uint8Array;
  mins: Float64Array;
  maxs: Float64Array;
  line: number;
  lines: LineIndex;
  /** The current row's fields: where each starts and ends in the buffer, and quoted fields' text. */
  fieldStart: Int32Array;
  fieldEnd: Int32Array;
  quoted: Uint8Array;
  quotedText: string[];
  /** Line breaks inside the last quoted field read. */
  fieldLines: number;
  /** Called when the columns are full, with the file offset reached (to estimate the final size). */
  grow: (position: number) => void;
  /** The WebAssembly path for all-number rows: undefined until the header is read, null when off. */
  numberRows?: NumberRowReader | null;
  /** Runs of the number path that read no row (past a few, it is turned off for the file). */
  numberMisses: number;
  /** The WebAssembly path for other rows: undefined until the header is read, null when off. */
  fieldRows?: FieldRowReader | null;
  /** Runs of that path that read no row (past a few, it is turned off for the file). */
  fieldMisses: number;
}

/** The two WebAssembly row paths of a scan: how many rows each stages a call, and its miss counter. */
const STAGED_PATHS = {
  numberRows: { stageRows: STAGE_ROWS, misses: "numberMisses" },
  fieldRows: { stageRows: FIELD_STAGE_ROWS, misses: "fieldMisses" },
} as const;

/**
 * Reads the rows a WebAssembly path takes (numbers.wat: rows of plain numbers; fields.wat: other
 * simple rows, text included) from buf[p, len) into the columns; returns where it stopped (`len`,
 * or a row for the JavaScript loop). A path that reads no row more than 16 times is turned off for
 * the file.
 */
function readStagedRows(scan: Scan, path: keyof typeof STAGED_PATHS, buf: Buffer, p: number, len: number, bufferOffset: number): number {
  const reader: NumberRowReader | FieldRowReader = scan[path]!;
  const { stageRows, misses } = STAGED_PATHS[path];
  while (p < len) {
    if (scan.rowCount === scan.capacity) scan.grow(bufferOffset + p);
    const row = scan.rowCount;
    const maxRows = Math.min(stageRows, scan.capacity - row);
    const rows = reader.read(buf, p, len, bufferOffset, maxRows);
    if (rows === 0) {
      if (++scan[misses] > 16) scan[path] = null;
      return p;
    }
    for (let s = 0; s < scan.specs.length; s++) {
      const f = scan.fieldOf[s];
      const kind = scan.kind[s];
      if (kind === TEXT) scan.text[s].push(...(reader as FieldRowReader).texts(f, scan.encoding));
      else if (kind === INT32) scan.i32[s].set(reader.values(f, rows) as Int32Array, row);
      else if (kind === FLOAT32) scan.f32[s].set(reader.values(f, rows) as Float32Array, row);
      else scan.f64[s].set(reader.values(f, rows) as Float64Array, row);
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
 * The quoted field of the current row's field `nf` starting at buf[p] (a quote): up to the closing
 * quote, `""` read as a quote, line breaks kept as text. Returns the position after the closing
 * quote (`scan.fieldLines` holds the line breaks inside), or MORE when it continues past the buffer.
 */
function readQuotedField(scan: Scan, buf: Buffer, p: number, len: number, eof: boolean, nf: number, line: number, rowLines: number): number {
  const encoding = scan.encoding;
  let lines = 0;
  let q = p + 1;
  let text = "";
  let piece = q;
  for (;;) {
    if (q >= len) {
      if (!eof) return MORE;
      throw scan.malformed(line, "a quoted field is not closed");
    }
    const c = buf[q];
    if (c === QUOTE) {
      if (q + 1 >= len && !eof) return MORE;
      if (buf[q + 1] !== QUOTE) break;
      text += buf.toString(encoding, piece, q + 1);
      q += 2;
      piece = q;
      continue;
    }
    if (c === LF) lines++;
    else if (c === CR) {
      if (q + 1 >= len && !eof) return MORE;
      if (buf[q + 1] !== LF) lines++;
    }
    q++;
  }
  scan.quotedText[nf] = text + buf.toString(encoding, piece, q);
  scan.quoted[nf] = 1;
  scan.fieldStart[nf] = p;
  scan.fieldEnd[nf] = q + 1;
  scan.fieldLines = lines;
  const end = q + 1;
  const d0 = scan.delimiter[0];
  const dLen = scan.delimiter.length;
  if (end < len && buf[end] !== LF && buf[end] !== CR && !(buf[end] === d0 && (dLen === 1 || scan.delimiter.equals(buf.subarray(end, end + dLen))))) {
    if (end + dLen > len && !eof) return MORE;
    throw scan.malformed(line + rowLines + lines - 1, `a closing quote is followed by ${JSON.stringify(buf.toString(encoding, end, end + 1))}, not a delimiter`);
  }
  return end;
}

/**
 * Parses `[-]digits[.digits]` at buf[p] for number spec `s` while scanning (no string made). When
 * the field is exactly that, followed by the one-byte delimiter or a line break, the value goes to
 * `scan.fastValue[s]` and the end is returned; otherwise `p`, and the exact path reads it later.
 */
function parseNumberField(scan: Scan, s: number, buf: Buffer, p: number, len: number, d0: number): number {
  let i = p;
  const negative = buf[i] === 45;
  if (negative) i++;
  let mantissa = 0;
  let digits = 0;
  let point = -1;
  let b = 0;
  const isInt = scan.isInt[s];
  for (; i < len; i++) {
    b = buf[i];
    if (b >= 48 && b <= 57) {
      mantissa = mantissa * 10 + (b - 48);
      digits++;
    } else if (b === 46 && point < 0 && isInt === 0) {
      point = digits;
    } else break;
  }
  if (i < len && (b === d0 || b === LF || b === CR) && digits > 0 && digits <= 15) {
    const magnitude = point >= 0 && digits > point ? mantissa / POW10[digits - point] : mantissa;
    scan.fastValue[s] = negative ? -magnitude : magnitude;
    scan.fastOk[s] = 1;
    return i;
  }
  return p;
}

/**
 * Where the unquoted field running at buf[p] ends with a delimiter of several bytes ("::"): at the
 * delimiter, a line break or (with quotes on) a quote, which the caller reports. MORE when the
 * delimiter may continue past the buffer.
 */
function multiByteFieldEnd(scan: Scan, buf: Buffer, p: number, len: number, eof: boolean): number {
  const d0 = scan.delimiter[0];
  const dLen = scan.delimiter.length;
  const stopAtQuote = scan.quotes ? QUOTE : LF;
  while (p < len) {
    const c = buf[p];
    if (c === LF || c === CR || c === stopAtQuote) break;
    if (c === d0) {
      if (p + dLen > len && !eof) return MORE;
      if (scan.delimiter.equals(buf.subarray(p, p + dLen))) break;
    }
    p++;
  }
  return p;
}

/** The header row just scanned: checked and mapped to the specs, and the number path chosen. */
function readHeader(scan: Scan, buf: Buffer, nf: number): void {
  const header: string[] = [];
  for (let f = 0; f < nf; f++) header.push((scan.quoted[f] ? scan.quotedText[f] : buf.toString(scan.encoding, scan.fieldStart[f], scan.fieldEnd[f])).trim());
  scan.header = header;
  scan.onHeader(header);
  // Every field a number column, one-byte delimiter: whole rows can go through numbers.wat.
  const numbersOnly = scan.delimiter.length === 1 && header.length === scan.specs.length && header.length <= MAX_NUMBER_FIELDS && !scan.kind.includes(TEXT);
  scan.numberRows = numbersOnly
    ? new NumberRowReader(
        header.map((_, f) => {
          const s = scan.numberSpecOf[f];
          const kind = scan.kind[s];
          return { isInt: scan.isInt[s] === 1, int32: kind === INT32, min: scan.mins[s], max: scan.maxs[s], store: kind === INT32 ? "int32" : kind === FLOAT32 ? "float32" : "float64" };
        }),
        scan.delimiter[0],
        buf.length,
      )
    : null;
  // Other files with a one-byte delimiter: simple rows go through fields.wat.
  if (numbersOnly || scan.delimiter.length !== 1) {
    scan.fieldRows = null;
    return;
  }
  const fields: FieldSpec[] = header.map(() => ({ kind: "skip" }));
  scan.fieldOf.forEach((f, s) => {
    const kind = scan.kind[s];
    fields[f] =
      kind === TEXT
        ? { kind: "text" }
        : { kind: "number", isInt: scan.isInt[s] === 1, int32: kind === INT32, min: scan.mins[s], max: scan.maxs[s], store: kind === INT32 ? "int32" : kind === FLOAT32 ? "float32" : "float64" };
  });
  scan.fieldRows = new FieldRowReader(fields, scan.delimiter[0], scan.quotes, buf.length);
}

/** The data row just scanned (`nf` fields, starting on `rowLine`): checked and stored as row `rowCount`. */
function storeRow(scan: Scan, buf: Buffer, nf: number, rowLine: number, position: number): void {
  if (nf !== scan.header!.length) throw new DataFormatError(scan.file, rowLine, fieldsWord(nf), describeLayout(scan));
  const row = scan.rowCount;
  if (row === scan.capacity) scan.grow(position);
  scan.lines.add(row, rowLine);
  const { fieldOf, kind: kinds, fastValue, fastOk, mins, maxs, quoted, quotedText, fieldStart, fieldEnd, encoding } = scan;
  for (let s = 0; s < fieldOf.length; s++) {
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

/**
 * Reads every complete row of buf[p, len) into the columns. Returns where it stopped: `len`, or
 * the start of a row that continues past the buffer (when `eof` is false).
 *
 * @param bufferOffset the file offset of buf[0]
 */
export function scanRows(scan: Scan, buf: Buffer, p: number, len: number, eof: boolean, bufferOffset: number): number {
  const d0 = scan.delimiter[0];
  const dLen = scan.delimiter.length;
  const quotes = scan.quotes;
  const stopAtQuote = quotes ? QUOTE : LF;
  const fastOk = scan.fastOk;
  const specCount = scan.specs.length;
  let line = scan.line;
  let fieldStart = scan.fieldStart;
  let fieldEnd = scan.fieldEnd;
  let quoted = scan.quoted;
  let numberSpecOf = scan.numberSpecOf;
  let fields = scan.header === null ? -1 : scan.header.length;
  rows: while (p < len) {
    if (scan.numberRows) {
      scan.line = line;
      p = readStagedRows(scan, "numberRows", buf, p, len, bufferOffset);
      line = scan.line;
      if (p >= len) break;
    }
    if (scan.fieldRows) {
      scan.line = line;
      p = readStagedRows(scan, "fieldRows", buf, p, len, bufferOffset);
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
        growFields(scan);
        ({ fieldStart, fieldEnd, quoted } = scan);
      }
      if (quotes && p < len && buf[p] === QUOTE) {
        p = readQuotedField(scan, buf, p, len, eof, nf, line, rowLines);
        if (p === MORE) {
          p = rowStart;
          break rows;
        }
        rowLines += scan.fieldLines;
      } else {
        const start = p;
        quoted[nf] = 0;
        fieldStart[nf] = p;
        const s = nf < fields ? numberSpecOf[nf] : -1;
        if (dLen === 1) {
          if (s >= 0) p = parseNumberField(scan, s, buf, p, len, d0);
          while (p < len) {
            c = buf[p];
            if (c === d0 || c === LF || c === CR || c === stopAtQuote) break;
            p++;
          }
        } else {
          p = multiByteFieldEnd(scan, buf, p, len, eof);
          if (p === MORE) {
            p = rowStart;
            break rows;
          }
        }
        if (quotes && p < len && buf[p] === QUOTE) {
          let end = p;
          while (end < len && buf[end] !== LF && buf[end] !== CR) end++;
          throw scan.malformed(line, `a quote inside the unquoted field starting ${JSON.stringify(buf.toString(scan.encoding, start, Math.min(end, start + 40)))}`);
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
      readHeader(scan, buf, nf);
      fields = scan.header!.length;
      numberSpecOf = scan.numberSpecOf;
      continue;
    }
    storeRow(scan, buf, nf, rowLine, bufferOffset + p);
  }
  scan.line = line;
  return p;
}

/** Doubles the room for the current row's fields. */
function growFields(scan: Scan): void {
  const n = scan.fieldStart.length * 2;
  const grownStart = new Int32Array(n);
  const grownEnd = new Int32Array(n);
  const grownQuoted = new Uint8Array(n);
  grownStart.set(scan.fieldStart);
  grownEnd.set(scan.fieldEnd);
  grownQuoted.set(scan.quoted);
  scan.fieldStart = grownStart;
  scan.fieldEnd = grownEnd;
  scan.quoted = grownQuoted;
}
