/**
 * What {@link readCsv} is asked for and what it returns: column specs, layout options, the
 * returned columns, and how a spec is described in an error message.
 */
import { type OptionChecks } from "../../options";

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

/** The option checks of {@link readCsv}. */
export const CSV_CHECKS: OptionChecks<CsvOptions> = {
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

/** What a field of this column must be, for an error message: "an integer from 1 to 5". */
export function describe(spec: ColumnSpec): string {
  const kind = spec.type === "int" ? "an integer" : spec.type === "float" ? "a number" : "text";
  if (spec.min !== undefined && spec.max !== undefined) return `${kind} from ${spec.min} to ${spec.max}`;
  if (spec.min !== undefined) return `${kind} ≥ ${spec.min}`;
  if (spec.max !== undefined) return `${kind} ≤ ${spec.max}`;
  return kind;
}

/** "1 field", "4 fields". */
export function fieldsWord(n: number): string {
  return `${n} field${n === 1 ? "" : "s"}`;
}
