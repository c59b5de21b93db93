// `npm run bench -- --write`: a section's run replaces its own block of bench/RESULTS.md and nothing
// else, and its target lines say met or missed from the numbers given.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
// @ts-expect-error: plain ES modules of the bench, without type declarations
import { renderBlock, writeBlock } from "../bench/results.mjs";
// @ts-expect-error: plain ES modules of the bench, without type declarations
import { targetLine } from "../bench/common.mjs";

const run = (name: string, lines: string[], targets: string[] = []) =>
  renderBlock({
    name,
    command: `npm run bench -- --only ${name} --write`,
    commit: "abc1234+dirty",
    machine: "2 cores, Test CPU",
    versions: ["pandas 3.1.1"],
    started: new Date("2026-11-29T22:31:00Z"),
    finished: new Date("2026-11-29T22:40:00Z"),
    loadStart: "4.10",
    loadEnd: "5.20",
    lines: ["", ...lines, ""],
    notes: [],
    targets,
  });

test("writeBlock replaces only the named section's block and keeps the prose and other blocks", () => {
  const dir = mkdtempSync(join(tmpdir(), "bench-results-"));
  try {
    const file = join(dir, "RESULTS.md");
    const before = [
      "# Benchmark results",
      "",
      "## Loading",
      "",
      "Prose on how loading is measured.",
      "",
      "<!-- bench:loading -->\nold loading table\n<!-- /bench:loading -->",
      "",
      "## Text",
      "",
      "<!-- bench:text -->\nold text table\n<!-- /bench:text -->",
      "",
    ].join("\n");
    writeFileSync(file, before);
    writeBlock("loading", "Loading", run("loading", ["new loading table $1 $&"], ["a target: met."]), file);
    const after = readFileSync(file, "utf8");
    assert.ok(after.includes("Prose on how loading is measured."));
    assert.ok(after.includes("<!-- bench:text -->\nold text table\n<!-- /bench:text -->"));
    assert.ok(!after.includes("old loading table"));
    // Replacement patterns in the new text are written literally.
    assert.ok(after.includes("```\nnew loading table $1 $&\n```"));
    assert.ok(after.includes("Run 2026-11-29 22:31–22:40 UTC, commit abc1234+dirty, 2 cores, Test CPU; load average (1 min) 4.10 at the start, 5.20 at the end."));
    assert.ok(after.includes("pandas 3.1.1. Command: `npm run bench -- --only loading --write`."));
    assert.ok(after.includes("- a target: met."));
    assert.equal(after.match(/<!-- bench:loading -->/g)?.length, 1);

    writeBlock("scaling", "Scaling", run("scaling", ["scaling table"]), file);
    const appended = readFileSync(file, "utf8");
    assert.ok(appended.startsWith(after.trimEnd()));
    assert.ok(appended.trimEnd().endsWith("## Scaling\n\n" + run("scaling", ["scaling table"])));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("targetLine says met or missed per setting, from the checks given", () => {
  const ok = { label: "a", value: "0.4×", met: true };
  const bad = { label: "b", value: "1.2×", met: false };
  assert.equal(targetLine("time ≤ 0.5×", [ok]), "time ≤ 0.5×: met: a (0.4×).");
  assert.equal(targetLine("time ≤ 0.5×", [ok, { ...ok, label: "c" }]), "time ≤ 0.5×: met on both: a (0.4×); c (0.4×).");
  assert.equal(targetLine("time ≤ 0.5×", [bad, ok]), "time ≤ 0.5×: missed: b (1.2×). Met: a (0.4×).");
  assert.equal(targetLine("time ≤ 0.5×", [bad, bad, bad]), "time ≤ 0.5×: missed on all 3: b (1.2×); b (1.2×); b (1.2×).");
  assert.equal(targetLine("time ≤ 0.5×", []), "time ≤ 0.5×: not measured in this run.");
});
