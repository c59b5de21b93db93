/**
 * Where datasets live: the repository's data/ folder, the shipped default, and how a dataset name
 * or folder given by a user becomes a path.
 */
import * as path from "node:path";
import { OptionsError } from "../../errors";

/** The repository's data/ folder, where shipped datasets and models live. */
export const DATA_DIR = path.resolve(__dirname, "..", "..", "..", "..", "data");

/** The dataset {@link loadMovieLens} reads when given no folder: the shipped ml-latest-small. */
export const DEFAULT_MOVIELENS_DIR = path.join(DATA_DIR, "ml-latest-small");

/**
 * Where a dataset lives: a bare name such as `"ml-latest-small"` or `"ml-25m"` means the folder of
 * that name under {@link DATA_DIR}; anything with a path separator (or `.`) is a path, resolved
 * against the working directory.
 *
 * @example
 * datasetDir("ml-latest-small"); // "<repo>/data/ml-latest-small"
 * datasetDir("./my-copy");       // "<cwd>/my-copy"
 */
export function datasetDir(nameOrDir: string): string {
  if (typeof nameOrDir !== "string" || nameOrDir.trim() === "") {
    throw new OptionsError(`datasetDir: a dataset is a name under data/ ("ml-latest-small") or a folder path, got ${typeof nameOrDir === "string" ? '""' : nameOrDir === null ? "null" : typeof nameOrDir}`);
  }
  const isName = /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(nameOrDir) && !nameOrDir.startsWith(".");
  return isName ? path.join(DATA_DIR, nameOrDir) : path.resolve(nameOrDir);
}
