// `npm run bench`: each section runs ours beside the reference implementation (from the .venv's
// optional requirements-bench.txt), on the same data, and prints ratios. Only ratios count: the
// machines are shared and noisy.
// Usage: npm run bench [-- --quick] [-- --only word2vec,cbow] [section options, see each module]
//   --quick  smaller runs (skips the synthetic 25M corpus where a section uses it)
//   --only   a comma-separated list of sections (default: all, in the order below)
// Needs: npm run build; .venv/bin/pip install -r requirements-bench.txt
import { parseArgs } from "./common.mjs";
import { runCbowBench } from "./cbow.mjs";
import { runEvalBench } from "./eval.mjs";
import { runLoadingBench } from "./loading.mjs";
import { runMapsBench } from "./maps.mjs";
import { runNcfBench } from "./ncf.mjs";
import { runPlantedBench } from "./planted.mjs";
import { runScalingBench } from "./scaling.mjs";
import { runTextBench } from "./text.mjs";
import { runWord2VecBench } from "./word2vec.mjs";

/** Section name → what it compares and how to run it. */
const sections = {
  word2vec: { about: "item2vec training speed: ours vs gensim", run: runWord2VecBench },
  cbow: { about: "CBOW next-title epoch time: ours vs PyTorch", run: runCbowBench },
  ncf: { about: "rating model epoch time vs PyTorch, top-10 query vs NumPy", run: runNcfBench },
  maps: { about: "t-SNE maps: ours vs openTSNE and scikit-learn (time, KL, kNN kept, memory)", run: runMapsBench },
  loading: { about: "loadMovieLens + buildWatchlists vs pandas, Polars and DuckDB: read the CSVs, one list per user", run: runLoadingBench },
  text: { about: "plot encoding and search: ours vs sentence-transformers", run: runTextBench },
  planted: { about: "learning per epoch: nearest-neighbour purity on a planted-cluster corpus, ours vs gensim", run: runPlantedBench },
  scaling: { about: "one epoch of item2vec, CBOW and NCF at 1×, 10× and 100× the shipped data: time and peak memory", run: runScalingBench },
  eval: { about: "item2vec HitRate@10 on the leave-last-out split: ours vs gensim", run: runEvalBench },
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
for (const name of chosen) {
  console.log(`\n== ${name}: ${sections[name].about}\n`);
  await sections[name].run(context);
}
