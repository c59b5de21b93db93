// Bench section "planted": how fast each engine learns, epoch for epoch. A seeded synthetic corpus
// with planted clusters (groups of items; each user mostly stays in one group) is trained by our
// Word2Vec and by gensim with identical settings (skip-gram, window 5, 32 dimensions, 5 negatives,
// one worker), for several epoch counts; the score is the purity of each item's 10 nearest
// neighbours (cosine): the share that belongs to the item's own group, averaged over items.
// Means over seeds (each seed its own corpus and model seed); the difference is the mean of each
// seed's ours − gensim with its 95% interval (Student's t over the seeds): "level" means the interval
// reaches zero, "behind" that it lies below it.
// Run alone: npm run bench -- --only planted [--planted-seeds 8]   (needs npm run build and gensim)
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hasPythonModule, printTable, python, report, root, signed, targetLine } from "./common.mjs";
import { Random, Word2Vec, loadWord2VecFormat } from "movie-embeddings";

/** The planted corpus: groups × itemsPerGroup items, users who pick `loyalty` of their items from their own group. */
export const PLANTED = { groups: 50, itemsPerGroup: 40, users: 1000, minLength: 10, maxLength: 40, loyalty: 0.7, popularityExponent: 0.8 };

/**
 * Seeded sentences with planted groups. Item `g·itemsPerGroup + r` belongs to group g; within a
 * group, item r is drawn with weight 1/(r+1)^popularityExponent (a few popular items, a long tail).
 * @param {number} seed
 * @param {typeof PLANTED} spec
 * @returns {{ sentences: string[][], groupOf: (key: string) => number }}
 */
export function plantedCorpus(seed, spec = PLANTED) {
  const random = new Random(seed);
  const { groups, itemsPerGroup, users, minLength, maxLength, loyalty, popularityExponent } = spec;
  const cumulative = new Float64Array(itemsPerGroup);
  let total = 0;
  for (let r = 0; r < itemsPerGroup; r++) cumulative[r] = total += 1 / (r + 1) ** popularityExponent;
  const pickInGroup = () => {
    const u = random.next() * total;
    let r = 0;
    while (cumulative[r] < u) r++;
    return r;
  };
  const sentences = [];
  for (let user = 0; user < users; user++) {
    const home = random.int(groups);
    const length = minLength + random.int(maxLength - minLength + 1);
    const sentence = [];
    for (let t = 0; t < length; t++) {
      const group = random.next() < loyalty ? home : random.int(groups);
      sentence.push(`i${group * itemsPerGroup + pickInGroup()}`);
    }
    sentences.push(sentence);
  }
  return { sentences, groupOf: (key) => Math.floor(Number(key.slice(1)) / itemsPerGroup) };
}

/**
 * Mean share of each key's `k` nearest neighbours (cosine, itself excluded) that share its group.
 * @param {import("movie-embeddings").KeyedVectors} wv
 * @param {(key: string) => number} groupOf
 */
export function neighbourPurity(wv, groupOf, k = 10) {
  const n = wv.size;
  const dim = wv.vectorSize;
  const unit = new Float32Array(wv.vectors);
  for (let r = 0; r < n; r++) {
    let norm = 0;
    for (let d = 0; d < dim; d++) norm += unit[r * dim + d] ** 2;
    norm = Math.sqrt(norm) || 1;
    for (let d = 0; d < dim; d++) unit[r * dim + d] /= norm;
  }
  const groups = wv.keys.map(groupOf);
  const scores = new Float64Array(n);
  let sum = 0;
  for (let r = 0; r < n; r++) {
    for (let o = 0; o < n; o++) {
      let dot = 0;
      for (let d = 0; d < dim; d++) dot += unit[r * dim + d] * unit[o * dim + d];
      scores[o] = o === r ? -Infinity : dot;
    }
    const order = Array.from(scores.keys()).sort((a, b) => scores[b] - scores[a]);
    let same = 0;
    for (let i = 0; i < k; i++) if (groups[order[i]] === groups[r]) same++;
    sum += same / k;
  }
  return sum / n;
}

const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
/** Two-sided 95% quantiles of Student's t by degrees of freedom (1–30; the normal's beyond). */
const T95 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042];
/** The mean of paired differences and its 95% interval. */
const pairedInterval = (differences) => {
  const n = differences.length;
  const m = mean(differences);
  if (n < 2) return { mean: m, low: -Infinity, high: Infinity };
  const sd = Math.sqrt(differences.reduce((a, d) => a + (d - m) ** 2, 0) / (n - 1));
  const half = (T95[n - 2] ?? 1.96) * (sd / Math.sqrt(n));
  return { mean: m, low: m - half, high: m + half };
};

/** Runs the section: purity per epoch count, ours and gensim, mean over seeds. */
export async function runPlantedBench({ quick = false, option = (_name, fallback) => fallback } = {}) {
  const hasGensim = hasPythonModule("gensim");
  const epochCounts = quick ? [2, 5, 10] : [2, 5, 10, 15];
  const seeds = Array.from({ length: option("planted-seeds", quick ? 3 : 8) }, (_, i) => i);
  const settings = { sg: 1, window: 5, vectorSize: 32, negative: 5, minCount: 1, workers: 1 };
  const dir = mkdtempSync(join(tmpdir(), "planted-bench-"));
  const results = new Map(epochCounts.map((e) => [e, { ours: [], gensim: [] }]));
  try {
    for (const seed of seeds) {
      const { sentences, groupOf } = plantedCorpus(seed);
      const file = join(dir, "sentences.txt");
      writeFileSync(file, `${sentences.map((s) => s.join(" ")).join("\n")}\n`);
      for (const epochs of epochCounts) {
        const options = { ...settings, epochs, seed };
        // Alternate which engine goes first, so the machine's load is shared alike.
        const runOurs = async () => results.get(epochs).ours.push(neighbourPurity((await Word2Vec.train(sentences, options)).wv, groupOf));
        const runGensim = () => {
          if (!hasGensim) return;
          const out = join(dir, "gensim.w2v.txt");
          execFileSync(python, [join(root, "bench/gensim_vectors.py"), JSON.stringify({ sentences: file, options, out })], { cwd: root });
          results.get(epochs).gensim.push(neighbourPurity(loadWord2VecFormat(out), groupOf));
        };
        if ((seed + epochs) % 2 === 0) {
          await runOurs();
          runGensim();
        } else {
          runGensim();
          await runOurs();
        }
        const r = results.get(epochs);
        console.log(`seed ${seed}, ${epochs} epochs: purity ours ${r.ours.at(-1).toFixed(3)}${hasGensim ? `, gensim ${r.gensim.at(-1).toFixed(3)}` : ""}`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const { groups, itemsPerGroup, users, loyalty } = PLANTED;
  console.log("");
  report(`${groups} groups × ${itemsPerGroup} items, ${users} users, ${loyalty * 100}% of a user's items from one group; skip-gram w5 v32 neg5, workers 1; seeds ${seeds.join(", ")}`, "");
  const table = [["epochs", "purity@10 ours (mean)", "purity@10 gensim (mean)", "ours − gensim (mean, 95% interval)", "seeds with ours ≥ gensim"]];
  for (const [epochs, { ours, gensim }] of results) {
    const { mean: m, low, high } = pairedInterval(ours.map((o, i) => o - gensim[i]));
    const difference = gensim.length ? `${signed(m)} [${signed(low)}, ${signed(high)}]` : "–";
    const ahead = gensim.length ? `${ours.filter((o, i) => o >= gensim[i]).length} of ${ours.length}` : "–";
    table.push([String(epochs), mean(ours).toFixed(3), gensim.length ? mean(gensim).toFixed(3) : "–", difference, ahead]);
  }
  printTable(table, 1);
  const checks = [...results].filter(([, r]) => r.gensim.length).map(([epochs, { ours, gensim }]) => {
    const { mean: m, low, high } = pairedInterval(ours.map((o, i) => o - gensim[i]));
    const verdict = low > 0 ? "ahead" : high < 0 ? "behind" : "level";
    return { label: `${epochs} epochs`, value: `${verdict}, ${signed(m)} [${signed(low)}, ${signed(high)}]`, met: high >= 0 };
  });
  return { targets: [targetLine(`purity@10 as good as gensim's (the 95% interval of ours − gensim over ${seeds.length} seeds reaches 0 or lies above it)`, checks)] };
}
