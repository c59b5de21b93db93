/**
 * The one CSV path of the library: a real RFC 4180 parser (csv-parse) plus the checks that turn
 * a bad file into an error naming the file, the line and what was expected.
 */
import * as fs from "node:fs";
import { parse } from "csv-parse/sync";
import { DataFormatError } from "../errors";

/** How a column's text is read. `int` and `float` become numbers; `string` stays text. */
export type ColumnType = "int" | "float" | "string";

/** One expected column of a CSV file. */
export interface ColumnSpec {
  /** The header name. */
  name: string;
  /** How to read it. */
  type: ColumnType;
  /** Smallest allowed value (numbers only). */
  min?: number;
  /** Largest allowed value (numbers only). */
  max?: number;
  /** An empty field is allowed and reads as NaN (numbers) or "" (text). Default false. */
  optional?: boolean;
}

/** The columns of a CSV file read with {@link readCsv}: numbers as Float64Array, text as string[]. */
export interface CsvColumns {
  /** The file that was read. */
  file: string;
  /** Number of data rows. */
  rowCount: number;
  /** 1-based line in the file where each row ends (a quoted field may span lines). */
  lineOf: Int32Array;
  /** Numeric columns by name. */
  numbers: Record<string, Float64Array>;
  /** Text columns by name. */
  strings: Record<string, string[]>;
}

const INTEGER = /^-?\d+$/;

function describe(spec: ColumnSpec): string {
  const kind = spec.type === "int" ? "an integer" : spec.type === "float" ? "a number" : "text";
  if (spec.min !== undefined && spec.max !== undefined) return `${kind} from ${spec.min} to ${spec.max}`;
  if (spec.min !== undefined) return `${kind} ≥ ${spec.min}`;
  if (spec.max !== undefined) return `${kind} ≤ ${spec.max}`;
  return kind;
}

/**
 * Reads a CSV file with a header row and checks every field against `specs`. Columns not named
 * in `specs` are ignored; missing ones are an error.
 *
 * @param file path of the CSV file (UTF-8, optional BOM)
 * @param specs the columns to read
 * @returns the columns, numbers in Float64Arrays
 * @throws DataFormatError naming the file, the line and what was expected: a missing file, a
 *   missing column, a row with the wrong number of fields, a malformed quote, a field that is not
 *   a number or is out of range.
 *
 * @example
 * const { numbers } = readCsv("ratings.csv", [{ name: "rating", type: "float", min: 0.5, max: 5 }]);
 */
export function readCsv(file: string, specs: readonly ColumnSpec[]): CsvColumns {
  if (!fs.existsSync(file)) {
    throw new DataFormatError(file, null, "file not found", `a CSV file with columns ${specs.map((s) => s.name).join(", ")}`);
  }
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(fs.readFileSync(file), {
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
    });
  } catch (error) {
    const csvError = error as { message: string; lines?: number };
    throw new DataFormatError(file, csvError.lines ?? null, `malformed CSV (${csvError.message})`, "comma-separated fields, quoted with \" where they hold commas, quotes or newlines");
  }
  if (records.length === 0) {
    throw new DataFormatError(file, null, "the file is empty", `a header row with ${specs.map((s) => s.name).join(", ")}`);
  }
  const header = records[0].record.map((name) => name.trim());
  const indexOf = specs.map((spec) => header.indexOf(spec.name));
  const missing = specs.filter((_, i) => indexOf[i] < 0).map((spec) => spec.name);
  if (missing.length > 0) {
    throw new DataFormatError(
      file,
      1,
      `missing column${missing.length > 1 ? "s" : ""} ${missing.map((m) => `"${m}"`).join(", ")} (the header has ${header.map((h) => `"${h}"`).join(", ")})`,
      `a header with ${specs.map((s) => s.name).join(", ")}`,
    );
  }

  const rowCount = records.length - 1;
  const lineOf = new Int32Array(rowCount);
  const numbers: Record<string, Float64Array> = {};
  const strings: Record<string, string[]> = {};
  for (const spec of specs) {
    if (spec.type === "string") strings[spec.name] = new Array<string>(rowCount);
    else numbers[spec.name] = new Float64Array(rowCount);
  }
  for (let row = 0; row < rowCount; row++) {
    const { record, info } = records[row + 1];
    const line = info.lines;
    lineOf[row] = line;
    if (record.length !== header.length) {
      throw new DataFormatError(file, line, `${record.length} fields`, `${header.length} fields like the header (${header.join(",")})`);
    }
    for (let c = 0; c < specs.length; c++) {
      const spec = specs[c];
      const text = record[indexOf[c]];
      if (spec.type === "string") {
        if (text === "" && !spec.optional) {
          throw new DataFormatError(file, line, `column "${spec.name}" is empty`, "text");
        }
        strings[spec.name][row] = text;
        continue;
      }
      const trimmed = text.trim();
      if (trimmed === "" && spec.optional) {
        numbers[spec.name][row] = NaN;
        continue;
      }
      const value = spec.type === "int" ? (INTEGER.test(trimmed) ? Number(trimmed) : NaN) : trimmed === "" ? NaN : Number(trimmed);
      const outOfRange = (spec.min !== undefined && value < spec.min) || (spec.max !== undefined && value > spec.max);
      if (!Number.isFinite(value) || outOfRange) {
        throw new DataFormatError(file, line, `column "${spec.name}" is ${JSON.stringify(text)}`, describe(spec));
      }
      numbers[spec.name][row] = value;
    }
  }
  return { file, rowCount, lineOf, numbers, strings };
}
