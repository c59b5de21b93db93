/**
 * The page's search script run in Node (a fresh `vm` context, V8 as in Chromium): how the tests
 * check the page's answers against the library's, and how {@link Explorer.measureDecoding} times it.
 */
import * as vm from "node:vm";
import { EXPLORER_CORE_JS } from "./page-core";
import type { PackedModel } from "./pack";

/** A packed model decoded by the page's script, ready to search. */
export interface PageModel {
  readonly name: string;
  readonly rows: number;
  readonly dim: number;
  /** "webassembly" (the library's SIMD kernel) or "javascript" (the same float32 steps in JS). */
  readonly kernel: string;
  /** The catalogue index of each row. */
  readonly catalogue: Int32Array;
}

/** The page's search functions (page-core.ts), as Node sees them. */
export interface PageCore {
  /** Decodes a packed model; `webAssembly: false` forces the JavaScript kernel. */
  loadModel(model: PackedModel, options?: { webAssembly?: boolean }): PageModel;
  /** catalogue index → row of the model, −1 for none. */
  rowIndex(model: PageModel, catalogueSize: number): Int32Array;
  /** most_similar over rows: the best `k` rows with their float32 scores. */
  mostSimilar(model: PageModel, positiveRows: readonly number[], negativeRows: readonly number[], k: number): { row: number; score: number }[];
  /** Prepares titles for searchTitles. */
  titleIndex(titles: readonly string[]): unknown;
  /** Indices of the titles closest to `text` (closestKeys). */
  searchTitles(index: unknown, text: string, topn?: number, minScore?: number): number[];
  /** The number a float16 bit pattern stands for. */
  halfToFloat(bits: number): number;
  /** Bytes of base64 text. */
  base64Bytes(text: string): Uint8Array;
}

/**
 * Runs the page's search script in a new context and returns its `MovieExplorerCore`.
 *
 * @param options `webAssembly: false` hides WebAssembly from the script (its JavaScript kernel runs)
 * @returns the page's search functions
 */
export function loadPageCore(options: { webAssembly?: boolean } = {}): PageCore {
  const context = vm.createContext(options.webAssembly === false ? { WebAssembly: undefined } : {});
  vm.runInContext(`${EXPLORER_CORE_JS}\nthis.MovieExplorerCore = MovieExplorerCore;`, context, { filename: "explorer-page-core.js" });
  return (context as { MovieExplorerCore: PageCore }).MovieExplorerCore;
}
