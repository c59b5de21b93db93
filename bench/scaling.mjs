// Bench section "scaling": how each model's cost grows with the data. item2vec, the CBOW next-title
// model and the NCF rating model each train one epoch (the notebooks' settings, one thread) on
// ml-latest-small (1×) and on seeded synthetic corpora of 10× and 100× its ratings (made once by
// scripts/generate-synthetic-ratings.mjs into data/synthetic-10x and data/synthetic-100x); each run
// is its own process, so peak memory (the process's, data included) is the run's own.
// Run alone: npm run bench -- --only scaling [--quick: 1× and 10× only]
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fmt, printTable, root, runJson } from "./common.mjs";

const SMALL_RATINGS = 100_836;
const SMALL_USERS = 610;

/** The data at each scale: the shipped set, then synthetic corpora with 10× and 100× its users and ratings. */
function datasets(quick) {
  const scales = [{ scale: 1, dataset: join(root, "data/ml-latest-small") }];
  for (const factor of quick ? [10] : [10, 100]) {
    const dir = join(root, `data/synthetic-${factor}x`);
    if (!existsSync(join(dir, "ratings.csv"))) {
      console.log(`generating ${dir} (once)…`);
      execFileSync(process.execPath, [join(root, "scripts/generate-synthetic-ratings.mjs"), "--out", dir, "--users", String(SMALL_USERS * factor), "--ratings", String(SMALL_RATINGS * factor)], { cwd: root, stdio: "inherit" });
    }
    scales.push({ scale: factor, dataset: dir });
  }
  return scales;
}

/** Runs the section. */
export function runScalingBench({ quick = false } = {}) {
  const models = [
    { model: "item2vec", about: "Word2Vec CBOW v50 w5 min2, 1 epoch" },
    { model: "cbow", about: "next-title CBOW, top 200 movies, D 20, 1 epoch" },
    { model: "ncf", about: "rating model D 50, lazy Adam, batch 64, 1 epoch" },
  ];
  const scales = datasets(quick);
  const table = [["model", "scale", "ratings", "items", "load s", "train s", "train CPU s", "peak MB", "train time / 1×", "train CPU / 1×", "peak / 1×"]];
  for (const { model, about } of models) {
    let base = null;
    for (const { scale, dataset } of scales) {
      const r = runJson(process.execPath, [join(root, "bench/scale_ours.mjs"), JSON.stringify({ model, dataset })]);
      base ??= r;
      console.log(`${model} ${scale}×: train ${fmt(r.trainSeconds)} s, peak ${fmt(r.peakMB, 0)} MB`);
      table.push([
        scale === 1 ? `${model} (${about})` : "",
        `${scale}×`,
        r.ratings.toLocaleString("en-US"),
        r.items.toLocaleString("en-US"),
        fmt(r.loadSeconds),
        fmt(r.trainSeconds),
        fmt(r.trainCpuSeconds),
        fmt(r.peakMB, 0),
        fmt(r.trainSeconds / base.trainSeconds, 1),
        fmt(r.trainCpuSeconds / base.trainCpuSeconds, 1),
        fmt(r.peakMB / base.peakMB, 1),
      ]);
    }
  }
  table.push(["t-SNE (Barnes-Hut)", "pending", "", "", "", "", "", "", "", "", ""]);
  console.log("\none epoch each, one thread; train s includes building the model's input (watchlists, vocabulary, rating triples); peak = the process's maximum resident memory (data, model, runtime)\n");
  printTable(table, 2);
}
