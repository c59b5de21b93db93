/**
 * What every trainer in lib reports while it runs: one shape for progress within an epoch
 * (`onProgress`) and one for the end of an epoch (`onEpochEnd`), whatever the model (CBOW, the
 * rating model, Word2Vec, t-SNE's gradient steps), so the notebook helpers take any of them.
 */
import type { EarlyStoppingDecision } from "./early-stopping";

/**
 * How far a training run is, as `onProgress` receives it (the notebook's `trainingProgress()`
 * shows it as one updating line). The last report of a run is its finished state: `progress` 1 and
 * `epochs` the epochs actually run (fewer than planned when early stopping ended the run).
 *
 * @typeParam Loss `number`, or `number | null` for a trainer that may not compute its loss
 *   (Word2Vec with `computeLoss: false`)
 * @example
 * await trainCbow(train, validation, {
 *   onProgress: ({ epoch, epochs, progress, loss }) => console.log(`${epoch}/${epochs} ${(progress * 100).toFixed(0)}% ${loss}`),
 * });
 */
export interface TrainingProgress<Loss extends number | null = number> {
  /** The current epoch, from 1 (for t-SNE: the gradient steps done). */
  readonly epoch: number;
  /** The most epochs the run may take (the epochs actually run, in the last report). */
  readonly epochs: number;
  /** How far the whole run is, in [0, 1]. */
  readonly progress: number;
  /** The mean training loss of the current epoch so far (t-SNE: the KL divergence); null when not computed. */
  readonly loss: Loss;
}

/**
 * What `onEpochEnd` receives after each epoch, and what trainers keep per epoch. It is also a
 * {@link TrainingProgress} (of the finished epoch), so one callback can show both. A model adds
 * its own numbers (the rating model its RMSEs, Word2Vec its word counts) beside these.
 *
 * @typeParam Loss as in {@link TrainingProgress}
 * @example
 * await trainCbow(train, validation, {
 *   onEpochEnd: ({ epoch, trainLoss, validationLoss, seconds, decision }) => console.log(epoch, trainLoss, validationLoss, seconds, decision),
 * });
 */
export interface EpochReport<Loss extends number | null = number> extends TrainingProgress<Loss> {
  /** Seconds of wall-clock time of the epoch's training pass. */
  readonly seconds: number;
  /** This process's CPU seconds over the same pass: on a busy machine the steadier measure of the work. */
  readonly cpuSeconds: number;
  /** The mean training loss of the epoch (weighted by examples); the same number as `loss`. */
  readonly trainLoss: Loss;
  /** The loss on the validation examples after the epoch, when the trainer has them. */
  readonly validationLoss?: number;
  /** Early stopping's decision after this epoch, when the run watches a validation metric. */
  readonly decision?: EarlyStoppingDecision;
}

/**
 * Starts timing an epoch: call the returned function at its end for the wall-clock and CPU
 * seconds since the start.
 *
 * @returns a function giving `{ seconds, cpuSeconds }` so far
 * @example
 * const elapsed = epochClock();
 * trainOneEpoch();
 * const { seconds, cpuSeconds } = elapsed();
 */
export function epochClock(): () => { seconds: number; cpuSeconds: number } {
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  return () => {
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuStarted);
    return { seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
  };
}

/**
 * Lets pending output (progress lines) and callbacks run during a long synchronous loop.
 *
 * @returns a promise settled on the next turn of the event loop
 * @example
 * if (Date.now() - lastYield > 100) await yieldToEventLoop();
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
