/**
 * The headless notebook runner (scripts/jupyter.mjs run-notebooks → scripts/run_notebooks.py) on
 * small scratch notebooks: a passing notebook with recorded metrics, a compile error, stderr output,
 * a cell over its time limit and a metric outside its expectation. Checks the summary lines, the
 * failure messages (cell index, source, tslab's stderr), the metrics file and the exit status.
 * Needs the project's Jupyter (.venv, `npm run setup-jupyter`); skipped without it, except in CI.
 */
import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const ROOT = path.resolve(__dirname, "..", "..");
const inCI = !!process.env.CI && process.env.CI !== "false";

interface CellSpec {
  source: string;
  metadata?: Record<string, unknown>;
  markdown?: boolean;
}

function notebook(cells: (string | CellSpec)[], metadata: Record<string, unknown> = {}): string {
  return JSON.stringify({
    cells: cells.map((c, i) => {
      const cell: CellSpec = typeof c === "string" ? { source: c } : c;
      if (cell.markdown) return { cell_type: "markdown", id: `cell-${i}`, metadata: {}, source: cell.source };
      return {
        cell_type: "code",
        execution_count: null,
        id: `cell-${i}`,
        metadata: cell.metadata ?? {},
        outputs: [],
        source: cell.source,
      };
    }),
    metadata: {
      kernelspec: { display_name: "TypeScript", language: "typescript", name: "tslab" },
      ...metadata,
    },
    nbformat: 4,
    nbformat_minor: 5,
  });
}

const dir = mkdtempSync(path.join(os.tmpdir(), "me-runner-"));
const out = path.join(dir, "out");
const files: Record<string, string> = {
  "good.ipynb": notebook([
    'import { recordMetrics } from "movie-embeddings";\nrecordMetrics({ answer: 42, label: "x" });',
    'console.log("hello");',
    { source: 'console.warn("allowed here");', metadata: { movie_embeddings: { allow_stderr: true } } },
  ]),
  "compile.ipynb": notebook(["1 + 1", 'const n: number = "nope";']),
  "stderr.ipynb": notebook(['console.error("careful");']),
  "slow.ipynb": notebook(["await new Promise((resolve) => setTimeout(resolve, 4000));"], {
    movie_embeddings: { timeout: 2 },
  }),
  "metric.ipynb": notebook(['import { recordMetrics } from "movie-embeddings";\nrecordMetrics({ answer: 1 });']),
  "quoted.ipynb": notebook([
    'import { recordMetrics } from "movie-embeddings";\nrecordMetrics({ share: 0.4567, count: 12345, best: 7 });',
    { markdown: true, source: "A share of 45.7% of\nthe pairs, 12,345 in all; the best epoch was epoch 6." },
  ]),
};
for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
writeFileSync(
  path.join(dir, "expectations.json"),
  JSON.stringify({
    good: { answer: { value: 42, tol: 0 }, label: { value: "x" } },
    metric: { answer: { value: 2, tol: 0.5 } },
  }),
);
writeFileSync(
  path.join(dir, "quotes.json"),
  JSON.stringify({
    quoted: [
      { metric: "share", format: "percent1", quote: "A share of {}% of the pairs" },
      { metric: "count", format: "int", quote: "{} in all" },
      { metric: "best", format: "fixed0", quote: "the best epoch was epoch {}." },
      { metric: "missing", format: "fixed0", quote: "never {}" },
    ],
  }),
);

const run = spawnSync(
  process.execPath,
  [
    path.join(ROOT, "scripts", "jupyter.mjs"),
    "run-notebooks",
    "--check",
    "--out",
    out,
    "--expectations",
    path.join(dir, "expectations.json"),
    "--quotes",
    path.join(dir, "quotes.json"),
    ...Object.keys(files).map((f) => path.join(dir, f)),
  ],
  { cwd: ROOT, encoding: "utf8", timeout: 300_000 },
);
// --param rewrites the parameters cell (papermill-style): a second, separate run
writeFileSync(
  path.join(dir, "params.ipynb"),
  notebook([
    { source: 'const DATASET = "ml-latest-small"; // the default\nconst SIZE = 1;', metadata: { tags: ["parameters"] } },
    'import { recordMetrics } from "movie-embeddings";\nrecordMetrics({ dataset: DATASET, size: SIZE });',
  ]),
);
writeFileSync(path.join(dir, "untagged.ipynb"), notebook(['const DATASET = "ml-latest-small";']));
const paramOut = path.join(dir, "out-params");
const paramRun = spawnSync(
  process.execPath,
  [
    path.join(ROOT, "scripts", "jupyter.mjs"),
    "run-notebooks",
    "--check",
    "--out",
    paramOut,
    "--param",
    "DATASET=synthetic-25m",
    "--param",
    "SIZE=7",
    path.join(dir, "params.ipynb"),
    path.join(dir, "untagged.ipynb"),
  ],
  { cwd: ROOT, encoding: "utf8", timeout: 300_000 },
);
const notReady = /Jupyter, which is not ready/.test(run.stderr ?? "");
const skip = notReady && !inCI ? "the project's Jupyter is not set up (npm run setup-jupyter)" : false;

describe("notebook runner", { skip }, () => {
  after(() => rmSync(dir, { recursive: true, force: true }));
  const stdout = run.stdout ?? "";
  const stderr = run.stderr ?? "";
  const context = `\n--- stdout\n${stdout}\n--- stderr\n${stderr}`;

  it("prints one line per notebook and the plain summary, exits 1", () => {
    assert.equal(run.status, 1, context);
    for (const [mark, name] of [["✓", "good"], ["✗", "compile"], ["✗", "stderr"], ["✗", "slow"], ["✗", "metric"], ["✗", "quoted"]]) {
      assert.match(stdout, new RegExp(`^${mark} ${name}  \\d+\\.\\d s$`, "m"), context);
    }
    assert.match(stdout, /^notebooks: 1 passed, 5 failed$/m, context);
  });

  it("shows a compile error with the cell index, source and tslab's stderr", () => {
    assert.match(stderr, /compile: cell 1 \(counting from 0\) failed/, context);
    assert.match(stderr, /const n: number = "nope";/, context);
    assert.match(stderr, /Type 'string' is not assignable to type 'number'/, context);
  });

  it("fails a cell that writes to stderr, unless the cell allows it", () => {
    assert.match(stderr, /stderr: cell 0 \(counting from 0\) wrote to stderr/, context);
    assert.match(stderr, /careful/, context);
    assert.doesNotMatch(stderr, /allowed here/, context);
  });

  it("stops a cell at the notebook's time limit", () => {
    assert.match(stderr, /slow: cell 0 \(counting from 0\) exceeded its time limit of 2 s/, context);
  });

  it("records metrics and checks them against the expectations", () => {
    const metrics = JSON.parse(readFileSync(path.join(out, "good.metrics.json"), "utf8"));
    assert.deepEqual(metrics, { answer: 42, label: "x" });
    assert.match(stderr, /metric: metric 'answer' = 1, expected 2 ± 0.5/, context);
  });

  it("checks numbers quoted in markdown against the recorded metrics, across line breaks", () => {
    assert.doesNotMatch(stderr, /'share'|'count'/, context);
    assert.match(stderr, /quoted: prose quotes 'best' as 6 in 'the best epoch was epoch \{\}\.', but the run recorded 7 \(fixed0: 7\)/, context);
    assert.match(stderr, /quoted: quoted metric 'missing' was not recorded/, context);
  });

  it("--param NAME=VALUE rewrites the parameters cell, and refuses a notebook without one", () => {
    const paramContext = `\n--- stdout\n${paramRun.stdout}\n--- stderr\n${paramRun.stderr}`;
    const metrics = JSON.parse(readFileSync(path.join(paramOut, "params.metrics.json"), "utf8"));
    assert.deepEqual(metrics, { dataset: "synthetic-25m", size: 7 }, paramContext);
    assert.match(paramRun.stdout, /^✓ params  /m, paramContext);
    assert.match(paramRun.stderr, /untagged: --param given, but the first code cell is not tagged "parameters"/, paramContext);
    assert.equal(paramRun.status, 1, paramContext);
  });

  it("writes a manifest of the run, with every executed cell's times, and prints the slowest cells", () => {
    const manifest = JSON.parse(readFileSync(path.join(out, "manifest.json"), "utf8"));
    const byName = Object.fromEntries(manifest.notebooks.map((n: { name: string }) => [n.name, n]));
    assert.equal(byName.good.ok, true);
    assert.equal(byName.compile.ok, false);
    type CellTime = { cell: number; seconds: number; cpuSeconds: number | null; source: string };
    const slow: CellTime[] = byName.slow.cells;
    assert.equal(slow.length, 1, context); // the cell that hit its limit is timed too
    assert.ok(slow[0].seconds >= 2, `the slow cell took ${slow[0].seconds} s, its limit is 2 s`);
    assert.ok(byName.good.cells.every((c: CellTime) => c.seconds >= 0 && (c.cpuSeconds === null || c.cpuSeconds >= 0)), context);
    assert.match(stdout, /^slowest cells \(wall s \/ kernel CPU s, cells counted from 0\):$/m, context);
    assert.match(stdout, /^ {2}slow {2}\d+\.\d s wall, \d+\.\d s kernel CPU\n {4}cell {2}0 +\d+\.\d s \/ +[\d.?]+ s {2}await new Promise/m, context);
  });
});
