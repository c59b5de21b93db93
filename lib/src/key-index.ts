/**
 * Keys ↔ rows: the one index from a key (a token, a movieId, a userId) to its row in a matrix or
 * a column, and back. Every vocabulary, split, rating set and vector set numbers its keys here.
 */
import { inspect } from "node:util";
import { closestKeys } from "./closest";
import { DuplicateKeyError, OptionsError, UnknownKeyError } from "./errors";
import { checkOptions, type OptionChecks } from "./options";

/** How an index names itself and its keys in error messages. */
export interface KeyIndexOptions {
  /** Who builds the index, first in the messages of a bad key list (default "KeyIndex"). */
  readonly caller?: string;
  /** What one key is: "token", "movieId" (default "key"). */
  readonly noun?: string;
  /**
   * What an unknown key is not, after "is not": "in the CBOW vocabulary", "a movieId of the
   * evaluation catalogue" (default "a key of this index").
   */
  readonly what?: string;
}

const CHECKS: OptionChecks<KeyIndexOptions> = { caller: "string", noun: "string", what: "string" };

function describe(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "number") return Number.isFinite(value) ? "a number" : String(value);
  return `a ${typeof value}`;
}

/**
 * Distinct keys in row order, with the row of each key. Keys are all strings or all finite
 * numbers (the type of the first key); `1` and `"1"` are different keys here, so callers that
 * take both (movieIds typed either way) convert first.
 *
 * @typeParam K the key type
 * @typeParam Keys the container of the keys (an array, or an Int32Array of ids), kept as given
 * @example
 * const movies = new KeyIndex(Int32Array.of(1, 318, 2571), { noun: "movieId" });
 * movies.rowOf(318); // 1
 * movies.keyAt(2);   // 2571
 * movies.rowOf(3);   // UnknownKeyError: "3" is not a key of this index
 */
export class KeyIndex<K extends string | number = string, Keys extends ArrayLike<K> = readonly K[]> {
  /** The keys, in row order (the container given, not copied). */
  readonly keys: Keys;
  private readonly rows: Map<K, number>;
  private readonly noun: string;
  private readonly what: string;
  private readonly caller: string;

  /**
   * @param keys distinct keys, in row order
   * @param options the names used in error messages
   * @throws DuplicateKeyError naming a key that appears twice and its two rows
   * @throws OptionsError for a key that is neither a string nor a finite number, or of another type than the first
   */
  constructor(keys: Keys, options: KeyIndexOptions = {}) {
    checkOptions("KeyIndex", options, CHECKS);
    this.caller = options.caller ?? "KeyIndex";
    this.noun = options.noun ?? "key";
    this.what = options.what ?? "a key of this index";
    const rows = new Map<K, number>();
    const type = keys.length > 0 ? typeof keys[0] : "string";
    for (let row = 0; row < keys.length; row++) {
      const key = keys[row];
      this.checkType(key, row, type);
      const first = rows.get(key);
      if (first !== undefined) throw new DuplicateKeyError(this.caller, this.noun, key, first, row);
      rows.set(key, row);
    }
    this.keys = keys;
    this.rows = rows;
  }

  /**
   * The distinct keys of a list in the order first met, and the row of every entry of the list
   * (pandas' `factorize`): one pass, one Map, for lists where repeats are expected.
   *
   * @param list keys, repeats allowed
   * @param options the names used in error messages
   * @returns the index of the distinct keys, and `rows[i]`, the row of `list[i]`
   * @throws OptionsError for a key that is neither a string nor a finite number, or of another type than the first
   * @example
   * const { index, rows } = KeyIndex.factorize(["b", "a", "b"]);
   * index.keys; // ["b", "a"]
   * rows;       // Int32Array [0, 1, 0]
   */
  static factorize<K extends string | number>(list: ArrayLike<K>, options: KeyIndexOptions = {}): { index: KeyIndex<K>; rows: Int32Array } {
    const index = new KeyIndex<K>([], options);
    const type = list.length > 0 ? typeof list[0] : "string";
    const keys: K[] = [];
    const rows = new Int32Array(list.length);
    for (let i = 0; i < list.length; i++) {
      const key = list[i];
      index.checkType(key, i, type);
      let row = index.rows.get(key);
      if (row === undefined) {
        row = keys.length;
        keys.push(key);
        index.rows.set(key, row);
      }
      rows[i] = row;
    }
    (index as { keys: readonly K[] }).keys = keys;
    return { index, rows };
  }

  /** Refuses a key that is not of the list's type (`type`, the first key's) or not finite. */
  private checkType(key: unknown, position: number, type: string): void {
    if ((type !== "string" && type !== "number") || typeof key !== type || (type === "number" && !Number.isFinite(key))) {
      if (type !== "string" && type !== "number") throw new OptionsError(`${this.caller}: ${this.noun} ${position} is ${describe(key)}, expected a string or a finite number`);
      throw new OptionsError(`${this.caller}: ${this.noun} ${position} is ${describe(key)}, expected a ${type === "number" ? "finite number" : type}`);
    }
  }

  /** Number of keys (rows). */
  get size(): number {
    return this.keys.length;
  }

  /** Whether the key has a row. */
  has(key: K): boolean {
    return this.rows.has(key);
  }

  /**
   * The row of a key.
   *
   * @param key a key of the index
   * @returns its row, 0 … size − 1
   * @throws UnknownKeyError for a key without a row (string keys: with the closest known keys)
   */
  rowOf(key: K): number {
    const row = this.rows.get(key);
    if (row === undefined) throw this.unknown(key);
    return row;
  }

  /**
   * The row of a key, or undefined: for loops that skip unknown keys or report them their own way.
   *
   * @param key any key
   * @returns its row, or undefined
   */
  get(key: K): number | undefined {
    return this.rows.get(key);
  }

  /**
   * The key of a row.
   *
   * @param row 0 … size − 1
   * @returns the key
   * @throws OptionsError for a row outside the index
   */
  keyAt(row: number): K {
    if (!(Number.isInteger(row) && row >= 0 && row < this.keys.length)) {
      throw new OptionsError(`${this.caller}.keyAt: row ${row} is outside 0…${this.keys.length - 1}`);
    }
    return this.keys[row];
  }

  /**
   * The error for a key without a row: an UnknownKeyError saying what the key is not, with the
   * closest known keys when the keys are strings (numbers have no meaningful "closest").
   *
   * @param key the missing key
   * @param what overrides the description given at construction (for context: "(sequence 3)")
   */
  unknown(key: unknown, what = this.what): UnknownKeyError {
    const text = String(key);
    const stringKeys = this.keys.length > 0 && typeof this.keys[0] === "string";
    return new UnknownKeyError(text, what, stringKeys ? closestKeys(text, Array.from(this.keys as ArrayLike<K>, String)) : []);
  }

  /** One line: "KeyIndex<9,742 movieIds>". */
  [inspect.custom](): string {
    return `KeyIndex<${this.size.toLocaleString("en-US")} ${this.noun}${this.size === 1 ? "" : "s"}>`;
  }
}
