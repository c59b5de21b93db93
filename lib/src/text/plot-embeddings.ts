/**
 * Precomputed plot embeddings on disk, as the tutorial stores them: per model and long-text mode
 * one .npy matrix (float16) and one .npy of the movieIds of its rows, built by
 * `npm run build-plot-embeddings`.
 */
import * as path from "node:path";
import { checkRegularFile } from "../data/files";
import { DATA_DIR } from "../data/movielens";
import { DataFormatError, DuplicateKeyError, OptionsError } from "../errors";
import { KeyIndex } from "../key-index";
import { checkOptionValue, checkOptions, type OptionChecks } from "../options";
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
  /** Row-major unit vectors, movieIds.length × vectorSize. */
  readonly vectors: Float32Array;
  /** Length of each vector (gensim's `vector_size`). */
  readonly vectorSize: number;
  /** @deprecated the old name of `vectorSize` (the same number, docs/GLOSSARY.md); kept one release. */
  readonly dimension: number;
}

/**
 * Plot embeddings as a caller gives them: the matrix, its movieIds and `vectorSize` (or, for one
 * release, its deprecated old name `dimension`; both given must agree).
 */
export type PlotEmbeddingsInput = { readonly movieIds: Int32Array; readonly vectors: Float32Array } & (
  | { readonly vectorSize: number; readonly dimension?: number }
  | { /** @deprecated use vectorSize */ readonly dimension: number; readonly vectorSize?: number }
);

/**
 * Plot embeddings with both names of the vector length filled in, from what a caller gave.
 *
 * @param caller the function's name, first in the message
 * @param input the matrix, its movieIds and vectorSize (or dimension)
 * @returns the input itself when it holds both names, else the same arrays under both
 * @throws OptionsError when neither length is given, it is not a whole number ≥ 1, or vectorSize and dimension disagree
 */
export function resolvePlotEmbeddings(caller: string, input: PlotEmbeddingsInput): PlotEmbeddings {
  if (input === null || typeof input !== "object") throw new OptionsError(`${caller}: plot embeddings must be an object { movieIds, vectors, vectorSize }, got ${input === null ? "null" : typeof input}`);
  const { movieIds, vectors, vectorSize, dimension } = input as { movieIds: Int32Array; vectors: Float32Array; vectorSize?: number; dimension?: number };
  if (!(movieIds instanceof Int32Array)) throw new OptionsError(`${caller}: movieIds must be an Int32Array`);
  if (!(vectors instanceof Float32Array)) throw new OptionsError(`${caller}: vectors must be a Float32Array`);
  if (vectorSize !== undefined && dimension !== undefined && vectorSize !== dimension) {
    throw new OptionsError(`${caller}: dimension (${dimension}) is the old name of vectorSize (${vectorSize}); give vectorSize only`);
  }
  const size = vectorSize ?? dimension;
  if (size === undefined) throw new OptionsError(`${caller}: plot embeddings need vectorSize, the length of each vector`);
  checkOptionValue(caller, "vectorSize", size, "positiveInt");
  return vectorSize === dimension ? (input as PlotEmbeddings) : { movieIds, vectors, vectorSize: size, dimension: size };
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

/**
 * The movieIds ↔ rows of plot embeddings.
 *
 * @throws DuplicateKeyError for a movieId that appears twice
 */
export function plotRows(movieIds: Int32Array): KeyIndex<number, Int32Array> {
  return new KeyIndex<number, Int32Array>(movieIds, { caller: "plot embeddings", noun: "movieId", what: "a movieId of these plot embeddings" });
}

/** The first non-positive or repeated movieId of plot embeddings; or null. */
function idProblem(movieIds: Int32Array): Problem | null {
  const bad = movieIds.findIndex((id) => id < 1);
  if (bad >= 0) return { problem: `row ${bad} has movieId ${movieIds[bad]}`, expected: "MovieLens movieIds (≥ 1)" };
  try {
    plotRows(movieIds);
  } catch (error) {
    if (error instanceof DuplicateKeyError) return { problem: `movieId ${error.key} appears twice (rows ${error.first} and ${error.second})`, expected: "each movieId once" };
    throw error;
  }
  return null;
}

/** The first NaN or ±Infinity of plot embeddings, with its row and movieId; or null. */
function valueProblem(movieIds: Int32Array, vectors: Float32Array, vectorSize: number): Problem | null {
  const bad = vectors.findIndex((value) => !Number.isFinite(value));
  if (bad < 0) return null;
  const row = Math.floor(bad / vectorSize);
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
 * @param input the vectors, their movieIds and vectorSize
 * @param options folder, model name and mode (they name the file)
 * @param dtype "float16" (default; halves the file, cosine changes by < 1e-3) or "float32"
 * @throws OptionsError for a repeated or non-positive movieId or a non-finite value (the loader would refuse the files)
 */
export function savePlotEmbeddings(input: PlotEmbeddingsInput, options: PlotEmbeddingsOptions = {}, dtype: NpyDtype = "float16"): void {
  const embeddings = resolvePlotEmbeddings("savePlotEmbeddings", input);
  const files = plotEmbeddingFiles(options);
  if (embeddings.vectors.length !== embeddings.movieIds.length * embeddings.vectorSize) {
    throw new OptionsError(`savePlotEmbeddings: ${embeddings.movieIds.length} movieIds × ${embeddings.vectorSize} need ${embeddings.movieIds.length * embeddings.vectorSize} values, got ${embeddings.vectors.length}`);
  }
  const problem = idProblem(embeddings.movieIds) ?? valueProblem(embeddings.movieIds, embeddings.vectors, embeddings.vectorSize);
  if (problem) throw new OptionsError(`savePlotEmbeddings: ${problem.problem}; expected ${problem.expected}`);
  writeNpy(files.vectors, embeddings.vectors, [embeddings.movieIds.length, embeddings.vectorSize], { dtype });
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
 * const { movieIds, vectors, vectorSize } = loadPlotEmbeddings(); // 8538 × 384
 */
export function loadPlotEmbeddings(options: PlotEmbeddingsOptions = {}): PlotEmbeddings {
  const files = plotEmbeddingFiles(options);
  const hint = `the output of \`${BUILD_PLOT_EMBEDDINGS_COMMAND}\` (run it to rebuild)`;
  for (const file of [files.vectors, files.movieIds]) checkRegularFile(file, hint);
  const matrix = readNpy(files.vectors);
  const ids = readNpy(files.movieIds);
  if (matrix.shape.length !== 2 || !(matrix.data instanceof Float32Array)) {
    throw new DataFormatError(files.vectors, null, `shape (${matrix.shape.join(", ")}) of ${matrix.dtype}`, "a float16 or float32 matrix (movies × vectorSize)");
  }
  if (ids.shape.length !== 1 || !(ids.data instanceof Int32Array) || ids.shape[0] !== matrix.shape[0]) {
    throw new DataFormatError(files.movieIds, null, `shape (${ids.shape.join(", ")}) of ${ids.dtype}`, `${matrix.shape[0]} int32 movieIds, one per row of ${path.basename(files.vectors)}; ${hint}`);
  }
  const idsWrong = idProblem(ids.data);
  if (idsWrong) throw new DataFormatError(files.movieIds, null, idsWrong.problem, `${idsWrong.expected}: ${hint}`);
  const valuesWrong = valueProblem(ids.data, matrix.data, matrix.shape[1]);
  if (valuesWrong) throw new DataFormatError(files.vectors, null, valuesWrong.problem, `${valuesWrong.expected}: ${hint}`);
  const vectorSize = matrix.shape[1];
  return { movieIds: ids.data, vectors: normalizeRows(matrix.data, vectorSize), vectorSize, dimension: vectorSize };
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
 * @param input the full matrix
 * @param movieIds the movies to keep
 * @returns a new matrix of those rows
 * @throws UnknownKeyError for a movieId without a row
 */
export function selectRows(input: PlotEmbeddingsInput, movieIds: ArrayLike<number>): PlotEmbeddings {
  const embeddings = resolvePlotEmbeddings("selectRows", input);
  const rows = plotRows(embeddings.movieIds);
  const dim = embeddings.vectorSize;
  const vectors = new Float32Array(movieIds.length * dim);
  for (let i = 0; i < movieIds.length; i++) {
    const row = rows.rowOf(movieIds[i]);
    vectors.set(embeddings.vectors.subarray(row * dim, (row + 1) * dim), i * dim);
  }
  return { movieIds: Int32Array.from(movieIds), vectors, vectorSize: dim, dimension: dim };
}

/**
 * Plot embeddings as vectors keyed by movieId strings, the form every vector method has
 * (`model.wv`), so that `mostSimilar` and the evaluation's `vectorScorer` take them as they are.
 *
 * @param input the matrix and its movieIds
 * @returns the same rows (not copied) keyed "1", "318"…
 * @example
 * vectorScorer(plotKeyedVectors(loadPlotEmbeddings()), split, { name: "plot embeddings" });
 */
export function plotKeyedVectors(input: PlotEmbeddingsInput): KeyedVectors {
  const embeddings = resolvePlotEmbeddings("plotKeyedVectors", input);
  return new KeyedVectors(Array.from(embeddings.movieIds, String), embeddings.vectors, embeddings.vectorSize);
}
