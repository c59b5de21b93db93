// The CBOW section of `npm run bench`: our CBOW next-title model (lib/src/cbow) against the same model
// in PyTorch (CPU, torch from .venv), same training examples, batch size, dimension and optimiser,
// each run in its own process. Prints the median seconds per epoch and the ratio ours/PyTorch, for
// PyTorch with its default threads (all cores) and with one thread (ours uses one), and the CPU
// time per epoch of ours and of PyTorch on one thread (on a shared, busy machine the wall clock
// of a short epoch mostly measures waiting for a core).
// Settings: the 50- and 200-movie settings of notebook 02 on the shipped ml-latest-small, and the
// 200-movie setting on the synthetic 25M-rating corpus (a seeded share of its users, default 10%,
// so that the shared machine is not busy for long; --cbow-user-share 1 takes every user).
// Run alone: npm run bench -- --only cbow [--quick] [--cbow-epochs 5] [--cbow-user-share 0.1]
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureSyntheticCorpus, hasPythonModule, printTable, python, ratio, report, root, smallRatings, syntheticRatings, targetLine } from "./common.mjs";

/**
 * @param {{ quick: boolean, option: (name: string, fallback: number) => number }} context
 */
export function runCbowBench({ quick, option }) {
  const epochs = option("cbow-epochs", 5);
  const userShare = option("cbow-user-share", 0.1);
  const options = { vectorSize: 20, learningRate: 0.01, batchSize: 64, window: 1 };
  const runs = [
    { name: "small, 50 movies", ratings: smallRatings, topMovies: 50, userShare: 1, epochs },
    { name: "small, 200 movies", ratings: smallRatings, topMovies: 200, userShare: 1, epochs },
  ];
  if (!quick) {
    ensureSyntheticCorpus();
    runs.push({ name: `synthetic 25M (${Math.round(userShare * 100)}% of users), 200 movies`, ratings: syntheticRatings, topMovies: 200, userShare, epochs: Math.min(epochs, 2) });
  }
  const hasTorch = hasPythonModule("torch");
  if (!hasTorch) console.log("torch is not in .venv: .venv/bin/pip install -r requirements-bench.txt (running ours only)");

  const run = (command, argv) => JSON.parse(execFileSync(command, argv, { cwd: root, encoding: "utf8", maxBuffer: 1 << 24 }).trim().split("\n").at(-1));
  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const rows = [];
  for (const spec of runs) {
    const dump = mkdtempSync(join(tmpdir(), "cbow-bench-"));
    try {
      const ours = run(process.execPath, [join(root, "bench/cbow_ours.mjs"), JSON.stringify({ ...spec, minLength: 20, dump, options })]);
      const torchRun = (threads) => run(python, [join(root, "bench/cbow_torch.py"), JSON.stringify({ dump, epochs: spec.epochs, threads, options })]);
      const theirs = hasTorch ? torchRun(null) : null;
      const oneThread = hasTorch ? torchRun(1) : null;
      rows.push({ spec, ours, theirs, oneThread });
      console.log(`${spec.name}: ${ours.trainExamples} training examples; ours ${median(ours.epochSeconds).toFixed(3)} s/epoch` +
        (theirs ? `, PyTorch ${median(theirs.epochSeconds).toFixed(3)} s/epoch (${theirs.threads} threads), ${median(oneThread.epochSeconds).toFixed(3)} (1 thread)` : ""));
    } finally {
      rmSync(dump, { recursive: true, force: true });
    }
  }

  const fmt = (n, digits = 3) => n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
  const table = [["CBOW run", "V", "users", "train examples", "epochs", "ours s/epoch", "PyTorch s/epoch", "ours/PyTorch", "PyTorch 1 thread", "ours/PyTorch 1 thread",
    "ours CPU s", "PyTorch 1 thread CPU s", "CPU ratio"]];
  for (const { spec, ours, theirs, oneThread } of rows) {
    const a = median(ours.epochSeconds);
    const b = theirs ? median(theirs.epochSeconds) : null;
    const c = oneThread ? median(oneThread.epochSeconds) : null;
    const cells = (x, base = a) => (x === null ? ["", ""] : [fmt(x), fmt(base / x, 2)]);
    const cpu = median(ours.epochCpuSeconds);
    const cpuCells = oneThread ? cells(median(oneThread.epochCpuSeconds), cpu) : ["", ""];
    table.push([spec.name, String(ours.vocabulary), String(ours.users), String(ours.trainExamples), String(spec.epochs), fmt(a), ...cells(b), ...cells(c), fmt(cpu), ...cpuCells]);
  }
  console.log("");
  report(`CBOW: D ${options.vectorSize}, window ${options.window}, ${options.batchSize} sequences per batch, Adam lr ${options.learningRate}; ` +
    "median training-pass seconds per epoch (wall clock; then CPU time, steadier on a busy machine); ours/PyTorch < 1 means ours is faster", "");
  printTable(table, 1);

  const measured = rows.filter((r) => r.theirs);
  const check = (pick) => measured.map(({ spec, ours, theirs, oneThread }) => {
    const r = pick(ours, theirs, oneThread);
    return { label: spec.name, value: `${ratio(r)}×`, met: r <= 1 };
  });
  return {
    targets: [
      targetLine("CBOW epoch time ≤ PyTorch's with its default threads (wall clock, ours/PyTorch ≤ 1)", check((o, t) => median(o.epochSeconds) / median(t.epochSeconds))),
      targetLine("CBOW epoch time ≤ PyTorch's on one thread (wall clock)", check((o, _t, one) => median(o.epochSeconds) / median(one.epochSeconds))),
      targetLine("CBOW epoch CPU time ≤ PyTorch's on one thread", check((o, _t, one) => median(o.epochCpuSeconds) / median(one.epochCpuSeconds))),
    ],
  };
}
