/**
 * Tables like pandas shows them in Jupyter: danfojs DataFrames and Series, and arrays of row
 * objects (for example `{ key, similarity }[]` results), as an HTML table with a text fallback.
 */
import { inspect } from "node:util";
import { OptionsError } from "../errors";
import { checkOptions, type OptionChecks } from "../options";
import { emitDisplay, MimeBundle } from "./channel";
import { escapeHtml, formatNumber } from "./format";

/** What a danfojs DataFrame or Series offers that a table needs (danfojs is not imported). */
export interface FrameLike {
  /** Column names (a Series has one). */
  readonly columns: readonly string[];
  /** Row labels, shown in the index column. */
  readonly index: readonly (string | number)[];
  /** Rows of a DataFrame (2D), or the values of a Series (1D). */
  readonly values: readonly unknown[];
}

/** What {@link showTable} shows: a DataFrame or Series, or rows as objects. */
export type TableInput = FrameLike | readonly object[];

/** Options of {@link showTable}. */
export interface TableOptions {
  /** At most this many rows: the first and last halves, with "… N more rows" between (default 20). */
  maxRows?: number;
  /** Decimals of non-integer numbers (default 4). */
  precision?: number;
  /** Which columns to show, in order; by default all (for row objects, keys in order of first appearance). */
  columns?: readonly string[];
  /** Show the index column (default true). */
  index?: boolean;
  /** A caption above the table. */
  title?: string;
}

const TABLE_CHECKS: OptionChecks<TableOptions> = {
  maxRows: { expected: "a whole number of at least 1, or Infinity for every row", test: (v) => typeof v === "number" && v >= 1 && (Number.isInteger(v) || v === Infinity) },
  precision: { min: 0, max: 20, integer: true },
  columns: "array",
  index: "boolean",
  title: "string",
};

interface Cell {
  text: string;
  numeric: boolean;
}

interface TableModel {
  columns: string[];
  /** The rows shown, `null` marks the "more rows" gap. */
  rows: ({ label: string; cells: Cell[] } | null)[];
  totalRows: number;
  hidden: number;
}

/** Longest cell in the text rendering. */
const TEXT_CELL_WIDTH = 40;

function isFrameLike(input: TableInput): input is FrameLike {
  return !Array.isArray(input);
}

function cell(value: unknown, precision: number, decimals: boolean): Cell {
  if (typeof value === "number") return { text: formatNumber(value, precision, decimals), numeric: true };
  if (typeof value === "bigint") return { text: String(value), numeric: true };
  if (value === null || value === undefined) return { text: "", numeric: false };
  if (typeof value === "string") return { text: value, numeric: false };
  if (value instanceof Date) return { text: value.toISOString(), numeric: false };
  if (Array.isArray(value) && value.every((v) => typeof v !== "object" || v === null)) {
    return { text: value.map((v) => (typeof v === "number" ? formatNumber(v, precision) : String(v))).join(", "), numeric: false };
  }
  return { text: inspect(value, { breakLength: Infinity, depth: 1 }), numeric: false };
}

function isFraction(value: unknown): boolean {
  return typeof value === "number" && Number.isFinite(value) && !Number.isInteger(value);
}

function shownRowNumbers(total: number, maxRows: number): { head: number; tail: number } {
  if (total <= maxRows) return { head: total, tail: 0 };
  const head = Math.ceil(maxRows / 2);
  return { head, tail: maxRows - head };
}

function model(input: TableInput, options: TableOptions): TableModel {
  const maxRows = options.maxRows ?? 20;
  const precision = options.precision ?? 4;
  let allColumns: string[];
  let rowAt: (i: number) => { label: string | number; get: (column: string) => unknown };
  let totalRows: number;
  if (isFrameLike(input)) {
    const series = input.values.length > 0 && !Array.isArray(input.values[0]);
    allColumns = series ? [input.columns[0] ?? "value"] : [...input.columns];
    const position = new Map(allColumns.map((c, i) => [c, i]));
    totalRows = input.values.length;
    rowAt = (i) => {
      const row = input.values[i];
      return {
        label: input.index[i] ?? i,
        get: (column) => (series ? row : (row as readonly unknown[])[position.get(column) ?? -1]),
      };
    };
  } else {
    const keys = new Set<string>();
    for (const row of input) for (const key of Object.keys(row)) keys.add(key);
    allColumns = [...keys];
    totalRows = input.length;
    rowAt = (i) => {
      const row = input[i] as Record<string, unknown>;
      return { label: i, get: (column) => row[column] };
    };
  }
  const columns = options.columns ? [...options.columns] : allColumns;
  const unknown = columns.filter((c) => !allColumns.includes(c));
  if (unknown.length > 0) {
    throw new OptionsError(`showTable: no column ${unknown.map((c) => JSON.stringify(c)).join(", ")}; columns are ${allColumns.join(", ")}`);
  }
  const { head, tail } = shownRowNumbers(totalRows, maxRows);
  const numbers = [...Array.from({ length: head }, (_, i) => i), ...Array.from({ length: tail }, (_, i) => totalRows - tail + i)];
  const shown = numbers.map(rowAt);
  const fractional = columns.map((c) => shown.some((row) => isFraction(row.get(c))));
  const rows: TableModel["rows"] = shown.map((row) => ({
    label: String(row.label),
    cells: columns.map((c, j) => cell(row.get(c), precision, fractional[j])),
  }));
  const hidden = totalRows - head - tail;
  if (hidden > 0) rows.splice(head, 0, null);
  return { columns, rows, totalRows, hidden };
}

function moreRows(hidden: number): string {
  return `… ${hidden} more row${hidden === 1 ? "" : "s"}`;
}

function shape(table: TableModel): string {
  return `${table.totalRows} rows × ${table.columns.length} columns`;
}

function html(table: TableModel, options: TableOptions): string {
  const showIndex = options.index ?? true;
  const th = (text: string, align: string) => `<th style="text-align:${align}">${escapeHtml(text)}</th>`;
  const numericColumn = table.columns.map((_, c) => table.rows.some((r) => r !== null && r.cells[c].numeric));
  const header = [
    showIndex ? th("", "right") : "",
    ...table.columns.map((c, i) => th(c, numericColumn[i] ? "right" : "left")),
  ].join("");
  const span = table.columns.length + (showIndex ? 1 : 0);
  const body = table.rows
    .map((row) => {
      if (row === null) {
        return `<tr class="me-table-more"><td colspan="${span}" style="text-align:center;font-style:italic">${moreRows(table.hidden)}</td></tr>`;
      }
      const cells = row.cells.map((c) => `<td style="text-align:${c.numeric ? "right" : "left"}">${escapeHtml(c.text)}</td>`);
      return `<tr>${showIndex ? th(row.label, "right") : ""}${cells.join("")}</tr>`;
    })
    .join("\n");
  const caption = options.title ? `<caption>${escapeHtml(options.title)}</caption>` : "";
  const footer = table.hidden > 0 ? `\n<p class="me-table-shape">${shape(table)}</p>` : "";
  return (
    `<div class="me-table">\n<table class="dataframe me-table" border="1">${caption}\n` +
    `<thead><tr>${header}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>${footer}\n</div>`
  );
}

function clip(text: string): string {
  const line = text.replace(/\s+/g, " ");
  return line.length > TEXT_CELL_WIDTH ? `${line.slice(0, TEXT_CELL_WIDTH - 1)}…` : line;
}

function text(table: TableModel, options: TableOptions): string {
  const showIndex = options.index ?? true;
  const grid: Cell[][] = [
    [{ text: "", numeric: true }, ...table.columns.map((c) => ({ text: clip(c), numeric: false }))],
    ...table.rows.map((row) =>
      row === null
        ? []
        : [{ text: clip(row.label), numeric: false }, ...row.cells.map((c) => ({ text: clip(c.text), numeric: c.numeric }))],
    ),
  ];
  const numericColumn = [false, ...table.columns.map((_, c) => table.rows.some((r) => r !== null && r.cells[c].numeric))];
  const widths = grid[0].map((_, c) => Math.max(...grid.map((row) => row[c]?.text.length ?? 0)));
  const first = showIndex ? 0 : 1;
  const lines = grid.map((row) => {
    if (row.length === 0) return moreRows(table.hidden);
    return row
      .slice(first)
      .map((c, i) => (numericColumn[i + first] ? c.text.padStart(widths[i + first]) : c.text.padEnd(widths[i + first])))
      .join("  ")
      .trimEnd();
  });
  if (options.title) lines.unshift(options.title);
  if (table.hidden > 0) lines.push(`[${shape(table)}]`);
  return lines.join("\n");
}

/**
 * The output that shows a table: HTML and aligned text.
 *
 * @param input a DataFrame or Series, or rows as objects
 * @param options rows, columns, decimals, index, title
 * @returns the mime bundle, keyed by mimetype
 */
export function tableBundle(input: TableInput, options: TableOptions = {}): MimeBundle {
  checkOptions("showTable", options, TABLE_CHECKS);
  const table = model(input, options);
  return { "text/html": html(table, options), "text/plain": text(table, options) };
}

/**
 * Shows a table as a notebook output, like pandas: index column, header, numbers right-aligned
 * and rounded to `precision` decimals, long tables cut to `maxRows` (first and last rows).
 *
 * @param input a danfojs DataFrame or Series, or an array of row objects
 * @param options `maxRows` (default 20), `precision` (default 4), `columns`, `index`, `title`
 * @example
 * showTable(model.mostSimilar("Toy Story (1995)", 10), { title: "Closest to Toy Story" });
 * showTable(ratings, { maxRows: 10 }); // a danfojs DataFrame
 */
export function showTable(input: TableInput, options: TableOptions = {}): void {
  emitDisplay(tableBundle(input, options));
}
