/**
 * Early stopping on a validation metric, as PyTorch Lightning's `EarlyStopping` callback with the
 * trainer's `min_epochs`.
 */
import { checkOptions, type OptionChecks } from "../options";

/** Settings of {@link EarlyStopping}. */
export interface EarlyStoppingOptions {
  /** Epochs without improvement to wait before stopping (default 3, as Lightning). */
  patience?: number;
  /** Never stop before this many epochs have ended (default 1; the CBOW tutorial uses 6). */
  minEpochs?: number;
  /** An improvement must beat the best value by more than this (default 0). */
  minDelta?: number;
  /** "min" for a loss, "max" for an accuracy-like metric (default "min"). */
  mode?: "min" | "max";
}

const CHECKS: OptionChecks<EarlyStoppingOptions> = { patience: "nonNegativeInt", minEpochs: "nonNegativeInt", minDelta: "nonNegative", mode: ["min", "max"] };

/** What {@link EarlyStopping.observe} decided after an epoch. */
export type EarlyStoppingDecision = "improved" | "continue" | "stop";

/**
 * Watches one number per epoch and says when to stop: after `patience` epochs in a row without
 * an improvement larger than `minDelta`, but not before `minEpochs` epochs have ended. It keeps the
 * best epoch, so a trainer can restore (or at least report) the weights of that epoch.
 *
 * @example
 * const stopper = new EarlyStopping({ patience: 3, minEpochs: 6 });
 * for (let epoch = 1; epoch <= 20; epoch++) {
 *   const validationLoss = trainOneEpoch();
 *   if (stopper.observe(validationLoss) === "stop") break;
 * }
 * stopper.bestEpoch; // the epoch (from 1) with the lowest validation loss
 */
export class EarlyStopping {
  /** The settings in use, defaults filled in. */
  readonly options: Readonly<Required<EarlyStoppingOptions>>;
  /** The best value seen so far (Infinity or -Infinity before the first epoch). */
  bestValue: number;
  /** The epoch (from 1) of the best value; 0 before the first epoch. */
  bestEpoch = 0;
  /** Epochs observed so far. */
  epoch = 0;
  /** Epochs in a row without improvement. */
  wait = 0;
  /** True once {@link observe} has returned "stop". */
  stopped = false;

  /**
   * @param options patience, minimum epochs, minimum improvement, direction
   * @throws OptionsError for an unknown option, a negative or fractional patience or minEpochs, a
   *   negative or non-finite minDelta
   */
  constructor(options: EarlyStoppingOptions = {}) {
    const { patience = 3, minEpochs = 1, minDelta = 0, mode = "min" } = checkOptions("EarlyStopping", options, CHECKS);
    const resolved = { patience, minEpochs, minDelta, mode };
    this.options = resolved;
    this.bestValue = resolved.mode === "min" ? Infinity : -Infinity;
  }

  /**
   * Records the metric of the epoch that just ended.
   *
   * @param value the validation metric (NaN counts as no improvement)
   * @returns "improved" (a new best: save the weights), "continue", or "stop"
   */
  observe(value: number): EarlyStoppingDecision {
    this.epoch++;
    const { minDelta, mode, patience, minEpochs } = this.options;
    const improved = mode === "min" ? value < this.bestValue - minDelta : value > this.bestValue + minDelta;
    if (improved) {
      this.bestValue = value;
      this.bestEpoch = this.epoch;
      this.wait = 0;
      return "improved";
    }
    this.wait++;
    if (this.wait >= patience && this.epoch >= minEpochs) {
      this.stopped = true;
      return "stop";
    }
    return "continue";
  }
}
