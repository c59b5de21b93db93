/**
 * Training the CBOW next-title model: what a step is (collate, forward, backward, Adam) and what
 * an epoch measures (the validation loss), run by the shared loop (train/loop.ts: mini-batches,
 * early stopping, the log, progress).
 */
import { OptionsError } from "../errors";
import { checkOptions, type OptionChecks } from "../options";
import { Random } from "../random";
import { Adam } from "../train/adam";
import { trainLoop } from "../train/loop";
import type { EpochReport, TrainingProgress } from "../train/progress";
import type { TrainingLog } from "../train/training-log";
import { baselineLosses, type CbowBaselines } from "./baselines";
import { CbowExamples, TokenIndex, checkSequences } from "./examples";
import { CbowModel } from "./model";

/** @deprecated the old name of {@link TrainingProgress} (every trainer reports the one shape), kept for one release. */
export type CbowProgress = TrainingProgress;

/** @deprecated the old name of {@link EpochReport} (every trainer reports the one shape), kept for one release. */
export type CbowEpochStats = EpochReport;

/** Options of {@link trainCbow}; the defaults are the tutorial's. */
export interface CbowOptions {
  /** Embedding dimension D (default 20). */
  vectorSize?: number;
  /** Context titles on each side of the middle one (default 1): a wider window sees more of a user's taste. */
  window?: number;
  /** Adam's step size (default 0.01). */
  learningRate?: number;
  /**
   * Items per mini-batch (default 64, the tutorial's DataLoader batch size): users' sequences or
   * single examples, as `batchOf` says.
   */
  batchSize?: number;
  /**
   * What a mini-batch holds (default "sequences", the tutorial's DataLoader of users): with
   * "sequences" each batch is `batchSize` users' sequences with all their windows, so an epoch
   * takes one Adam step per `batchSize` users; with "examples" each batch is `batchSize` windows
   * drawn from all users, so an epoch takes one step per `batchSize` examples. On a few hundred
   * users the first gives a handful of steps per epoch, the second the hundreds a large dataset
   * gives with batches of users.
   */
  batchOf?: "sequences" | "examples";
  /** The most epochs (default 20, the tutorial's `max_epochs`). */
  epochs?: number;
  /** Never stop before this many epochs (default 6, the tutorial's `min_epochs`). */
  minEpochs?: number;
  /** Epochs without a better validation loss before stopping (default 3). */
  patience?: number;
  /** An improvement must beat the best validation loss by more than this (default 0). */
  minDelta?: number;
  /** Put back the weights of the best epoch at the end (default true); false keeps the last. */
  restoreBest?: boolean;
  /** Seed of the initial weights and of the batch order (default 0). */
  seed?: number;
  /** The vocabulary (default: every title of the training and validation sequences, most frequent first). */
  index?: TokenIndex;
  /** Called after every epoch with its report (`trainLoss`, `validationLoss`, `seconds`, `decision`…). */
  onEpochEnd?: (report: EpochReport) => void;
  /** Called after every batch, and once with the finished run (pass `trainingProgress()` for an updating line). */
  onProgress?: (progress: TrainingProgress) => void;
}

/** The outcome of {@link trainCbow}. */
export interface CbowTraining {
  /** The trained model (the best epoch's weights unless `restoreBest: false`). */
  model: CbowModel;
  /**
   * Per-step training loss; per-epoch `trainLoss`, `validationLoss`, `seconds` (wall clock) and
   * `cpuSeconds` (this process's CPU time; on a busy machine the steadier measure of the work).
   */
  log: TrainingLog;
  /** The epoch (from 1) with the lowest validation loss. */
  bestEpoch: number;
  /** The validation loss of that epoch. */
  bestValidationLoss: number;
  /** Epochs run. */
  epochsRun: number;
  /** Whether early stopping ended the run before `epochs`. */
  stoppedEarly: boolean;
  /** The training examples. */
  train: CbowExamples;
  /** The validation examples. */
  validation: CbowExamples;
  /** ln V and the unigram loss on the validation examples. */
  baselines: CbowBaselines;
}

const DEFAULTS = {
  vectorSize: 20,
  window: 1,
  learningRate: 0.01,
  batchSize: 64,
  batchOf: "sequences" as "sequences" | "examples",
  epochs: 20,
  minEpochs: 6,
  patience: 3,
  minDelta: 0,
  restoreBest: true,
  seed: 0,
};

/** The rule of each {@link CbowOptions} entry (shared with {@link trainCbowOnWatchlists}). */
export const CBOW_CHECKS: OptionChecks<CbowOptions> = {
  vectorSize: "positiveInt",
  window: "positiveInt",
  learningRate: "positive",
  batchSize: "positiveInt",
  batchOf: ["sequences", "examples"],
  epochs: "positiveInt",
  minEpochs: "nonNegativeInt",
  patience: "nonNegativeInt",
  minDelta: "nonNegative",
  restoreBest: "boolean",
  seed: "int",
  index: "object",
  onEpochEnd: "function",
  onProgress: "function",
};

/**
 * Trains CBOW to predict each middle title from the W titles either side, with a full softmax
 * over the vocabulary, Adam, and early stopping on the validation loss (as PyTorch Lightning's
 * `EarlyStopping(monitor="val_loss")` with `min_epochs` and `max_epochs`).
 *
 * Each epoch shuffles the training sequences (seeded), takes `batchSize` of them at a time,
 * collates all their windows into one batch, and takes one Adam step on the batch's mean loss;
 * with `batchOf: "examples"` it shuffles the windows themselves and takes `batchSize` at a time.
 * After the epoch the whole validation set is scored.
 *
 * @param trainLists the training sequences (tokens in viewing order)
 * @param validationLists the validation sequences
 * @param options dimensions, optimiser, early stopping, seed, callbacks; see {@link CbowOptions}
 * @returns the model, its log, the best epoch, the examples and the baselines
 * @throws OptionsError for an unknown or out-of-range option, or when a part has no example
 * @throws TrainingError when the loss becomes NaN or infinite (naming learningRate)
 * @example
 * const split = trainTestSplit(watchlists.lists, { testSize: 0.2, seed: 42 });
 * const { model, log, baselines } = await trainCbow(split.train, split.test, {
 *   vectorSize: 20, learningRate: 1e-2, window: 1, seed: 42, onProgress: trainingProgress({ label: "CBOW" }),
 * });
 */
export async function trainCbow(
  trainLists: readonly (readonly string[])[],
  validationLists: readonly (readonly string[])[],
  options: CbowOptions = {},
): Promise<CbowTraining> {
  checkOptions("trainCbow", options, CBOW_CHECKS);
  checkSequences("trainCbow (training)", trainLists);
  checkSequences("trainCbow (validation)", validationLists);
  const opts = { ...DEFAULTS };
  for (const [name, value] of Object.entries(options)) if (value !== undefined && name in DEFAULTS) (opts as Record<string, unknown>)[name] = value;
  const index = options.index ?? TokenIndex.fromLists([...trainLists, ...validationLists]);
  const train = new CbowExamples(trainLists, index, opts.window);
  const validation = new CbowExamples(validationLists, index, opts.window);
  for (const [name, part] of [["training", train], ["validation", validation]] as const) {
    if (part.count === 0) {
      throw new OptionsError(`trainCbow: the ${name} sequences give no example: each needs at least ${2 * opts.window + 1} titles for a window of ${opts.window}`);
    }
  }

  const model = CbowModel.initialize(index, opts.vectorSize, opts.window, opts.seed);
  const grads = model.newGradients();
  const gradList = [grads.embedding, grads.outWeight, grads.outBias];
  const adam = new Adam(model.parameters, { learningRate: opts.learningRate });
  const batchIds = new Int32Array(train.count);
  const byExample = opts.batchOf === "examples";
  const run = await trainLoop({
    caller: "trainCbow",
    epochs: opts.epochs,
    items: byExample ? train.count : train.sequenceCount,
    batchSize: opts.batchSize,
    order: new Random(opts.seed).fork(),
    step: (batch) => {
      const ids = byExample ? batch : train.collate(batch, batchIds);
      if (ids.length === 0) return null;
      const loss = model.lossAndGradients(train, ids, grads);
      adam.step(gradList);
      return { loss, examples: ids.length };
    },
    evaluate: () => ({ validationLoss: model.loss(validation) }),
    earlyStopping: { monitor: "validationLoss", patience: opts.patience, minEpochs: opts.minEpochs, minDelta: opts.minDelta, restoreBest: opts.restoreBest },
    snapshot: () => model.clone(),
    restore: (best) => model.parameters.forEach((p, k) => p.set(best.parameters[k])),
    lower: { learningRate: opts.learningRate },
    onProgress: options.onProgress,
    onEpochEnd: options.onEpochEnd,
  });

  return {
    model,
    log: run.log,
    bestEpoch: run.bestEpoch,
    bestValidationLoss: run.bestValue,
    epochsRun: run.epochsRun,
    stoppedEarly: run.stoppedEarly,
    train,
    validation,
    baselines: baselineLosses(train, validation),
  };
}
