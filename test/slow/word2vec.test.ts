// Word2Vec (CBOW and skip-gram) recovers planted groups in nearest neighbours, on 1 and 2 worker threads.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Word2Vec } from "movie-embeddings/internal";
import { plantedCorpus } from "../support/word2vec";

function groupRecovery(model: Word2Vec, topn: number): number {
  let hits = 0;
  let total = 0;
  for (const key of model.wv.keys) {
    const group = key.split("-")[0];
    for (const { key: other } of model.wv.mostSimilar({ positive: key, topn })) {
      if (other.split("-")[0] === group) hits++;
      total++;
    }
  }
  return hits / total;
}

describe("Word2Vec training", () => {
  const corpus = plantedCorpus(5, 8, 400, 12, 3);

  for (const [name, sg] of [["CBOW", 0], ["skip-gram", 1]] as const) {
    test(`${name} recovers planted groups in nearest neighbours, on 1 and 2 workers`, async () => {
      for (const workers of [1, 2]) {
        const model = await Word2Vec.train(corpus, { vectorSize: 20, window: 4, minCount: 1, sg, epochs: 10, workers, seed: 5, batchWords: 500 });
        const recovery = groupRecovery(model, 5);
        assert.ok(recovery > 0.9, `${name}, ${workers} workers: ${(recovery * 100).toFixed(1)}% of top-5 neighbours in the group`);
      }
    });
  }
});
