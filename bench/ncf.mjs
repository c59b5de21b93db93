// The NCF section of `npm run bench`: our rating model and top-k query beside PyTorch CPU and
// NumPy, each run in its own process, side by side in one run; prints ratios. (Maps: bench/maps.mjs.)
// Alone: npm run bench -- --only ncf [--quick]   (--quick: 2 epochs)
// Needs: npm run build; .venv/bin/pip install -r requirements-bench.txt (torch)
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hasPythonModule, printTable, python, root, runJson } from "./common.mjs";

/** Like `fmt` of common.mjs, with a dash for a missing value. */
const fmt = (n, digits = 2) => (n === undefined || n === null ? "–" : n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits }));

/**
 * Runs the NCF benchmark and prints its tables.
 * @param {{ quick: boolean }} context
 */
export function runNcfBench({ quick }) {
  const ours = (spec) => runJson(process.execPath, [join(root, "bench/ncf_ours.mjs"), JSON.stringify(spec)]);
  const theirs = (spec) => runJson(python, [join(root, "bench/ncf_torch.py"), JSON.stringify(spec)]);
  const hasTorch = hasPythonModule("torch");
  if (!hasTorch) console.log("torch is not in .venv: .venv/bin/pip install -r requirements-bench.txt (running ours only)");
  const work = mkdtempSync(join(tmpdir(), "ncf-bench-"));
  const epochs = quick ? 2 : 5;

  console.log(`\nNCF rating model: ml-latest-small, movies with ≥ 10 ratings, 90% train, batch 64, 50 dims, L2 1e-6, ${epochs} epochs (median epoch)`);
  const training = [["optimizer", "ours s/epoch", "torch s/epoch", "ours/torch time", "batches", "ours held-out", "torch held-out"]];
  for (const optimizer of ["dense", "lazy"]) {
    const o = ours({ task: "train", optimizer, epochs, exportDir: work });
    const t = hasTorch ? theirs({ task: "train", optimizer, epochs, exportDir: work }) : null;
    const label = optimizer === "dense" ? "dense (torch.optim.Adam)" : "lazy (torch SparseAdam)";
    training.push([label, fmt(o.secondsPerEpoch, 3), fmt(t?.secondsPerEpoch, 3), t ? fmt(o.secondsPerEpoch / t.secondsPerEpoch) : "–", o.batches, fmt(o.heldOutRmse, 4), fmt(t?.heldOutRmse, 4)]);
    if (t) training.at(-1).push(`torch ${t.torch}, ${t.threads} threads`);
  }
  printTable(training, 1);

  console.log("\nTop-10 cosine query over 9,742 random unit vectors of 50 dims (median µs of 2,000 queries)");
  const oLat = ours({ task: "latency", rows: 9742, dim: 50, queries: 2000 });
  const tLat = hasTorch ? theirs({ task: "latency", rows: 9742, dim: 50, queries: 2000 }) : null;
  printTable([
    ["query", "ours µs", "NumPy µs", "ours/NumPy time", "target"],
    ["topK (the search itself)", fmt(oLat.topKMicros, 1), "–", "–", "< 100 µs"],
    ["one movie (mostSimilar)", fmt(oLat.mostSimilarMicros, 1), fmt(tLat?.mostSimilarMicros, 1), tLat ? fmt(oLat.mostSimilarMicros / tLat.mostSimilarMicros) : "–", "paper 11 ms"],
    ["three movies", fmt(oLat.threeMovieMicros, 1), fmt(tLat?.threeMovieMicros, 1), tLat ? fmt(oLat.threeMovieMicros / tLat.threeMovieMicros) : "–", "paper 24 ms"],
  ], 1);

  console.log("ratios < 1 mean ours takes less time");
}
