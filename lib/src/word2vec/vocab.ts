/**
 * The vocabulary of a corpus, built as gensim 4 builds it (`scan_vocab`, `prepare_vocab`,
 * `sort_by_descending_frequency`), and the corpus encoded once into word indices.
 */
import { OptionsError } from "../errors";
import { KeyIndex } from "../key-index";

/** A corpus: one array of tokens per sentence (for item2vec, one watchlist of movieIds per user). */
export type Sentences = readonly (readonly string[])[];

/** Options of {@link buildVocabulary}: gensim's names and meanings. */
export interface VocabularyOptions {
  /** Keys seen fewer times are dropped. */
  readonly minCount: number;
  /** Prune rare keys while counting whenever there are more distinct keys (gensim's max_vocab_size). */
  readonly maxVocabSize: number | null;
  /** Subsampling threshold (0 disables subsampling; ≥ 1 is gensim's count shorthand). */
  readonly sample: number;
}

/** The retained keys, most frequent first, with what training needs about each. */
export interface Word2VecVocabulary {
  /** Retained keys by descending count; ties: the key seen last first (gensim 4.4's lexsort). */
  readonly keys: readonly string[];
  /** Keys ↔ word indices (the rows of the model's vectors); `index.keys` is `keys`. */
  readonly index: KeyIndex<string>;
  /** How many times each key appears (after any maxVocabSize pruning), in `keys` order. */
  readonly counts: Float64Array;
  /** gensim's `sample_int`: a key's occurrence is kept when a random uint32 is ≤ this value. */
  readonly sampleInt: Uint32Array;
  /** Tokens in the corpus, retained or not. */
  readonly rawWords: number;
  /** Tokens of retained keys. */
  readonly retainedWords: number;
  /** Distinct keys counted before minCount. */
  readonly distinctKeys: number;
  /** Expected tokens left after subsampling (gensim's `downsample_total`). */
  readonly expectedWordsAfterSampling: number;
}

/** The corpus as word indices, sentences split into work chunks of about `batchWords` raw words. */
export interface EncodedCorpus {
  /** Word indices of retained tokens, sentence after sentence. */
  readonly words: Int32Array;
  /** `words` offset of each sentence, plus the end: sentence s is words[starts[s]..starts[s+1]). */
  readonly sentenceStarts: Int32Array;
  /** First sentence of each chunk, plus the sentence count. */
  readonly chunkStarts: Int32Array;
  /** Raw tokens (retained or not) before each chunk, plus the total: for the words counted per epoch. */
  readonly chunkRawBefore: Float64Array;
  /**
   * Sentences (empty or fully pruned ones included) before each chunk, plus the total: for the
   * learning-rate schedule, which gensim decays by sentences (its "examples") pushed.
   */
  readonly chunkSentencesBefore: Float64Array;
}

/**
 * Counts keys and keeps those seen at least `minCount` times, most frequent first, with gensim's
 * subsampling thresholds; also encodes the corpus (in one Map lookup per token).
 *
 * @param sentences the corpus
 * @param options minCount, maxVocabSize and sample
 * @param batchWords target raw words per work chunk
 * @returns the vocabulary and the encoded corpus
 * @throws OptionsError on an empty corpus or when minCount leaves no key
 */
export function buildVocabulary(
  sentences: Sentences,
  options: VocabularyOptions,
  batchWords = 10000,
): { vocabulary: Word2VecVocabulary; corpus: EncodedCorpus } {
  if (!Array.isArray(sentences)) {
    throw new OptionsError("Word2Vec: sentences must be an array of token arrays (string[][])");
  }
  let rawWords = 0;
  for (let s = 0; s < sentences.length; s++) {
    const sentence = sentences[s];
    if (!Array.isArray(sentence)) {
      throw new OptionsError(`Word2Vec: sentence ${s} is not an array of tokens (got ${typeof sentence})`);
    }
    rawWords += sentence.length;
  }
  if (rawWords === 0) {
    throw new OptionsError(`Word2Vec: the corpus is empty (${sentences.length} sentences, no token)`);
  }

  // One pass: each distinct key gets a provisional id in first-seen order, the corpus is kept as ids.
  const ids = new Map<string, number>();
  const provisional = new Int32Array(rawWords);
  const keysById: string[] = [];
  let countsById = new Float64Array(1024);
  let minReduce = 1;
  let position = 0;
  for (let s = 0; s < sentences.length; s++) {
    const sentence = sentences[s];
    for (let t = 0; t < sentence.length; t++) {
      const key = sentence[t];
      let id = ids.get(key);
      if (id === undefined) {
        if (typeof key !== "string") {
          throw new OptionsError(`Word2Vec: sentence ${s}, token ${t} is a ${typeof key}, expected a string`);
        }
        id = keysById.length;
        ids.set(key, id);
        keysById.push(key);
        if (id >= countsById.length) {
          const grown = new Float64Array(countsById.length * 2);
          grown.set(countsById);
          countsById = grown;
        }
      }
      countsById[id]++;
      provisional[position++] = id;
    }
    if (options.maxVocabSize !== null && ids.size > options.maxVocabSize) {
      // gensim's prune_vocab: forget keys seen fewer than minReduce times; they count afresh if seen again.
      for (const [key, id] of ids) {
        if (countsById[id] < minReduce) {
          ids.delete(key);
          countsById[id] = 0;
        }
      }
      minReduce++;
    }
  }
  const distinctKeys = ids.size;

  // prepare_vocab: keep count >= minCount in counting order, then the stable descending sort of gensim 4.4
  // (np.lexsort((-indices, -counts)): equal counts put the later key first).
  const kept: number[] = [];
  let retainedWords = 0;
  let maxCount = 0;
  for (const id of ids.values()) {
    const count = countsById[id];
    if (count > maxCount) maxCount = count;
    if (count >= options.minCount) {
      kept.push(id);
      retainedWords += count;
    }
  }
  if (kept.length === 0) {
    throw new OptionsError(
      `Word2Vec: minCount ${options.minCount} removed all ${distinctKeys} distinct tokens; ` +
        `the most frequent appears ${maxCount} time${maxCount === 1 ? "" : "s"}`,
    );
  }
  const order = kept.map((_, i) => i);
  order.sort((a, b) => countsById[kept[b]] - countsById[kept[a]] || b - a);

  const size = kept.length;
  const keys: string[] = new Array(size);
  const counts = new Float64Array(size);
  const finalIndex = new Int32Array(keysById.length).fill(-1);
  for (let i = 0; i < size; i++) {
    const id = kept[order[i]];
    keys[i] = keysById[id];
    counts[i] = countsById[id];
    finalIndex[id] = i;
  }
  // Ids forgotten by pruning still stand for their key if the key came back and was retained.
  if (options.maxVocabSize !== null) {
    for (let id = 0; id < keysById.length; id++) {
      if (finalIndex[id] === -1) {
        const current = ids.get(keysById[id]);
        if (current !== undefined) finalIndex[id] = finalIndex[current];
      }
    }
  }

  const { sampleInt, expected } = sampleThresholds(counts, retainedWords, options.sample);
  const corpus = encode(sentences, provisional, finalIndex, batchWords);
  return {
    vocabulary: {
      keys,
      index: new KeyIndex(keys, { caller: "Word2Vec", what: "in the vocabulary" }),
      counts,
      sampleInt,
      rawWords,
      retainedWords,
      distinctKeys,
      expectedWordsAfterSampling: expected,
    },
    corpus,
  };
}

/**
 * gensim's subsampling: a key seen v times is kept with probability
 * min(1, (sqrt(v / t) + 1) · t / v), t = sample · retainedWords (or, for sample ≥ 1,
 * int(sample · (3 + √5) / 2)), stored as `sample_int = uint32(p · (2^32 − 1))`.
 *
 * @param counts key counts
 * @param retainedWords tokens of retained keys
 * @param sample the subsampling threshold
 * @returns the per-key thresholds and the expected number of tokens kept
 */
export function sampleThresholds(
  counts: Float64Array,
  retainedWords: number,
  sample: number,
): { sampleInt: Uint32Array; expected: number } {
  let threshold: number;
  if (!sample) threshold = retainedWords;
  else if (sample < 1) threshold = sample * retainedWords;
  else threshold = Math.trunc((sample * (3 + Math.sqrt(5))) / 2);
  const sampleInt = new Uint32Array(counts.length);
  let expected = 0;
  for (let i = 0; i < counts.length; i++) {
    const v = counts[i];
    let p = (Math.sqrt(v / threshold) + 1) * (threshold / v);
    if (p >= 1) p = 1;
    expected += p * v;
    sampleInt[i] = Math.trunc(p * 4294967295);
  }
  return { sampleInt, expected };
}

function encode(sentences: Sentences, provisional: Int32Array, finalIndex: Int32Array, batchWords: number): EncodedCorpus {
  let retained = 0;
  for (let p = 0; p < provisional.length; p++) if (finalIndex[provisional[p]] >= 0) retained++;
  const words = new Int32Array(new SharedArrayBuffer(Math.max(1, retained) * 4), 0, retained);
  const starts: number[] = [0];
  const chunkStarts: number[] = [0];
  const chunkRawBefore: number[] = [0];
  const chunkSentencesBefore: number[] = [0];
  let p = 0;
  let w = 0;
  let raw = 0;
  let chunkRaw = 0;
  for (let s = 0; s < sentences.length; s++) {
    const sentence = sentences[s];
    const before = w;
    for (let t = 0; t < sentence.length; t++) {
      const index = finalIndex[provisional[p++]];
      if (index >= 0) words[w++] = index;
    }
    // gensim's job batching: a sentence joins the chunk while the chunk stays within batchWords.
    if (chunkRaw > 0 && chunkRaw + sentence.length > batchWords && w > before) {
      chunkStarts.push(starts.length - 1);
      chunkRawBefore.push(raw);
      chunkSentencesBefore.push(s);
      chunkRaw = 0;
    }
    raw += sentence.length;
    chunkRaw += sentence.length;
    if (w > before) starts.push(w);
  }
  chunkStarts.push(starts.length - 1);
  chunkRawBefore.push(raw);
  chunkSentencesBefore.push(sentences.length);
  return {
    words,
    sentenceStarts: Int32Array.from(starts),
    chunkStarts: Int32Array.from(chunkStarts),
    chunkRawBefore: Float64Array.from(chunkRawBefore),
    chunkSentencesBefore: Float64Array.from(chunkSentencesBefore),
  };
}
