/**
 * The columns {@link readCsv} fills while it scans: one typed array per number column (of the
 * type its spec asks for), one string array per text column, grown from the bytes per row read so
 * far, and handed out at the end as views without a second copy of a big column.
 */
import type { ColumnSpec, NumericColumn } from "./spec";

/** Column storage kinds, so that each store goes to one typed array type (monomorphic): text. */
export const TEXT = 0;
/** An Int32Array column. */
export const INT32 = 1;
/** A Float32Array column. */
export const FLOAT32 = 2;
/** A Float64Array column. */
export const FLOAT64 = 3;

/** The columns being filled. A column of one kind has empty arrays in the other kinds' lists. */
export interface ColumnBuffers {
  specs: readonly ColumnSpec[];
  /** Per spec: TEXT, INT32, FLOAT32 or FLOAT64. */
  kind: Int8Array;
  i32: Int32Array[];
  f32: Float32Array[];
  f64: Float64Array[];
  text: string[][];
  /** Rows the typed arrays have room for. */
  capacity: number;
  /** Rows filled. */
  rowCount: number;
}

const EMPTY = { i32: new Int32Array(0), f32: new Float32Array(0), f64: new Float64Array(0) };

/** Empty columns for these specs (capacity 0). */
export function emptyColumns(specs: readonly ColumnSpec[]): ColumnBuffers {
  const columns: ColumnBuffers = {
    specs,
    kind: Int8Array.from(specs, (spec) => (spec.type === "string" ? TEXT : spec.array === "int32" ? INT32 : spec.array === "float32" ? FLOAT32 : FLOAT64)),
    i32: [],
    f32: [],
    f64: [],
    text: specs.map(() => []),
    capacity: 0,
    rowCount: 0,
  };
  resizeColumns(columns, 0);
  return columns;
}

/** Gives every number column room for `capacity` rows, keeping the rows filled. */
export function resizeColumns(columns: ColumnBuffers, capacity: number): void {
  const keep = Math.min(columns.rowCount, capacity);
  columns.specs.forEach((_, s) => {
    const kind = columns.kind[s];
    const copy = <T extends NumericColumn>(old: T | undefined, make: (n: number) => T): T => {
      const grown = make(capacity);
      if (old) grown.set(old.subarray(0, keep) as never);
      return grown;
    };
    columns.i32[s] = kind === INT32 ? copy(columns.i32[s], (n) => new Int32Array(n)) : EMPTY.i32;
    columns.f32[s] = kind === FLOAT32 ? copy(columns.f32[s], (n) => new Float32Array(n)) : EMPTY.f32;
    columns.f64[s] = kind === FLOAT64 ? copy(columns.f64[s], (n) => new Float64Array(n)) : EMPTY.f64;
  });
  columns.capacity = capacity;
}

/**
 * Makes room for more rows when the columns are full: sized from the bytes per row so far (one
 * reallocation for a big file), else doubled.
 *
 * @param position the file offset reached
 * @param fileSize the file's size in bytes
 */
export function growColumns(columns: ColumnBuffers, position: number, fileSize: number): void {
  const wanted =
    columns.rowCount >= 1024
      ? Math.max(Math.ceil(columns.capacity * 1.25), Math.ceil((fileSize / position) * columns.rowCount * 1.02) + 16)
      : Math.max(1024, columns.capacity * 2);
  resizeColumns(columns, wanted);
}

/**
 * The filled columns by name. The capacity was estimated from the first rows' bytes: a number
 * column is a view when the unused tail is at most a quarter (no second copy of a big column at
 * the peak), a trimmed copy otherwise.
 */
export function finishColumns(columns: ColumnBuffers): { numbers: Record<string, NumericColumn>; strings: Record<string, string[]> } {
  const rowCount = columns.rowCount;
  const numbers: Record<string, NumericColumn> = {};
  const strings: Record<string, string[]> = {};
  columns.specs.forEach((spec, s) => {
    const kind = columns.kind[s];
    if (kind === TEXT) {
      strings[spec.name] = columns.text[s];
      return;
    }
    const column: NumericColumn = kind === INT32 ? columns.i32[s] : kind === FLOAT32 ? columns.f32[s] : columns.f64[s];
    const slack = column.length - rowCount;
    numbers[spec.name] = slack === 0 ? column : slack <= rowCount / 4 ? column.subarray(0, rowCount) : column.slice(0, rowCount);
  });
  return { numbers, strings };
}
