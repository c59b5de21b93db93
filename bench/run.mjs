// `npm run bench`: each section runs ours beside the reference implementation (from the .venv's
// optional requirements-bench.txt), on the same data, and prints ratios. Only ratios count: the
// machines are shared and noisy.
// Usage: npm run bench [-- --quick] [-- --only word2vec,cbow] [-- --write] [section options, see each module]
//   --quick  smaller runs (skips the synthetic 25M corpus where a section uses it)
//   --only   a comma-separated list of sections (default: all, in the order below)
//   --write  puts each section's tables and target lines into its block of bench/RESULTS.md
//            (bench/results.mjs), with date, commit, machine and load average; other blocks stay
// Needs: npm run build; .venv/bin/pip install -r requirements-bench.txt
import { parseArgs, startReport, takeReport } from "./common.mjs";
import { runCbowBench } from "./cbow.mjs";
import { runEvalBench } from "./eval.mjs";
import { runLoadingBench } from "./loading.mjs";
import { loadingTargets } from "./loading_targets.mjs";
import { runMapsBench } from "./maps.mjs";
import { runNcfBench } from "./ncf.mjs";
import { runPlantedBench } from "./planted.mjs";
import { runScalingBench } from "./scaling.mjs";
import { runTextBench } from "./text.mjs";
import { runWord2VecBench } from "./word2vec.mjs";
import { commitLabel, loadAverage, machineLabel, referenceVersions, renderBlock, writeBlock } from "./results.mjs";

/**
 * Section name → what it compares, how to run it, the .venv packages it compares against (their
 * versions go into RESULTS.md) and, where the module does not return them, its target lines.
 * Each `run` returns `{ targets: string[], notes?: string[] }`: sentences on where the targets stand
 * and other sentences, both computed from its numbers.
 */
const sections = {
  word2vec: { about: "item2vec training speed: ours vs gensim", run: runWord2VecBench, python: ["gensim"] },
  cbow: { about: "CBOW next-title epoch time: ours vs PyTorch", run: runCbowBench, python: ["torch"] },
  ncf: { about: "rating model epoch time vs PyTorch, top-10 query vs NumPy", run: runNcfBench, python: ["torch", "numpy"] },
  maps: { about: "t-SNE maps: ours vs openTSNE and scikit-learn (time, KL, kNN kept, memory)", run: runMapsBench, python: ["openTSNE", "scikit-learn"] },
  loading: {
    about: "loadMovieLens + buildWatchlists vs pandas, Polars and DuckDB: read the CSVs, one list per user",
    run: async (context) => ({ targets: loadingTargets(await runLoadingBench(context)) }),
    python: ["pandas", "polars", "duckdb"],
  },
  text: { about: "plot encoding and search: ours vs sentence-transformers", run: runTextBench, python: ["sentence-transformers", "torch"] },
  planted: { about: "learning per epoch: nearest-neighbour purity on a planted-cluster corpus, ours vs gensim", run: runPlantedBench, python: ["gensim"] },
  scaling: { about: "one epoch of item2vec, CBOW and NCF, and a t-SNE map of the item2vec vectors, at 1×, 10× and 100× the shipped data: time and peak memory", run: runScalingBench, python: [] },
  eval: { about: "item2vec HitRate@10 on the leave-last-out split: ours vs gensim", run: runEvalBench, python: ["gensim"] },
};

const args = process.argv.slice(2);
const context = parseArgs(args);
const onlyIndex = args.indexOf("--only");
const chosen = onlyIndex >= 0 ? (args[onlyIndex + 1] ?? "").split(",").filter(Boolean) : Object.keys(sections);
const unknown = chosen.filter((name) => !(name in sections));
if (unknown.length > 0 || chosen.length === 0) {
  console.error(`bench: --only takes a comma-separated list of ${Object.keys(sections).join(", ")}; got ${JSON.stringify(args[onlyIndex + 1] ?? "")}`);
  process.exit(2);
}
const write = args.includes("--write");
const commit = write ? commitLabel() : "";
const machine = write ? machineLabel() : "";
for (const name of chosen) {
  const section = sections[name];
  console.log(`\n== ${name}: ${section.about}\n`);
  const started = new Date();
  const loadStart = loadAverage();
  startReport();
  const result = await section.run(context);
  const lines = takeReport();
  const targets = result?.targets ?? [];
  const notes = result?.notes ?? [];
  if (notes.length + targets.length > 0) console.log(`\n${[...notes, ...targets].join("\n")}`);
  if (write) {
    const block = renderBlock({
      name,
      command: `npm run bench -- ${args.join(" ")}`,
      commit,
      machine,
      versions: referenceVersions(section.python),
      started,
      finished: new Date(),
      loadStart,
      loadEnd: loadAverage(),
      lines,
      notes,
      targets,
    });
    writeBlock(name, section.about, block);
    console.log(`(${name}: written to bench/RESULTS.md)`);
  }
}
