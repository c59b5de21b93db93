// Numbers quoted in the notebooks' prose: every phrase registered in test/notebook-quotes.json is in
// the committed markdown and names a metric the notebook records. The headless run (`--check`,
// scripts/run_notebooks.py) then checks that each quoted number is the one the run recorded.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

const ROOT = path.resolve(__dirname, "..", "..");
const registry = JSON.parse(readFileSync(path.join(ROOT, "test", "notebook-quotes.json"), "utf8")) as Record<string, unknown>;
const expectations = JSON.parse(readFileSync(path.join(ROOT, "test", "notebook-expectations.json"), "utf8")) as Record<string, Record<string, unknown>>;
const FORMAT = /^(int|string|fixed[0-6]|percent[0-6])$/;
const NUMBER = String.raw`[-−]?[\d,]*\.?\d+`;
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const squash = (text: string) => text.replace(/\s+/g, " ");

interface Quote {
  metric: string;
  format: string;
  quote: string;
}

for (const [name, entries] of Object.entries(registry)) {
  if (name.startsWith("$")) continue;
  test(`${name}: every registered quote is in the prose and names a recorded metric`, () => {
    const file = path.join(ROOT, "notebooks", `${name}.ipynb`);
    assert.ok(existsSync(file), `notebooks/${name}.ipynb does not exist`);
    const cells = (JSON.parse(readFileSync(file, "utf8")) as { cells: { cell_type: string; source: string | string[] }[] }).cells;
    const text = (kind: string) => squash(cells.filter((c) => c.cell_type === kind).map((c) => (Array.isArray(c.source) ? c.source.join("") : c.source)).join(" "));
    const prose = text("markdown");
    const code = text("code");
    assert.ok(Array.isArray(entries) && entries.length > 0, `${name}: expected a list of quotes`);
    for (const entry of entries as Quote[]) {
      assert.match(entry.format, FORMAT, `${name} ${entry.metric}: format ${entry.format}`);
      const parts = squash(entry.quote).split("{}");
      assert.equal(parts.length, 2, `${name} ${entry.metric}: the quote needs exactly one {}: ${entry.quote}`);
      const value = entry.format === "string" ? ".+?" : NUMBER;
      assert.match(prose, new RegExp(escape(parts[0]) + value + escape(parts[1])), `${name}: the phrase ${JSON.stringify(entry.quote)} (${entry.metric}) is in no markdown cell`);
      // a name the code spells out, or one it builds (05's per-method metrics) that the expectations list
      const recorded = new RegExp(`\\b${escape(entry.metric)}\\b`).test(code) || entry.metric in (expectations[name] ?? {});
      assert.ok(recorded, `${name}: ${entry.metric} is neither recorded by name in a code cell nor listed in test/notebook-expectations.json`);
    }
  });
}
