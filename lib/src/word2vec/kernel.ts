/**
 * The training kernel: one work chunk of sentences, skip-gram or CBOW with negative sampling,
 * as gensim's `word2vec_inner.pyx` does it. The same code runs on the main thread (workers: 1)
 * and in each worker thread, on weights shared by all threads (Hogwild).
 *
 * JavaScript walks the sentences (subsampling, window shrinking, negative draws: one xorshift32
 * state per chunk seeded from (seed, epoch, chunk), so a chunk draws the same numbers whichever
 * thread runs it); the vector arithmetic of each example runs in WebAssembly SIMD (kernel.wat),
 * on float32 weights held in a shared WebAssembly memory, rows padded to a multiple of 4 floats.
 */
import { KERNEL_WASM_BASE64 } from "./kernel-wasm";
import { EXP_TABLE_SIZE, GUIDE_SHIFT, makeSigmoidTables } from "./tables";

/** Where things live in the shared WebAssembly memory (byte offsets). */
export interface KernelLayout {
  /** Bytes per row: vectorSize rounded up to 4 floats, × 4. */
  readonly rowBytes: number;
  /** First byte of syn0 (input vectors). */
  readonly syn0Offset: number;
  /** First byte of syn1neg (output weights). */
  readonly syn1Offset: number;
  /** First byte of the per-thread scratch areas. */
  readonly scratchOffset: number;
  /** Bytes of one thread's scratch area. */
  readonly scratchBytes: number;
  /** 64 KiB pages of the memory. */
  readonly pages: number;
}

const TABLES_BYTES = 2 * EXP_TABLE_SIZE * 4;
const align16 = (n: number): number => Math.ceil(n / 16) * 16;

/**
 * Lays out the shared memory for `rows` vectors and `threads` threads.
 *
 * @param rows vocabulary size
 * @param vectorSize vector length
 * @param threads number of threads (scratch areas)
 * @param window maximum window
 * @param negative negatives per example
 * @returns the layout
 * @throws RangeError when the weights do not fit in 4 GiB
 */
export function planLayout(rows: number, vectorSize: number, threads: number, window: number, negative: number): KernelLayout {
  const rowBytes = Math.ceil(vectorSize / 4) * 16;
  const scratchBytes = 2 * rowBytes + align16(2 * window * 4) + align16((negative + 1) * 4);
  const scratchOffset = TABLES_BYTES;
  const syn0Offset = align16(scratchOffset + threads * scratchBytes);
  const syn1Offset = syn0Offset + rows * rowBytes;
  const end = syn1Offset + rows * rowBytes;
  const pages = Math.ceil(end / 65536);
  if (pages > 65536) {
    throw new RangeError(`Word2Vec: ${rows} vectors of ${vectorSize} need ${(end / 2 ** 30).toFixed(1)} GiB, more than 4 GiB`);
  }
  return { rowBytes, syn0Offset, syn1Offset, scratchOffset, scratchBytes, pages: Math.max(1, pages) };
}

/**
 * A shared WebAssembly memory for `layout`, its sigmoid tables written.
 *
 * @param layout the layout
 * @returns the memory (weights zeroed)
 */
export function createKernelMemory(layout: KernelLayout): WebAssembly.Memory {
  const memory = new WebAssembly.Memory({ initial: layout.pages, maximum: layout.pages, shared: true });
  const { expTable, logTable } = makeSigmoidTables();
  const tables = new Float32Array(memory.buffer, 0, 2 * EXP_TABLE_SIZE);
  tables.set(expTable, 0);
  tables.set(logTable, EXP_TABLE_SIZE);
  return memory;
}

let compiled: WebAssembly.Module | null = null;

type StepFunction = (
  ctx: number,
  nctx: number,
  tg: number,
  ntg: number,
  neu1: number,
  work: number,
  bytes: number,
  alpha: number,
  mean: number,
) => number;

function instantiate(memory: WebAssembly.Memory): StepFunction {
  compiled ??= new WebAssembly.Module(Buffer.from(KERNEL_WASM_BASE64, "base64"));
  const instance = new WebAssembly.Instance(compiled, { env: { memory } });
  return instance.exports.step as StepFunction;
}

/** What training reads and writes; all of it shareable with worker threads. */
export interface KernelBuffers {
  /** The shared WebAssembly memory holding syn0, syn1neg, the sigmoid tables and scratch. */
  readonly memory: WebAssembly.Memory;
  /** Where syn0 and syn1neg are in `memory`. */
  readonly layout: KernelLayout;
  /** The encoded corpus. */
  readonly words: Int32Array;
  /** Sentence offsets in `words`, plus the end. */
  readonly sentenceStarts: Int32Array;
  /** First sentence of each chunk, plus the sentence count. */
  readonly chunkStarts: Int32Array;
  /** Raw words before each chunk, plus the total. */
  readonly chunkRawBefore: Float64Array;
  /** Sentences before each chunk, plus the total (the learning-rate schedule's basis). */
  readonly chunkSentencesBefore: Float64Array;
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

/** Trains chunks of the corpus on one thread; keeps its scratch between chunks. */
export class ChunkTrainer {
  /** Effective (kept after subsampling) words of the last chunk. */
  effectiveWords = 0;
  /** Summed loss of the last chunk (0 without computeLoss). */
  loss = 0;
  /** Trained examples of the last chunk: (context, center) pairs for skip-gram, center words for CBOW. */
  examples = 0;
  /** Learning rate of the last chunk. */
  alpha = 0;

  private readonly kept: Int32Array;
  private readonly keptStarts: Int32Array;
  private readonly heap: Int32Array;
  private readonly step: StepFunction;
  private readonly neu1: number;
  private readonly work: number;
  private readonly ctx: number;
  private readonly tg: number;
  private readonly totalSentences: number;

  /**
   * @param buffers the shared arrays and memory
   * @param params the settings
   * @param slot this thread's scratch area (0 for the main thread)
   */
  constructor(
    private readonly buffers: KernelBuffers,
    private readonly params: KernelParams,
    slot: number,
  ) {
    const { chunkStarts, sentenceStarts, layout } = buffers;
    let maxWords = 1;
    let maxSentences = 1;
    for (let c = 0; c + 1 < chunkStarts.length; c++) {
      maxWords = Math.max(maxWords, sentenceStarts[chunkStarts[c + 1]] - sentenceStarts[chunkStarts[c]]);
      maxSentences = Math.max(maxSentences, chunkStarts[c + 1] - chunkStarts[c]);
    }
    this.kept = new Int32Array(maxWords);
    this.keptStarts = new Int32Array(maxSentences + 1);
    this.heap = new Int32Array(buffers.memory.buffer);
    this.step = instantiate(buffers.memory);
    const base = layout.scratchOffset + slot * layout.scratchBytes;
    this.neu1 = base;
    this.work = base + layout.rowBytes;
    this.ctx = base + 2 * layout.rowBytes;
    this.tg = this.ctx + align16(2 * params.window * 4);
    this.totalSentences = buffers.chunkSentencesBefore[buffers.chunkSentencesBefore.length - 1];
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
    // gensim's _get_next_alpha at the job's start: linear over all epochs by sentences pushed (gensim's
    // examples-based decay, which Word2Vec(sentences) uses since it passes total_examples).
    const progress = (epoch + this.buffers.chunkSentencesBefore[chunk] / this.totalSentences) / p.epochs;
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
    this.examples = 0;
    this.loss = this.slide(sentences, state);
  }

  /** The windows of the kept sentences: returns the summed loss, counts examples. */
  private slide(sentences: number, seed: number): number {
    const { cumTable, guide, layout } = this.buffers;
    const kept = this.kept;
    const keptStarts = this.keptStarts;
    const heap = this.heap;
    const step = this.step;
    const window = this.params.window;
    const negative = this.params.negative;
    const skipGram = this.params.sg === 1;
    const mean = this.params.cbowMean;
    const alpha = this.alpha;
    const rowBytes = layout.rowBytes;
    const syn0 = layout.syn0Offset;
    const syn1 = layout.syn1Offset;
    const neu1 = this.neu1;
    const work = this.work;
    const ctx = this.ctx;
    const tg = this.tg;
    const ctxIndex = ctx >> 2;
    const tgIndex = tg >> 2;
    const cumTotal = cumTable[cumTable.length - 1];
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
        if (k - j <= 1) continue; // no context: gensim's update would change nothing
        const word = kept[i];
        let contexts = 0;
        for (let m = j; m < k; m++) if (m !== i) heap[ctxIndex + contexts++] = syn0 + kept[m] * rowBytes;
        // skip-gram trains each (context → center) pair with its own negatives; CBOW the whole context once.
        const rounds = skipGram ? contexts : 1;
        for (let r = 0; r < rounds; r++) {
          let targets = 1;
          heap[tgIndex] = syn1 + word * rowBytes;
          for (let t = 0; t < negative; t++) {
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
            if (lo !== word) heap[tgIndex + targets++] = syn1 + lo * rowBytes;
          }
          loss += skipGram ? step(ctx + 4 * r, 1, tg, targets, neu1, work, rowBytes, alpha, 1) : step(ctx, contexts, tg, targets, neu1, work, rowBytes, alpha, mean);
          examples++;
        }
      }
    }
    this.examples = examples;
    return loss;
  }
}
