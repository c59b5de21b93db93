// The loading section of `npm run bench`: loadMovieLens + buildWatchlists (typed arrays) against
// pandas read_csv + groupby(list), each in its own process (peak memory is the run's own), on
// ml-latest-small and (without --quick) the synthetic 25M corpus. Target on 25M: at least as fast
// as pandas, and under 3,000 MB peak.
import { dirname, join } from "node:path";
import { ensureSyntheticCorpus, fmt, hasPythonModule, printTable, python, root, runJson, syntheticRatings } from "./common.mjs";

const PEAK_LIMIT_MB = 3000;

/**
 * @param {{ quick: boolean }} context
 */
export function runLoadingBench({ quick }) {
  const hasPandas = hasPythonModule("pandas");
  if (!hasPandas) console.log("pandas is not in .venv: .venv/bin/pip install -r requirements-bench.txt (loading: ours only)");
  const loadRuns = [{ name: "ml-latest-small", dir: join(root, "data/ml-latest-small") }];
  if (!quick) {
    ensureSyntheticCorpus();
    loadRuns.push({ name: "synthetic 25M", dir: dirname(syntheticRatings) });
  }
  const loadTable = [["dataset", "engine", "load s", "group s", "total s", "total CPU s", "peak MB", "total time pandas/ours"]];
  for (const spec of loadRuns) {
    const ours = runJson(process.execPath, [join(root, "bench/load_ours.mjs"), spec.dir]);
    const theirs = hasPandas ? runJson(python, [join(root, "bench/load_pandas.py"), spec.dir]) : null;
    const total = (r) => r.loadSeconds + r.groupSeconds;
    for (const [engine, r] of [["ours", ours], ["pandas", theirs]]) {
      if (!r) continue;
      loadTable.push([
        engine === "ours" ? `${spec.name} (${r.ratings.toLocaleString("en-US")} ratings, ${r.users.toLocaleString("en-US")} users)` : "",
        engine,
        fmt(r.loadSeconds),
        fmt(r.groupSeconds),
        fmt(total(r)),
        fmt(r.loadCpuSeconds + r.groupCpuSeconds),
        fmt(r.peakMB, 0),
        engine === "ours" && theirs ? fmt(total(theirs) / total(ours)) : "",
      ]);
    }
    if (ours.peakMB > PEAK_LIMIT_MB) console.log(`✗ ${spec.name}: ours peaked at ${fmt(ours.peakMB, 0)} MB, over the ${PEAK_LIMIT_MB} MB target`);
    console.log(`${spec.name}: ours ${fmt(total(ours))} s${theirs ? `, pandas ${fmt(total(theirs))} s, ratio pandas/ours ${fmt(total(theirs) / total(ours))}` : ""}`);
  }
  console.log("\nload = read the dataset, group = one movieId list per user; ratio > 1 means ours is faster; target: ≥ 1 and peak < 3,000 MB on 25M\n");
  printTable(loadTable);
}
