/**
 * The record of a training run: the loss of every step and the metrics of every epoch.
 */

/** One optimisation step: its epoch (from 1), its number over the whole run (from 1), its loss. */
export interface StepRecord {
  readonly epoch: number;
  readonly step: number;
  readonly loss: number;
}

/**
 * One epoch: its number (from 1), its duration, and any named metrics, for example
 * `{ epoch: 3, seconds: 0.4, trainLoss: 3.1, validationLoss: 3.3 }`.
 */
export interface EpochRecord {
  readonly epoch: number;
  readonly seconds: number;
  readonly [metric: string]: number;
}

/**
 * A training log kept by the trainers in lib (the CBOW next-title model, the rating model):
 * per-step losses for a smooth curve, per-epoch metrics for a table or a chart.
 *
 * @example
 * const log = new TrainingLog();
 * log.logStep(1, 3.9);
 * log.logEpoch({ epoch: 1, seconds: 0.2, trainLoss: 3.8, validationLoss: 3.7 });
 * log.series("validationLoss"); // [3.7]
 * log.best("validationLoss");   // the epoch record with the lowest validation loss
 */
export class TrainingLog {
  /** Every step, in order. */
  readonly steps: StepRecord[] = [];
  /** Every epoch, in order. */
  readonly epochs: EpochRecord[] = [];

  /**
   * Records one step's loss.
   *
   * @param epoch the epoch it belongs to (from 1)
   * @param loss its mini-batch loss
   */
  logStep(epoch: number, loss: number): void {
    this.steps.push({ epoch, step: this.steps.length + 1, loss });
  }

  /**
   * Records one epoch's metrics.
   *
   * @param record the epoch number, its duration and its metrics
   */
  logEpoch(record: EpochRecord): void {
    this.epochs.push(record);
  }

  /**
   * One metric over the epochs, for a chart (epochs that lack it give NaN).
   *
   * @param metric the metric's name, e.g. "validationLoss"
   * @returns one value per epoch
   */
  series(metric: string): number[] {
    return this.epochs.map((record) => record[metric] ?? NaN);
  }

  /**
   * The epoch with the best value of a metric.
   *
   * @param metric the metric's name
   * @param mode "min" (default, for losses) or "max"
   * @returns that epoch's record, or undefined when no epoch has the metric
   */
  best(metric: string, mode: "min" | "max" = "min"): EpochRecord | undefined {
    let best: EpochRecord | undefined;
    for (const record of this.epochs) {
      const value = record[metric];
      if (value === undefined || Number.isNaN(value)) continue;
      if (best === undefined || (mode === "min" ? value < best[metric] : value > best[metric])) best = record;
    }
    return best;
  }
}
