export { readCsv } from "./read";
export type { ColumnSpec, ColumnType, CsvColumns, CsvOptions, NumericArrayType, NumericColumn } from "./spec";
