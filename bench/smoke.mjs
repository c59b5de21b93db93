import { readFileSync } from "node:fs";
import me from "movie-embeddings";
const { Word2Vec } = me;
const lines = readFileSync("data/ml-latest-small/ratings.csv", "utf8").split("\n");
const by = new Map();
for (let i = 1; i < lines.length; i++) { const l = lines[i]; if (!l) continue; const [u, m] = l.split(","); let a = by.get(u); if (!a) by.set(u, a = []); a.push(m); }
const sentences = [...by.values()];
for (const workers of [1, 2]) {
  const t = performance.now();
  const model = await Word2Vec.train(sentences, { vectorSize: 50, window: 5, minCount: 2, workers, seed: 1, onEpochEnd: (s) => console.log(JSON.stringify(s)) });
  console.log(workers, (performance.now() - t) / 1000, model.timings, model.wv.mostSimilar({ positive: "1", topn: 5 }));
}
