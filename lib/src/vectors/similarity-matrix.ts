/**
 * All-pairs cosine similarities of some keys' vectors: for heatmaps, the strongest pairs, and
 * an ordering that puts similar keys next to each other.
 */
import { inspect } from "node:util";
import { OptionsError } from "../errors";
import type { KeyedVectors } from "./keyed-vectors";
import { scoreRows, topKOfScores } from "./topk";

/** Two keys and their similarity. */
export interface SimilarPair {
  readonly a: string;
  readonly b: string;
  readonly similarity: number;
}

/**
 * A symmetric n × n matrix of similarities between keys (row i and column i are `keys[i]`).
 *
 * @example
 * const sims = SimilarityMatrix.cosine(model.wv);
 * sims.strongestPairs(10);                          // the ten most similar pairs
 * const ordered = sims.reorder(sims.clusterOrder()); // similar keys side by side, for a heatmap
 * heatmap(ordered.rows(), { xLabels: ordered.keys, yLabels: ordered.keys });
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
   * The cosine similarity of every pair of keys, row by row through the library's one scoring
   * path (`scoreRows` over unit vectors).
   *
   * @param wv the vectors
   * @param keys which keys, in this order (default: all of `wv`, in its order)
   * @returns the matrix
   * @throws UnknownKeyError for a key without a vector
   */
  static cosine(wv: KeyedVectors, keys: readonly string[] = wv.keys): SimilarityMatrix {
    const dim = wv.vectorSize;
    const unit = wv.normedVectors();
    const n = keys.length;
    const rows = new Float32Array(n * dim);
    keys.forEach((key, i) => {
      const row = wv.indexOf(key);
      rows.set(unit.subarray(row * dim, (row + 1) * dim), i * dim);
    });
    const values = new Float64Array(n * n);
    for (let i = 0; i < n; i++) values.set(scoreRows(rows, n, dim, rows.subarray(i * dim, (i + 1) * dim), { metric: "dot" }), i * n);
    return new SimilarityMatrix([...keys], values);
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
