/**
 * Errors a user can act on: each says what went wrong, where (file, line, key or option) and
 * what was expected.
 */

/** A data file is missing or does not hold what was expected. */
export class DataFormatError extends Error {
  /**
   * @param file the file (or folder) at fault
   * @param line the 1-based line number in the file, when one line is at fault
   * @param problem what was found
   * @param expected what was expected instead
   */
  constructor(
    readonly file: string,
    readonly line: number | null,
    readonly problem: string,
    readonly expected?: string,
  ) {
    const where = line === null ? file : `${file}, line ${line}`;
    super(`${where}: ${problem}${expected ? `; expected ${expected}` : ""}`);
    this.name = "DataFormatError";
  }
}

/** An option passed to a function is unknown or out of range. */
export class OptionsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "OptionsError";
  }
}

/** A key (a title, a movieId, a token) is not known, with the closest known keys as suggestions. */
export class UnknownKeyError extends Error {
  constructor(
    readonly key: string,
    readonly what: string,
    readonly suggestions: readonly string[],
  ) {
    const hint = suggestions.length ? `; did you mean ${suggestions.map((s) => JSON.stringify(s)).join(", ")}?` : "";
    super(`${JSON.stringify(key)} is not ${what}${hint}`);
    this.name = "UnknownKeyError";
  }
}

/** A dataset could not be downloaded, verified or extracted; the message says what to do instead. */
export class DownloadError extends Error {
  /**
   * @param where the URL, zip file or folder at fault
   * @param problem what happened
   * @param expected what was expected instead, and how to get there
   */
  constructor(
    readonly where: string,
    readonly problem: string,
    readonly expected: string,
  ) {
    super(`${where}: ${problem}; expected ${expected}`);
    this.name = "DownloadError";
  }
}

/** Training diverged (the loss or the weights became NaN or infinite); the message names the option to lower. */
export class TrainingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TrainingError";
  }
}

/** A list that must hold each key once holds one twice (a token, a movieId, a row key). */
export class DuplicateKeyError extends OptionsError {
  /**
   * @param caller the function or class that was given the list
   * @param noun what one key is ("token", "movieId")
   * @param key the repeated key
   * @param first the row where it first appears
   * @param second the row where it appears again
   */
  constructor(
    caller: string,
    readonly noun: string,
    readonly key: string | number,
    readonly first: number,
    readonly second: number,
  ) {
    super(`${caller}: ${noun} ${typeof key === "string" ? JSON.stringify(key) : key} appears twice (rows ${first} and ${second}); expected each ${noun} once`);
    this.name = "DuplicateKeyError";
  }
}
