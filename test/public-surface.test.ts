// The two entry points: `movie-embeddings` (what notebooks and users call) and
// `movie-embeddings/internal` (everything, for tests, scripts and benchmarks). See README "Public surface".
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import * as main from "movie-embeddings";
import * as internal from "movie-embeddings/internal";

const ROOT = path.resolve(__dirname, "..");

test("the internal entry point holds every public name, as the same object", () => {
  const internalNames = new Map(Object.entries(internal));
  const missing = Object.keys(main).filter((name) => !internalNames.has(name));
  assert.deepEqual(missing, [], "exported by movie-embeddings but not by movie-embeddings/internal (add it to lib/src/internal.ts)");
  for (const [name, value] of Object.entries(main)) assert.equal(internalNames.get(name), value, `${name} differs between the entry points`);
  assert.ok(Object.keys(internal).length > Object.keys(main).length, "internal has the names main leaves out");
});

test("every value a notebook imports from movie-embeddings is on the main entry point", () => {
  const exported = new Set(Object.keys(main));
  const notebooks = readdirSync(path.join(ROOT, "notebooks")).filter((file) => file.endsWith(".ipynb"));
  assert.ok(notebooks.length > 0);
  for (const file of notebooks) {
    const cells = JSON.parse(readFileSync(path.join(ROOT, "notebooks", file), "utf8")).cells as { cell_type: string; source: string | string[] }[];
    const code = cells.filter((cell) => cell.cell_type === "code").map((cell) => [].concat(cell.source as never).join("")).join("\n");
    for (const match of code.matchAll(/import\s*(type\s*)?\{([^}]*)\}\s*from\s*"(movie-embeddings[^"]*)"/g)) {
      assert.equal(match[3], "movie-embeddings", `${file} imports from ${match[3]}: notebooks use the public entry point only`);
      if (match[1]) continue; // types: checked by tslab when the notebook runs
      const names = match[2].split(",").map((part) => part.trim()).filter((part) => part && !part.startsWith("type "));
      const missing = names.map((part) => part.split(/\s+as\s+/)[0]).filter((name) => !exported.has(name));
      assert.deepEqual(missing, [], `${file} imports names movie-embeddings does not export (add them to lib/src/index.ts)`);
    }
  }
});
