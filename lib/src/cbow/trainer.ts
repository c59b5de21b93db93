/**
 * Training the CBOW next-title model: epochs of mini-batches of users' sequences, Adam, early
 * stopping on the validation loss, and a log of every step and epoch.
 */
import { OptionsError, TrainingError } from "../errors";
import { checkOptions, type OptionChecks } from "../options";
import { Random } from "../random";
import { Adam } from "../train/adam";
import { miniBatches } from "../train/batches";
import { EarlyStopping, type EarlyStoppingDecision } from "../train/early-stopping";
import { TrainingLog } from "../train/training-log";
import { baselineLosses, type CbowBaselines } from "./baselines";
import { CbowExamples, TokenIndex, checkSequences } from "./examples";
import { CbowModel } from "./model";

/** Progress of a training run, as `trainingProgress()` from the notebook helpers shows it. */
export interface CbowProgress {
  /** The current epoch, from 1. */
  readonly epoch: number;
  /** The most epochs the run may take (the epochs actually run, in the last report). */
  readonly epochs: number;
  /** How far the run is, in [0, 1]. */
  readonly progress: number;
  /** The mean training loss of the current epoch so far. */
  readonly loss: number;
}

/** What {@link trainCbow} reports after each epoch. */
export interface CbowEpochStats {
  /** The epoch, from 1. */
  readonly epoch: number;
  /** Seconds of the training pass (forward, backward and Adam over every batch). */
  readonly seconds: number;
  /** Mean cross-entropy of the epoch's training batches (weighted by their examples). */
  readonly trainLoss: number;
  /** Mean cross-entropy of the validation examples after the epoch. */
  readonly validationLoss: number;
  /** The early-stopping decision: "improved", "continue" or "stop". */
  readonly decision: EarlyStoppingDecision;
}

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
  /** Called after every epoch. */
  onEpochEnd?: (stats: CbowEpochStats) => void;
  /** Called after every batch (pass `trainingProgress()` for an updating line). */
  onProgress?: (progress: CbowProgress) => void;
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

/** Lets pending output (progress lines) reach the notebook during a long synchronous loop. */
const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

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
  const stopper = new EarlyStopping({ patience: opts.patience, minEpochs: opts.minEpochs, minDelta: opts.minDelta });
  const log = new TrainingLog();
  const order = new Random(opts.seed).fork();
  const batchIds = new Int32Array(train.count);
  let best = model.clone();
  let lastYield = Date.now();

  for (let epoch = 1; epoch <= opts.epochs; epoch++) {
    const started = performance.now();
    const cpuStarted = process.cpuUsage();
    const batches = miniBatches(opts.batchOf === "examples" ? train.count : train.sequenceCount, opts.batchSize, order);
    let lossSum = 0;
    let seen = 0;
    for (let i = 0; i < batches.length; i++) {
      const ids = opts.batchOf === "examples" ? batches[i] : train.collate(batches[i], batchIds);
      if (ids.length === 0) continue;
      const loss = model.lossAndGradients(train, ids, grads);
      if (!Number.isFinite(loss)) {
        throw new TrainingError(`trainCbow: the loss became ${loss} at epoch ${epoch}, batch ${i + 1}; training diverged: lower learningRate (${opts.learningRate})`);
      }
      adam.step(gradList);
      log.logStep(epoch, loss);
      lossSum += loss * ids.length;
      seen += ids.length;
      options.onProgress?.({ epoch, epochs: opts.epochs, progress: (epoch - 1 + (i + 1) / batches.length) / opts.epochs, loss: lossSum / seen });
      if (Date.now() - lastYield > 100) {
        await yieldToEventLoop();
        lastYield = Date.now();
      }
    }
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuStarted);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    const trainLoss = lossSum / seen;
    const validationLoss = model.loss(validation);
    const decision = stopper.observe(validationLoss);
    if (decision === "improved") best = model.clone();
    log.logEpoch({ epoch, seconds, cpuSeconds, trainLoss, validationLoss });
    options.onEpochEnd?.({ epoch, seconds, trainLoss, validationLoss, decision });
    if (decision === "stop" || epoch === opts.epochs) {
      options.onProgress?.({ epoch, epochs: epoch, progress: 1, loss: trainLoss });
      break;
    }
    await yieldToEventLoop();
    lastYield = Date.now();
  }

  return {
    model: opts.restoreBest ? best : model,
    log,
    bestEpoch: stopper.bestEpoch,
    bestValidationLoss: stopper.bestValue,
    epochsRun: stopper.epoch,
    stoppedEarly: stopper.stopped,
    train,
    validation,
    baselines: baselineLosses(train, validation),
  };
}
