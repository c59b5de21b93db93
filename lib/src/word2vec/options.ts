/**
 * Word2Vec options: their names (gensim's, in camelCase), gensim 4's defaults, and validation
 * with errors a user can act on.
 */
import { availableParallelism } from "node:os";
import { OptionsError } from "../errors";
import { checkOptions, type NumberRule, type OptionChecks } from "../options";
import type { EpochReport, TrainingProgress } from "../train/progress";

/**
 * What {@link Word2VecOptions.onProgress} receives, at most every `progressInterval` ms: the
 * progress every trainer reports (`loss` is the mean loss per trained (center, context) pair so
 * far in this epoch, null without `computeLoss`), with Word2Vec's speed and learning rate.
 *
 * @example
 * await Word2Vec.train(sentences, { onProgress: ({ progress, wordsPerSecond }) => console.log(progress, wordsPerSecond) });
 */
export interface Word2VecProgress extends TrainingProgress<number | null> {
  /** Raw corpus words (sentence tokens, as gensim counts them) per second since the run began. */
  readonly wordsPerSecond: number;
  /** The learning rate at the latest chunk. */
  readonly alpha: number;
}

/**
 * What {@link Word2VecOptions.onEpochEnd} receives, and what {@link Word2Vec.history} keeps: the
 * epoch report every trainer gives (`loss` and `trainLoss` are the mean loss per trained
 * (center, context) pair, null without `computeLoss`), with Word2Vec's counts.
 *
 * @example
 * const model = await Word2Vec.train(sentences, { epochs: 5 });
 * model.history.map((epoch) => epoch.trainLoss); // the mean loss of each epoch
 */
export interface Word2VecEpochReport extends EpochReport<number | null> {
  /**
   * The epoch's summed negative-sampling loss, −Σ log σ(±x·y) over the positive and negative
   * samples (gensim's running loss, taken per epoch); null without `computeLoss`.
   */
  readonly totalLoss: number | null;
  /** @deprecated the same number as `trainLoss` (the one epoch report's name); kept for one release. */
  readonly meanLoss: number | null;
  /** Raw corpus words per second during the epoch. */
  readonly wordsPerSecond: number;
  /** Raw corpus words processed in the epoch (tokens, including those under minCount). */
  readonly words: number;
  /** Words left after minCount and subsampling, that is words actually trained on. */
  readonly effectiveWords: number;
}

/** @deprecated the old name of {@link Word2VecEpochReport}, kept for one release (its `loss` is now the mean; the sum is `totalLoss`). */
export type EpochStats = Word2VecEpochReport;

/** Options of {@link Word2Vec.train}: gensim 4's parameters, camelCased, with its defaults. */
export interface Word2VecOptions {
  /** Dimensionality of the vectors. Default 100. */
  vectorSize?: number;
  /** Maximum distance between the center word and a context word. Default 5. */
  window?: number;
  /** Words appearing fewer times are dropped. Default 5. */
  minCount?: number;
  /** 1 for skip-gram, 0 for CBOW. Default 0. */
  sg?: 0 | 1;
  /** Number of negative samples per positive one. Default 5. Must be at least 1 (no hierarchical softmax). */
  negative?: number;
  /** Exponent of the unigram distribution negatives are drawn from. Default 0.75. */
  nsExponent?: number;
  /** Subsampling threshold of frequent words; 0 disables it. Default 1e-3. */
  sample?: number;
  /** Initial learning rate. Default 0.025. */
  alpha?: number;
  /** Final learning rate, reached linearly over all epochs. Default 0.0001. */
  minAlpha?: number;
  /** Passes over the corpus. Default 5. */
  epochs?: number;
  /** CBOW: 1 averages the context vectors, 0 sums them. Default 1. */
  cbowMean?: 0 | 1;
  /** Prune the vocabulary while counting whenever it holds more keys (gensim's max_vocab_size). Default null. */
  maxVocabSize?: number | null;
  /** Training threads. Default `os.availableParallelism()`. With 1, training is bit-for-bit reproducible. */
  workers?: number;
  /** Seed of every random choice. Default 1. */
  seed?: number;
  /** Report the training loss (per epoch and in progress). Default true (gensim: False); it costs nothing measurable. */
  computeLoss?: boolean;
  /** Target raw words per work chunk (gensim's batch_words). Default 10000. */
  batchWords?: number;
  /** Called during training, at most once per `progressInterval` milliseconds. */
  onProgress?: (progress: Word2VecProgress) => void;
  /** Called after each epoch. */
  onEpochEnd?: (report: Word2VecEpochReport) => void;
  /** Minimum milliseconds between two `onProgress` calls. Default 250. */
  progressInterval?: number;
}

/** {@link Word2VecOptions} with every default filled in (callbacks stay optional). */
export interface ResolvedWord2VecOptions {
  readonly vectorSize: number;
  readonly window: number;
  readonly minCount: number;
  readonly sg: 0 | 1;
  readonly negative: number;
  readonly nsExponent: number;
  readonly sample: number;
  readonly alpha: number;
  readonly minAlpha: number;
  readonly epochs: number;
  readonly cbowMean: 0 | 1;
  readonly maxVocabSize: number | null;
  readonly workers: number;
  readonly seed: number;
  readonly computeLoss: boolean;
  readonly batchWords: number;
  readonly progressInterval: number;
}

const DEFAULTS: ResolvedWord2VecOptions = {
  vectorSize: 100,
  window: 5,
  minCount: 5,
  sg: 0,
  negative: 5,
  nsExponent: 0.75,
  sample: 1e-3,
  alpha: 0.025,
  minAlpha: 0.0001,
  epochs: 5,
  cbowMean: 1,
  maxVocabSize: null,
  workers: 0, // replaced by availableParallelism()
  seed: 1,
  computeLoss: true,
  batchWords: 10000,
  progressInterval: 250,
};

/** gensim spellings users may bring along, mapped to ours (the names every library shares, such as vector_size and iter, are in GLOSSARY_ALIASES). */
const GENSIM_NAMES: Record<string, string> = {
  min_count: "minCount",
  ns_exponent: "nsExponent",
  min_alpha: "minAlpha",
  cbow_mean: "cbowMean",
  max_vocab_size: "maxVocabSize",
  compute_loss: "computeLoss",
  batch_words: "batchWords",
};

const BINARY: NumberRule = { min: 0, max: 1, integer: true };

const CHECKS: OptionChecks<Word2VecOptions> = {
  vectorSize: "positiveInt",
  window: "positiveInt",
  minCount: "nonNegativeInt",
  sg: BINARY,
  negative: "positiveInt",
  nsExponent: "nonNegative",
  sample: "nonNegative",
  alpha: "positive",
  minAlpha: "nonNegative",
  epochs: "positiveInt",
  cbowMean: BINARY,
  maxVocabSize: { min: 1, integer: true, nullable: true },
  workers: "positiveInt",
  seed: "int",
  computeLoss: "boolean",
  batchWords: "positiveInt",
  progressInterval: "nonNegative",
  onProgress: "function",
  onEpochEnd: "function",
};

/**
 * Checks `options` and fills in gensim 4's defaults.
 *
 * @param options the caller's options (unknown names are refused with the closest valid name)
 * @returns every option resolved
 * @throws OptionsError on an unknown name, a wrong type, a non-integer or an out-of-range value
 */
export function resolveWord2VecOptions(options: Word2VecOptions = {}): ResolvedWord2VecOptions {
  checkOptions("Word2Vec", options, CHECKS, GENSIM_NAMES);
  const resolved: Record<string, unknown> = { ...DEFAULTS, workers: availableParallelism() };
  for (const [name, value] of Object.entries(options)) if (value !== undefined && name in DEFAULTS) resolved[name] = value;
  const result = resolved as unknown as ResolvedWord2VecOptions;
  if (result.minAlpha > result.alpha) {
    throw new OptionsError(`Word2Vec: minAlpha (${result.minAlpha}) must not exceed alpha (${result.alpha})`);
  }
  return result;
}
