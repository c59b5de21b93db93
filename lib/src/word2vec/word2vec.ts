/**
 * Word2Vec with negative sampling, trained in process: gensim 4's algorithm and defaults,
 * seeded, on worker threads sharing the weights.
 *
 * What differs from gensim 4.4, and why:
 * - Randomness. Input vectors are drawn from the library's seeded {@link Random} (uniform in
 *   ±1/vectorSize, as gensim 4's prep_vectors; word2vec.c and gensim 3 use ±0.5/vectorSize, which
 *   learns visibly slower in the first epochs) rather than numpy's generator; the inner loop
 *   (subsampling, window shrinking, negative draws) uses one xorshift32 stream per work chunk,
 *   seeded from (seed, epoch, chunk), rather than gensim's 48-bit LCG and numpy window draws.
 *   It is faster in JavaScript, and a chunk draws the same numbers whichever thread trains it,
 *   so `workers: 1` is bit-for-bit reproducible. Vectors therefore differ from gensim's for the
 *   same seed; their quality and statistics do not.
 * - Negative draws are uniform integers below cum_table[last] taken from 31 random bits
 *   (gensim: 32 bits of its LCG); the lookup is gensim's bisect_left, narrowed by a guide table
 *   (same answer, fewer steps).
 * - Sentences longer than 10,000 words are trained whole; gensim truncates them to 10,000.
 * - The vector arithmetic runs in WebAssembly SIMD on float32, as gensim's BLAS calls do; the
 *   order of additions in a dot product differs, so results match gensim's to float32 rounding
 *   only in distribution, not bit for bit.
 * - The loss (gensim's compute_loss formula, −Σ log σ(±x·y)) is always accumulated, at no
 *   measurable cost; `computeLoss` (default true, gensim: False) only decides whether it is
 *   reported. Losses are kept per epoch in float64 (gensim accumulates one float32 over the run).
 * - Work chunks hold whole sentences up to `batchWords` raw words, as gensim's jobs; the learning
 *   rate is set per chunk from the sentences before it, as gensim sets it per job (decayed by
 *   examples, i.e. sentences, since Word2Vec(sentences) passes total_examples).
 * - Only negative sampling: no hierarchical softmax (hs), so `negative` must be ≥ 1.
 * - Vocabulary ties (equal counts) are ordered as gensim 4.4 orders them: the key first seen
 *   last comes first (its `np.lexsort((-indices, -counts))`).
 */
import { inspect } from "node:util";
import { TrainingError } from "../errors";
import { Random } from "../random";
import { yieldToEventLoop } from "../train/progress";
import { KeyedVectors } from "../vectors/keyed-vectors";
import { ChunkTrainer, type KernelBuffers, type KernelParams, createKernelMemory, planLayout } from "./kernel";
import { type ResolvedWord2VecOptions, type Word2VecEpochReport, type Word2VecOptions, resolveWord2VecOptions } from "./options";
import { trainInThreads } from "./pool";
import { type EpochTotals, ProgressReporter } from "./progress";
import { makeCumTable, makeGuideTable } from "./tables";
import { type Sentences, type Word2VecVocabulary, buildVocabulary } from "./vocab";

/** Wall times of a run, in seconds. */
export interface Word2VecTimings {
  /** Counting the vocabulary and encoding the corpus. */
  readonly vocabSeconds: number;
  /** All training epochs. */
  readonly trainSeconds: number;
}

/** How often the main-thread trainer lets the event loop run (callbacks, notebook output). */
const YIELD_MS = 50;

/**
 * A trained Word2Vec model; create one with {@link Word2Vec.train}.
 *
 * @example
 * const model = await Word2Vec.train(watchlists, { vectorSize: 50, minCount: 2, seed: 42 });
 * model.wv.mostSimilar({ positive: "1", topn: 5 });
 */
export class Word2Vec {
  private constructor(
    /** The input vectors, one per vocabulary key: what the model learned. */
    readonly wv: KeyedVectors,
    /** The output (negative-sampling) weights, vocabulary size × vectorSize, in `wv.keys` order. */
    readonly syn1neg: Float32Array,
    /** The vocabulary: keys, counts, subsampling thresholds. */
    readonly vocabulary: Word2VecVocabulary,
    /** The options used, defaults filled in. */
    readonly options: ResolvedWord2VecOptions,
    /** One report per epoch: mean and total loss, seconds, words per second, words. */
    readonly history: readonly Word2VecEpochReport[],
    /** Time spent on the vocabulary and on training. */
    readonly timings: Word2VecTimings,
  ) {}

  /** One line: "Word2Vec<CBOW · 9,000 keys × 50 · 5 epochs · loss 2.45 · 0.48 s>". */
  [inspect.custom](): string {
    const { sg, epochs } = this.options;
    const last = this.history[this.history.length - 1];
    const loss = last?.trainLoss != null ? ` · loss ${last.trainLoss.toFixed(2)}` : "";
    const keys = this.wv.size.toLocaleString("en-US");
    return `Word2Vec<${sg ? "skip-gram" : "CBOW"} · ${keys} keys × ${this.wv.vectorSize} · ${epochs} epochs${loss} · ${this.timings.trainSeconds.toFixed(2)} s>`;
  }

  /**
   * Builds the vocabulary of `sentences` and trains on them.
   *
   * @param sentences one array of tokens per sentence (for item2vec: each user's movieIds)
   * @param options gensim's parameters in camelCase (see {@link Word2VecOptions}), and callbacks
   * @returns the trained model
   * @throws OptionsError for invalid options, an empty corpus or a vocabulary emptied by minCount
   * @throws TrainingError when the vectors become NaN or infinite (naming alpha)
   * @example
   * const model = await Word2Vec.train(sentences, {
   *   vectorSize: 32, window: 10, negative: 20, minCount: 1, workers: 1, seed: 7,
   *   onEpochEnd: ({ epoch, loss }) => console.log(epoch, loss),
   * });
   */
  static async train(sentences: Sentences, options: Word2VecOptions = {}): Promise<Word2Vec> {
    const resolved = resolveWord2VecOptions(options);
    const vocabStart = performance.now();
    const { vocabulary, corpus } = buildVocabulary(sentences, resolved, resolved.batchWords);
    const vocabSeconds = (performance.now() - vocabStart) / 1000;

    const size = resolved.vectorSize;
    const rows = vocabulary.keys.length;
    const chunks = corpus.chunkStarts.length - 1;
    const threads = Math.min(resolved.workers, chunks);
    const layout = planLayout(rows, size, threads, resolved.window, resolved.negative);
    const memory = createKernelMemory(layout);
    const stride = layout.rowBytes / 4;
    const syn0 = new Float32Array(memory.buffer, layout.syn0Offset, rows * stride);
    const syn1neg = new Float32Array(memory.buffer, layout.syn1Offset, rows * stride);
    const random = new Random(resolved.seed);
    for (let r = 0; r < rows; r++) {
      for (let d = 0; d < size; d++) syn0[r * stride + d] = (random.next() * 2 - 1) / size;
    }
    const cumTable = makeCumTable(vocabulary.counts, resolved.nsExponent);
    const buffers: KernelBuffers = {
      memory,
      layout,
      ...corpus,
      sampleInt: vocabulary.sampleInt,
      cumTable,
      guide: makeGuideTable(cumTable),
    };
    const params: KernelParams = {
      vectorSize: size,
      window: resolved.window,
      sg: resolved.sg,
      negative: resolved.negative,
      subsample: resolved.sample > 0,
      cbowMean: resolved.cbowMean,
      seed: resolved.seed,
      alpha: resolved.alpha,
      minAlpha: resolved.minAlpha,
      epochs: resolved.epochs,
    };
    const reporter = new ProgressReporter(
      resolved.epochs,
      vocabulary.rawWords,
      resolved.computeLoss,
      resolved.progressInterval,
      options.onProgress,
      options.onEpochEnd,
    );

    const trainStart = performance.now();
    if (threads <= 1) await trainInMainThread(buffers, params, reporter);
    else await trainInThreads(buffers, params, threads, reporter, resolved.progressInterval);
    const trainSeconds = (performance.now() - trainStart) / 1000;

    const vectors = unpad(syn0, rows, size, stride);
    const bad = vectors.findIndex((value) => !Number.isFinite(value));
    if (bad >= 0) {
      const last = reporter.history[reporter.history.length - 1];
      throw new TrainingError(
        `Word2Vec: training diverged: the vector of ${JSON.stringify(vocabulary.keys[Math.floor(bad / size)])} holds ${vectors[bad]}` +
          `${last?.trainLoss != null ? ` (last mean loss ${last.trainLoss})` : ""}; lower alpha (${resolved.alpha})`,
      );
    }
    const wv = new KeyedVectors(vocabulary.index, vectors, size);
    return new Word2Vec(wv, unpad(syn1neg, rows, size, stride), vocabulary, resolved, reporter.history, {
      vocabSeconds,
      trainSeconds,
    });
  }
}

async function trainInMainThread(buffers: KernelBuffers, params: KernelParams, reporter: ProgressReporter): Promise<void> {
  const trainer = new ChunkTrainer(buffers, params, 0);
  for (let epoch = 0; epoch < params.epochs; epoch++) {
    reporter.startEpoch();
    const totals: EpochTotals = { words: 0, effectiveWords: 0, loss: 0, examples: 0, alpha: params.alpha };
    let lastYield = performance.now();
    for (let chunk = 0; chunk < trainer.chunkCount; chunk++) {
      trainer.train(epoch, chunk);
      totals.words += trainer.chunkRawWords(chunk);
      totals.effectiveWords += trainer.effectiveWords;
      totals.loss += trainer.loss;
      totals.examples += trainer.examples;
      totals.alpha = trainer.alpha;
      if (performance.now() - lastYield > YIELD_MS) {
        reporter.progress(epoch, totals);
        await yieldToEventLoop();
        lastYield = performance.now();
      }
    }
    reporter.progress(epoch, totals);
    reporter.endEpoch(epoch, totals);
  }
}

/** Rows of `stride` floats (padded for SIMD) to rows of `size`, in a new unshared array. */
function unpad(padded: Float32Array, rows: number, size: number, stride: number): Float32Array {
  const out = new Float32Array(rows * size);
  for (let r = 0; r < rows; r++) out.set(padded.subarray(r * stride, r * stride + size), r * size);
  return out;
}
