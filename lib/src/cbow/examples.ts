/**
 * CBOW training examples: (context, middle title) pairs cut from users' sequences, and the
 * collate step that turns a mini-batch of sequences into arrays of token indices.
 */
import { OptionsError } from "../errors";
import { KeyIndex } from "../key-index";
import { checkOptionValue } from "../options";

/**
 * The positions of a sequence of `length` tokens that have a full context of `window` tokens on
 * each side: `window ≤ i < length − window`. This is the one windowing rule of the CBOW model,
 * the tutorial's collate: a position nearer an end than `window` is skipped, never padded, so a
 * sequence shorter than `2·window + 1` gives no example at all.
 *
 * @param length the sequence length
 * @param window tokens on each side
 * @returns the first and one-past-last middle positions (`start ≥ end` means none)
 */
export function middlePositions(length: number, window: number): { start: number; end: number } {
  return { start: window, end: length - window };
}

/** One readable example: the context tokens (left then right) and the middle token. */
export interface CbowWindow {
  context: string[];
  target: string;
}

/**
 * The (context, middle) examples of one sequence, as tokens, by the rule of {@link middlePositions}.
 *
 * @param sequence the tokens of one user, in order
 * @param window tokens on each side (default 1)
 * @returns one example per middle position with a full context
 * @example
 * cbowWindows(["a", "b", "c", "d"], 1);
 * // [{ context: ["a", "c"], target: "b" }, { context: ["b", "d"], target: "c" }]
 */
export function cbowWindows(sequence: readonly string[], window = 1): CbowWindow[] {
  checkWindow(window);
  const { start, end } = middlePositions(sequence.length, window);
  const out: CbowWindow[] = [];
  for (let i = start; i < end; i++) {
    out.push({ context: [...sequence.slice(i - window, i), ...sequence.slice(i + 1, i + 1 + window)], target: sequence[i] });
  }
  return out;
}

/**
 * Checks that `lists` is an array of token arrays whose tokens are strings (a `null` or a number
 * token would otherwise become a key of its own, or match nothing, without a word).
 *
 * @param caller the function's name, first in the message
 * @param lists what the user passed as sequences
 * @throws OptionsError naming the sequence and the position of the first bad entry
 */
export function checkSequences(caller: string, lists: unknown): asserts lists is readonly (readonly string[])[] {
  if (!Array.isArray(lists)) throw new OptionsError(`${caller}: sequences must be an array of token arrays (string[][]), got ${lists === null ? "null" : typeof lists}`);
  for (let s = 0; s < lists.length; s++) {
    const list: unknown = lists[s];
    if (!Array.isArray(list)) throw new OptionsError(`${caller}: sequence ${s} is not an array of tokens (got ${list === null ? "null" : typeof list})`);
    for (let t = 0; t < list.length; t++) {
      const token: unknown = list[t];
      if (typeof token !== "string") {
        throw new OptionsError(`${caller}: sequence ${s}, token ${t} is ${token === null ? "null" : `a ${typeof token}`}, expected a string (movieIds as strings: String(movieId))`);
      }
    }
  }
}

function checkWindow(window: number): void {
  checkOptionValue("CBOW", "window", window, "positiveInt");
}

/**
 * Tokens ↔ row indices of the model (0 … V−1), with "did you mean" errors for unknown tokens:
 * the library's {@link KeyIndex} with CBOW's names.
 */
export class TokenIndex extends KeyIndex<string> {
  /**
   * @param keys distinct tokens, in row order
   * @throws DuplicateKeyError naming a token that appears twice
   */
  constructor(keys: readonly string[]) {
    super(keys, { caller: "TokenIndex", noun: "token", what: "in the CBOW vocabulary" });
  }

  /**
   * The tokens of some sequences, most frequent first (ties: in order of first appearance), as a
   * word2vec vocabulary is sorted.
   *
   * @param lists the sequences
   * @returns the index
   * @throws OptionsError when a sequence is not an array of strings
   */
  static fromLists(lists: readonly (readonly string[])[]): TokenIndex {
    checkSequences("TokenIndex.fromLists", lists);
    const counts = new Map<string, number>();
    for (const list of lists) for (const token of list) counts.set(token, (counts.get(token) ?? 0) + 1);
    const keys = [...counts.keys()];
    const order = new Map(keys.map((key, i) => [key, i]));
    keys.sort((a, b) => counts.get(b)! - counts.get(a)! || order.get(a)! - order.get(b)!);
    return new TokenIndex(keys);
  }

  /**
   * The row of a token.
   *
   * @deprecated use {@link KeyIndex.rowOf} (the one name of every key index); kept one release
   * @throws UnknownKeyError naming the closest known tokens
   */
  indexOf(key: string): number {
    return this.rowOf(key);
  }
}

/**
 * All CBOW examples of a set of sequences, as token indices, grouped by sequence so that a
 * mini-batch of sequences (the tutorial's DataLoader batches 64 users' sequences) collates into
 * the examples of those sequences.
 *
 * Example `e` has context `contexts[e·2W … e·2W + 2W)` (the W tokens before the middle, then the
 * W after) and middle `targets[e]`; the examples of sequence `s` are `sequenceStart[s] …
 * sequenceStart[s+1] − 1`.
 */
export class CbowExamples {
  /** Tokens on each side of the middle (W). */
  readonly window: number;
  /** Row-major n × 2W context token indices. */
  readonly contexts: Int32Array;
  /** n middle token indices. */
  readonly targets: Int32Array;
  /** Per sequence, the index of its first example; one extra entry at the end (= n). */
  readonly sequenceStart: Int32Array;
  /** The vocabulary the indices refer to. */
  readonly index: TokenIndex;

  /**
   * Cuts every sequence into examples by the rule of {@link middlePositions}.
   *
   * @param lists the sequences of tokens
   * @param index the vocabulary (every token must be in it)
   * @param window tokens on each side (default 1)
   * @throws UnknownKeyError for a token outside the vocabulary, naming the sequence
   */
  constructor(lists: readonly (readonly string[])[], index: TokenIndex, window = 1) {
    checkWindow(window);
    checkSequences("CbowExamples", lists);
    this.window = window;
    this.index = index;
    const sequenceStart = new Int32Array(lists.length + 1);
    let total = 0;
    lists.forEach((list, s) => {
      sequenceStart[s] = total;
      const { start, end } = middlePositions(list.length, window);
      total += Math.max(0, end - start);
    });
    sequenceStart[lists.length] = total;
    const width = 2 * window;
    const contexts = new Int32Array(total * width);
    const targets = new Int32Array(total);
    let e = 0;
    lists.forEach((list, s) => {
      const rows = Int32Array.from(list, (token) => {
        const row = index.get(token);
        if (row === undefined) throw index.unknown(token, `in the CBOW vocabulary (sequence ${s})`);
        return row;
      });
      const { start, end } = middlePositions(list.length, window);
      for (let i = start; i < end; i++, e++) {
        for (let k = 0; k < window; k++) {
          contexts[e * width + k] = rows[i - window + k];
          contexts[e * width + window + k] = rows[i + 1 + k];
        }
        targets[e] = rows[i];
      }
    });
    this.contexts = contexts;
    this.targets = targets;
    this.sequenceStart = sequenceStart;
  }

  /** Number of examples. */
  get count(): number {
    return this.targets.length;
  }

  /** Number of sequences (including those too short to give an example). */
  get sequenceCount(): number {
    return this.sequenceStart.length - 1;
  }

  /**
   * The collate step: the example numbers of some sequences, in the given sequence order.
   *
   * @param sequences sequence numbers, for example one mini-batch from `miniBatches`
   * @param out where to write (grown when too small); reuse it across batches to avoid allocation
   * @returns the example numbers (a view of `out` of the right length)
   */
  collate(sequences: ArrayLike<number>, out?: Int32Array): Int32Array {
    let n = 0;
    for (let i = 0; i < sequences.length; i++) n += this.sequenceStart[sequences[i] + 1] - this.sequenceStart[sequences[i]];
    const buffer = out && out.length >= n ? out : new Int32Array(n);
    let at = 0;
    for (let i = 0; i < sequences.length; i++) {
      for (let e = this.sequenceStart[sequences[i]]; e < this.sequenceStart[sequences[i] + 1]; e++) buffer[at++] = e;
    }
    return buffer.subarray(0, n);
  }

  /**
   * Examples as tokens, for display.
   *
   * @param examples example numbers (default: the first 5)
   * @returns one row per example: context tokens and middle token
   */
  windows(examples: ArrayLike<number> = [0, 1, 2, 3, 4].filter((e) => e < this.count)): CbowWindow[] {
    const width = 2 * this.window;
    return Array.from(examples, (e) => ({
      context: Array.from(this.contexts.subarray(e * width, (e + 1) * width), (row) => this.index.keys[row]),
      target: this.index.keys[this.targets[e]],
    }));
  }

  /**
   * The share of examples whose middle token's number lies strictly between the smallest and the
   * largest number of its context: with window 1, `left < middle < right` or `right < middle < left`.
   * In sequences sorted by movieId this is 1 (the middle title can be read off its neighbours'
   * ids); in viewing order it is far lower.
   *
   * @param value a token's number, for example `(token) => Number(token)` for movieId tokens
   * @returns a share in [0, 1] (0 when there are no examples)
   */
  betweenNeighboursShare(value: (token: string) => number): number {
    const values = this.index.keys.map(value);
    const width = 2 * this.window;
    let between = 0;
    for (let e = 0; e < this.count; e++) {
      let low = Infinity;
      let high = -Infinity;
      for (let k = 0; k < width; k++) {
        const v = values[this.contexts[e * width + k]];
        low = Math.min(low, v);
        high = Math.max(high, v);
      }
      const middle = values[this.targets[e]];
      if (middle > low && middle < high) between++;
    }
    return this.count === 0 ? 0 : between / this.count;
  }
}
