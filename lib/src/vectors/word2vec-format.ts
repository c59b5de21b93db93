/**
 * The word2vec file formats, as word2vec.c and gensim's `save_word2vec_format` /
 * `load_word2vec_format` write and read them: a header line "count dim", then one line
 * "key v1 … vdim" per key (text), or "key " followed by dim little-endian float32s and a
 * newline (binary).
 *
 * Keys are separated from their values by a space, so a key holding whitespace cannot be read
 * back (gensim writes such keys raw and then fails or misreads them on load). Saving refuses
 * such keys unless `replaceWhitespace` says what to put in its place: train on movieId tokens
 * and show titles beside them, or pass e.g. `{ replaceWhitespace: "_" }`.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { DataFormatError, OptionsError } from "../errors";
import { KeyedVectors } from "./keyed-vectors";

/** Options of {@link saveWord2VecFormat}. */
export interface SaveWord2VecOptions {
  /** Binary format (word2vec.c's .bin). Default false (text). */
  readonly binary?: boolean;
  /** Replaces each run of whitespace in keys (else such keys are refused). */
  readonly replaceWhitespace?: string;
}

/** Options of {@link loadWord2VecFormat}. */
export interface LoadWord2VecOptions {
  /** Binary format. Default false (text). */
  readonly binary?: boolean;
}

/** The shortest decimal that reads back as the same float32 (as numpy's str of a float32). */
function float32ToString(value: number): string {
  for (let digits = 1; digits < 9; digits++) {
    const text = value.toPrecision(digits);
    if (Math.fround(Number(text)) === value) return String(Number(text));
  }
  return String(Number(value.toPrecision(9)));
}

function keysToWrite(wv: KeyedVectors, replaceWhitespace: string | undefined): string[] {
  return wv.keys.map((key) => {
    if (key.length === 0) throw new OptionsError("saveWord2VecFormat: the word2vec format cannot hold an empty key");
    if (!/\s/.test(key)) return key;
    if (replaceWhitespace === undefined) {
      throw new OptionsError(
        `saveWord2VecFormat: key ${JSON.stringify(key)} contains whitespace, which the word2vec format uses as a ` +
          `separator (gensim would misread the file); use movieId tokens as keys, or pass { replaceWhitespace: "_" }`,
      );
    }
    if (/\s/.test(replaceWhitespace)) throw new OptionsError("saveWord2VecFormat: replaceWhitespace must not contain whitespace");
    return key.replace(/\s+/g, replaceWhitespace);
  });
}

/**
 * Writes `wv` in the word2vec format, readable by gensim's `KeyedVectors.load_word2vec_format`
 * and by word2vec.c's tools. Keys are written in `wv.keys` order.
 *
 * @param wv the vectors
 * @param path the file to write; missing parent folders are created
 * @param options `binary` for the .bin format; `replaceWhitespace` for keys with spaces
 * @throws OptionsError for a key with whitespace (without replaceWhitespace), an empty key or keys
 *   colliding after replacement
 * @example
 * saveWord2VecFormat(model.wv, "out/movies.w2v.txt");
 * saveWord2VecFormat(model.wv, "out/movies.w2v.bin", { binary: true });
 */
export function saveWord2VecFormat(wv: KeyedVectors, path: string, options: SaveWord2VecOptions = {}): void {
  const keys = keysToWrite(wv, options.replaceWhitespace);
  if (new Set(keys).size !== keys.length) {
    throw new OptionsError("saveWord2VecFormat: two keys are the same once whitespace is replaced");
  }
  const dim = wv.vectorSize;
  const header = `${keys.length} ${dim}\n`;
  mkdirSync(dirname(path), { recursive: true });
  if (options.binary) {
    const parts: Buffer[] = [Buffer.from(header, "utf8")];
    keys.forEach((key, row) => {
      const values = Buffer.alloc(dim * 4);
      for (let d = 0; d < dim; d++) values.writeFloatLE(wv.vectors[row * dim + d], d * 4);
      parts.push(Buffer.from(`${key} `, "utf8"), values, Buffer.from("\n"));
    });
    writeFileSync(path, Buffer.concat(parts));
    return;
  }
  const lines = [header];
  keys.forEach((key, row) => {
    const values: string[] = new Array(dim);
    for (let d = 0; d < dim; d++) values[d] = float32ToString(wv.vectors[row * dim + d]);
    lines.push(`${key} ${values.join(" ")}\n`);
  });
  writeFileSync(path, lines.join(""), "utf8");
}

function parseHeader(path: string, line: string): { count: number; dim: number } {
  const parts = line.trim().split(/\s+/);
  const count = Number(parts[0]);
  const dim = Number(parts[1]);
  if (parts.length !== 2 || !Number.isInteger(count) || !Number.isInteger(dim) || count < 0 || dim <= 0) {
    throw new DataFormatError(path, 1, `header ${JSON.stringify(line)}`, `"<count> <dimensions>"`);
  }
  return { count, dim };
}

/**
 * Reads a word2vec-format file (as gensim's `load_word2vec_format`: keys split from values on
 * single spaces; in binary files, newlines before a key are skipped; a key seen twice keeps its
 * first vector).
 *
 * @param path the file
 * @param options `binary` for the .bin format
 * @returns the vectors
 * @throws DataFormatError when the file does not hold what its header announces
 */
export function loadWord2VecFormat(path: string, options: LoadWord2VecOptions = {}): KeyedVectors {
  const data = readFileSync(path);
  const headerEnd = data.indexOf(0x0a);
  if (headerEnd < 0) throw new DataFormatError(path, 1, "no header line", `"<count> <dimensions>"`);
  const { count, dim } = parseHeader(path, data.subarray(0, headerEnd).toString("utf8"));
  const keys: string[] = [];
  const seen = new Set<string>();
  const vectors = new Float32Array(count * dim);
  const add = (key: string, row: ArrayLike<number>): void => {
    if (seen.has(key)) return;
    seen.add(key);
    vectors.set(row, keys.length * dim);
    keys.push(key);
  };
  if (options.binary) {
    let offset = headerEnd + 1;
    for (let i = 0; i < count; i++) {
      while (offset < data.length && data[offset] === 0x0a) offset++;
      const space = data.indexOf(0x20, offset);
      if (space < 0 || space + 1 + dim * 4 > data.length) {
        throw new DataFormatError(path, null, `the file ends after ${i} of ${count} vectors`, `${count} vectors of ${dim} float32s`);
      }
      const key = data.subarray(offset, space).toString("utf8");
      const row = new Float32Array(dim);
      for (let d = 0; d < dim; d++) row[d] = data.readFloatLE(space + 1 + d * 4);
      add(key, row);
      offset = space + 1 + dim * 4;
    }
  } else {
    const lines = data.subarray(headerEnd + 1).toString("utf8").split("\n");
    for (let i = 0; i < count; i++) {
      const line = lines[i];
      if (line === undefined || line.trim() === "") {
        throw new DataFormatError(path, null, `the file ends after ${i} of ${count} vectors`, `${count} lines`);
      }
      const parts = line.trimEnd().split(" ");
      if (parts.length !== dim + 1) {
        throw new DataFormatError(path, i + 2, `${parts.length - 1} values`, `a key and ${dim} values separated by single spaces`);
      }
      const row = new Float32Array(dim);
      for (let d = 0; d < dim; d++) {
        const value = Number(parts[d + 1]);
        if (Number.isNaN(value) && parts[d + 1] !== "nan") {
          throw new DataFormatError(path, i + 2, `value ${JSON.stringify(parts[d + 1])}`, "a number");
        }
        row[d] = value;
      }
      add(parts[0], row);
    }
  }
  return new KeyedVectors(keys, keys.length === count ? vectors : vectors.slice(0, keys.length * dim), dim);
}
