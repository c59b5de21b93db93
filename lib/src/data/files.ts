/**
 * The file-system boundary of every loader: a path that is missing, a folder, or not a regular
 * file (a FIFO would block forever, a device never ends) is refused with a {@link DataFormatError}
 * naming the path and what was expected, instead of Node's bare ENOENT / EISDIR or a hang.
 */
import { isUtf8 } from "node:buffer";
import * as fs from "node:fs";
import * as path from "node:path";
import { DataFormatError } from "../errors";

/**
 * Checks that `file` is a regular file that can be read.
 *
 * @param file the path
 * @param expected what the file should be, for the message ("a CSV file with columns …")
 * @returns its size in bytes
 * @throws DataFormatError naming the path: not found, a folder, not a regular file, or unreadable
 */
export function checkRegularFile(file: string, expected: string): number {
  let stats: fs.Stats;
  try {
    stats = fs.statSync(file);
  } catch (error) {
    throw fileSystemError(file, error, expected);
  }
  if (stats.isDirectory()) throw new DataFormatError(file, null, "is a folder, not a file", expected);
  if (!stats.isFile()) throw new DataFormatError(file, null, "is not a regular file (a pipe, socket or device)", expected);
  return stats.size;
}

/**
 * Reads a whole regular file (see {@link checkRegularFile}).
 *
 * @param file the path
 * @param expected what the file should be, for the message
 * @returns its bytes
 * @throws DataFormatError naming the path when it cannot be read
 */
export function readRegularFile(file: string, expected: string): Buffer {
  checkRegularFile(file, expected);
  try {
    return fs.readFileSync(file);
  } catch (error) {
    throw fileSystemError(file, error, expected);
  }
}

/**
 * Writes a file, creating its folder; a file-system failure (the path is a folder, a parent is a
 * file, no permission) comes back as a {@link DataFormatError} naming the path.
 *
 * @param file the path
 * @param data what to write
 * @throws DataFormatError naming the path when it cannot be written
 */
export function writeFileChecked(file: string, data: string | Uint8Array): void {
  try {
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    fs.writeFileSync(file, data);
  } catch (error) {
    throw fileSystemError(file, error, "a path where a file can be written");
  }
}

/**
 * A Node file-system error in the library's words.
 *
 * @param file the path at fault
 * @param error what Node threw
 * @param expected what the path should hold
 * @returns a DataFormatError naming the path (the error itself when it is not a file-system error)
 */
export function fileSystemError(file: string, error: unknown, expected: string): Error {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const problems: Record<string, string> = {
    ENOENT: "file not found",
    ENOTDIR: "file not found (a part of the path is not a folder)",
    EISDIR: "is a folder, not a file",
    EEXIST: "a file is in the way of a folder",
    EACCES: "permission denied",
    EPERM: "permission denied",
    ELOOP: "too many symbolic links",
    ENAMETOOLONG: "the path is too long",
  };
  if (code !== undefined && code in problems) return new DataFormatError(file, null, problems[code], expected);
  if (code !== undefined) return new DataFormatError(file, null, `file-system error ${code}`, expected);
  return error instanceof Error ? error : new Error(String(error));
}

/**
 * Where UTF-8 decoding of `bytes` first fails (the start of the bad character), or -1 when all of
 * it is valid. Fast when valid (one `isUtf8` pass); bisects only to name the place of an error.
 *
 * @param bytes the bytes
 * @param start where to begin
 * @returns the offset in `bytes`, or -1
 */
export function firstInvalidUtf8(bytes: Uint8Array, start = 0): number {
  if (isUtf8(bytes.subarray(start))) return -1;
  let lo = start;
  let hi = bytes.length;
  // the shortest invalid prefix, by bisection on whole prefixes cut at character starts
  while (hi - lo > 1) {
    let mid = (lo + hi) >> 1;
    while (mid > lo && (bytes[mid] & 0xc0) === 0x80) mid--;
    if (mid === lo) break;
    if (isUtf8(bytes.subarray(start, mid))) lo = mid;
    else hi = mid;
  }
  return lo;
}
