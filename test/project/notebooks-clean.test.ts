/**
 * Committed notebooks are clean: no outputs, no execution counts, no execution timing metadata,
 * and their metadata names the project's `tslab` kernelspec (so JupyterLab opens them with it) and
 * carries tslab's own language_info (so JupyterLab does not mark them modified as they open).
 * Fix with `npm run clean-notebooks` (scripts/jupyter.mjs clean).
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { LANGUAGE_INFO } from "../../scripts/jupyter.mjs";

const NOTEBOOKS = path.resolve(__dirname, "..", "..", "notebooks");
const FIX = "run `npm run clean-notebooks` and commit the result";

interface Cell {
  cell_type: string;
  source: string | string[];
  outputs?: unknown[];
  execution_count?: number | null;
  metadata?: Record<string, unknown>;
}

const files = existsSync(NOTEBOOKS)
  ? readdirSync(NOTEBOOKS).filter((f) => f.endsWith(".ipynb")).sort()
  : [];

function firstLine(cell: Cell): string {
  const source = Array.isArray(cell.source) ? cell.source.join("") : cell.source;
  const line = source.split("\n").find((l) => l.trim()) ?? "";
  return line.length > 60 ? `${line.slice(0, 60)}…` : line;
}

describe("committed notebooks are clean", () => {
  if (files.length === 0) {
    it("no notebooks yet", () => {});
    return;
  }
  for (const file of files) {
    it(file, () => {
      const nb = JSON.parse(readFileSync(path.join(NOTEBOOKS, file), "utf8"));
      const problems: string[] = [];
      const kernel = nb.metadata?.kernelspec?.name;
      if (kernel !== "tslab") {
        problems.push(`metadata.kernelspec.name is ${JSON.stringify(kernel)}, not "tslab"`);
      }
      if (JSON.stringify(nb.metadata?.language_info) !== JSON.stringify(LANGUAGE_INFO)) {
        problems.push(
          `metadata.language_info is ${JSON.stringify(nb.metadata?.language_info)}, not what tslab reports ` +
            `(${JSON.stringify(LANGUAGE_INFO)}); JupyterLab would mark the notebook modified as soon as it opens`,
        );
      }
      (nb.cells as Cell[]).forEach((cell, index) => {
        const where = `cell ${index} (${JSON.stringify(firstLine(cell))})`;
        if (cell.outputs && cell.outputs.length > 0) problems.push(`${where} has ${cell.outputs.length} output(s)`);
        if (cell.execution_count != null) problems.push(`${where} has execution_count ${cell.execution_count}`);
        if (cell.metadata && "execution" in cell.metadata) problems.push(`${where} has execution timing metadata`);
      });
      assert.deepEqual(problems, [], `notebooks/${file} is not clean (${FIX}):\n  ${problems.join("\n  ")}`);
    });
  }
});
