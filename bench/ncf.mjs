// The NCF section of `npm run bench`: our rating model and top-k query beside PyTorch CPU and
// NumPy, each run in its own process, side by side in one run; prints ratios. (Maps: bench/maps.mjs.)
// Alone: npm run bench -- --only ncf [--quick]   (--quick: 2 epochs)
// Needs: npm run build; .venv/bin/pip install -r requirements-bench.txt (torch)
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hasPythonModule, printTable, python, report, root, runJson, targetLine } from "./common.mjs";

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

  const trained = [];
  const training = [["optimizer", "ours s/epoch", "torch s/epoch", "ours/torch time", "ours/torch CPU", "batches", "ours held-out", "torch held-out"]];
  for (const optimizer of ["dense", "lazy"]) {
    const o = ours({ task: "train", optimizer, epochs, exportDir: work });
    const t = hasTorch ? theirs({ task: "train", optimizer, epochs, exportDir: work }) : null;
    const label = optimizer === "dense" ? "dense (torch.optim.Adam)" : "lazy (torch SparseAdam)";
    training.push([label, fmt(o.secondsPerEpoch, 3), fmt(t?.secondsPerEpoch, 3), t ? fmt(o.secondsPerEpoch / t.secondsPerEpoch) : "–",
      t ? fmt(o.cpuSecondsPerEpoch / t.cpuSecondsPerEpoch) : "–", o.batches, fmt(o.heldOutRmse, 4), fmt(t?.heldOutRmse, 4)]);
    trained.push({ label: optimizer === "dense" ? "dense Adam against torch.optim.Adam" : "lazy Adam against SparseAdam", o, t });
  }
  const torchThreads = trained.find((r) => r.t)?.t.threads;
  report(`NCF rating model: ml-latest-small, movies with ≥ 10 ratings, 90% train, batch 64, 50 dims, L2 1e-6, ${epochs} epochs (median epoch; time is wall clock, CPU the process's CPU time)` +
    (torchThreads ? `; torch on ${torchThreads} thread${torchThreads === 1 ? "" : "s"}` : ""), "");
  printTable(training, 1);

  report("", "Top-10 cosine query over 9,742 random unit vectors of 50 dims (median µs of 2,000 queries)", "");
  const oLat = ours({ task: "latency", rows: 9742, dim: 50, queries: 2000 });
  const tLat = hasTorch ? theirs({ task: "latency", rows: 9742, dim: 50, queries: 2000 }) : null;
  printTable([
    ["query", "ours µs", "NumPy µs", "ours/NumPy time", "target"],
    ["topK (the search itself)", fmt(oLat.topKMicros, 1), "–", "–", "< 100 µs"],
    ["one movie (mostSimilar)", fmt(oLat.mostSimilarMicros, 1), fmt(tLat?.mostSimilarMicros, 1), tLat ? fmt(oLat.mostSimilarMicros / tLat.mostSimilarMicros) : "–", "paper 11 ms"],
    ["three movies", fmt(oLat.threeMovieMicros, 1), fmt(tLat?.threeMovieMicros, 1), tLat ? fmt(oLat.threeMovieMicros / tLat.threeMovieMicros) : "–", "paper 24 ms"],
  ], 1);

  report("ratios < 1 mean ours takes less time");

  const queries = [["topK", oLat.topKMicros], ["mostSimilar", oLat.mostSimilarMicros], ["three movies", oLat.threeMovieMicros]];
  return {
    targets: [
      targetLine("NCF epoch time ≤ PyTorch's (ours/torch ≤ 1)", trained.filter((r) => r.t).map(({ label, o, t }) => {
        const ratio = o.secondsPerEpoch / t.secondsPerEpoch;
        return { label, value: `${fmt(ratio)}×`, met: ratio <= 1 };
      })),
      targetLine("top-10 over 9,742 × 50 under 100 µs (median)", queries.map(([label, micros]) => ({ label, value: `${fmt(micros, 1)} µs`, met: micros < 100 }))),
      targetLine("top-10 ahead of NumPy (ours/NumPy < 1)", tLat ? [
        { label: "one movie", value: `${fmt(oLat.mostSimilarMicros / tLat.mostSimilarMicros)}×`, met: oLat.mostSimilarMicros < tLat.mostSimilarMicros },
        { label: "three movies", value: `${fmt(oLat.threeMovieMicros / tLat.threeMovieMicros)}×`, met: oLat.threeMovieMicros < tLat.threeMovieMicros },
      ] : []),
    ],
  };
}
