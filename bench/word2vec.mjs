// The word2vec section of `npm run bench`: our Word2Vec against gensim (from .venv), side by side,
// same corpora, same parameters, same number of workers; each run in its own process so peak
// memory is the run's own. Options: --workers 2, --sg-epochs 50 (5 with --quick); --quick skips
// the synthetic 25M corpus.
import { join } from "node:path";
import { ensureSyntheticCorpus, fmt, hasPythonModule, printTable, python, report, root, runJson, smallRatings, syntheticRatings, targetLine } from "./common.mjs";

/**
 * @param {{ quick: boolean, option: (name: string, fallback: number) => number }} context
 */
export function runWord2VecBench({ quick, option }) {
  const workers = option("workers", 2);
  const sgEpochs = option("sg-epochs", quick ? 5 : 50);
  const runs = [
    { name: "small A: CBOW v50 w5 min2, 5 ep", ratings: smallRatings, options: { vectorSize: 50, window: 5, minCount: 2, sg: 0, epochs: 5 } },
    { name: "small B: CBOW v32 w10 neg20 min1, 5 ep", ratings: smallRatings, options: { vectorSize: 32, window: 10, negative: 20, minCount: 1, sg: 0, epochs: 5 } },
    { name: `small SG v64 w50 min1, ${sgEpochs} ep`, ratings: smallRatings, options: { vectorSize: 64, window: 50, minCount: 1, sg: 1, epochs: sgEpochs } },
  ];
  if (!quick) {
    ensureSyntheticCorpus();
    runs.push({ name: "synthetic 25M: CBOW v50 w5 min2, 1 ep", ratings: syntheticRatings, options: { vectorSize: 50, window: 5, minCount: 2, sg: 0, epochs: 1 } });
  }

  const hasGensim = hasPythonModule("gensim");
  if (!hasGensim) console.log("gensim is not in .venv: .venv/bin/pip install -r requirements-bench.txt (running ours only)");

  const rows = [];
  for (const spec of runs) {
    const payload = JSON.stringify({ ratings: spec.ratings, options: { ...spec.options, workers, seed: 1 } });
    const ours = runJson(process.execPath, [join(root, "bench/ours.mjs"), payload]);
    const theirs = hasGensim ? runJson(python, [join(root, "bench/gensim_run.py"), payload]) : null;
    rows.push({ spec, ours, theirs });
    console.log(`${spec.name}: ours ${ours.trainSeconds.toFixed(2)} s${theirs ? `, gensim ${theirs.trainSeconds.toFixed(2)} s` : ""}`);
  }

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
  console.log("");
  report(`workers ${workers}; words = ratings × epochs (raw tokens); ratios > 1 in the last column mean ours is faster`, "");
  printTable(table);
  const measured = rows.filter((r) => r.theirs);
  return {
    targets: [targetLine("item2vec training throughput ≥ gensim's (words/s ours/gensim ≥ 1)", measured.map(({ spec, ours, theirs }) => {
      const ratio = theirs.trainSeconds / ours.trainSeconds;
      return { label: spec.name, value: `${fmt(ratio)}×`, met: ratio >= 1 };
    }))],
  };
}
