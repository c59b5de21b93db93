/**
 * All-pairs cosine similarities of some keys' vectors: for heatmaps, the strongest pairs, and
 * an ordering that puts similar keys next to each other.
 */
import { inspect } from "node:util";
import { Matrix } from "ml-matrix";
import { closestKeys } from "../closest";
import { OptionsError, UnknownKeyError } from "../errors";
import { checkOptions } from "../options";
import type { KeyedVectors } from "./keyed-vectors";
import { topKOfScores } from "./topk";

/** Two keys and their similarity. */
export interface SimilarPair {
  readonly a: string;
  readonly b: string;
  readonly similarity: number;
}

/** Options of {@link SimilarityMatrix.coherentBlock}. */
export interface CoherentBlockOptions {
  /** Centre the block on this key: it and its most similar keys. */
  around?: string;
  /** The cluster order, if already computed (default: {@link SimilarityMatrix.clusterOrder}). */
  order?: readonly number[];
}

/**
 * A symmetric n × n matrix of similarities between keys (row i and column i are `keys[i]`).
 *
 * @example
 * const sims = SimilarityMatrix.cosine(model.wv);
 * sims.strongestPairs(10);                          // the ten most similar pairs
 * const ordered = sims.reorder(sims.clusterOrder()); // similar keys side by side
 * similarityHeatmap(sims, { label: (key) => data.movie(Number(key)).title }).show();
 */
export class SimilarityMatrix {
  /** The keys of the rows (and columns). */
  readonly keys: readonly string[];
  /** Row-major n × n values. */
  readonly values: Float64Array;

  /**
   * @param keys the keys of the rows
   * @param values row-major n × n similarities
   */
  constructor(keys: readonly string[], values: Float64Array) {
    if (values.length !== keys.length * keys.length) {
      throw new OptionsError(`SimilarityMatrix: ${keys.length} keys need ${keys.length ** 2} values, got ${values.length}`);
    }
    this.keys = keys;
    this.values = values;
  }

  /**
   * The cosine similarity of every pair of keys, as linear algebra: stack the keys' vectors as
   * the rows of a matrix X, scale each row to length 1, and the cosines are the one matrix
   * product X · Xᵀ (entry i, j is the dot product of unit rows i and j). Computed with ml-matrix
   * in double precision.
   *
   * @param wv the vectors
   * @param keys which keys, in this order (default: all of `wv`, in its order)
   * @returns the matrix
   * @throws UnknownKeyError for a key without a vector
   */
  static cosine(wv: KeyedVectors, keys: readonly string[] = wv.keys): SimilarityMatrix {
    const dim = wv.vectorSize;
    const unit = wv.normedVectors(); // rows scaled to length 1 (a zero vector stays zero)
    const n = keys.length;
    const x = new Matrix(n, dim);
    keys.forEach((key, i) => {
      const row = wv.rowOf(key);
      for (let d = 0; d < dim; d++) x.set(i, d, unit[row * dim + d]);
    });
    const cosines = x.mmul(x.transpose());
    return new SimilarityMatrix([...keys], Float64Array.from(cosines.to1DArray()));
  }

  /** Number of keys. */
  get size(): number {
    return this.keys.length;
  }

  /**
   * The similarity of two keys' rows.
   *
   * @param i a row
   * @param j a column
   * @returns the value
   */
  get(i: number, j: number): number {
    return this.values[i * this.size + j];
  }

  /** The matrix as an array of rows, for `heatmap`. */
  rows(): number[][] {
    const n = this.size;
    return Array.from({ length: n }, (_, i) => Array.from(this.values.subarray(i * n, (i + 1) * n)));
  }

  /**
   * The `n` most similar pairs of distinct keys, each pair once (the diagonal and the mirrored
   * half are left out), through the library's top-k search.
   *
   * @param n how many pairs (default 10)
   * @returns the pairs, most similar first
   */
  strongestPairs(n = 10): SimilarPair[] {
    const size = this.size;
    const upper = new Float64Array((size * (size - 1)) / 2);
    const first = new Int32Array(upper.length);
    const second = new Int32Array(upper.length);
    let p = 0;
    for (let i = 0; i < size; i++) {
      for (let j = i + 1; j < size; j++, p++) {
        upper[p] = this.values[i * size + j];
        first[p] = i;
        second[p] = j;
      }
    }
    return topKOfScores(upper, n).map(({ index, score }) => ({ a: this.keys[first[index]], b: this.keys[second[index]], similarity: score }));
  }

  /**
   * An order of the rows that puts similar keys side by side: the leaf order of average-linkage
   * agglomerative clustering (repeatedly merge the two clusters with the highest mean pairwise
   * similarity; a merged cluster lists the first cluster's keys, then the second's). Deterministic:
   * ties go to the lowest row numbers.
   *
   * @returns a permutation of 0 … n−1, for {@link reorder}
   */
  clusterOrder(): number[] {
    const n = this.size;
    if (n === 0) return [];
    // sim[i][j] between live clusters i and j, updated by the Lance–Williams rule for average linkage
    const sim = Float64Array.from(this.values);
    const members: number[][] = Array.from({ length: n }, (_, i) => [i]);
    const alive = new Uint8Array(n).fill(1);
    for (let merges = 0; merges < n - 1; merges++) {
      let bi = -1;
      let bj = -1;
      let best = -Infinity;
      for (let i = 0; i < n; i++) {
        if (!alive[i]) continue;
        for (let j = i + 1; j < n; j++) {
          if (alive[j] && sim[i * n + j] > best) {
            best = sim[i * n + j];
            bi = i;
            bj = j;
          }
        }
      }
      if (bi < 0) break; // only NaN similarities remain
      const wi = members[bi].length;
      const wj = members[bj].length;
      for (let k = 0; k < n; k++) {
        if (!alive[k] || k === bi || k === bj) continue;
        const merged = (wi * sim[bi * n + k] + wj * sim[bj * n + k]) / (wi + wj);
        sim[bi * n + k] = merged;
        sim[k * n + bi] = merged;
      }
      members[bi] = members[bi].concat(members[bj]);
      alive[bj] = 0;
    }
    return members.filter((_, i) => alive[i]).flat();
  }

  /**
   * A block of keys small enough to label and read, in cluster order so that its own blocks show.
   * - With `around`: that key and its `size − 1` most similar keys.
   * - Otherwise the most coherent run of `size` consecutive keys of the cluster order: the window
   *   with the highest mean similarity between its distinct keys (one tight cluster, or two or
   *   three neighbouring ones). Ties go to the earliest window.
   *
   * @param size how many keys (at least 2; all keys when the matrix has fewer)
   * @param options `around` a key to centre the block on; `order` the cluster order if already
   *   computed (default {@link clusterOrder})
   * @returns row numbers of this matrix, in the order to show them
   * @throws OptionsError for a bad size or option; UnknownKeyError when `around` is not a key
   * @example
   * const rows = sims.coherentBlock(30);                          // the tightest 30 keys
   * const around = sims.coherentBlock(30, { around: "4993" });  // Fellowship of the Ring and its 29 closest
   */
  coherentBlock(size: number, options: CoherentBlockOptions = {}): number[] {
    const caller = "SimilarityMatrix.coherentBlock";
    const { around, order = this.clusterOrder() } = checkOptions(caller, options, { around: "string", order: "array" });
    if (!Number.isInteger(size) || size < 2) throw new OptionsError(`${caller}: size must be a whole number ≥ 2, got ${size}`);
    const n = this.size;
    if (order.length !== n || new Set(order).size !== n || order.some((i) => !Number.isInteger(i) || i < 0 || i >= n)) {
      throw new OptionsError(`${caller}: order must be a permutation of 0 … ${n - 1} (from clusterOrder())`);
    }
    if (size >= n) return [...order];
    if (around !== undefined) {
      const row = this.keys.indexOf(around);
      if (row < 0) throw new UnknownKeyError(around, `a key of ${caller}'s matrix (around)`, closestKeys(around, this.keys));
      const scores = Float64Array.from(this.values.subarray(row * n, (row + 1) * n));
      scores[row] = -Infinity; // the key itself goes in first, not as its own neighbour
      const chosen = new Set([row, ...topKOfScores(scores, size - 1).map((hit) => hit.index)]);
      return order.filter((i) => chosen.has(i));
    }
    // prefix[(i + 1) * (n + 1) + j + 1] = sum of the reordered matrix's top-left (i + 1) × (j + 1) corner
    const prefix = new Float64Array((n + 1) * (n + 1));
    let trace = 0;
    const diagonal = new Float64Array(n + 1); // running sum of the reordered diagonal
    for (let i = 0; i < n; i++) {
      let rowSum = 0;
      for (let j = 0; j < n; j++) {
        rowSum += this.values[order[i] * n + order[j]];
        prefix[(i + 1) * (n + 1) + j + 1] = prefix[i * (n + 1) + j + 1] + rowSum;
      }
      trace += this.values[order[i] * n + order[i]];
      diagonal[i + 1] = trace;
    }
    let best = 0;
    let bestMean = -Infinity;
    for (let s = 0; s + size <= n; s++) {
      const e = s + size;
      const sum = prefix[e * (n + 1) + e] - prefix[s * (n + 1) + e] - prefix[e * (n + 1) + s] + prefix[s * (n + 1) + s];
      const mean = (sum - (diagonal[e] - diagonal[s])) / (size * (size - 1));
      if (mean > bestMean) (bestMean = mean), (best = s);
    }
    return order.slice(best, best + size);
  }

  /**
   * The same matrix with rows and columns in another order.
   *
   * @param order a permutation of 0 … n−1 (for example {@link clusterOrder})
   * @returns the reordered matrix
   * @throws OptionsError when `order` is not a permutation
   */
  reorder(order: readonly number[]): SimilarityMatrix {
    const n = this.size;
    if (order.length !== n || new Set(order).size !== n || order.some((i) => !Number.isInteger(i) || i < 0 || i >= n)) {
      throw new OptionsError(`SimilarityMatrix.reorder: expected a permutation of 0 … ${n - 1}`);
    }
    const values = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) values[i * n + j] = this.values[order[i] * n + order[j]];
    return new SimilarityMatrix(order.map((i) => this.keys[i]), values);
  }

  /** One line for notebooks: "SimilarityMatrix<200 × 200>". */
  [inspect.custom](): string {
    return `SimilarityMatrix<${this.size} × ${this.size}>`;
  }
}
