/**
 * The movie-embedding explorer: several models of one catalogue side by side in one standalone
 * page (search box, a column of neighbours per model, the map of the chosen model), saved as one
 * offline HTML file or shown in a notebook with `showPage`.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { inspect } from "node:util";
import { closestKeys } from "../closest";
import type { MovieLens } from "../data/movielens";
import { OptionsError } from "../errors";
import { checkOptions } from "../options";
import type { KeyedVectors } from "../vectors/keyed-vectors";
import { dequantizedVectors, packExplorerData } from "./pack";
import type { ExplorerDtype, ExplorerModel, PackedExplorer } from "./pack";
import { explorerPageHtml } from "./page";
import type { PageSettings } from "./page";
import { loadPageCore } from "./page-runner";

/** Options of {@link movieExplorer}. */
export interface ExplorerOptions {
  /** How vectors are stored in the page: "int8" (default, 1 byte a number) or "float16". */
  readonly dtype?: ExplorerDtype;
  /** The page's heading (default "Movie embeddings side by side"). */
  readonly title?: string;
  /** Neighbours per column when the page opens (default 10). */
  readonly topn?: number;
  /** Suggestions listed under the search box (default 8). */
  readonly suggestions?: number;
  /** The movieId (or several) queried when the page opens; default none. */
  readonly query?: number | readonly number[];
}

/** One neighbour as the explorer lists it. */
export interface ExplorerNeighbour {
  readonly movieId: number;
  readonly title: string;
  readonly similarity: number;
}

/** One rank of {@link Explorer.sideBySide}: the rank, then "title (similarity)" under each model's name ("✓": listed by another model too). */
export type SideBySideRow = { rank: number } & { [model: string]: string | number };

/** A query of {@link Explorer.mostSimilar}: movieIds to be like and unlike. */
export interface ExplorerQuery {
  readonly positive?: number | readonly number[];
  readonly negative?: number | readonly number[];
  /** How many neighbours (default 10). */
  readonly topn?: number;
}

/** One movieId or several as a list, checked: whole numbers only. */
function movieIdList(caller: string, name: string, value: unknown): number[] {
  if (value === undefined) return [];
  const list = typeof value === "number" ? [value] : Array.isArray(value) ? value : null;
  if (!list || !list.every((id) => Number.isInteger(id))) {
    throw new OptionsError(`${caller}: ${name} must be a movieId or a list of movieIds, got ${JSON.stringify(value)}`);
  }
  return list as number[];
}

/** The explorer page of some models, with the library-side answers it must agree with. */
export class Explorer {
  private page: string | null = null;
  private readonly decoded = new Map<string, KeyedVectors>();

  /**
   * @param packed the packed catalogue and models (see packExplorerData)
   * @param settings the page's title, first topn, suggestion count and initial query
   */
  constructor(
    readonly packed: PackedExplorer,
    readonly settings: PageSettings,
  ) {}

  /** The standalone page (built once). */
  html(): string {
    this.page ??= explorerPageHtml(this.packed, this.settings);
    return this.page;
  }

  /** Size of the page in bytes (UTF-8). */
  get bytes(): number {
    return Buffer.byteLength(this.html(), "utf8");
  }

  /** Bytes of the page taken by the packed data (the JSON in it). */
  get dataBytes(): number {
    return Buffer.byteLength(JSON.stringify(this.packed), "utf8");
  }

  /** The model names, in column order. */
  get modelNames(): string[] {
    return this.packed.models.map((m) => m.name);
  }

  /**
   * Writes the page as one file, atomically: to a temporary file beside it, then renamed, so a
   * reader never sees half a page. Creates the folder.
   *
   * @param file where to write, e.g. "out/explorer.html"
   * @returns the path written and its size in bytes
   */
  save(file: string): { file: string; bytes: number } {
    if (typeof file !== "string" || file.length === 0) throw new OptionsError("Explorer.save: give the file to write, e.g. \"out/explorer.html\"");
    const target = path.resolve(file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const temp = `${target}.${process.pid}.tmp`;
    try {
      fs.writeFileSync(temp, this.html(), "utf8");
      fs.renameSync(temp, target);
    } catch (error) {
      fs.rmSync(temp, { force: true });
      throw error;
    }
    return { file: target, bytes: fs.statSync(target).size };
  }

  /**
   * The vectors one column searches, decoded from the page's bytes (see dequantizedVectors; decoded once).
   *
   * @param name the model's name
   * @returns KeyedVectors keyed by movieId strings
   */
  vectors(name: string): KeyedVectors {
    let wv = this.decoded.get(name);
    if (!wv) {
      wv = dequantizedVectors(this.packed, name);
      this.decoded.set(name, wv);
    }
    return wv;
  }

  /**
   * The library's answer for a column: `mostSimilar` of the decoded vectors, as titles. The page's
   * columns must equal it (test/slow/explorer.test.ts checks).
   *
   * @param name the model's name
   * @param query positive and negative movieIds, topn (default 10)
   * @returns the neighbours, best first
   */
  mostSimilar(name: string, query: ExplorerQuery): ExplorerNeighbour[] {
    const { positive, negative, ...rest } = query;
    checkOptions("Explorer.mostSimilar", rest, { topn: "nonNegativeInt" });
    const wv = this.vectors(name);
    const key = (id: number) => String(id);
    const titleOf = new Map(this.packed.movieIds.map((id, i) => [id, this.packed.titles[i]]));
    return wv
      .mostSimilar({
        positive: movieIdList("Explorer.mostSimilar", "positive", positive).map(key),
        negative: movieIdList("Explorer.mostSimilar", "negative", negative).map(key),
        topn: rest.topn ?? 10,
      })
      .map(({ key: k, similarity }) => ({ movieId: Number(k), title: titleOf.get(Number(k))!, similarity }));
  }

  /**
   * The page's columns as table rows, from the library: one row per rank, one column per model
   * holding "title (similarity)", marked "✓" when another model lists the movie too (the page's
   * green rows). A model without a vector for a query movie shows "—".
   *
   * @param query positive and negative movieIds, topn (default 10)
   * @returns rows for `showTable`
   */
  sideBySide(query: ExplorerQuery): SideBySideRow[] {
    const { positive: _positive, negative: _negative, ...rest } = query;
    checkOptions("Explorer.sideBySide", rest, { topn: "nonNegativeInt" });
    const answers = this.modelNames.map((name) => {
      const wv = this.vectors(name);
      const known = [...movieIdList("Explorer.sideBySide", "positive", query.positive), ...movieIdList("Explorer.sideBySide", "negative", query.negative)].every((id) => wv.has(String(id)));
      return known ? this.mostSimilar(name, query) : [];
    });
    const listedBy = new Map<number, number>();
    for (const answer of answers) for (const n of answer) listedBy.set(n.movieId, (listedBy.get(n.movieId) ?? 0) + 1);
    const topn = query.topn ?? 10;
    return Array.from({ length: topn }, (_, rank) => {
      const row: SideBySideRow = { rank: rank + 1 };
      this.modelNames.forEach((name, m) => {
        const n = answers[m][rank];
        row[name] = n ? `${n.title} (${n.similarity.toFixed(2)})${listedBy.get(n.movieId)! > 1 ? " ✓" : ""}` : "—";
      });
      return row;
    });
  }

  /**
   * The library's title search over the page's catalogue (closestKeys), which the search box repeats.
   *
   * @param text what a person types ("godfater", "matrix")
   * @param topn how many (default the page's suggestion count)
   * @returns titles, best first
   */
  searchTitles(text: string, topn: number = this.settings.suggestions): string[] {
    return closestKeys(text, this.packed.titles, topn);
  }

  /**
   * Times what the page does before it can answer: decoding and normalising every model's vectors
   * with the page's own script, run in Node's V8 (the engine of Chromium) with the same kernel.
   *
   * @returns milliseconds, and which kernel the search used ("webassembly" or "javascript")
   */
  measureDecoding(): { ms: number; kernel: string } {
    const core = loadPageCore();
    const started = performance.now();
    const loaded = this.packed.models.map((m) => core.loadModel(m));
    return { ms: performance.now() - started, kernel: loaded[0].kernel };
  }

  /** One line: "Explorer<9,742 movies · item2vec, CBOW, NCF, plots · int8 · 5.2 MB>". */
  summary(): string {
    const n = this.packed.movieIds.length.toLocaleString("en-US");
    return `Explorer<${n} movies · ${this.modelNames.join(", ")} · ${this.packed.models[0].dtype} · ${(this.bytes / 1e6).toFixed(1)} MB>`;
  }

  /** What tslab prints for an explorer. */
  [inspect.custom](): string {
    return this.summary();
  }
}

/**
 * Puts several models of one catalogue side by side in an explorer page: search a title, see each
 * model's neighbours in columns (similarity, genres, rating count, which models agree), the map of
 * one model with the query highlighted, several movies at once and "less like this". The page works
 * offline: vectors are stored in it (int8 or float16) and searched in it.
 *
 * @param models the models: name, `wv`, optional `vocab` (when keys are not movieIds), optional `layout` (the map)
 * @param data the dataset, for titles, genres and rating counts
 * @param options dtype, title, topn, suggestions, query
 * @returns the explorer; `save(file)` writes the page, `showPage(explorer)` shows it in a notebook
 * @example
 * const explorer = movieExplorer([
 *   { name: "item2vec", wv: model.wv, layout: umap(model.wv.vectors, model.wv.vectorSize) },
 *   { name: "plots", wv: plotKeyedVectors(loadPlotEmbeddings()) },
 * ], data, { query: 1 });
 * explorer.save("out/explorer.html");
 */
export function movieExplorer(models: readonly ExplorerModel[], data: MovieLens, options: ExplorerOptions = {}): Explorer {
  const { query, ...rest } = options;
  checkOptions("movieExplorer", rest, {
    dtype: ["int8", "float16"], title: "string", topn: { min: 1, max: 100, integer: true }, suggestions: { min: 1, max: 50, integer: true },
  });
  const initial = movieIdList("movieExplorer", "query", query);
  const packed = packExplorerData(models, data, { dtype: options.dtype });
  const inCatalogue = new Set(packed.movieIds);
  for (const id of initial) {
    if (!inCatalogue.has(id)) throw new OptionsError(`movieExplorer: query movieId ${id} is in none of the models`);
  }
  return new Explorer(packed, {
    title: options.title ?? "Movie embeddings side by side",
    topn: options.topn ?? 10,
    suggestions: options.suggestions ?? 8,
    initial,
  });
}
