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
import { isUtf8 } from "node:buffer";
import { DataFormatError, OptionsError } from "../errors";
import { firstInvalidUtf8, readRegularFile, writeFileChecked } from "../data/files";
import { checkOptions, type OptionChecks } from "../options";
import { KeyedVectors } from "./keyed-vectors";

/** Options of {@link saveWord2VecFormat}. */
export interface SaveWord2VecOptions {
  /** Binary format (word2vec.c's .bin). Default false (text). */
  readonly binary?: boolean;
  /** Replaces each run of whitespace in keys (else such keys are refused). */
  readonly replaceWhitespace?: string;
}

const SAVE_CHECKS: OptionChecks<SaveWord2VecOptions> = { binary: "boolean", replaceWhitespace: "string" };

/** Options of {@link loadWord2VecFormat}. */
export interface LoadWord2VecOptions {
  /** Binary format. Default false (text). */
  readonly binary?: boolean;
}

const LOAD_CHECKS: OptionChecks<LoadWord2VecOptions> = { binary: "boolean" };

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
  checkOptions("saveWord2VecFormat", options, SAVE_CHECKS);
  checkFiniteVectors("saveWord2VecFormat", wv);
  const keys = keysToWrite(wv, options.replaceWhitespace);
  if (new Set(keys).size !== keys.length) {
    throw new OptionsError("saveWord2VecFormat: two keys are the same once whitespace is replaced");
  }
  const dim = wv.vectorSize;
  const header = `${keys.length} ${dim}\n`;
  if (options.binary) {
    const parts: Buffer[] = [Buffer.from(header, "utf8")];
    keys.forEach((key, row) => {
      const values = Buffer.alloc(dim * 4);
      for (let d = 0; d < dim; d++) values.writeFloatLE(wv.vectors[row * dim + d], d * 4);
      parts.push(Buffer.from(`${key} `, "utf8"), values, Buffer.from("\n"));
    });
    writeFileChecked(path, Buffer.concat(parts));
    return;
  }
  const lines = [header];
  keys.forEach((key, row) => {
    const values: string[] = new Array(dim);
    for (let d = 0; d < dim; d++) values[d] = float32ToString(wv.vectors[row * dim + d]);
    lines.push(`${key} ${values.join(" ")}\n`);
  });
  writeFileChecked(path, lines.join(""));
}

/**
 * Refuses vectors holding NaN or ±Infinity before a file is written: word2vec readers (ours,
 * gensim's) would refuse or misread it.
 */
function checkFiniteVectors(caller: string, wv: KeyedVectors): void {
  const dim = wv.vectorSize;
  for (let i = 0; i < wv.vectors.length; i++) {
    if (!Number.isFinite(wv.vectors[i])) {
      const row = Math.floor(i / dim);
      throw new OptionsError(`${caller}: the vector of ${JSON.stringify(wv.keys[row])} holds ${wv.vectors[i]} at dimension ${i - row * dim}; only finite numbers can be saved`);
    }
  }
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

const EXPECTED_FILE = "a word2vec-format file (a \"<count> <dimensions>\" header, then one key and its values per row)";

function lineAt(bytes: Buffer, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

/**
 * Reads a word2vec-format file (as gensim's `load_word2vec_format`: keys split from values on
 * single spaces; in binary files, newlines before a key are skipped; a key seen twice keeps its
 * first vector, as gensim does). Every value must be finite, keys valid UTF-8, and the header's
 * size must fit the file (checked before anything is allocated).
 *
 * @param path the file
 * @param options `binary` for the .bin format
 * @returns the vectors
 * @throws DataFormatError naming the file (and line or key) when it is missing or not a regular
 *   file, when it does not hold what its header announces, holds NaN or Infinity, bytes that are
 *   not UTF-8, or (binary) a key containing a space
 */
export function loadWord2VecFormat(path: string, options: LoadWord2VecOptions = {}): KeyedVectors {
  checkOptions("loadWord2VecFormat", options, LOAD_CHECKS);
  const data = readRegularFile(path, EXPECTED_FILE);
  const headerEnd = data.indexOf(0x0a);
  if (headerEnd < 0) throw new DataFormatError(path, 1, "no header line", `"<count> <dimensions>"`);
  const { count, dim } = parseHeader(path, data.subarray(0, headerEnd).toString("utf8"));
  // the smallest row: a 1-byte key, then " v" per value (text) or a space and dim float32s (binary)
  const smallestRow = options.binary ? 2 + 4 * dim : 1 + 2 * dim;
  const body = data.length - headerEnd - 1;
  if (count * smallestRow > body + 1) {
    throw new DataFormatError(path, 1, `the header announces ${count} vectors of ${dim} values, but the file holds only ${body} bytes after it`, `at least ${smallestRow} bytes per vector (a truncated file, or a header of another file)`);
  }
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
    const spaceHint = "(a key containing a space splits there in the binary format: save with replaceWhitespace)";
    for (let i = 0; i < count; i++) {
      while (offset < data.length && data[offset] === 0x0a) offset++;
      const space = data.indexOf(0x20, offset);
      if (space < 0 || space + 1 + dim * 4 > data.length) {
        throw new DataFormatError(path, null, `the file ends after ${i} of ${count} vectors`, `${count} vectors of ${dim} float32s ${spaceHint}`);
      }
      const keyBytes = data.subarray(offset, space);
      if (!isUtf8(keyBytes) || keyBytes.some((byte) => byte < 0x20 && byte !== 0x09)) {
        throw new DataFormatError(path, null, `key ${i + 1} (at byte ${offset}) is not UTF-8 text`, `UTF-8 keys without control characters ${spaceHint}`);
      }
      const key = keyBytes.toString("utf8");
      const row = new Float32Array(dim);
      for (let d = 0; d < dim; d++) {
        row[d] = data.readFloatLE(space + 1 + d * 4);
        if (!Number.isFinite(row[d])) throw new DataFormatError(path, null, `the vector of ${JSON.stringify(key)} holds ${row[d]} at dimension ${d}`, "finite float32 values");
      }
      add(key, row);
      offset = space + 1 + dim * 4;
    }
    const rest = data.subarray(offset);
    if (rest.some((byte) => byte !== 0x0a && byte !== 0x0d && byte !== 0x20)) {
      throw new DataFormatError(path, null, `${rest.length} bytes follow the last of the ${count} vectors the header announces`, `exactly ${count} vectors ${spaceHint}`);
    }
  } else {
    const bad = firstInvalidUtf8(data);
    if (bad >= 0) throw new DataFormatError(path, lineAt(data, bad), `byte 0x${data[bad].toString(16)} at offset ${bad} is not UTF-8`, "UTF-8 text");
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
        const text = parts[d + 1];
        const value = text === "" ? NaN : Number(text);
        if (!Number.isFinite(value)) {
          throw new DataFormatError(path, i + 2, `value ${d + 1} of ${JSON.stringify(parts[0])} is ${JSON.stringify(text)}`, "a finite number");
        }
        row[d] = value;
      }
      add(parts[0], row);
    }
  }
  return new KeyedVectors(keys, keys.length === count ? vectors : vectors.slice(0, keys.length * dim), dim);
}
