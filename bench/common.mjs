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

/** A number with fixed decimals and thousands separators. */
export const fmt = (n, digits = 2) => n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });

/**
 * Prints rows as an aligned table: the first row is the header; the first `leftColumns` columns are
 * left-aligned (names), the rest right-aligned (numbers).
 */
export function printTable(table, leftColumns = 2) {
  const cells = table.map((row) => row.map(String));
  const widths = cells[0].map((_, c) => Math.max(...cells.map((row) => row[c].length)));
  for (const [i, row] of cells.entries()) {
    console.log(row.map((cell, c) => (c < leftColumns ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join("  "));
    if (i === 0) console.log(widths.map((w) => "-".repeat(w)).join("  "));
  }
}
