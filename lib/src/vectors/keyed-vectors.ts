/**
 * KeyedVectors: one vector per key (a movieId, a title, a word), with gensim's similarity
 * queries. The search itself is {@link topK}.
 */
import { inspect } from "node:util";
import { OptionsError } from "../errors";
import { KeyIndex } from "../key-index";
import { checkOptionValue, checkOptions, type OptionChecks, type OptionTest } from "../options";
import { scoreRows, searchableMatrix, topK } from "./topk";

/**
 * A key or a raw vector. The one rule of queries: a string or a number is a key (`1` and `"1"`
 * name the same movie, since movieIds are what users type); a raw vector is a typed array
 * (Float32Array or Float64Array), used as given, as gensim does. A plain array is a list of keys,
 * never a vector: `[1, 2, 3]` means movies 1, 2 and 3.
 */
export type KeyOrVector = string | number | Float32Array | Float64Array;

/** One key, one raw vector, or several of either. */
export type KeysOrVectors = KeyOrVector | readonly KeyOrVector[];

/** A key and its cosine similarity to the query. */
export interface SimilarKey {
  readonly key: string;
  readonly similarity: number;
}

/** Options of {@link KeyedVectors.getVector}. */
export interface GetVectorOptions {
  /** The unit-length vector instead of the stored one. Default false. */
  readonly norm?: boolean;
}

const GET_VECTOR_CHECKS: OptionChecks<GetVectorOptions> = { norm: "boolean" };

/** Options of {@link KeyedVectors.mostSimilar}. */
export interface MostSimilarOptions {
  /** Keys or vectors that pull the query towards them (weight +1). */
  readonly positive?: KeysOrVectors;
  /** Keys or vectors that push the query away (weight −1). */
  readonly negative?: KeysOrVectors;
  /** How many results; null gives every key's similarity in key order (query keys included). Default 10. */
  readonly topn?: number | null;
}

const QUERY_ITEMS: OptionTest = {
  expected: "a key (string or number), a typed-array vector, or an array of them",
  test: (value) => typeof value === "string" || typeof value === "number" || isVector(value) || Array.isArray(value),
};
const MOST_SIMILAR_CHECKS: OptionChecks<MostSimilarOptions> = {
  positive: QUERY_ITEMS,
  negative: QUERY_ITEMS,
  topn: { min: 0, integer: true, nullable: true },
};

function isVector(item: unknown): item is Float32Array | Float64Array {
  return item instanceof Float32Array || item instanceof Float64Array;
}

/**
 * A key as the index holds it: strings as they are, finite numbers as their decimal text
 * (`1` → `"1"`).
 *
 * @param caller the method's name, first in the message
 * @param key what the user passed
 * @throws OptionsError for anything else (NaN, null, an object)
 */
function keyText(caller: string, key: unknown): string {
  if (typeof key === "string") return key;
  if (typeof key === "number" && Number.isFinite(key)) return String(key);
  const shown = typeof key === "number" ? String(key) : key === null ? "null" : Array.isArray(key) ? "an array" : `a ${typeof key}`;
  throw new OptionsError(`${caller}: a key must be a string or a finite number (a movieId), got ${shown}`);
}

function toList(caller: string, name: string, items: KeysOrVectors | undefined): KeyOrVector[] {
  if (items === undefined) return [];
  if (typeof items === "string" || typeof items === "number" || isVector(items)) return [items];
  if (!Array.isArray(items)) throw new OptionsError(`${caller}: ${name} must be a key, a typed-array vector or a list of them, got ${items === null ? "null" : `a ${typeof items}`}`);
  return [...(items as readonly KeyOrVector[])];
}

/**
 * Vectors indexed by string keys, gensim's `KeyedVectors`.
 *
 * @example
 * const wv = KeyedVectors.fromEntries([["king", [1, 1]], ["queen", [1, -1]], ["man", [0.9, 1.1]]]);
 * wv.mostSimilar({ positive: ["king"], topn: 1 }); // [{ key: "man", similarity: 0.99… }]
 */
export class KeyedVectors {
  /** Keys in row order. */
  readonly keys: readonly string[];
  /** Row-major vectors, `keys.length` × `vectorSize`. */
  readonly vectors: Float32Array;
  /** Length of each vector. */
  readonly vectorSize: number;
  /** Keys ↔ rows. */
  readonly index: KeyIndex<string>;
  private unit: Float32Array | null = null;

  /**
   * @param keys distinct keys, one per row (or their index, shared as it is)
   * @param vectors row-major data, keys.length × vectorSize
   * @param vectorSize length of each vector
   * @throws OptionsError for a wrong size, a duplicate (DuplicateKeyError) or non-string key, or a non-finite value
   */
  constructor(keys: readonly string[] | KeyIndex<string>, vectors: Float32Array, vectorSize: number) {
    checkOptionValue("KeyedVectors", "vectorSize", vectorSize, "positiveInt");
    const size = keys instanceof KeyIndex ? keys.size : keys.length;
    if (vectors.length !== size * vectorSize) {
      throw new OptionsError(`KeyedVectors: ${size} keys × ${vectorSize} needs ${size * vectorSize} numbers, got ${vectors.length}`);
    }
    if (!(keys instanceof KeyIndex)) {
      if (keys.length > 0 && typeof keys[0] !== "string") throw new OptionsError(`KeyedVectors: key 0 is ${keys[0] === null ? "null" : `a ${typeof keys[0]}`}, expected a string`);
      keys = new KeyIndex(keys, { caller: "KeyedVectors", what: "in the vocabulary" });
    }
    for (let i = 0; i < vectors.length; i++) {
      if (!Number.isFinite(vectors[i])) {
        const row = Math.floor(i / vectorSize);
        throw new OptionsError(`KeyedVectors: the vector of ${JSON.stringify(keys.keys[row])} holds ${vectors[i]} at dimension ${i - row * vectorSize}; expected finite numbers`);
      }
    }
    this.index = keys;
    this.keys = keys.keys;
    this.vectors = vectors;
    this.vectorSize = vectorSize;
  }

  /**
   * Builds KeyedVectors from [key, vector] pairs.
   *
   * @param entries pairs of a key and its vector (all of the same length)
   * @returns the KeyedVectors
   */
  static fromEntries(entries: Iterable<readonly [string, ArrayLike<number>]>): KeyedVectors {
    const list = [...entries];
    if (list.length === 0) throw new OptionsError("KeyedVectors.fromEntries: no entries");
    const size = list[0][1].length;
    const vectors = new Float32Array(list.length * size);
    list.forEach(([key, vector], i) => {
      if (vector.length !== size) {
        throw new OptionsError(`KeyedVectors.fromEntries: ${JSON.stringify(key)} has ${vector.length} dimensions, expected ${size}`);
      }
      vectors.set(Array.from(vector), i * size);
    });
    return new KeyedVectors(
      list.map(([key]) => key),
      vectors,
      size,
    );
  }

  /** Number of keys. */
  get size(): number {
    return this.keys.length;
  }

  /** Whether `key` has a vector. */
  has(key: string | number): boolean {
    return this.index.has(keyText("KeyedVectors.has", key));
  }

  /**
   * The row of `key` (gensim's `get_index`).
   *
   * @throws UnknownKeyError naming the closest known keys
   */
  rowOf(key: string | number): number {
    const text = keyText("KeyedVectors.rowOf", key);
    const row = this.index.get(text);
    if (row === undefined) throw this.index.unknown(text, "in the vocabulary");
    return row;
  }

  /**
   * The row of `key`.
   *
   * @deprecated use {@link KeyedVectors.rowOf} (the one name of a key's row); kept one release
   * @throws UnknownKeyError naming the closest known keys
   */
  indexOf(key: string | number): number {
    return this.rowOf(key);
  }

  /**
   * The vector of `key` (a copy).
   *
   * @param key a known key
   * @param options `norm: true` for the unit-length vector
   * @returns a new Float32Array
   * @throws UnknownKeyError naming the closest known keys
   */
  getVector(key: string | number, options: GetVectorOptions = {}): Float32Array {
    checkOptions("KeyedVectors.getVector", options, GET_VECTOR_CHECKS);
    const row = this.rowOf(key);
    const source = options.norm ? this.normedVectors() : this.vectors;
    return source.slice(row * this.vectorSize, (row + 1) * this.vectorSize);
  }

  /**
   * The vectors of several keys as one row-major matrix, in the order given (gensim's
   * `vectors_for_all` / `wv[keys]`): what a map or any matrix code takes.
   *
   * @param keys known keys
   * @param options `norm: true` for unit-length rows
   * @returns a new Float32Array of `keys.length × vectorSize`
   * @throws UnknownKeyError naming the closest known keys
   * @example
   * const movieIds = ratingsPerMovie(data).slice(0, 1500).map((m) => m.movieId);
   * const map = tsne(wv.vectorsOf(movieIds, { norm: true }), wv.vectorSize, { seed: 42 });
   */
  vectorsOf(keys: Iterable<string | number>, options: GetVectorOptions = {}): Float32Array {
    checkOptions("KeyedVectors.vectorsOf", options, GET_VECTOR_CHECKS);
    const rows = Array.from(keys, (key) => this.rowOf(key));
    const source = options.norm ? this.normedVectors() : this.vectors;
    const dim = this.vectorSize;
    const matrix = new Float32Array(rows.length * dim);
    rows.forEach((row, i) => matrix.set(source.subarray(row * dim, (row + 1) * dim), i * dim));
    return matrix;
  }

  /**
   * The vectors scaled to unit length (computed once; zero vectors stay zero), in a
   * {@link searchableMatrix} so that similarity queries run in WebAssembly SIMD.
   */
  normedVectors(): Float32Array {
    if (this.unit === null) {
      const dim = this.vectorSize;
      const unit = searchableMatrix(this.keys.length, dim);
      for (let r = 0; r < this.keys.length; r++) {
        let norm = 0;
        for (let d = 0; d < dim; d++) norm += this.vectors[r * dim + d] ** 2;
        norm = Math.sqrt(norm);
        if (norm > 0) for (let d = 0; d < dim; d++) unit[r * dim + d] = this.vectors[r * dim + d] / norm;
      }
      this.unit = unit;
    }
    return this.unit;
  }

  /**
   * Cosine similarity of two keys.
   *
   * @param a a known key
   * @param b a known key
   * @returns a number in [−1, 1]
   */
  similarity(a: string | number, b: string | number): number {
    const x = this.getVector(a, { norm: true });
    const y = this.getVector(b, { norm: true });
    let dot = 0;
    for (let d = 0; d < this.vectorSize; d++) dot += x[d] * y[d];
    return dot;
  }

  /**
   * The keys most similar to the mean of the unit vectors of `positive` (weight +1) and
   * `negative` (weight −1), by cosine, leaving out the query keys; gensim's `most_similar`.
   * Raw vectors are used as given (not normalised), as gensim does. Keys are strings or numbers
   * (`1` is `"1"`); raw vectors are typed arrays; a plain array is a list of keys (see {@link KeyOrVector}).
   *
   * @param options positive, negative, topn (default 10; null for every key's score in key order)
   * @returns the best keys first
   * @throws UnknownKeyError for an unknown key
   * @throws OptionsError for an unknown option, no item, a raw vector of the wrong length or with
   *   NaN/Infinity, a zero query, or a topn that is not a whole number ≥ 0 (or null)
   * @example
   * wv.mostSimilar({ positive: ["king", "woman"], negative: ["man"], topn: 1 }); // queen
   */
  mostSimilar(options: MostSimilarOptions): SimilarKey[] {
    checkOptions("mostSimilar", options, MOST_SIMILAR_CHECKS);
    const positive = toList("mostSimilar", "positive", options.positive);
    const negative = toList("mostSimilar", "negative", options.negative);
    if (positive.length + negative.length === 0) {
      throw new OptionsError("mostSimilar: give at least one positive or negative key or vector");
    }
    const dim = this.vectorSize;
    const mean = new Float64Array(dim);
    const queryRows = new Set<number>();
    const add = (item: KeyOrVector, weight: number): void => {
      let vector: ArrayLike<number>;
      if (!isVector(item)) {
        const row = this.rowOf(keyText("mostSimilar", item));
        queryRows.add(row);
        vector = this.normedVectors().subarray(row * dim, (row + 1) * dim);
      } else {
        if (item.length !== dim) {
          throw new OptionsError(`mostSimilar: a raw vector has ${item.length} dimensions, expected ${dim}`);
        }
        const bad = item.findIndex((value) => !Number.isFinite(value));
        if (bad >= 0) throw new OptionsError(`mostSimilar: a raw vector holds ${item[bad]} at dimension ${bad}; expected finite numbers`);
        vector = item;
      }
      for (let d = 0; d < dim; d++) mean[d] += weight * vector[d];
    };
    positive.forEach((item) => add(item, 1));
    negative.forEach((item) => add(item, -1));
    if (mean.every((value) => value === 0)) {
      throw new OptionsError("mostSimilar: the query is the zero vector (the positive and negative items cancel out, or their vectors are zero); cosine needs a direction");
    }
    const topn = options.topn === undefined ? 10 : options.topn;
    // The mean is normalised by cosine itself; rows are unit vectors, so cosine is a dot product.
    const unit = this.normedVectors();
    if (topn === null) {
      const scores = scoreRows(unit, this.size, dim, normalize(mean), { metric: "dot" });
      return this.keys.map((key, i) => ({ key, similarity: scores[i] }));
    }
    return topK(unit, this.size, dim, normalize(mean), topn, { metric: "dot", exclude: queryRows }).map((row) => ({
      key: this.keys[row.index],
      similarity: row.score,
    }));
  }

  /**
   * The keys closest to a raw vector, by cosine; gensim's `similar_by_vector`.
   *
   * @param vector a vector of length vectorSize
   * @param topn how many (default 10)
   * @returns the best keys first
   */
  similarByVector(vector: ArrayLike<number>, topn = 10): SimilarKey[] {
    return this.mostSimilar({ positive: [Float64Array.from(vector)], topn });
  }

  /**
   * The key that fits least with the others: the farthest, by cosine, from the mean of their
   * unit vectors; gensim's `doesnt_match` (which ignores unknown keys; here they throw).
   *
   * @param keys two or more known keys
   * @returns the odd one out
   */
  doesntMatch(keys: readonly (string | number)[]): string {
    if (keys.length === 0) throw new OptionsError("doesntMatch: give at least one key");
    const dim = this.vectorSize;
    const unit = this.normedVectors();
    const rows = keys.map((key) => this.rowOf(key));
    const mean = new Float64Array(dim);
    for (const row of rows) for (let d = 0; d < dim; d++) mean[d] += unit[row * dim + d];
    const direction = normalize(mean);
    let worst = 0;
    let worstScore = Infinity;
    rows.forEach((row, i) => {
      let dot = 0;
      for (let d = 0; d < dim; d++) dot += unit[row * dim + d] * direction[d];
      if (dot < worstScore) {
        worstScore = dot;
        worst = i;
      }
    });
    return this.keys[rows[worst]];
  }

  /** One line for the REPL and notebooks: "KeyedVectors<9,000 keys × 50>". */
  [inspect.custom](): string {
    return `KeyedVectors<${this.size.toLocaleString("en-US")} keys × ${this.vectorSize}>`;
  }
}

function normalize(vector: Float64Array): Float64Array {
  let norm = 0;
  for (let d = 0; d < vector.length; d++) norm += vector[d] * vector[d];
  norm = Math.sqrt(norm);
  const out = new Float64Array(vector.length);
  if (norm > 0) for (let d = 0; d < vector.length; d++) out[d] = vector[d] / norm;
  return out;
}
