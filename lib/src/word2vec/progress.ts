/**
 * Progress bookkeeping of a training run: throttled `onProgress` calls, per-epoch statistics for
 * `onEpochEnd` and the trainer's history.
 */
import type { EpochStats, TrainingProgress } from "./options";

/** Totals of an epoch so far, as threads report them. */
export interface EpochTotals {
  /** Raw words processed. */
  words: number;
  /** Words kept after subsampling. */
  effectiveWords: number;
  /** Summed loss. */
  loss: number;
  /** Trained (center, context) events. */
  examples: number;
  /** Learning rate of the latest chunk. */
  alpha: number;
}

/** Emits progress and epoch statistics for one run. */
export class ProgressReporter {
  /** Statistics of the finished epochs. */
  readonly history: EpochStats[] = [];
  private readonly runStart = performance.now();
  private epochStart = performance.now();
  private lastReport = -Infinity;

  /**
   * @param epochs epochs of the run
   * @param wordsPerEpoch raw words per epoch
   * @param computeLoss whether losses are meaningful
   * @param interval minimum milliseconds between progress calls
   * @param onProgress the caller's progress callback
   * @param onEpochEnd the caller's epoch callback
   */
  constructor(
    private readonly epochs: number,
    private readonly wordsPerEpoch: number,
    private readonly computeLoss: boolean,
    private readonly interval: number,
    private readonly onProgress?: (progress: TrainingProgress) => void,
    private readonly onEpochEnd?: (stats: EpochStats) => void,
  ) {}

  /** Marks the start of epoch `epoch` (0-based). */
  startEpoch(): void {
    this.epochStart = performance.now();
  }

  /**
   * Calls onProgress if the interval has passed; the final report always goes through.
   *
   * @param epoch 0-based epoch
   * @param totals the epoch's totals so far
   * @param final the run is finished: report it (progress 1) whatever the interval
   */
  progress(epoch: number, totals: EpochTotals, final = false): void {
    const now = performance.now();
    if (!this.onProgress || (!final && now - this.lastReport < this.interval)) return;
    this.lastReport = now;
    const done = epoch * this.wordsPerEpoch + totals.words;
    this.onProgress({
      epoch: epoch + 1,
      epochs: this.epochs,
      progress: final ? 1 : Math.min(1, done / (this.epochs * this.wordsPerEpoch)),
      wordsPerSecond: done / Math.max(1e-9, (now - this.runStart) / 1000),
      alpha: totals.alpha,
      loss: this.computeLoss && totals.examples > 0 ? totals.loss / totals.examples : null,
    });
  }

  /**
   * Records a finished epoch and calls onEpochEnd. After the last epoch it always reports the
   * finished state (progress 1) to onProgress, so a progress line never ends part-way.
   *
   * @param epoch 0-based epoch
   * @param totals the epoch's totals
   */
  endEpoch(epoch: number, totals: EpochTotals): void {
    if (epoch === this.epochs - 1) this.progress(epoch, totals, true);
    const seconds = (performance.now() - this.epochStart) / 1000;
    const stats: EpochStats = {
      epoch: epoch + 1,
      loss: this.computeLoss ? totals.loss : null,
      meanLoss: this.computeLoss && totals.examples > 0 ? totals.loss / totals.examples : null,
      wordsPerSecond: totals.words / Math.max(1e-9, seconds),
      words: totals.words,
      effectiveWords: totals.effectiveWords,
      seconds,
    };
    this.history.push(stats);
    this.onEpochEnd?.(stats);
  }
}
