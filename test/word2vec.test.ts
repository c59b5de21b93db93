import assert from "node:assert/strict";
import { inspect } from "node:util";
import { describe, test } from "node:test";
import { OptionsError, Random, Word2Vec, buildVocabulary, sampleThresholds, type EpochStats } from "movie-embeddings/internal";

/** Sentences drawn within planted groups: group g holds items "g<g>-<i>". */
function plantedCorpus(groups: number, itemsPerGroup: number, sentences: number, length: number, seed: number): string[][] {
  const random = new Random(seed);
  const corpus: string[][] = [];
  for (let s = 0; s < sentences; s++) {
    const group = random.int(groups);
    const sentence: string[] = [];
    for (let t = 0; t < length; t++) sentence.push(`g${group}-${random.int(itemsPerGroup)}`);
    corpus.push(sentence);
  }
  return corpus;
}

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

describe("vocabulary", () => {
  test("counts keys and orders them by descending count, ties as gensim 4.4 (key seen last first)", () => {
    const { vocabulary, corpus } = buildVocabulary(
      [
        ["a", "b", "c", "d"],
        ["d", "c", "e"],
      ],
      { minCount: 1, maxVocabSize: null, sample: 0 },
    );
    assert.deepEqual(vocabulary.keys, ["d", "c", "e", "b", "a"]);
    assert.deepEqual([...vocabulary.counts], [2, 2, 1, 1, 1]);
    assert.equal(vocabulary.rawWords, 7);
    assert.equal(vocabulary.retainedWords, 7);
    assert.deepEqual([...corpus.words], [4, 3, 1, 0, 0, 1, 2]);
    assert.deepEqual([...corpus.sentenceStarts], [0, 4, 7]);
  });

  test("minCount drops rare keys from the vocabulary and the encoded corpus", () => {
    const { vocabulary, corpus } = buildVocabulary([["x", "y", "x", "z", "x", "y"], ["z", "w"]], {
      minCount: 2,
      maxVocabSize: null,
      sample: 0,
    });
    assert.deepEqual(vocabulary.keys, ["x", "z", "y"]);
    assert.equal(vocabulary.distinctKeys, 4);
    assert.equal(vocabulary.retainedWords, 7);
    assert.equal(vocabulary.rawWords, 8);
    assert.deepEqual([...corpus.words], [0, 2, 0, 1, 0, 2, 1]);
  });

  test("sample follows gensim's formula: keep probability (sqrt(v/t)+1)·t/v, t = sample·retained", () => {
    const counts = Float64Array.from([5000, 1000, 100, 3]);
    const retained = 6103;
    const { sampleInt } = sampleThresholds(counts, retained, 1e-3);
    const t = 1e-3 * retained;
    counts.forEach((v, i) => {
      const p = Math.min(1, (Math.sqrt(v / t) + 1) * (t / v));
      assert.equal(sampleInt[i], Math.trunc(p * (2 ** 32 - 1)));
    });
    assert.equal(sampleInt[3], 2 ** 32 - 1, "rare keys are always kept");
    assert.ok(sampleInt[0] < sampleInt[1], "frequent keys are dropped more");
    const off = sampleThresholds(counts, retained, 0).sampleInt;
    assert.ok(off.every((value) => value === 2 ** 32 - 1), "sample 0 keeps everything");
  });

  test("maxVocabSize prunes rare keys while counting, as gensim's prune_vocab", () => {
    const { vocabulary } = buildVocabulary([["a", "a", "b"], ["c"], ["d"], ["a", "e"]], {
      minCount: 1,
      maxVocabSize: 2,
      sample: 0,
    });
    // After ["c"]: 3 keys > 2, prune count < 1 (nothing), then after ["d"]: prune count < 2 → b, c, d go.
    assert.deepEqual(vocabulary.keys, ["a", "e"]);
  });
});

describe("Word2Vec options", () => {
  const corpus = [["a", "b", "c"]];
  test("unknown names are refused with the closest valid name", async () => {
    await assert.rejects(Word2Vec.train(corpus, { vectorsize: 10 } as never), /unknown option "vectorsize"; did you mean "vectorSize"\?/);
    await assert.rejects(Word2Vec.train(corpus, { min_count: 1 } as never), /did you mean "minCount"\?/);
  });
  test("sizes must be positive integers", async () => {
    await assert.rejects(Word2Vec.train(corpus, { vectorSize: 0 }), (error: Error) => error instanceof OptionsError && /vectorSize must be a whole number ≥ 1, got 0/.test(error.message));
    await assert.rejects(Word2Vec.train(corpus, { window: 2.5 }), /window must be a whole number ≥ 1, got 2.5/);
    await assert.rejects(Word2Vec.train(corpus, { epochs: -1 }), /epochs must be a whole number ≥ 1, got -1/);
    await assert.rejects(Word2Vec.train(corpus, { sg: 2 as 1 }), /sg must be 0 or 1/);
    await assert.rejects(Word2Vec.train(corpus, { sample: -0.1 }), /sample must be a finite number ≥ 0, got -0.1/);
  });
  test("an empty corpus and a vocabulary emptied by minCount say so", async () => {
    await assert.rejects(Word2Vec.train([], {}), /the corpus is empty/);
    await assert.rejects(Word2Vec.train([[], []], {}), /the corpus is empty/);
    await assert.rejects(
      Word2Vec.train([["a", "b", "a"], ["c"]], { minCount: 5 }),
      (error: Error) =>
        error instanceof OptionsError &&
        error.message === "Word2Vec: minCount 5 removed all 3 distinct tokens; the most frequent appears 2 times",
    );
  });
});

describe("Word2Vec training", () => {
  const corpus = plantedCorpus(5, 8, 400, 12, 3);

  test("workers: 1 with a seed is bit-for-bit reproducible; another seed differs", async () => {
    const options = { vectorSize: 16, window: 3, minCount: 1, epochs: 2, workers: 1, seed: 11 };
    const a = await Word2Vec.train(corpus, options);
    const b = await Word2Vec.train(corpus, options);
    const c = await Word2Vec.train(corpus, { ...options, seed: 12 });
    assert.deepEqual(Buffer.from(a.wv.vectors.buffer), Buffer.from(b.wv.vectors.buffer));
    assert.deepEqual(Buffer.from(a.syn1neg.buffer), Buffer.from(b.syn1neg.buffer));
    assert.notDeepEqual(Buffer.from(a.wv.vectors.buffer), Buffer.from(c.wv.vectors.buffer));
  });

  test("initial vectors are uniform in ±1/vectorSize, as gensim 4's (one epoch at alpha 0 leaves them)", async () => {
    const model = await Word2Vec.train(corpus, { vectorSize: 10, minCount: 1, epochs: 1, alpha: 1e-12, minAlpha: 0, workers: 1 });
    const max = Math.max(...model.wv.vectors.map(Math.abs));
    assert.ok(max <= 0.1 && max > 0.09, `max |v| = ${max}`);
  });

  for (const [name, sg] of [["CBOW", 0], ["skip-gram", 1]] as const) {
    test(`${name} recovers planted groups in nearest neighbours, on 1 and 2 workers`, async () => {
      for (const workers of [1, 2]) {
        const model = await Word2Vec.train(corpus, { vectorSize: 20, window: 4, minCount: 1, sg, epochs: 10, workers, seed: 5, batchWords: 500 });
        const recovery = groupRecovery(model, 5);
        assert.ok(recovery > 0.9, `${name}, ${workers} workers: ${(recovery * 100).toFixed(1)}% of top-5 neighbours in the group`);
      }
    });
  }

  test("reports epochs through onEpochEnd and keeps the history; the loss falls", async () => {
    const seen: EpochStats[] = [];
    const progress: number[] = [];
    const model = await Word2Vec.train(corpus, {
      vectorSize: 16,
      minCount: 1,
      epochs: 4,
      workers: 1,
      progressInterval: 0,
      onEpochEnd: (stats) => seen.push(stats),
      onProgress: (p) => progress.push(p.progress),
    });
    assert.deepEqual(
      seen.map((s) => s.epoch),
      [1, 2, 3, 4],
    );
    assert.deepEqual(model.history, seen);
    assert.ok(seen.every((s) => s.words === 4800 && s.wordsPerSecond > 0 && s.effectiveWords <= 4800));
    assert.ok(seen[3].loss! < seen[0].loss!, `loss ${seen[0].loss} → ${seen[3].loss}`);
    assert.ok(progress.length >= 4 && progress.at(-1) === 1);
    assert.ok(model.timings.trainSeconds > 0);
  });

  test("the last progress report is the finished run, however long the interval", async () => {
    for (const workers of [1, 2]) {
      const reports: { epoch: number; progress: number }[] = [];
      await Word2Vec.train(corpus, {
        vectorSize: 8, minCount: 1, epochs: 3, workers, seed: 1, progressInterval: 3_600_000,
        onProgress: (p) => reports.push({ epoch: p.epoch, progress: p.progress }),
      });
      assert.deepEqual(reports.at(-1), { epoch: 3, progress: 1 }, `${workers} workers: ${JSON.stringify(reports)}`);
    }
  });

  test("the vocabulary and vectors line up (keys by count, vectors per key)", async () => {
    const model = await Word2Vec.train([["a", "b", "a", "c", "a", "b"]], { vectorSize: 8, minCount: 2, epochs: 1, workers: 1 });
    assert.deepEqual(model.wv.keys, ["a", "b"]);
    assert.equal(model.wv.vectors.length, 16);
    assert.equal(model.wv.vectorSize, 8);
  });
});

test("a trained model prints as one line", async () => {
  const model = await Word2Vec.train([["a", "b", "c"], ["b", "c", "a"]], { vectorSize: 4, minCount: 1, sample: 0, workers: 1, epochs: 1 });
  assert.match(inspect(model), /^Word2Vec<CBOW · 3 keys × 4 · 1 epochs · loss \d+\.\d\d · \d+\.\d\d s>$/);
});
