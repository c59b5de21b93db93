// Bench section "scaling": how each model's cost grows with the data. item2vec, the CBOW next-title
// model and the NCF rating model each train one epoch (the notebooks' settings, one thread) on
// ml-latest-small (1×) and on seeded synthetic corpora of 10× and 100× its ratings (made once by
// scripts/generate-synthetic-ratings.mjs into data/synthetic-10x and data/synthetic-100x); then our
// Barnes-Hut t-SNE maps the unit item vectors that scale's item2vec run produced (every item it
// kept). Each run is its own process, so peak memory (the process's, data included) is the run's own.
// Run alone: npm run bench -- --only scaling [--quick: 1× and 10× only]
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fmt, printTable, report, root, runJson } from "./common.mjs";

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

/** Runs the section; its note says how each row grew from 10× to 100×, from this run's numbers. */
export function runScalingBench({ quick = false } = {}) {
  const models = [
    { model: "item2vec", about: "Word2Vec CBOW v50 w5 min2, 1 epoch" },
    { model: "cbow", about: "next-title CBOW, top 200 movies, D 20, 1 epoch" },
    { model: "ncf", about: "rating model D 50, lazy Adam, batch 64, 1 epoch" },
    { model: "tsne", about: "Barnes-Hut t-SNE of the item2vec row's unit vectors, perplexity 30, 750 steps" },
  ];
  const scales = datasets(quick);
  const dir = mkdtempSync(join(tmpdir(), "scaling-bench-"));
  const vectorsAt = (scale) => join(dir, `item2vec-${scale}x.npy`);
  const ratingsAt = new Map();
  const grown = [];
  const table = [["model", "scale", "ratings", "items", "load s", "train s", "train CPU s", "peak MB", "train time / 1×", "train CPU / 1×", "peak / 1×"]];
  try {
    for (const { model, about } of models) {
      let base = null;
      const byScale = new Map();
      for (const { scale, dataset } of scales) {
        const spec = model === "tsne" ? { model, vectors: vectorsAt(scale) } : { model, dataset, ...(model === "item2vec" && { vectorsOut: vectorsAt(scale) }) };
        const r = runJson(process.execPath, [join(root, "bench/scale_ours.mjs"), JSON.stringify(spec)]);
        if (r.ratings !== null) ratingsAt.set(scale, r.ratings);
        base ??= r;
        byScale.set(scale, r);
        console.log(`${model} ${scale}×: ${r.items} items, train ${fmt(r.trainSeconds)} s, peak ${fmt(r.peakMB, 0)} MB`);
        table.push([
          scale === 1 ? `${model === "tsne" ? "t-SNE" : model} (${about})` : "",
          `${scale}×`,
          (r.ratings ?? ratingsAt.get(scale)).toLocaleString("en-US"),
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
      const [from, to] = [byScale.get(10), byScale.get(100)];
      if (from && to) {
        grown.push(`${model === "tsne" ? "t-SNE" : model} ${fmt(to.trainCpuSeconds / from.trainCpuSeconds, 1)}× in CPU time ` +
          `(${from.items.toLocaleString("en-US")} → ${to.items.toLocaleString("en-US")} items), peak ${fmt(from.peakMB, 0)} → ${fmt(to.peakMB, 0)} MB`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log("");
  report(
    "one epoch each (t-SNE: one map), one thread; train s includes building the model's input (watchlists, vocabulary, rating triples);",
    "t-SNE's load s reads the item vectors; peak = the process's maximum resident memory (data, model, runtime)",
    "",
  );
  printTable(table, 2);
  return { targets: [], notes: grown.length > 0 ? [`From 10× to 100× the ratings: ${grown.join("; ")}.`] : [] };
}
