/**
 * The result of {@link readCsv}: the columns, and the line of each row for error messages, kept
 * as a few anchors rather than a number per row.
 */
import type { CsvColumns, NumericColumn } from "./spec";

/** Row → line lookup kept as anchors: only rows whose line is not the previous row's line + 1. */
export class LineIndex {
  private rows = new Int32Array(16);
  private lines = new Int32Array(16);
  private count = 0;
  private lastRow = -1;
  private lastLine = 0;

  /** Row `row` starts on line `line` (rows are added in order). */
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

  /** The line where row `row` starts. */
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

/** The {@link CsvColumns} of one file. */
export class CsvTable implements CsvColumns {
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
