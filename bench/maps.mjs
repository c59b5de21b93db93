// The maps section of `npm run bench`: our Barnes-Hut t-SNE beside openTSNE and scikit-learn's
// Barnes-Hut t-SNE on the same vectors, perplexity 30, 750 steps (250 exaggerated), each in its own
// process, one thread each. Every layout is scored by the same code (bench/maps_ours.mjs score):
// neighbourhood preservation (k = 10) and KL(P ‖ Q) under our P with the exact Z; each library's
// own reported KL is printed too. Time: wall clock and CPU time of the fit (the machine is shared:
// CPU time is the steadier ratio). Peak memory: the process's RSS high-water mark.
// Alone: npm run bench -- --only maps [--quick]   (--quick: only the 10,000-point set, 500 steps)
// Needs: npm run build; .venv/bin/pip install -r requirements-bench.txt (openTSNE, scikit-learn)
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hasPythonModule, printTable, python, report, root, runJson, targetLine } from "./common.mjs";

const fmt = (n, digits = 2) => (n === undefined || n === null ? "–" : n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits }));

/**
 * Runs the maps benchmark and prints one table per set.
 * @param {{ quick: boolean }} context
 */
export function runMapsBench({ quick }) {
  const dir = mkdtempSync(join(tmpdir(), "maps-bench-"));
  const ours = (spec) => runJson(process.execPath, [join(root, "bench/maps_ours.mjs"), JSON.stringify(spec)]);
  const reference = (spec) => {
    const output = execFileSync(python, [join(root, "bench/maps_reference.py"), JSON.stringify(spec)], {
      cwd: root,
      encoding: "utf8",
      env: { ...process.env, OMP_NUM_THREADS: "1", OPENBLAS_NUM_THREADS: "1", MKL_NUM_THREADS: "1", NUMBA_NUM_THREADS: "1" },
    });
    return JSON.parse(output.trim().split("\n").at(-1));
  };
  const libraries = [hasPythonModule("openTSNE") && "openTSNE", hasPythonModule("sklearn") && "sklearn"].filter(Boolean);
  if (libraries.length < 2) console.log("openTSNE or scikit-learn is not in .venv: .venv/bin/pip install -r requirements-bench.txt");
  const iterations = quick ? 500 : 750;

  const sizes = ours({ task: "data", dir, quick });
  const sets = [
    ["planted", `planted clusters: ${fmt(sizes.planted, 0)} seeded points, 20 clusters in 50-D`],
    ["item2vec", `item2vec unit vectors of all ${fmt(sizes.item2vec ?? 0, 0)} rated movies (CBOW v50 w5 min1, 5 epochs, seed 1)`],
    ["ncf", `rating-model unit movie vectors, ${fmt(sizes.ncf ?? 0, 0)} movies with ≥ 10 ratings (lazy Adam, 5 epochs, seed 1)`],
  ].filter(([name]) => name in sizes);
  const checks = { time: [], kl: [], knn: [] };
  for (const [name, about] of sets) {
    const data = join(dir, `${name}.npy`);
    report("", `${about}; perplexity 30, ${iterations} steps`);
    const runs = [["ours", ours({ task: "tsne", data, out: join(dir, `${name}-ours.npy`), iterations })]];
    for (const library of libraries) runs.push([library, reference({ library, data, out: join(dir, `${name}-${library}.npy`), iterations })]);
    if (!quick) runs.push(["umap-js (ours, seeded)", ours({ task: "umap", data, out: join(dir, `${name}-umap.npy`) })]);
    const [, mine] = runs[0];
    const scores = new Map();
    const table = [["engine", "wall s", "CPU s", "ours/it CPU", "ours/it wall", "own KL", "KL (our P, exact Z)", "kNN kept k=10", "peak MB"]];
    for (const [engine, run] of runs) {
      const tag = engine === "ours" || engine.startsWith("umap") ? engine : `${engine} ${run.version}`;
      const score = ours({ task: "score", data, layout: join(dir, `${name}-${engine.startsWith("umap") ? "umap" : engine}.npy`) });
      const other = engine !== "ours" && !engine.startsWith("umap");
      scores.set(engine, { run, score });
      table.push([
        tag,
        fmt(run.seconds, 1),
        fmt(run.cpuSeconds, 1),
        other ? fmt(mine.cpuSeconds / run.cpuSeconds) : "",
        other ? fmt(mine.seconds / run.seconds) : "",
        fmt(run.kl, 4),
        fmt(score.kl, 4),
        fmt(score.preservation, 4),
        fmt(run.peakMB, 0),
      ]);
    }
    printTable(table, 1);
    const them = scores.get("openTSNE");
    if (them) {
      const label = `${name}, ${fmt(sizes[name], 0)} points`;
      const cpuRatio = mine.cpuSeconds / them.run.cpuSeconds;
      checks.time.push({ label, value: `${fmt(cpuRatio)}× CPU time, ${fmt(mine.seconds / them.run.seconds)}× wall`, met: cpuRatio <= 0.5 });
      const ourScore = scores.get("ours").score;
      const kl = ourScore.kl / them.score.kl;
      checks.kl.push({ label, value: `${fmt(ourScore.kl, 3)} against ${fmt(them.score.kl, 3)}, ${fmt(kl, 3)}×`, met: kl <= 1.02 });
      const knn = ourScore.preservation / them.score.preservation;
      checks.knn.push({ label, value: `${fmt(ourScore.preservation, 3)} against ${fmt(them.score.preservation, 3)}, ${fmt(knn, 3)}×`, met: knn >= 0.98 });
    }
  }
  report("ratios < 1 mean ours takes less time");
  rmSync(dir, { recursive: true, force: true });
  return {
    targets: [
      targetLine("t-SNE time ≤ 0.5× openTSNE's (CPU time of the fit; wall clock beside it)", checks.time),
      targetLine("KL (our P, exact Z) within 2 % of openTSNE's (ours/openTSNE ≤ 1.02)", checks.kl),
      targetLine("kNN kept (k = 10) within 2 % of openTSNE's (ours/openTSNE ≥ 0.98)", checks.knn),
    ],
  };
}
