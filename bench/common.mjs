// What every section of `npm run bench` shares: the repo root, the .venv's Python, command-line
// options, and whether a reference package is installed in the .venv.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const root = join(dirname(fileURLToPath(import.meta.url)), "..");
export const python = join(root, ".venv/bin/python");
export const smallRatings = join(root, "data/ml-latest-small/ratings.csv");
export const syntheticRatings = join(root, "data/synthetic-25m/ratings.csv");

/**
 * True when `import <module>` works in the project's .venv (the reference implementations come
 * from requirements-bench.txt).
 * @param {string} module
 */
export function hasPythonModule(module) {
  if (!existsSync(python)) return false;
  try {
    execFileSync(python, ["-c", `import ${module}`], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** Generates the seeded synthetic 25M-rating corpus once (it is gitignored). */
export function ensureSyntheticCorpus() {
  if (existsSync(syntheticRatings)) return;
  console.log("generating the synthetic 25M corpus (once)…");
  execFileSync(process.execPath, [join(root, "scripts/generate-synthetic-ratings.mjs")], { cwd: root, stdio: "inherit" });
}

/**
 * The command line of `npm run bench`: flags (`--quick`) and numeric options (`--workers 2`).
 * @param {string[]} args
 */
export function parseArgs(args) {
  return {
    quick: args.includes("--quick"),
    /** @param {string} name @param {number} fallback */
    option: (name, fallback) => (args.includes(`--${name}`) ? Number(args[args.indexOf(`--${name}`) + 1]) : fallback),
  };
}

/** Runs a bench helper process and returns the JSON object on its last line of output. */
export function runJson(command, argv) {
  const output = execFileSync(command, argv, { cwd: root, encoding: "utf8", maxBuffer: 1 << 24 });
  return JSON.parse(output.trim().split("\n").at(-1));
}

/** A difference with its sign, "+0.004" or "−0.012" (three decimals unless told). */
export const signed = (x, digits = 3) => `${x < 0 ? "−" : "+"}${Math.abs(x).toFixed(digits)}`;

/** A number with fixed decimals and thousands separators. */
export const fmt = (n, digits = 2) => n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** Lines reported by the running section (for `--write`), or null outside a section. */
let reportLines = null;

/** Starts collecting the running section's reported lines (bench/run.mjs, one section at a time). */
export function startReport() {
  reportLines = [];
}

/** The lines reported since `startReport`, and stops collecting. */
export function takeReport() {
  const lines = reportLines ?? [];
  reportLines = null;
  return lines;
}

/**
 * Prints lines that belong in bench/RESULTS.md (tables and the captions that say what a table
 * holds); progress lines go to console.log only.
 * @param {...string} lines
 */
export function report(...lines) {
  for (const line of lines) {
    console.log(line);
    reportLines?.push(line);
  }
}

/**
 * Prints rows as an aligned table: the first row is the header; the first `leftColumns` columns are
 * left-aligned (names), the rest right-aligned (numbers).
 */
export function printTable(table, leftColumns = 2) {
  const cells = table.map((row) => row.map((cell) => String(cell ?? "")));
  const widths = cells[0].map((_, c) => Math.max(...cells.map((row) => (row[c] ?? "").length)));
  for (const [i, row] of cells.entries()) {
    report(widths.map((w, c) => ((row[c] ?? "") === "" ? " ".repeat(w) : c < leftColumns ? row[c].padEnd(w) : row[c].padStart(w))).join("  ").trimEnd());
    if (i === 0) report(widths.map((w) => "-".repeat(w)).join("  "));
  }
}

/**
 * One sentence on where a target stands, from the run's numbers: "<target>: met on all 3: a (x); …"
 * or "<target>: missed: b (y). Met: a (x)." With no checks (the reference was not run): "not measured".
 * @param {string} target what is aimed for, e.g. "t-SNE time ≤ 0.5× openTSNE's"
 * @param {{ label: string, value: string, met: boolean }[]} checks one per setting measured
 * @returns {string}
 */
export function targetLine(target, checks) {
  const list = (cs) => cs.map((c) => `${c.label} (${c.value})`).join("; ");
  const met = checks.filter((c) => c.met);
  const missed = checks.filter((c) => !c.met);
  const every = checks.length === 1 ? "" : checks.length === 2 ? " on both" : ` on all ${checks.length}`;
  if (checks.length === 0) return `${target}: not measured in this run.`;
  if (missed.length === 0) return `${target}: met${every}: ${list(met)}.`;
  if (met.length === 0) return `${target}: missed${every}: ${list(missed)}.`;
  return `${target}: missed: ${list(missed)}. Met: ${list(met)}.`;
}

/** A ratio for a sentence: two decimals, or two significant digits below 0.1 ("0.0042"). */
export const ratio = (x) => (x >= 0.1 ? x.toFixed(2) : x.toPrecision(2));
