/**
 * Precomputed plot embeddings on disk, as the tutorial stores them: per model and long-text mode
 * one .npy matrix (float16) and one .npy of the movieIds of its rows, built by
 * `npm run build-plot-embeddings`.
 */
import * as path from "node:path";
import { checkRegularFile } from "../data/files";
import { DATA_DIR } from "../data/movielens";
import { DataFormatError, OptionsError, UnknownKeyError } from "../errors";
import { checkOptions, type OptionChecks } from "../options";
import { KeyedVectors } from "../vectors/keyed-vectors";
import { readNpy, writeNpy } from "../vectors/npy";
import { searchableMatrix } from "../vectors/topk";
import type { NpyDtype } from "../vectors/npy";
import { DEFAULT_TEXT_MODEL } from "./embedder";
import type { LongTextMode } from "./embedder";

/** Where the shipped plot embeddings live: data/plot-embeddings. */
export const PLOT_EMBEDDINGS_DIR = path.join(DATA_DIR, "plot-embeddings");

/** The command that rebuilds the shipped plot embeddings. */
export const BUILD_PLOT_EMBEDDINGS_COMMAND = "npm run build-plot-embeddings";

/** One vector per movie: row i is the plot of movieIds[i]. */
export interface PlotEmbeddings {
  /** The movie of each row. */
  readonly movieIds: Int32Array;
  /** Row-major unit vectors, movieIds.length × dimension. */
  readonly vectors: Float32Array;
  /** Length of each vector. */
  readonly dimension: number;
}

/** Which stored matrix: the model and how long plots were handled. */
export interface PlotEmbeddingsOptions {
  /** The folder (default data/plot-embeddings). */
  readonly dir?: string;
  /** The model's folder name (default "all-MiniLM-L6-v2"). */
  readonly model?: string;
  /** "truncate" (default: every movie is shipped) or "chunk" (shipped for the 500 most-rated movies). */
  readonly longTexts?: LongTextMode;
}

const CHECKS: OptionChecks<PlotEmbeddingsOptions> = { dir: "string", model: "string", longTexts: ["truncate", "chunk"] };

/** What is wrong with one part of plot embeddings, and what was expected instead. */
interface Problem {
  readonly problem: string;
  readonly expected: string;
}

/** The first repeated or non-positive movieId of plot embeddings; or null. */
function idProblem(movieIds: Int32Array): Problem | null {
  const rowOf = new Map<number, number>();
  for (let row = 0; row < movieIds.length; row++) {
    const id = movieIds[row];
    if (id < 1) return { problem: `row ${row} has movieId ${id}`, expected: "MovieLens movieIds (≥ 1)" };
    const first = rowOf.get(id);
    if (first !== undefined) return { problem: `movieId ${id} appears twice (rows ${first} and ${row})`, expected: "each movieId once" };
    rowOf.set(id, row);
  }
  return null;
}

/** The first NaN or ±Infinity of plot embeddings, with its row and movieId; or null. */
function valueProblem(movieIds: Int32Array, vectors: Float32Array, dimension: number): Problem | null {
  const bad = vectors.findIndex((value) => !Number.isFinite(value));
  if (bad < 0) return null;
  const row = Math.floor(bad / dimension);
  return { problem: `row ${row} (movieId ${movieIds[row]}) holds ${vectors[bad]}`, expected: "finite numbers" };
}

/** The files of one stored matrix: the vectors and their movieIds (`<model>.<mode>.npy`, `<model>.<mode>.movieIds.npy`). */
export function plotEmbeddingFiles(options: PlotEmbeddingsOptions = {}): { vectors: string; movieIds: string } {
  checkOptions("plotEmbeddingFiles", options, CHECKS);
  const base = path.join(options.dir ?? PLOT_EMBEDDINGS_DIR, `${options.model ?? DEFAULT_TEXT_MODEL}.${options.longTexts ?? "truncate"}`);
  return { vectors: `${base}.npy`, movieIds: `${base}.movieIds.npy` };
}

/**
 * Writes plot embeddings as .npy files (numpy.load reads them): the matrix and its movieIds.
 *
 * @param embeddings the vectors and their movieIds
 * @param options folder, model name and mode (they name the file)
 * @param dtype "float16" (default; halves the file, cosine changes by < 1e-3) or "float32"
 * @throws OptionsError for a repeated or non-positive movieId or a non-finite value (the loader would refuse the files)
 */
export function savePlotEmbeddings(embeddings: PlotEmbeddings, options: PlotEmbeddingsOptions = {}, dtype: NpyDtype = "float16"): void {
  const files = plotEmbeddingFiles(options);
  if (embeddings.vectors.length !== embeddings.movieIds.length * embeddings.dimension) {
    throw new OptionsError(`savePlotEmbeddings: ${embeddings.movieIds.length} movieIds × ${embeddings.dimension} need ${embeddings.movieIds.length * embeddings.dimension} values, got ${embeddings.vectors.length}`);
  }
  const problem = idProblem(embeddings.movieIds) ?? valueProblem(embeddings.movieIds, embeddings.vectors, embeddings.dimension);
  if (problem) throw new OptionsError(`savePlotEmbeddings: ${problem.problem}; expected ${problem.expected}`);
  writeNpy(files.vectors, embeddings.vectors, [embeddings.movieIds.length, embeddings.dimension], { dtype });
  writeNpy(files.movieIds, embeddings.movieIds, [embeddings.movieIds.length]);
}

/**
 * Reads stored plot embeddings.
 *
 * @param options folder, model name and mode ("truncate" default)
 * @returns movieIds and row-major unit vectors
 * @throws DataFormatError naming the file, with the command that rebuilds it, when a file is
 *   missing, the matrix and the movieIds disagree, a movieId repeats or a value is not finite.
 * @example
 * const { movieIds, vectors, dimension } = loadPlotEmbeddings(); // 8538 × 384
 */
export function loadPlotEmbeddings(options: PlotEmbeddingsOptions = {}): PlotEmbeddings {
  const files = plotEmbeddingFiles(options);
  const hint = `the output of \`${BUILD_PLOT_EMBEDDINGS_COMMAND}\` (run it to rebuild)`;
  for (const file of [files.vectors, files.movieIds]) checkRegularFile(file, hint);
  const matrix = readNpy(files.vectors);
  const ids = readNpy(files.movieIds);
  if (matrix.shape.length !== 2 || !(matrix.data instanceof Float32Array)) {
    throw new DataFormatError(files.vectors, null, `shape (${matrix.shape.join(", ")}) of ${matrix.dtype}`, "a float16 or float32 matrix (movies × dimension)");
  }
  if (ids.shape.length !== 1 || !(ids.data instanceof Int32Array) || ids.shape[0] !== matrix.shape[0]) {
    throw new DataFormatError(files.movieIds, null, `shape (${ids.shape.join(", ")}) of ${ids.dtype}`, `${matrix.shape[0]} int32 movieIds, one per row of ${path.basename(files.vectors)}; ${hint}`);
  }
  const idsWrong = idProblem(ids.data);
  if (idsWrong) throw new DataFormatError(files.movieIds, null, idsWrong.problem, `${idsWrong.expected}: ${hint}`);
  const valuesWrong = valueProblem(ids.data, matrix.data, matrix.shape[1]);
  if (valuesWrong) throw new DataFormatError(files.vectors, null, valuesWrong.problem, `${valuesWrong.expected}: ${hint}`);
  return { movieIds: ids.data, vectors: normalizeRows(matrix.data, matrix.shape[1]), dimension: matrix.shape[1] };
}

/**
 * Float16 storage leaves norms 1 ± 1e-3: rows are scaled back to unit length on load, into a
 * {@link searchableMatrix} so that every query runs in the WebAssembly SIMD kernel of topK.
 */
function normalizeRows(vectors: Float32Array, dim: number): Float32Array {
  const unit = searchableMatrix(vectors.length / dim, dim);
  for (let start = 0; start < vectors.length; start += dim) {
    let norm = 0;
    for (let d = start; d < start + dim; d++) norm += vectors[d] * vectors[d];
    norm = Math.sqrt(norm);
    for (let d = start; d < start + dim; d++) unit[d] = norm > 0 ? vectors[d] / norm : 0;
  }
  return unit;
}

/**
 * The rows of some movies, in the order given.
 *
 * @param embeddings the full matrix
 * @param movieIds the movies to keep
 * @returns a new matrix of those rows
 * @throws UnknownKeyError for a movieId without a row
 */
export function selectRows(embeddings: PlotEmbeddings, movieIds: ArrayLike<number>): PlotEmbeddings {
  const rowOf = new Map<number, number>();
  embeddings.movieIds.forEach((id, row) => rowOf.set(id, row));
  const dim = embeddings.dimension;
  const vectors = new Float32Array(movieIds.length * dim);
  for (let i = 0; i < movieIds.length; i++) {
    const row = rowOf.get(movieIds[i]);
    if (row === undefined) throw new UnknownKeyError(String(movieIds[i]), "a movieId of these plot embeddings", []);
    vectors.set(embeddings.vectors.subarray(row * dim, (row + 1) * dim), i * dim);
  }
  return { movieIds: Int32Array.from(movieIds), vectors, dimension: dim };
}

/**
 * Plot embeddings as vectors keyed by movieId strings, the form every vector method has
 * (`model.wv`), so that `mostSimilar` and the evaluation's `vectorScorer` take them as they are.
 *
 * @param embeddings the matrix and its movieIds
 * @returns the same rows (not copied) keyed "1", "318"…
 * @example
 * vectorScorer(plotKeyedVectors(loadPlotEmbeddings()), split, { name: "plot embeddings" });
 */
export function plotKeyedVectors(embeddings: PlotEmbeddings): KeyedVectors {
  return new KeyedVectors(Array.from(embeddings.movieIds, String), embeddings.vectors, embeddings.dimension);
}
