/**
 * The training loop every gradient-trained model in lib runs (the CBOW next-title model, the
 * rating model): epochs of seeded mini-batches, a step the model supplies, the loss checked at
 * every step, early stopping with the best weights kept, the log, progress and timing.
 */
import { OptionsError, TrainingError } from "../errors";
import { checkOptions, type OptionChecks } from "../options";
import { Random } from "../random";
import { miniBatches } from "./batches";
import { EarlyStopping, type EarlyStoppingOptions } from "./early-stopping";
import { type EpochReport, type TrainingProgress, epochClock, yieldToEventLoop } from "./progress";
import { TrainingLog } from "./training-log";

/** What a model's step did on one mini-batch. */
export interface StepResult {
  /** The batch's mean loss (checked: NaN or infinite stops the run with a TrainingError). */
  readonly loss: number;
  /** How many examples the mean was taken over: the weight of this loss in the epoch's mean. */
  readonly examples: number;
}

/** Early stopping in {@link trainLoop}: which metric it watches, and its settings. */
export interface LoopEarlyStopping<Metrics> extends EarlyStoppingOptions {
  /** The metric of `evaluate` to watch, e.g. "validationLoss". */
  readonly monitor: keyof Metrics & string;
  /** Put back the best epoch's weights at the end (default true; needs `snapshot` and `restore`). */
  readonly restoreBest?: boolean;
}

/** Options of {@link trainLoop}: what the model supplies. */
export interface TrainLoopOptions<Metrics extends object, Snapshot> {
  /** The trainer's name, first in every message (for example "trainCbow"). */
  readonly caller: string;
  /** The most epochs. */
  readonly epochs: number;
  /** How many items each epoch splits into mini-batches (examples, or sequences of examples). */
  readonly items: number;
  /** Items per mini-batch. */
  readonly batchSize: number;
  /** The seeded generator of the batch order (each epoch draws a new order from it). */
  readonly order: Random;
  /**
   * One optimisation step on a mini-batch (forward, backward, optimiser): gets the batch's item
   * indices and the epoch (from 1); returns the loss and its weight, or null when the batch holds
   * no example (no step is taken).
   */
  readonly step: (batch: Int32Array, epoch: number) => StepResult | null;
  /** Measures the model after each epoch's training pass (validation loss, RMSE…): logged and reported. */
  readonly evaluate?: (epoch: number) => Metrics;
  /** Early stopping on one metric of `evaluate` (default: off, every epoch runs). */
  readonly earlyStopping?: LoopEarlyStopping<Metrics>;
  /** A copy of the weights (taken at every new best epoch). */
  readonly snapshot?: () => Snapshot;
  /** Puts a copy taken by `snapshot` back into the model. */
  readonly restore?: (snapshot: Snapshot) => void;
  /** The options a diverging run should lower, with their values, for the TrainingError (e.g. `{ learningRate: 0.01 }`). */
  readonly lower: Readonly<Record<string, number>>;
  /** Where steps and epochs are logged (default a new log). */
  readonly log?: TrainingLog;
  /** Called after every step, and once more with the finished run (progress 1). */
  readonly onProgress?: (progress: TrainingProgress) => void;
  /** Called after every epoch, with the model's metrics beside the loop's. */
  readonly onEpochEnd?: (report: EpochReport & Metrics) => void;
}

/** The outcome of {@link trainLoop}. */
export interface TrainLoopResult {
  /** Per-step losses; per-epoch `seconds`, `cpuSeconds`, `trainLoss` and the metrics of `evaluate`. */
  readonly log: TrainingLog;
  /** Epochs run. */
  readonly epochsRun: number;
  /** The epoch (from 1) with the best watched metric (0 without early stopping). */
  readonly bestEpoch: number;
  /** The watched metric at that epoch (NaN without early stopping). */
  readonly bestValue: number;
  /** Whether early stopping ended the run before `epochs`. */
  readonly stoppedEarly: boolean;
  /** The epoch whose weights the model holds at the end (the best one when restored, else the last). */
  readonly keptEpoch: number;
}

const CHECKS: OptionChecks<TrainLoopOptions<object, unknown>> = {
  caller: "string",
  epochs: "positiveInt",
  items: "nonNegativeInt",
  batchSize: "positiveInt",
  order: { expected: "a Random (the seeded generator of the batch order)", test: (value) => value instanceof Random },
  step: "function",
  evaluate: "function",
  earlyStopping: "object",
  snapshot: "function",
  restore: "function",
  lower: "object",
  log: { expected: "a TrainingLog", test: (value) => value instanceof TrainingLog },
  onProgress: "function",
  onEpochEnd: "function",
};

/** Milliseconds of training between two turns of the event loop (so progress lines show). */
const YIELD_MS = 100;

/**
 * Trains a model for up to `epochs` epochs. Each epoch splits `items` into mini-batches in a new
 * seeded order (train/batches.ts), calls `step` on each, and stops the run with a
 * {@link TrainingError} naming the caller and the options to lower as soon as a loss is NaN or
 * infinite. After the training pass (timed in wall-clock and CPU seconds) it calls `evaluate`,
 * logs the epoch, asks early stopping (train/early-stopping.ts) whether to go on, keeping a
 * `snapshot` of the best epoch's weights, and reports the epoch to `onEpochEnd`. The last
 * `onProgress` call is the finished run (progress 1, `epochs` = epochs run); the event loop gets a
 * turn about every 100 ms and between epochs, so a notebook shows the progress as it happens.
 *
 * @param options what the model supplies: sizes, the order's generator, `step`, `evaluate`,
 *   early stopping with `snapshot`/`restore`, the options to name on divergence, callbacks
 * @returns the log, the epochs run, the best epoch and which epoch's weights the model holds
 * @throws OptionsError for an unknown or ill-typed option, or early stopping that restores
 *   weights without `snapshot` and `restore`, or watches a metric `evaluate` does not give
 * @throws TrainingError when a step's loss is NaN or infinite
 * @example
 * const adam = new Adam(model.parameters, { learningRate: 0.01 });
 * const { log, bestEpoch } = await trainLoop({
 *   caller: "myTrainer", epochs: 20, items: examples.count, batchSize: 64, order: new Random(seed),
 *   step: (batch) => {
 *     const loss = model.lossAndGradients(examples, batch, grads);
 *     adam.step(gradList);
 *     return { loss, examples: batch.length };
 *   },
 *   evaluate: () => ({ validationLoss: model.loss(validation) }),
 *   earlyStopping: { monitor: "validationLoss", patience: 3 },
 *   snapshot: () => model.clone(), restore: (best) => model.parameters.forEach((p, k) => p.set(best.parameters[k])),
 *   lower: { learningRate: 0.01 }, onProgress: trainingProgress({ label: "my model" }),
 * });
 */
export async function trainLoop<Metrics extends object = object, Snapshot = unknown>(
  options: TrainLoopOptions<Metrics, Snapshot>,
): Promise<TrainLoopResult> {
  checkOptions("trainLoop", options, CHECKS as OptionChecks<TrainLoopOptions<Metrics, Snapshot>>);
  const { caller, epochs, items, batchSize, order, step, evaluate, earlyStopping, snapshot, restore, onProgress, onEpochEnd } = options;
  const log = options.log ?? new TrainingLog();
  const restoreBest = earlyStopping !== undefined && earlyStopping.restoreBest !== false;
  if (restoreBest && (snapshot === undefined || restore === undefined)) {
    throw new OptionsError(`${caller}: restoring the best epoch needs snapshot and restore`);
  }
  let stopper: EarlyStopping | null = null;
  if (earlyStopping) {
    // the settings go to EarlyStopping whole, so a misspelt one is refused there
    const { monitor: _monitor, restoreBest: _restoreBest, ...settings } = earlyStopping;
    stopper = new EarlyStopping(settings);
  }
  const lower = Object.entries(options.lower).map(([name, value]) => `${name} (${value})`).join(" or ");
  let best: { snapshot: Snapshot } | null = null;
  let steps = 0;
  let epochsRun = 0;
  let lastYield = Date.now();

  for (let epoch = 1; epoch <= epochs; epoch++) {
    const elapsed = epochClock();
    const batches = miniBatches(items, batchSize, order);
    let lossSum = 0;
    let seen = 0;
    for (let i = 0; i < batches.length; i++) {
      const result = step(batches[i], epoch);
      if (result === null) continue;
      const { loss, examples } = result;
      steps++;
      if (!Number.isFinite(loss)) {
        throw new TrainingError(`${caller}: the loss became ${loss} at epoch ${epoch}, batch ${i + 1} (step ${steps}); training diverged: lower ${lower}`);
      }
      log.logStep(epoch, loss);
      lossSum += loss * examples;
      seen += examples;
      onProgress?.({ epoch, epochs, progress: (epoch - 1 + (i + 1) / batches.length) / epochs, loss: lossSum / seen });
      if (Date.now() - lastYield > YIELD_MS) {
        await yieldToEventLoop();
        lastYield = Date.now();
      }
    }
    const { seconds, cpuSeconds } = elapsed();
    const trainLoss = lossSum / seen;
    const metrics = evaluate?.(epoch) ?? ({} as Metrics);
    epochsRun = epoch;
    let decision: EpochReport["decision"];
    if (stopper && earlyStopping) {
      const watched = (metrics as Record<string, unknown>)[earlyStopping.monitor];
      if (typeof watched !== "number") throw new OptionsError(`${caller}: early stopping watches ${earlyStopping.monitor}, which the epoch did not measure`);
      decision = stopper.observe(watched);
      if (decision === "improved" && restoreBest) best = { snapshot: snapshot!() };
    }
    log.logEpoch({ epoch, seconds, cpuSeconds, trainLoss, ...(metrics as Record<string, number>) });
    const last = decision === "stop" || epoch === epochs;
    const report = {
      epoch,
      epochs: last ? epoch : epochs,
      progress: last ? 1 : epoch / epochs,
      loss: trainLoss,
      seconds,
      cpuSeconds,
      trainLoss,
      ...metrics,
      ...(decision === undefined ? {} : { decision }),
    };
    onEpochEnd?.(report);
    if (last) {
      onProgress?.({ epoch, epochs: epoch, progress: 1, loss: trainLoss });
      break;
    }
    await yieldToEventLoop();
    lastYield = Date.now();
  }

  if (best) restore!(best.snapshot);
  return {
    log,
    epochsRun,
    bestEpoch: stopper?.bestEpoch ?? 0,
    bestValue: stopper?.bestValue ?? NaN,
    stoppedEarly: stopper?.stopped ?? false,
    keptEpoch: best ? stopper!.bestEpoch : epochsRun,
  };
}
