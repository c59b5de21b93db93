// Chooses the settings of notebook 05 on the VALIDATION split only (each user's last training
// movie held out of the training watchlists; the test targets are never read), and writes them
// with every candidate's validation metrics to notebooks/settings/05-validation.json, which the
// notebook reads and shows. Too slow for the notebook itself (a few minutes on 2 cores).
//
// Usage: npm run build && node scripts/choose-eval-settings.mjs [--dataset ml-latest-small] [--out FILE]
//
// Searched (seed 0, one worker, so the run is repeatable):
//  - co-occurrence: window K (last 5 movies, as the protocol fixes); item-kNN: last N × shrinkage;
//  - item2vec: CBOW and skip-gram over window, subsampling and epochs (vector 64, negative 5,
//    minCount 1), each scored two ways: the protocol's cosine query and the model's output layer
//    ("what comes next"), each with the plain mean or a recency-weighted query;
//  - blends of the best item2vec scorer with co-occurrence, over the blend weight.
// Only settings the notebook can afford to train three times are eligible (see `affordable`).
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  Word2Vec, blendScorer, chooseSetting, cooccurrenceScorer, itemKnnScorer, leaveLastOut, loadMovieLens, vectorScorer,
} from "movie-embeddings";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : fallback);
const dataset = option("dataset", "ml-latest-small");
const out = option("out", join(root, "notebooks/settings/05-validation.json"));

const validation = leaveLastOut(loadMovieLens(dataset)).validation();
const log = (...parts) => console.log(`[${(performance.now() / 1000).toFixed(0)} s]`, ...parts);
const round = (rows) => rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === "number" ? Number(v.toFixed(4)) : v])));

// Baselines.
const cooccurrence = await chooseSetting(validation, [1, 2, 3, 5, 10, 20, 50].map((window) => ({
  setting: { window, lastN: 5 },
  factory: (split) => cooccurrenceScorer(split, { window, lastN: 5 }),
})));
log("co-occurrence", cooccurrence.best);
const itemKnn = await chooseSetting(validation, [1, 3, 5, 10, 20].flatMap((lastN) => [0, 10, 50, 100].map((shrinkage) => ({
  setting: { lastN, shrinkage },
  factory: (split) => itemKnnScorer(split, { lastN, shrinkage }),
}))));
log("item-kNN", itemKnn.best);

// item2vec: each model trained once, scored four ways.
const base = { vectorSize: 64, negative: 5, minCount: 1, workers: 1 };
const modelGrid = [
  ...[5, 10, 20, 50].flatMap((window) => [1e-3, 0].map((sample) => ({ sg: 0, window, sample, epochs: 30 }))),
  ...[5, 20].map((window) => ({ sg: 1, window, sample: 1e-3, epochs: 10 })),
];
const models = new Map();
const train = async (split, options, seed) => {
  const key = JSON.stringify(options);
  if (!models.has(key)) {
    const started = performance.now();
    models.set(key, await Word2Vec.train(split.sentences(), { ...base, ...options, seed }));
    log("trained", key, `${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  return models.get(key);
};
const scorings = [
  { scoring: "cosine", recency: 1 },
  { scoring: "cosine", recency: 0.7 },
  { scoring: "output", recency: 1 },
  { scoring: "output", recency: 0.7 },
];
const item2vecScorer = (model, split, { scoring, recency }) =>
  vectorScorer(model.wv, split, { name: "item2vec", recency, output: scoring === "output" ? { vectors: model.syn1neg } : undefined });
const item2vec = await chooseSetting(validation, modelGrid.flatMap((options) => scorings.map((scoring) => ({
  setting: { ...options, ...scoring },
  factory: async (split, seed) => item2vecScorer(await train(split, options, seed), split, scoring),
}))));
// The notebook trains each chosen model three times within its 5-minute budget on 2 shared cores:
// skip-gram with a wide window trains 3–4× longer than CBOW (35 s vs 10–20 s here under load), so
// it is measured and shown but not eligible. Its validation gain was within noise (see the table).
const affordable = (row) => row.sg === 0 || row.window <= 5;
const bestOf = (scoring) => {
  const rows = item2vec.table.filter((row) => row.scoring === scoring && affordable(row));
  const best = rows.reduce((a, b) => (b["HitRate@10"] > a["HitRate@10"] || (b["HitRate@10"] === a["HitRate@10"] && b["NDCG@10"] > a["NDCG@10"]) ? b : a));
  const { sg, window, sample, epochs, recency } = best;
  return { model: { sg, window, sample, epochs }, recency, scoring };
};
const bestCosine = bestOf("cosine");
const bestOutput = bestOf("output");
log("item2vec cosine", bestCosine, "output", bestOutput);

// Blends of each best item2vec scorer with co-occurrence (its chosen window).
const blend = await chooseSetting(validation, [bestCosine, bestOutput].flatMap((chosen) => [0.1, 0.25, 0.5, 1].map((weight) => ({
  setting: { scoring: chosen.scoring, weight },
  factory: async (split, seed) => blendScorer("item2vec + co-occurrence", [
    { scorer: item2vecScorer(await train(split, chosen.model, seed), split, chosen), weight: 1 },
    { scorer: cooccurrenceScorer(split, cooccurrence.best), weight },
  ]),
}))));
log("blend", blend.best);

mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify({
  about: "Settings chosen on the validation split (seed 0) by scripts/choose-eval-settings.mjs; the test targets were never read.",
  dataset,
  validationUsers: validation.users,
  cooccurrence: { best: cooccurrence.best, table: round(cooccurrence.table) },
  itemKnn: { best: itemKnn.best, table: round(itemKnn.table) },
  item2vec: { common: base, bestCosine, bestOutput, table: round(item2vec.table) },
  blend: { best: { ...blend.best, cooccurrence: cooccurrence.best }, table: round(blend.table) },
}, null, 1)}\n`);
log("wrote", out);
