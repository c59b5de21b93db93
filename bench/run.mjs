// Benchmark: our Word2Vec against gensim (from .venv), side by side, same corpora, same parameters,
// same number of workers; each run in its own process so peak memory is the run's own.
// Usage: npm run bench [-- --quick] [-- --workers 2] [-- --sg-epochs 50] [-- --only word2vec|ncf]
//   --quick  skips the synthetic 25M corpus and runs the skip-gram config for 5 epochs instead of 50.
//   --only   runs one section: word2vec (ours vs gensim) or ncf (bench/ncf.mjs: ours vs PyTorch, NumPy, scikit-learn).
// Needs: npm run build; .venv/bin/pip install -r requirements-bench.txt
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { runNcfBench } from "./ncf.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const quick = args.includes("--quick");
const option = (name, fallback) => (args.includes(`--${name}`) ? Number(args[args.indexOf(`--${name}`) + 1]) : fallback);
const workers = option("workers", 2);
const sgEpochs = option("sg-epochs", quick ? 5 : 50);
const small = join(root, "data/ml-latest-small/ratings.csv");
const synthetic = join(root, "data/synthetic/ml-25m-synthetic/ratings.csv");
const python = join(root, ".venv/bin/python");
const only = args.includes("--only") ? args[args.indexOf("--only") + 1] : null;
if (only === "ncf") {
  runNcfBench({ root, python, quick });
  process.exit(0);
}

const runs = [
  { name: "small A: CBOW v50 w5 min2, 5 ep", ratings: small, options: { vectorSize: 50, window: 5, minCount: 2, sg: 0, epochs: 5 } },
  { name: "small B: CBOW v32 w10 neg20 min1, 5 ep", ratings: small, options: { vectorSize: 32, window: 10, negative: 20, minCount: 1, sg: 0, epochs: 5 } },
  { name: `small SG v64 w50 min1, ${sgEpochs} ep`, ratings: small, options: { vectorSize: 64, window: 50, minCount: 1, sg: 1, epochs: sgEpochs } },
];
if (!quick) {
  if (!existsSync(synthetic)) {
    console.log("generating the synthetic 25M corpus (once)…");
    execFileSync(process.execPath, [join(root, "scripts/generate-synthetic-ratings.mjs")], { cwd: root, stdio: "inherit" });
  }
  runs.push({ name: "synthetic 25M: CBOW v50 w5 min2, 1 ep", ratings: synthetic, options: { vectorSize: 50, window: 5, minCount: 2, sg: 0, epochs: 1 } });
}

const hasGensim = existsSync(python) && (() => {
  try {
    execFileSync(python, ["-c", "import gensim"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();
if (!hasGensim) console.log("gensim is not in .venv: .venv/bin/pip install -r requirements-bench.txt (running ours only)");

function run(command, argv) {
  const output = execFileSync(command, argv, { cwd: root, encoding: "utf8", maxBuffer: 1 << 24 });
  return JSON.parse(output.trim().split("\n").at(-1));
}

const rows = [];
for (const spec of runs) {
  const payload = JSON.stringify({ ratings: spec.ratings, options: { ...spec.options, workers, seed: 1 } });
  const ours = run(process.execPath, [join(root, "bench/ours.mjs"), payload]);
  const theirs = hasGensim ? run(python, [join(root, "bench/gensim_run.py"), payload]) : null;
  rows.push({ spec, ours, theirs });
  console.log(`${spec.name}: ours ${ours.trainSeconds.toFixed(2)} s${theirs ? `, gensim ${theirs.trainSeconds.toFixed(2)} s` : ""}`);
}

const fmt = (n, digits = 2) => n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
const table = [["run", "engine", "vocab s", "train s", "words/s", "peak MB", "vocab", "train time ours/gensim", "words/s ours/gensim"]];
for (const { spec, ours, theirs } of rows) {
  for (const [engine, r] of [["ours", ours], ["gensim", theirs]]) {
    if (!r) continue;
    const rate = r.words / r.trainSeconds;
    table.push([
      engine === "ours" ? spec.name : "",
      engine,
      fmt(r.vocabSeconds),
      fmt(r.trainSeconds),
      fmt(rate, 0),
      fmt(r.peakMB, 0),
      String(r.vocabulary),
      engine === "ours" && theirs ? fmt(ours.trainSeconds / theirs.trainSeconds) : "",
      engine === "ours" && theirs ? fmt(ours.trainSeconds ** -1 / theirs.trainSeconds ** -1) : "",
    ]);
  }
}
const widths = table[0].map((_, c) => Math.max(...table.map((row) => row[c].length)));
console.log(`\nworkers ${workers}; words = ratings × epochs (raw tokens); ratios > 1 in the last column mean ours is faster\n`);
for (const [i, row] of table.entries()) {
  console.log(row.map((cell, c) => (c < 2 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join("  "));
  if (i === 0) console.log(widths.map((w) => "-".repeat(w)).join("  "));
}

if (only === null) runNcfBench({ root, python, quick });
