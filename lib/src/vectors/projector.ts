/**
 * Export for the TensorFlow Embedding Projector (projector.tensorflow.org, "Load"):
 * vectors.tsv (one row of tab-separated values per key, no header) and metadata.tsv.
 */
import { join } from "node:path";
import { writeFileChecked } from "../data/files";
import { OptionsError } from "../errors";
import { checkOptions, type OptionChecks } from "../options";
import type { KeyedVectors } from "./keyed-vectors";

/** Options of {@link saveProjectorTsv}. */
export interface ProjectorOptions {
  /**
   * Metadata columns after the key column: a column name and, per key, its value (e.g.
   * `{ title: (id) => titles.get(id), genres: (id) => genres.get(id) }`). Without columns,
   * metadata.tsv is one key per line, without header (the Projector's single-column form).
   */
  readonly metadata?: Readonly<Record<string, (key: string, row: number) => string | number | null | undefined>>;
}

const CHECKS: OptionChecks<ProjectorOptions> = { metadata: "object" };

/** The Projector reads TSV without quoting: tabs and line breaks in a cell become spaces. */
function cell(value: string | number | null | undefined): string {
  return value === null || value === undefined ? "" : String(value).replace(/[\t\r\n]+/g, " ");
}

/**
 * Writes `dir/vectors.tsv` and `dir/metadata.tsv` (creating `dir`).
 *
 * @param wv the vectors
 * @param dir the output folder
 * @param options metadata columns (a "key" column always comes first)
 * @returns the paths written
 * @example
 * saveProjectorTsv(model.wv, "out/projector", {
 *   metadata: { title: (id) => movies.get(id)?.title, genres: (id) => movies.get(id)?.genres.join("|") },
 * });
 */
export function saveProjectorTsv(
  wv: KeyedVectors,
  dir: string,
  options: ProjectorOptions = {},
): { vectors: string; metadata: string } {
  checkOptions("saveProjectorTsv", options, CHECKS);
  const columns = Object.entries(options.metadata ?? {});
  for (const [name, column] of columns) {
    if (typeof column !== "function") throw new OptionsError(`saveProjectorTsv: metadata column ${JSON.stringify(name)} must be a function`);
  }
  const dim = wv.vectorSize;
  const bad = wv.vectors.findIndex((value) => !Number.isFinite(value));
  if (bad >= 0) {
    const row = Math.floor(bad / dim);
    throw new OptionsError(`saveProjectorTsv: the vector of ${JSON.stringify(wv.keys[row])} holds ${wv.vectors[bad]} at dimension ${bad - row * dim}; only finite numbers can be saved`);
  }
  const vectorLines: string[] = [];
  const metadataLines: string[] = columns.length ? [["key", ...columns.map(([name]) => name)].map(cell).join("\t")] : [];
  wv.keys.forEach((key, row) => {
    const values: string[] = new Array(dim);
    for (let d = 0; d < dim; d++) values[d] = String(wv.vectors[row * dim + d]);
    vectorLines.push(values.join("\t"));
    metadataLines.push([cell(key), ...columns.map(([, column]) => cell(column(key, row)))].join("\t"));
  });
  const paths = { vectors: join(dir, "vectors.tsv"), metadata: join(dir, "metadata.tsv") };
  writeFileChecked(paths.vectors, vectorLines.join("\n") + "\n");
  writeFileChecked(paths.metadata, metadataLines.join("\n") + "\n");
  return paths;
}
