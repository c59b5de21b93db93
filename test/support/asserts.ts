// Assertions on the exact error a user gets, shared by the test files that check bad input.
import assert from "node:assert/strict";
import { DataFormatError, OptionsError } from "movie-embeddings/internal";

/** Asserts an OptionsError whose message is exactly `message`. */
export function throwsOptions(run: () => unknown, message: string): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof OptionsError, `expected an OptionsError, got ${error}`);
    assert.equal(error.message, message);
    return true;
  });
}

/** Asserts that `run` rejects with an error of class `kind` whose message is exactly `message`. */
export function rejectsWith(run: () => Promise<unknown>, kind: typeof Error, message: string): Promise<void> {
  return assert.rejects(run, (error: unknown) => {
    assert.ok(error instanceof kind, `expected a ${kind.name}, got ${error}`);
    assert.equal(error.message, message);
    return true;
  });
}

/** Asserts a DataFormatError whose message, after the path, is exactly `rest`. */
export function throwsData(run: () => unknown, file: string, rest: string): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof DataFormatError, `expected a DataFormatError, got ${error}`);
    assert.equal(error.message, `${file}${rest}`);
    return true;
  });
}
