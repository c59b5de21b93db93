/**
 * The one top-k similarity search of the library: the rows of a matrix closest to a query, by
 * cosine, dot product or euclidean distance. Every model's "most similar" goes through it.
 */
import { OptionsError } from "../errors";

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

/** A row-major matrix: `rows` rows of `dim` numbers each. */
export type MatrixData = Float32Array | Float64Array;

function checkShape(matrix: MatrixData, rows: number, dim: number, query: ArrayLike<number>): void {
  if (!Number.isInteger(rows) || !Number.isInteger(dim) || rows < 0 || dim <= 0 || matrix.length < rows * dim) {
    throw new OptionsError(`topK: a matrix of ${matrix.length} numbers cannot hold ${rows} rows of ${dim}`);
  }
  if (query.length !== dim) {
    throw new OptionsError(`topK: the query has ${query.length} dimensions, the matrix rows have ${dim}`);
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
  checkShape(matrix, rows, dim, query);
  const metric = options.metric ?? "cosine";
  const scores = new Float64Array(rows);
  let queryNorm = 0;
  for (let d = 0; d < dim; d++) queryNorm += query[d] * query[d];
  queryNorm = Math.sqrt(queryNorm);
  const norms = options.norms;
  for (let r = 0; r < rows; r++) {
    const base = r * dim;
    if (metric === "euclidean") {
      let sum = 0;
      for (let d = 0; d < dim; d++) {
        const diff = matrix[base + d] - query[d];
        sum += diff * diff;
      }
      scores[r] = Math.sqrt(sum);
      continue;
    }
    let dot = 0;
    for (let d = 0; d < dim; d++) dot += matrix[base + d] * query[d];
    if (metric === "dot") {
      scores[r] = dot;
      continue;
    }
    let norm: number;
    if (norms) norm = norms[r];
    else {
      norm = 0;
      for (let d = 0; d < dim; d++) norm += matrix[base + d] * matrix[base + d];
      norm = Math.sqrt(norm);
    }
    const denominator = norm * queryNorm;
    scores[r] = denominator > 0 ? dot / denominator : 0;
  }
  return scores;
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
  if (!Number.isInteger(k) || k < 0) throw new OptionsError(`topK: k must be a non-negative integer, got ${k}`);
  const scores = scoreRows(matrix, rows, dim, query, options);
  return topKOfScores(scores, k, { exclude: options.exclude, lowerIsBetter: options.metric === "euclidean" });
}

/** Options of {@link topKOfScores} and {@link rankOf}. */
export interface RankOptions {
  /** Rows left out (as rows with a NaN score are). */
  readonly exclude?: Iterable<number>;
  /** True when a lower score is better (distances). Default false. */
  readonly lowerIsBetter?: boolean;
}

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
  if (!Number.isInteger(k) || k < 0) throw new OptionsError(`topK: k must be a non-negative integer, got ${k}`);
  const rows = scores.length;
  const excluded = new Set(options.exclude ?? []);
  const worse = rowOrder(scores, options.lowerIsBetter);
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
    for (let r = 0; r < rows; r++) {
      if (excluded.has(r) || Number.isNaN(scores[r])) continue;
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
      } else if (worse(heap[0], r)) {
        heap[0] = r;
        siftDown(0);
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
