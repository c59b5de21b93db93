/**
 * The one top-k similarity search of the library: the rows of a matrix closest to a query, by
 * cosine, dot product or euclidean distance. Every model's "most similar" goes through it.
 */
import { OptionsError } from "../errors";
import { checkOptionValue, checkOptions, type OptionChecks, type OptionTest } from "../options";
import { DOTS_WASM_BASE64 } from "./dots-wasm";

/** How rows are compared with the query. */
export type Metric = "cosine" | "dot" | "euclidean";

/** A row of the matrix and its score against the query. */
export interface ScoredRow {
  /** Row index. */
  readonly index: number;
  /** Cosine or dot product (higher is closer), or euclidean distance (lower is closer). */
  readonly score: number;
}

/** Options of {@link topK} and {@link scoreRows}. */
export interface TopKOptions {
  /** Default "cosine". */
  readonly metric?: Metric;
  /** Rows left out of the result (e.g. the query's own rows). */
  readonly exclude?: Iterable<number>;
  /** Precomputed row norms, for cosine (computed on the fly otherwise). */
  readonly norms?: ArrayLike<number>;
}

/** The rule of an `exclude` option: an array or a Set of row numbers. */
const ROW_LIST: OptionTest = {
  expected: "an iterable of row numbers (an array or a Set)",
  test: (value) => value !== null && typeof value === "object" && Symbol.iterator in value,
};
const NUMBERS: OptionTest = { expected: "an array of numbers, one per row", test: (value) => Array.isArray(value) || ArrayBuffer.isView(value) };
const TOPK_CHECKS: OptionChecks<TopKOptions> = { metric: ["cosine", "dot", "euclidean"], exclude: ROW_LIST, norms: NUMBERS };

/** A row-major matrix: `rows` rows of `dim` numbers each. */
export type MatrixData = Float32Array | Float64Array;

/** A matrix allocated by {@link searchableMatrix}: its WebAssembly memory and the kernel over it. */
interface DotsKernel {
  readonly dots: (matrix: number, rows: number, dim: number, query: number, out: number) => void;
  readonly blockMax: (scores: number, rows: number, maxes: number) => void;
  /** Bytes at the start of the memory that hold the matrix. */
  readonly matrixBytes: number;
  /** The query slot (f32), the score slot (f32) and the block-maximum slot (f32) after the matrix. */
  readonly query: Float32Array;
  readonly out: Float32Array;
  readonly maxes: Float32Array;
}

/** Scores per block of the kernel's blockMax: a block whose maximum is below the k-th best is skipped whole. */
const BLOCK = 16;

const kernels = new WeakMap<ArrayBufferLike, DotsKernel>();
let dotsModule: WebAssembly.Module | null = null;

/**
 * A zeroed `rows × dim` Float32Array that the search scores with WebAssembly SIMD (dots.wat)
 * instead of a JavaScript loop: several times faster for a big matrix. Fill it like any
 * Float32Array; {@link scoreRows} and {@link topK} notice it by its buffer. KeyedVectors keeps its
 * unit vectors in one, so every `mostSimilar` uses it.
 *
 * @param rows number of rows
 * @param dim row length
 * @returns the matrix (a view on its own WebAssembly memory, which never grows)
 */
export function searchableMatrix(rows: number, dim: number): Float32Array {
  if (!Number.isInteger(rows) || !Number.isInteger(dim) || rows < 0 || dim <= 0) {
    throw new OptionsError(`searchableMatrix: rows and dim must be whole numbers (dim ≥ 1), got ${rows} × ${dim}`);
  }
  const matrixBytes = rows * dim * 4;
  const blocks = Math.ceil(rows / BLOCK);
  const bytes = matrixBytes + (dim + rows + blocks) * 4;
  const pages = Math.max(1, Math.ceil(bytes / 65536));
  const memory = new WebAssembly.Memory({ initial: pages, maximum: pages });
  dotsModule ??= new WebAssembly.Module(Buffer.from(DOTS_WASM_BASE64, "base64"));
  const instance = new WebAssembly.Instance(dotsModule, { env: { memory } });
  kernels.set(memory.buffer, {
    dots: instance.exports.dots as DotsKernel["dots"],
    blockMax: instance.exports.blockMax as DotsKernel["blockMax"],
    matrixBytes,
    query: new Float32Array(memory.buffer, matrixBytes, dim),
    out: new Float32Array(memory.buffer, matrixBytes + dim * 4, rows),
    maxes: new Float32Array(memory.buffer, matrixBytes + (dim + rows) * 4, blocks),
  });
  return new Float32Array(memory.buffer, 0, rows * dim);
}

/** The SIMD kernel for `matrix` when it was made by {@link searchableMatrix} and the shapes fit. */
function kernelFor(matrix: MatrixData, rows: number, dim: number): DotsKernel | null {
  if (!(matrix instanceof Float32Array)) return null;
  const kernel = kernels.get(matrix.buffer);
  if (!kernel || matrix.byteOffset + rows * dim * 4 > kernel.matrixBytes) return null;
  return dim <= kernel.query.length && rows <= kernel.out.length ? kernel : null;
}

function checkShape(matrix: MatrixData, rows: number, dim: number, query: ArrayLike<number>): void {
  if (!Number.isInteger(rows) || !Number.isInteger(dim) || rows < 0 || dim <= 0 || matrix.length < rows * dim) {
    throw new OptionsError(`topK: a matrix of ${matrix.length} numbers cannot hold ${rows} rows of ${dim}`);
  }
  if (query.length !== dim) {
    throw new OptionsError(`topK: the query has ${query.length} dimensions, the matrix rows have ${dim}`);
  }
  for (let d = 0; d < dim; d++) {
    if (!Number.isFinite(query[d])) throw new OptionsError(`topK: the query holds ${query[d]} at dimension ${d}; expected finite numbers`);
  }
}

/**
 * The score of every row against `query`, in row order (cosine rows of zero norm score 0).
 *
 * @param matrix row-major data
 * @param rows number of rows
 * @param dim row length
 * @param query a vector of length `dim`
 * @param options the metric and optional precomputed norms (`exclude` is ignored here)
 * @returns one score per row
 */
export function scoreRows(
  matrix: MatrixData,
  rows: number,
  dim: number,
  query: ArrayLike<number>,
  options: TopKOptions = {},
): Float64Array {
  const scores = scoresOf(matrix, rows, dim, query, options);
  return scores instanceof Float64Array ? scores : Float64Array.from(scores);
}

/**
 * The scores of {@link scoreRows}; for a dot product over a {@link searchableMatrix} they are the
 * kernel's own float32 output slot (valid until its next query), which saves a copy.
 */
function scoresOf(matrix: MatrixData, rows: number, dim: number, query: ArrayLike<number>, options: TopKOptions): Float64Array | Float32Array {
  checkOptions("topK", options, TOPK_CHECKS);
  checkShape(matrix, rows, dim, query);
  const metric = options.metric ?? "cosine";
  const q = Float64Array.from(query);
  const kernel = metric === "euclidean" ? null : kernelFor(matrix, rows, dim);
  if (kernel && metric === "dot") {
    kernel.query.set(q);
    kernel.dots(matrix.byteOffset, rows, dim, kernel.query.byteOffset, kernel.out.byteOffset);
    return kernel.out.subarray(0, rows);
  }
  const scores = new Float64Array(rows);
  if (metric === "euclidean") {
    squaredDistances(matrix, rows, dim, q, scores);
    for (let r = 0; r < rows; r++) scores[r] = Math.sqrt(scores[r]);
    return scores;
  }
  if (kernel) {
    kernel.query.set(q);
    kernel.dots(matrix.byteOffset, rows, dim, kernel.query.byteOffset, kernel.out.byteOffset);
    for (let r = 0; r < rows; r++) scores[r] = kernel.out[r];
  } else {
    dotProducts(matrix, rows, dim, q, scores);
  }
  if (metric === "dot") return scores;
  let queryNorm = 0;
  for (let d = 0; d < dim; d++) queryNorm += q[d] * q[d];
  queryNorm = Math.sqrt(queryNorm);
  const norms = options.norms;
  for (let r = 0; r < rows; r++) {
    let norm: number;
    if (norms) norm = norms[r];
    else {
      norm = 0;
      for (let d = r * dim; d < r * dim + dim; d++) norm += matrix[d] * matrix[d];
      norm = Math.sqrt(norm);
    }
    const denominator = norm * queryNorm;
    scores[r] = denominator > 0 ? scores[r] / denominator : 0;
  }
  return scores;
}

/** scores[r] = matrix row r · q, four running sums per row (the hot loop of every query). */
function dotProducts(matrix: MatrixData, rows: number, dim: number, q: Float64Array, scores: Float64Array): void {
  const tail = dim & 3;
  for (let r = 0, base = 0; r < rows; r++, base += dim) {
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let d = 0;
    for (; d < dim - tail; d += 4) {
      s0 += matrix[base + d] * q[d];
      s1 += matrix[base + d + 1] * q[d + 1];
      s2 += matrix[base + d + 2] * q[d + 2];
      s3 += matrix[base + d + 3] * q[d + 3];
    }
    for (; d < dim; d++) s0 += matrix[base + d] * q[d];
    scores[r] = s0 + s1 + s2 + s3;
  }
}

/** scores[r] = squared euclidean distance of matrix row r to q. */
function squaredDistances(matrix: MatrixData, rows: number, dim: number, q: Float64Array, scores: Float64Array): void {
  for (let r = 0, base = 0; r < rows; r++, base += dim) {
    let sum = 0;
    for (let d = 0; d < dim; d++) {
      const diff = matrix[base + d] - q[d];
      sum += diff * diff;
    }
    scores[r] = sum;
  }
}

/**
 * The `k` rows closest to `query`, closest first (ties: lower row first). A bounded heap keeps
 * the best k while scanning, so small k costs O(rows · dim + rows · log k), no full sort.
 *
 * @param matrix row-major data
 * @param rows number of rows
 * @param dim row length
 * @param query a vector of length `dim`
 * @param k how many rows to return (fewer if fewer rows remain)
 * @param options metric ("cosine" default, "dot", "euclidean"), rows to exclude, precomputed norms
 * @returns the best rows with their scores
 * @example
 * topK(vectors, 3, 2, [1, 0], 2, { metric: "cosine", exclude: [0] });
 */
export function topK(
  matrix: MatrixData,
  rows: number,
  dim: number,
  query: ArrayLike<number>,
  k: number,
  options: TopKOptions = {},
): ScoredRow[] {
  checkOptionValue("topK", "k", k, "nonNegativeInt");
  const scores = scoresOf(matrix, rows, dim, query, options);
  const excluded = new Set(options.exclude ?? []);
  const kernel = options.metric === "dot" ? kernelFor(matrix, rows, dim) : null;
  // Dot products from the kernel: only the blocks whose maximum can reach the top k are scanned.
  const skip = kernel ? blocksToSkip(kernel, rows, k + excluded.size) : undefined;
  return selectTop(scores, k, excluded, options.metric === "euclidean", skip);
}

/** Which blocks of BLOCK scores cannot hold a top-k row: those whose maximum is below `floor`. */
interface BlockSkip {
  readonly maxes: Float32Array;
  readonly floor: number;
}

/**
 * The block maxima of the kernel's scores (NaN rows, never candidates, left out) and the `need`-th
 * largest of them: `need` blocks reach it, each through its own row, and at most `need − k` of
 * those rows are excluded, so the k-th best candidate scores at least that much and a block below
 * it holds no top-k row. Undefined when pruning would not pay (few blocks per wanted row).
 */
function blocksToSkip(kernel: DotsKernel, rows: number, need: number): BlockSkip | undefined {
  const blocks = Math.ceil(rows / BLOCK);
  if (need === 0 || need * 4 > blocks) return undefined;
  kernel.blockMax(kernel.out.byteOffset, rows, kernel.maxes.byteOffset);
  const maxes = kernel.maxes;
  // Min-heap of the `need` largest block maxima seen so far.
  const best = new Float64Array(need);
  let size = 0;
  for (let b = 0; b < blocks; b++) {
    const m = maxes[b];
    if (size < need) {
      let i = size++;
      while (i > 0 && best[(i - 1) >> 1] > m) {
        best[i] = best[(i - 1) >> 1];
        i = (i - 1) >> 1;
      }
      best[i] = m;
    } else if (m > best[0]) {
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        if (left >= need) break;
        const child = left + 1 < need && best[left + 1] < best[left] ? left + 1 : left;
        if (best[child] >= m) break;
        best[i] = best[child];
        i = child;
      }
      best[i] = m;
    }
  }
  return size < need ? undefined : { maxes, floor: best[0] };
}

/** Options of {@link topKOfScores} and {@link rankOf}. */
export interface RankOptions {
  /** Rows left out (as rows with a NaN score are). */
  readonly exclude?: Iterable<number>;
  /** True when a lower score is better (distances). Default false. */
  readonly lowerIsBetter?: boolean;
}

const RANK_CHECKS: OptionChecks<RankOptions> = { exclude: ROW_LIST, lowerIsBetter: "boolean" };

/**
 * The order every ranking of the library uses: `a` ranks below `b` when its score is worse, or
 * equal and its row is higher (ties: lower row first).
 */
function rowOrder(scores: ArrayLike<number>, lowerIsBetter: boolean | undefined): (a: number, b: number) => boolean {
  const sign = lowerIsBetter ? -1 : 1;
  return (a: number, b: number): boolean => {
    const sa = sign * scores[a];
    const sb = sign * scores[b];
    return sa < sb || (sa === sb && a > b);
  };
}

/**
 * The `k` best rows of precomputed scores, best first (ties: lower row first). Rows whose score
 * is NaN are not candidates. {@link topK} is this after {@link scoreRows}; use it directly when the
 * scores come from elsewhere (a popularity count, a rating model, a blend).
 *
 * @param scores one score per row
 * @param k how many rows to return (fewer if fewer candidates remain)
 * @param options rows to exclude, `lowerIsBetter`
 * @returns the best rows with their scores
 * @example
 * topKOfScores([0.2, 0.9, NaN, 0.9], 2); // [{ index: 1, score: 0.9 }, { index: 3, score: 0.9 }]
 */
export function topKOfScores(scores: ArrayLike<number>, k: number, options: RankOptions = {}): ScoredRow[] {
  checkOptions("topKOfScores", options, RANK_CHECKS);
  checkOptionValue("topKOfScores", "k", k, "nonNegativeInt");
  return selectTop(scores, k, new Set(options.exclude ?? []), options.lowerIsBetter);
}

/** The bounded-heap selection behind {@link topKOfScores} and {@link topK}, skipping the blocks `skip` rules out. */
function selectTop(scores: ArrayLike<number>, k: number, excluded: Set<number>, lowerIsBetter?: boolean, skip?: BlockSkip): ScoredRow[] {
  const rows = scores.length;
  const worse = rowOrder(scores, lowerIsBetter);
  const capacity = Math.min(k, rows);
  // Min-heap of row indices, the worst of the best at the top.
  const heap = new Int32Array(capacity);
  let size = 0;
  const siftDown = (from: number): void => {
    let i = from;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < size && worse(heap[left], heap[smallest])) smallest = left;
      if (right < size && worse(heap[right], heap[smallest])) smallest = right;
      if (smallest === i) return;
      const tmp = heap[i];
      heap[i] = heap[smallest];
      heap[smallest] = tmp;
      i = smallest;
    }
  };
  if (capacity > 0) {
    // Once the heap is full, a row must beat its worst score to get in: one comparison rejects
    // almost every row (rows come in index order, so an equal score loses the tie).
    const sign = lowerIsBetter ? -1 : 1;
    let threshold = -Infinity;
    for (let r = 0; r < rows; r++) {
      if (skip && r % BLOCK === 0 && skip.maxes[r / BLOCK] < skip.floor) {
        r += BLOCK - 1;
        continue;
      }
      const score = sign * scores[r];
      if (size === capacity && !(score > threshold)) continue;
      if (Number.isNaN(score) || excluded.has(r)) continue;
      if (size < capacity) {
        let i = size++;
        heap[i] = r;
        while (i > 0) {
          const parent = (i - 1) >> 1;
          if (!worse(heap[i], heap[parent])) break;
          const tmp = heap[i];
          heap[i] = heap[parent];
          heap[parent] = tmp;
          i = parent;
        }
        if (size === capacity) threshold = sign * scores[heap[0]];
      } else {
        heap[0] = r;
        siftDown(0);
        threshold = sign * scores[heap[0]];
      }
    }
  }
  const result: ScoredRow[] = [];
  for (let i = 0; i < size; i++) result.push({ index: heap[i], score: scores[heap[i]] });
  result.sort((a, b) => (worse(a.index, b.index) ? 1 : worse(b.index, a.index) ? -1 : 0));
  return result;
}

/**
 * The 1-based position `row` would have in {@link topKOfScores}' full ranking: one plus the number
 * of candidate rows that beat it (a better score, or an equal score and a lower row). Costs one
 * pass over the scores, no sort.
 *
 * @param scores one score per row; NaN rows are not candidates
 * @param row the row whose rank is wanted
 * @param options rows to exclude, `lowerIsBetter`
 * @returns the rank, or null when `row` is not a candidate (NaN score or excluded)
 * @example
 * rankOf([0.2, 0.9, NaN, 0.9], 3); // 2: row 1 has the same score and a lower row
 */
export function rankOf(scores: ArrayLike<number>, row: number, options: RankOptions = {}): number | null {
  checkOptions("rankOf", options, RANK_CHECKS);
  const excluded = new Set(options.exclude ?? []);
  if (!Number.isInteger(row) || row < 0 || row >= scores.length) {
    throw new OptionsError(`rankOf: row must be an integer in 0..${scores.length - 1}, got ${row}`);
  }
  if (Number.isNaN(scores[row]) || excluded.has(row)) return null;
  const worse = rowOrder(scores, options.lowerIsBetter);
  let rank = 1;
  for (let r = 0; r < scores.length; r++) {
    if (r !== row && !Number.isNaN(scores[r]) && !excluded.has(r) && worse(row, r)) rank++;
  }
  return rank;
}
