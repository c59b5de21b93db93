/**
 * tslab compatibility: notebooks are compiled by tslab's own TypeScript (@tslab/typescript-for-tslab,
 * TS 5.0) with tslab's own compiler options (module ESNext, moduleResolution Node10, target/lib
 * ES2022, esModuleInterop, declaration, skipLibCheck, resolveJsonModule, ...), not by the
 * project's TypeScript. This test
 *   1. compiles every test/fixtures/cells/*.ts as one notebook cell through tslab's own converter
 *      (node_modules/tslab/dist/converter.js), from the notebooks/ folder so that
 *      `import ... from "movie-embeddings"` resolves as in a notebook, and fails with the
 *      diagnostics tslab would print;
 *   2. parses every lib/dist/**\/*.d.ts with TS 5.0 and fails on syntactic diagnostics, so a
 *      declaration feature newer than TS 5.0 shows up here rather than in a user's notebook.
 * Needs the built lib (`npm run build`; `npm run test:lib` builds first).
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const ROOT = path.resolve(__dirname, "..", "..");
const CELLS = path.join(ROOT, "test", "fixtures", "cells");
const DIST = path.join(ROOT, "lib", "dist");
const NOTEBOOKS = path.join(ROOT, "notebooks");
const requireFromRoot = createRequire(path.join(ROOT, "package.json"));

interface TslabDiagnostic {
  start: { line: number; character: number };
  messageText: string;
  code: number;
  fileName?: string;
}
interface TslabConverter {
  convert(prevDecl: string, src: string): { diagnostics: TslabDiagnostic[]; output?: string };
  close(): void;
}

function listDts(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return listDts(full);
    return entry.name.endsWith(".d.ts") ? [full] : [];
  });
}

const cells = readdirSync(CELLS).filter((f) => f.endsWith(".ts")).sort();

describe("notebook cells compile under tslab", () => {
  let converter: TslabConverter;
  const cwd = process.cwd();

  before(() => {
    assert.ok(existsSync(path.join(DIST, "index.d.ts")), "lib/dist is missing: run `npm run build` first");
    // tslab compiles relative to the kernel's working directory, which is the notebook's folder.
    process.chdir(existsSync(NOTEBOOKS) ? NOTEBOOKS : ROOT);
    const { createConverter } = requireFromRoot("tslab/dist/converter") as {
      createConverter(options?: { isJS?: boolean; isBrowser?: boolean }): TslabConverter;
    };
    converter = createConverter();
  });

  after(() => {
    converter?.close();
    process.chdir(cwd);
  });

  for (const file of cells) {
    it(file, () => {
      const source = readFileSync(path.join(CELLS, file), "utf8");
      const result = converter.convert("", source);
      const messages = result.diagnostics.map((d) => {
        const where = d.fileName ? `${d.fileName}:` : `test/fixtures/cells/${file}:`;
        return `${where}${d.start.line + 1}:${d.start.character + 1} - TS${d.code}: ${d.messageText}`;
      });
      assert.deepEqual(messages, [], `tslab (TypeScript 5.0) reports, as a notebook would show:\n${messages.join("\n")}`);
      assert.ok(result.output, `tslab produced no JavaScript for ${file}`);
    });
  }
});

describe("lib/dist declarations parse under tslab's TypeScript 5.0", () => {
  it("has no syntactic diagnostics", () => {
    const ts = requireFromRoot("@tslab/typescript-for-tslab") as typeof import("typescript");
    const files = listDts(DIST);
    assert.ok(files.length > 0, "no lib/dist/**/*.d.ts: run `npm run build` first");
    const program = ts.createProgram(files, {
      noResolve: true,
      noLib: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
    });
    const messages: string[] = [];
    for (const file of files) {
      const sourceFile = program.getSourceFile(file);
      assert.ok(sourceFile, `TypeScript ${ts.version} could not read ${file}`);
      for (const d of program.getSyntacticDiagnostics(sourceFile)) {
        const pos = d.start !== undefined ? sourceFile.getLineAndCharacterOfPosition(d.start) : { line: 0, character: 0 };
        const text = ts.flattenDiagnosticMessageText(d.messageText, "\n");
        messages.push(`${path.relative(ROOT, file)}:${pos.line + 1}:${pos.character + 1} - TS${d.code}: ${text}`);
      }
    }
    assert.deepEqual(messages, [], `TypeScript ${ts.version} (tslab's) cannot parse:\n${messages.join("\n")}`);
  });
});
