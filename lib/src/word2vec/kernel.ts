/**
 * The training kernel: one work chunk of sentences, skip-gram or CBOW with negative sampling,
 * as gensim's `word2vec_inner.pyx` does it. The same code runs on the main thread (workers: 1)
 * and in each worker thread, on weights that may be shared (Hogwild).
 *
 * Flat loops over Float32Array rows, no allocation per chunk, and one xorshift32 state per
 * chunk seeded from (seed, epoch, chunk) so that a chunk draws the same numbers whichever
 * thread runs it.
 */
import { EXP_TABLE_SIZE, GUIDE_SHIFT, MAX_EXP, makeSigmoidTables } from "./tables";

/** The arrays training reads and writes; SharedArrayBuffer-backed when several threads train. */
export interface KernelBuffers {
  /** Input vectors, vocabulary size × vectorSize (gensim's wv.vectors / syn0). */
  readonly syn0: Float32Array;
  /** Output weights for negative sampling, vocabulary size × vectorSize. */
  readonly syn1neg: Float32Array;
  /** The encoded corpus. */
  readonly words: Int32Array;
  /** Sentence offsets in `words`, plus the end. */
  readonly sentenceStarts: Int32Array;
  /** First sentence of each chunk, plus the sentence count. */
  readonly chunkStarts: Int32Array;
  /** Raw words before each chunk, plus the total. */
  readonly chunkRawBefore: Float64Array;
  /** gensim's sample_int per word. */
  readonly sampleInt: Uint32Array;
  /** gensim's cum_table. */
  readonly cumTable: Uint32Array;
  /** Bisection guide over cum_table (see makeGuideTable). */
  readonly guide: Int32Array;
}

/** The scalar settings of the kernel. */
export interface KernelParams {
  readonly vectorSize: number;
  readonly window: number;
  readonly sg: 0 | 1;
  readonly negative: number;
  /** Whether subsampling is on (sample > 0). */
  readonly subsample: boolean;
  readonly cbowMean: 0 | 1;
  readonly computeLoss: boolean;
  readonly seed: number;
  readonly alpha: number;
  readonly minAlpha: number;
  readonly epochs: number;
}

/** The seed of chunk `chunk` in epoch `epoch`: a nonzero xorshift32 state. */
function chunkSeed(seed: number, epoch: number, chunk: number): number {
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(epoch + 1, 0xc2b2ae35) ^ Math.imul(chunk + 1, 0x27d4eb2f);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h === 0 ? 0x6d2b79f5 : h;
}

/** Trains chunks of the corpus; keeps its scratch arrays between chunks. */
export class ChunkTrainer {
  /** Effective (kept after subsampling) words of the last chunk. */
  effectiveWords = 0;
  /** Summed loss of the last chunk (0 without computeLoss). */
  loss = 0;
  /** Trained (center, context) events of the last chunk: pairs for skip-gram, center words for CBOW. */
  examples = 0;
  /** Learning rate of the last chunk. */
  alpha = 0;

  private readonly kept: Int32Array;
  private readonly keptStarts: Int32Array;
  private readonly neu1: Float64Array;
  private readonly work: Float64Array;
  private readonly expTable: Float64Array;
  private readonly logTable: Float64Array;
  private readonly totalRaw: number;

  /**
   * @param buffers the shared arrays
   * @param params the settings
   */
  constructor(
    private readonly buffers: KernelBuffers,
    private readonly params: KernelParams,
  ) {
    const { chunkStarts, sentenceStarts } = buffers;
    let maxWords = 1;
    let maxSentences = 1;
    for (let c = 0; c + 1 < chunkStarts.length; c++) {
      maxWords = Math.max(maxWords, sentenceStarts[chunkStarts[c + 1]] - sentenceStarts[chunkStarts[c]]);
      maxSentences = Math.max(maxSentences, chunkStarts[c + 1] - chunkStarts[c]);
    }
    this.kept = new Int32Array(maxWords);
    this.keptStarts = new Int32Array(maxSentences + 1);
    this.neu1 = new Float64Array(params.vectorSize);
    this.work = new Float64Array(params.vectorSize);
    const tables = makeSigmoidTables();
    this.expTable = tables.expTable;
    this.logTable = tables.logTable;
    this.totalRaw = buffers.chunkRawBefore[buffers.chunkRawBefore.length - 1];
  }

  /** Number of chunks per epoch. */
  get chunkCount(): number {
    return this.buffers.chunkStarts.length - 1;
  }

  /** Raw words of chunk `chunk`. */
  chunkRawWords(chunk: number): number {
    return this.buffers.chunkRawBefore[chunk + 1] - this.buffers.chunkRawBefore[chunk];
  }

  /**
   * Trains one chunk: subsamples its sentences, then slides the shrunk windows over them.
   * Results are left in `effectiveWords`, `loss`, `examples` and `alpha`.
   *
   * @param epoch 0-based epoch
   * @param chunk chunk index
   */
  train(epoch: number, chunk: number): void {
    const p = this.params;
    // gensim's _get_next_alpha at the job's start: linear over all epochs by raw words pushed.
    const progress = (epoch + this.buffers.chunkRawBefore[chunk] / this.totalRaw) / p.epochs;
    this.alpha = Math.max(p.minAlpha, p.alpha - (p.alpha - p.minAlpha) * progress);
    let state = chunkSeed(p.seed, epoch, chunk);

    // Subsampling, as gensim does before windowing: windows span the kept words.
    const { words, sentenceStarts, sampleInt } = this.buffers;
    const kept = this.kept;
    const keptStarts = this.keptStarts;
    const firstSentence = this.buffers.chunkStarts[chunk];
    const endSentence = this.buffers.chunkStarts[chunk + 1];
    let n = 0;
    let sentences = 0;
    keptStarts[0] = 0;
    for (let s = firstSentence; s < endSentence; s++) {
      const end = sentenceStarts[s + 1];
      if (p.subsample) {
        for (let t = sentenceStarts[s]; t < end; t++) {
          const w = words[t];
          state ^= state << 13;
          state ^= state >>> 17;
          state ^= state << 5;
          if (sampleInt[w] >= state >>> 0) kept[n++] = w;
        }
      } else {
        for (let t = sentenceStarts[s]; t < end; t++) kept[n++] = words[t];
      }
      if (n > keptStarts[sentences]) keptStarts[++sentences] = n;
    }
    this.effectiveWords = n;
    if (p.sg === 1) this.skipGram(sentences, state);
    else this.cbow(sentences, state);
  }

  private skipGram(sentences: number, seed: number): void {
    const { syn0, syn1neg, cumTable, guide } = this.buffers;
    const kept = this.kept;
    const keptStarts = this.keptStarts;
    const work = this.work;
    const expTable = this.expTable;
    const logTable = this.logTable;
    const size = this.params.vectorSize;
    const window = this.params.window;
    const negative = this.params.negative;
    const computeLoss = this.params.computeLoss;
    const alpha = this.alpha;
    const cumTotal = cumTable[cumTable.length - 1];
    const scale = EXP_TABLE_SIZE / MAX_EXP / 2;
    let state = seed;
    let loss = 0;
    let examples = 0;
    for (let s = 0; s < sentences; s++) {
      const start = keptStarts[s];
      const end = keptStarts[s + 1];
      for (let i = start; i < end; i++) {
        state ^= state << 13;
        state ^= state >>> 17;
        state ^= state << 5;
        const reduced = (state >>> 0) % window;
        let j = i - window + reduced;
        if (j < start) j = start;
        let k = i + window + 1 - reduced;
        if (k > end) k = end;
        const word = kept[i];
        for (; j < k; j++) {
          if (j === i) continue;
          examples++;
          // gensim's sg: the context word's input vector predicts the center word.
          const row1 = kept[j] * size;
          for (let d = 0; d < size; d++) work[d] = 0;
          for (let t = 0; t <= negative; t++) {
            let target: number;
            let label: number;
            if (t === 0) {
              target = word;
              label = 1;
            } else {
              state ^= state << 13;
              state ^= state >>> 17;
              state ^= state << 5;
              const draw = (state >>> 1) % cumTotal;
              let lo = guide[draw >>> GUIDE_SHIFT];
              let hi = guide[(draw >>> GUIDE_SHIFT) + 1];
              while (lo < hi) {
                const mid = (lo + hi) >>> 1;
                if (cumTable[mid] < draw) lo = mid + 1;
                else hi = mid;
              }
              target = lo;
              if (target === word) continue;
              label = 0;
            }
            const row2 = target * size;
            let dot = 0;
            for (let d = 0; d < size; d++) dot += syn0[row1 + d] * syn1neg[row2 + d];
            if (dot <= -MAX_EXP || dot >= MAX_EXP) continue;
            const cell = ((dot + MAX_EXP) * scale) | 0;
            const g = (label - expTable[cell]) * alpha;
            if (computeLoss) loss -= logTable[label === 1 ? cell : ((MAX_EXP - dot) * scale) | 0];
            for (let d = 0; d < size; d++) {
              work[d] += g * syn1neg[row2 + d];
              syn1neg[row2 + d] += g * syn0[row1 + d];
            }
          }
          for (let d = 0; d < size; d++) syn0[row1 + d] += work[d];
        }
      }
    }
    this.loss = loss;
    this.examples = examples;
  }

  private cbow(sentences: number, seed: number): void {
    const { syn0, syn1neg, cumTable, guide } = this.buffers;
    const kept = this.kept;
    const keptStarts = this.keptStarts;
    const work = this.work;
    const neu1 = this.neu1;
    const expTable = this.expTable;
    const logTable = this.logTable;
    const size = this.params.vectorSize;
    const window = this.params.window;
    const negative = this.params.negative;
    const computeLoss = this.params.computeLoss;
    const cbowMean = this.params.cbowMean === 1;
    const alpha = this.alpha;
    const cumTotal = cumTable[cumTable.length - 1];
    const scale = EXP_TABLE_SIZE / MAX_EXP / 2;
    let state = seed;
    let loss = 0;
    let examples = 0;
    for (let s = 0; s < sentences; s++) {
      const start = keptStarts[s];
      const end = keptStarts[s + 1];
      for (let i = start; i < end; i++) {
        state ^= state << 13;
        state ^= state >>> 17;
        state ^= state << 5;
        const reduced = (state >>> 0) % window;
        let j = i - window + reduced;
        if (j < start) j = start;
        let k = i + window + 1 - reduced;
        if (k > end) k = end;
        const count = k - j - 1;
        if (count <= 0) continue; // no context: gensim's update would change nothing
        examples++;
        const word = kept[i];
        for (let d = 0; d < size; d++) neu1[d] = 0;
        for (let m = j; m < k; m++) {
          if (m === i) continue;
          const row = kept[m] * size;
          for (let d = 0; d < size; d++) neu1[d] += syn0[row + d];
        }
        const inverse = 1 / count;
        if (cbowMean) for (let d = 0; d < size; d++) neu1[d] *= inverse;
        for (let d = 0; d < size; d++) work[d] = 0;
        for (let t = 0; t <= negative; t++) {
          let target: number;
          let label: number;
          if (t === 0) {
            target = word;
            label = 1;
          } else {
            state ^= state << 13;
            state ^= state >>> 17;
            state ^= state << 5;
            const draw = (state >>> 1) % cumTotal;
            let lo = guide[draw >>> GUIDE_SHIFT];
            let hi = guide[(draw >>> GUIDE_SHIFT) + 1];
            while (lo < hi) {
              const mid = (lo + hi) >>> 1;
              if (cumTable[mid] < draw) lo = mid + 1;
              else hi = mid;
            }
            target = lo;
            if (target === word) continue;
            label = 0;
          }
          const row2 = target * size;
          let dot = 0;
          for (let d = 0; d < size; d++) dot += neu1[d] * syn1neg[row2 + d];
          if (dot <= -MAX_EXP || dot >= MAX_EXP) continue;
          const cell = ((dot + MAX_EXP) * scale) | 0;
          const g = (label - expTable[cell]) * alpha;
          if (computeLoss) loss -= logTable[label === 1 ? cell : ((MAX_EXP - dot) * scale) | 0];
          for (let d = 0; d < size; d++) {
            work[d] += g * syn1neg[row2 + d];
            syn1neg[row2 + d] += g * neu1[d];
          }
        }
        // gensim divides the error over the summed vectors when cbow_mean is 0.
        if (!cbowMean) for (let d = 0; d < size; d++) work[d] *= inverse;
        for (let m = j; m < k; m++) {
          if (m === i) continue;
          const row = kept[m] * size;
          for (let d = 0; d < size; d++) syn0[row + d] += work[d];
        }
      }
    }
    this.loss = loss;
    this.examples = examples;
  }
}
