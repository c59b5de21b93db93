// What every section of `npm run bench` shares: the repo root, the .venv's Python, command-line
// options, and whether a reference package is installed in the .venv.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const root = join(dirname(fileURLToPath(import.meta.url)), "..");
export const python = join(root, ".venv/bin/python");
export const smallRatings = join(root, "data/ml-latest-small/ratings.csv");
export const syntheticRatings = join(root, "data/synthetic/ml-25m-synthetic/ratings.csv");

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
