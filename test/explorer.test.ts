/**
 * The movie explorer (lib/src/explorer), the part that needs no trained models: the page's own
 * float16 decoder against the library's. Packing, the page's search on real models, the standalone
 * file and the page in Chromium are in slow/explorer.test.ts.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { loadPageCore } from "movie-embeddings/internal";
import { fromFloat16Bits } from "../lib/src/vectors/npy";

describe("the page's search, run in Node", () => {
  it("decodes float16 exactly as the library's .npy reader", () => {
    const core = loadPageCore();
    for (let bits = 0; bits < 65536; bits++) {
      const page = core.halfToFloat(bits);
      const library = fromFloat16Bits(bits);
      assert.ok(Object.is(Math.fround(page), Math.fround(library)) || (Number.isNaN(page) && Number.isNaN(library)), `bits ${bits}: ${page} vs ${library}`);
    }
  });
});
