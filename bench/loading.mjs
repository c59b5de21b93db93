// The loading section of `npm run bench`: loadMovieLens + buildWatchlists (typed arrays) against
// pandas read_csv + groupby(list), Polars read_csv + group_by(list) and DuckDB read_csv + list()
// GROUP BY, each in its own process (peak memory is the run's own), on ml-latest-small and
// (without --quick) the synthetic 25M corpus. The engines take turns, `--load-runs` times (default
// 3; 1 for 25M with --quick-25m), and each number is the median of its runs. Targets: on 25M at
// least as fast end to end (load + per-user lists) as the fastest reference, at lower peak memory.
import { dirname, join } from "node:path";
import { ensureSyntheticCorpus, fmt, hasPythonModule, printTable, python, root, runJson, syntheticRatings } from "./common.mjs";

const PEAK_LIMIT_MB = 3000;

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/**
 * @param {{ quick: boolean, option: (name: string, fallback: number) => number }} context
 */
export function runLoadingBench({ quick, option = (_name, fallback) => fallback }) {
  const engines = [{ name: "ours", command: process.execPath, script: "bench/load_ours.mjs" }];
  for (const module of ["pandas", "polars", "duckdb"]) {
    if (hasPythonModule(module)) engines.push({ name: module, command: python, script: `bench/load_${module}.py` });
    else console.log(`${module} is not in .venv: .venv/bin/pip install -r requirements-bench.txt (loading: without ${module})`);
  }
  const runs = option("load-runs", 3);
  const loadRuns = [{ name: "ml-latest-small", dir: join(root, "data/ml-latest-small") }];
  if (!quick) {
    ensureSyntheticCorpus();
    loadRuns.push({ name: "synthetic 25M", dir: dirname(syntheticRatings) });
  }
  const total = (r) => r.loadSeconds + r.groupSeconds;
  const measured = [];
  const loadTable = [["dataset", "engine", "import s", "load s", "group s", "load+group s", "CPU s", "peak MB", "load+group / ours", "with import / ours"]];
  for (const spec of loadRuns) {
    const results = new Map(engines.map((e) => [e.name, []]));
    for (let run = 0; run < runs; run++) {
      // Rotate the order each run, so that no engine always runs first (or right after another).
      for (let i = 0; i < engines.length; i++) {
        const engine = engines[(i + run) % engines.length];
        results.get(engine.name).push(runJson(engine.command, [join(root, engine.script), spec.dir]));
      }
    }
    const summary = engines.map(({ name }) => {
      const rs = results.get(name);
      return {
        name: name === "ours" ? "ours" : rs[0].engine,
        ratings: rs[0].ratings,
        users: rs[0].users,
        importSeconds: median(rs.map((r) => r.importSeconds)),
        loadSeconds: median(rs.map((r) => r.loadSeconds)),
        groupSeconds: median(rs.map((r) => r.groupSeconds)),
        total: median(rs.map(total)),
        cpu: median(rs.map((r) => r.loadCpuSeconds + r.groupCpuSeconds)),
        peakMB: median(rs.map((r) => r.peakMB)),
      };
    });
    const ours = summary[0];
    measured.push({ dataset: spec.name, summary });
    for (const s of summary) {
      loadTable.push([
        s === ours ? `${spec.name} (${s.ratings.toLocaleString("en-US")} ratings, ${s.users.toLocaleString("en-US")} users)` : "",
        s.name,
        fmt(s.importSeconds),
        fmt(s.loadSeconds),
        fmt(s.groupSeconds),
        fmt(s.total),
        fmt(s.cpu),
        fmt(s.peakMB, 0),
        fmt(s.total / ours.total),
        fmt((s.importSeconds + s.total) / (ours.importSeconds + ours.total)),
      ]);
    }
    if (ours.peakMB > PEAK_LIMIT_MB) console.log(`✗ ${spec.name}: ours peaked at ${fmt(ours.peakMB, 0)} MB, over the ${PEAK_LIMIT_MB} MB target`);
    const fastest = summary.slice(1).reduce((best, s) => (best && best.total <= s.total ? best : s), null);
    if (fastest) {
      console.log(`${spec.name}: ours ${fmt(ours.total)} s, fastest reference ${fastest.name} ${fmt(fastest.total)} s (load + group, medians of ${runs}); ratio ${fmt(fastest.total / ours.total)}`);
    }
  }
  console.log(
    "\nload = read ratings.csv and movies.csv (ours: every field checked; tags.csv and links.csv wait for first use), group = one movieId list per user;" +
      "\nratios are the engine's time over ours (> 1: ours is faster); `with import` adds the import of the library (a notebook's first cell);" +
      "\nours reads a big all-number file on two threads (else one), Polars and DuckDB use every core; CPU s = the process's user + system time of load + group\n",
  );
  printTable(loadTable);
  return measured;
}
