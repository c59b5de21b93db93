// Bench section "eval": item2vec's HitRate@10 with our engine and with gensim, same settings, same
// leave-last-out protocol (the protocol's cosine query over the last 5 movies), seeds 0, 1, 2,
// one worker each. gensim's vectors are saved in word2vec format and evaluated by the same code.
// Run alone: npm run bench -- --only eval   (needs npm run build and gensim in .venv)
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hasPythonModule, printTable, python, report, root, signed, targetLine } from "./common.mjs";
import { Word2Vec, evaluate, leaveLastOut, loadMovieLens, loadWord2VecFormat, meanStd, vectorScorer } from "movie-embeddings/internal";

/** Runs the section (seeds 0, 1, 2 by default). */
export async function runEvalBench({ seeds = [0, 1, 2] } = {}) {
  const hasGensim = hasPythonModule("gensim");
  const split = leaveLastOut(loadMovieLens("ml-latest-small"));
  const sentences = split.sentences();
  const dir = mkdtempSync(join(tmpdir(), "eval-bench-"));
  const corpus = join(dir, "sentences.txt");
  writeFileSync(corpus, `${sentences.map((s) => s.join(" ")).join("\n")}\n`);
  const settingsFile = join(root, "notebooks/settings/05-validation.json");
  const configs = [
    { name: "tutorial 1: CBOW v50 w5 min2", options: { vectorSize: 50, window: 5, minCount: 2, sg: 0 } },
    { name: "tutorial 2: skip-gram v32 w10 neg20 min1", options: { vectorSize: 32, window: 10, negative: 20, minCount: 1, sg: 1 } },
  ];
  if (existsSync(settingsFile)) {
    const { item2vec } = JSON.parse(readFileSync(settingsFile, "utf8"));
    const { common, bestCosine } = item2vec;
    const { workers, ...options } = { ...common, ...bestCosine.model };
    configs.push({ name: `validation-chosen: ${options.sg ? "skip-gram" : "CBOW"} v${options.vectorSize} w${options.window} sample ${options.sample} ${options.epochs} ep`, options });
  }
  const rows = [];
  for (const { name, options } of configs) {
    const ours = [];
    const theirs = [];
    for (const seed of seeds) {
      const model = await Word2Vec.train(sentences, { ...options, seed, workers: 1 });
      ours.push(evaluate(split, vectorScorer(model.wv, split)));
      if (hasGensim) {
        const out = join(dir, "gensim.w2v.txt");
        execFileSync(python, [join(root, "bench/gensim_vectors.py"), JSON.stringify({ sentences: corpus, options: { ...options, seed, workers: 1 }, out })], { cwd: root });
        theirs.push(evaluate(split, vectorScorer(loadWord2VecFormat(out), split)));
      }
    }
    rows.push({ name, ours, theirs });
    console.log(`${name}: ours HitRate@10 ${ours.map((e) => e.hitRate(10).toFixed(3)).join(" ")}${hasGensim ? `; gensim ${theirs.map((e) => e.hitRate(10).toFixed(3)).join(" ")}` : ""}`);
  }
  rmSync(dir, { recursive: true, force: true });

  const stat = (runs, metric) => {
    const { mean, std } = meanStd(runs.map((e) => (metric === "hr" ? e.hitRate(10) : e.ndcg(10))));
    return `${mean.toFixed(3)} ± ${std.toFixed(3)}`;
  };
  const table = [["setting (same split, cosine query, workers 1)", "engine", "HitRate@10", "NDCG@10", "ours − gensim", "within 1 std"]];
  for (const { name, ours, theirs } of rows) {
    table.push([name, "ours", stat(ours, "hr"), stat(ours, "ndcg"), "", ""]);
    if (theirs.length) {
      const a = meanStd(ours.map((e) => e.hitRate(10)));
      const b = meanStd(theirs.map((e) => e.hitRate(10)));
      const ok = a.mean >= b.mean - Math.max(a.std, b.std);
      table.push(["", "gensim", stat(theirs, "hr"), stat(theirs, "ndcg"), (a.mean - b.mean).toFixed(3), ok ? "yes" : "NO: ours lower"]);
    }
  }
  console.log("");
  report(`item2vec on the leave-last-out split of ml-latest-small, seeds ${seeds.join(", ")} (mean ± sample std)`, "");
  printTable(table);
  const checks = rows.filter((r) => r.theirs.length).map(({ name, ours, theirs }) => {
    const a = meanStd(ours.map((e) => e.hitRate(10)));
    const b = meanStd(theirs.map((e) => e.hitRate(10)));
    const difference = a.mean - b.mean;
    return { label: name, value: signed(difference), met: a.mean >= b.mean - Math.max(a.std, b.std) };
  });
  return { targets: [targetLine("HitRate@10 ≥ gensim's within one standard deviation (ours − gensim)", checks)] };
}
