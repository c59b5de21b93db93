/**
 * Progress bookkeeping of a Word2Vec run: throttled `onProgress` calls and per-epoch reports for
 * `onEpochEnd` and the trainer's history, in the shapes every trainer reports (train/progress.ts).
 */
import { epochClock } from "../train/progress";
import type { Word2VecEpochReport, Word2VecProgress } from "./options";

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

/** Emits progress and epoch reports for one run. */
export class ProgressReporter {
  /** Reports of the finished epochs. */
  readonly history: Word2VecEpochReport[] = [];
  private readonly runStart = performance.now();
  private elapsed = epochClock();
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
    private readonly onProgress?: (progress: Word2VecProgress) => void,
    private readonly onEpochEnd?: (report: Word2VecEpochReport) => void,
  ) {}

  /** Marks the start of epoch `epoch` (0-based). */
  startEpoch(): void {
    this.elapsed = epochClock();
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
   * Records a finished epoch's report and calls onEpochEnd. After the last epoch it always reports the
   * finished state (progress 1) to onProgress, so a progress line never ends part-way.
   *
   * @param epoch 0-based epoch
   * @param totals the epoch's totals
   */
  endEpoch(epoch: number, totals: EpochTotals): void {
    const last = epoch === this.epochs - 1;
    if (last) this.progress(epoch, totals, true);
    const { seconds, cpuSeconds } = this.elapsed();
    const meanLoss = this.computeLoss && totals.examples > 0 ? totals.loss / totals.examples : null;
    const report: Word2VecEpochReport = {
      epoch: epoch + 1,
      epochs: this.epochs,
      progress: last ? 1 : (epoch + 1) / this.epochs,
      loss: meanLoss,
      seconds,
      cpuSeconds,
      trainLoss: meanLoss,
      totalLoss: this.computeLoss ? totals.loss : null,
      meanLoss,
      wordsPerSecond: totals.words / Math.max(1e-9, seconds),
      words: totals.words,
      effectiveWords: totals.effectiveWords,
    };
    this.history.push(report);
    this.onEpochEnd?.(report);
  }
}
