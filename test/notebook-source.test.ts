// showSource: one declaration of the library's TypeScript source, read from lib/src and shown highlighted.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { OptionsError, SOURCE_DIR, UnknownKeyError, sourceBundle, sourceOf } from "movie-embeddings/internal";

test("sourceOf gives a method with its TSDoc, exactly the file's lines, dedented", () => {
  const excerpt = sourceOf("cbow/model.ts#plainBlock");
  const lines = readFileSync(join(SOURCE_DIR, "cbow", "model.ts"), "utf8").split("\n");
  const slice = lines.slice(excerpt.startLine - 1, excerpt.endLine);
  assert.equal(excerpt.file, "src/cbow/model.ts");
  assert.match(slice[0], /^\s*\/\*\*/);
  assert.match(slice.at(-1)!, /^ {2}\}$/, "ends at the method's closing brace");
  assert.equal(excerpt.code, slice.map((l) => l.slice(2)).join("\n"));
  assert.match(excerpt.code, /forward 1: h_j = Σ_k E\[c_jk\]/);
  assert.match(excerpt.code, /backward 3:/);
  assert.ok(!sourceOf("cbow/model.ts#plainBlock", { doc: false }).code.startsWith("/**"));
});

test("sourceOf ends a declaration at its own closing brace, not at braces in its signature", () => {
  // `options = {}` in the parameters and `{ start; end }` as a return type must not end it
  const trainCbow = sourceOf("cbow/trainer.ts#trainCbow").code;
  assert.match(trainCbow, /^export async function trainCbow\(/m);
  assert.match(trainCbow, /return \{\n\s+model,\n\s+log: run\.log,/);
  assert.ok(trainCbow.endsWith("\n}"));
  const positions = sourceOf("cbow/examples.ts#middlePositions", { doc: false }).code;
  assert.equal(positions.split("\n").length, 3);
});

test("sourceOf refuses unknown files and names with the closest ones", () => {
  assert.throws(() => sourceOf("ncf/model.ts#predictRow"), (e: unknown) => e instanceof UnknownKeyError && /did you mean "predictRows"/.test(e.message));
  assert.throws(() => sourceOf("ncf/modle.ts#predictRows"), (e: unknown) => e instanceof UnknownKeyError && /"ncf\/model\.ts"/.test(e.message));
  assert.throws(() => sourceOf("ncf/model.ts#predictRows", { docs: false } as never), OptionsError);
});

test("sourceBundle: highlighted, escaped HTML and the plain code with its file and lines", () => {
  const bundle = sourceBundle("ncf/model.ts#predictRows");
  const excerpt = sourceOf("ncf/model.ts#predictRows");
  assert.equal(bundle["text/plain"], `// movie-embeddings/src/ncf/model.ts · lines ${excerpt.startLine}–${excerpt.endLine}\n${excerpt.code}`);
  const html = String(bundle["text/html"]);
  assert.match(html, /font-weight:bold">for<\/span>/);
  assert.match(html, /i &lt; user\.length/);
  assert.equal(html.replace(/<[^>]+>/g, "").includes(excerpt.code.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;")), true);
});
