// The options cases of every folder's test file: each exported function or class that takes an
// options object, given what an adversarial (or hurried) user types (a typo, NaN, Infinity, a
// wrong type, a value out of range), is refused with the function's name, the option and what was
// expected: never ignored.
import { test } from "node:test";
import assert from "node:assert/strict";
import { OptionsError } from "movie-embeddings/internal";

/** One test per case: [what is called, the call, the exact message] — synchronous calls. */
export function optionCases(cases: [string, () => unknown, string][]): void {
  for (const [what, run, message] of cases) {
    test(`options: ${what}`, () => {
      assert.throws(run, (error: unknown) => {
        assert.ok(error instanceof OptionsError, `expected an OptionsError, got ${error}`);
        assert.equal(error.message, message);
        return true;
      });
    });
  }
}

/** The same for functions that return a promise. */
export function asyncOptionCases(asyncCases: [string, () => Promise<unknown>, string][]): void {
  for (const [what, run, message] of asyncCases) {
    test(`options: ${what}`, async () => {
      await assert.rejects(run, (error: unknown) => {
        assert.ok(error instanceof OptionsError, `expected an OptionsError, got ${error}`);
        assert.equal(error.message, message);
        return true;
      });
    });
  }
}
