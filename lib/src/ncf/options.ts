/**
 * The options of the rating model ({@link RatingModel.train}): the tutorial's defaults, the rule of
 * each option, and the one place they are resolved.
 */
import { OptionsError } from "../errors";
import { checkOptions, type OptionChecks } from "../options";
import type { EarlyStoppingOptions } from "../train/early-stopping";
import type { TrainingProgress } from "../train/progress";
import type { RatingTriples } from "./ratings";
import type { RatingEpochReport } from "./trainer";

/** Options of {@link RatingModel.train}; the defaults are the tutorial's recipe. */
export interface RatingModelOptions {
  /** Length of the user and movie embeddings (default 50); gensim's and the glossary's name. */
  vectorSize?: number;
  /** @deprecated the old name of `vectorSize` (docs/GLOSSARY.md), kept for one release. */
  dimension?: number;
  /** Adam's step size (default 0.001). */
  learningRate?: number;
  /** Passes over the training ratings (default 15). */
  epochs?: number;
  /** Ratings per Adam step (default 64, Keras' and the tutorial's). */
  batchSize?: number;
  /**
   * L2 penalty λ on both embedding tables, added to every batch's loss as λ·(‖U‖² + ‖M‖²), as
   * Keras' `embeddings_regularizer=l2(λ)` (default 1e-6, the tutorial's). Biases are not penalised.
   */
  l2?: number;
  /** Seed of the initial weights and of the batch order (default 42). */
  seed?: number;
  /** Lowest rating of the scale, the output at sigmoid 0 (default 0.5). */
  minRating?: number;
  /** Highest rating of the scale, the output at sigmoid 1 (default 5). */
  maxRating?: number;
  /**
   * How Adam updates the tables (default "lazy"):
   * - "dense": every parameter every step, as `torch.optim.Adam` and Keras do (a row no batch
   *   touched still moves by its momentum and its L2 penalty);
   * - "lazy": only the rows of the batch's users and movies (their L2 penalty included), as
   *   `torch.optim.SparseAdam` and TensorFlow's LazyAdam. Much cheaper for big tables.
   */
  optimizer?: "dense" | "lazy";
  /** Ratings scored after every epoch (loss and RMSE in the log), for example a validation slice. */
  validation?: RatingTriples;
  /**
   * Stop when the validation RMSE stops improving, and keep the weights of its best epoch
   * (needs `validation`). Default: off, every epoch runs.
   */
  earlyStopping?: EarlyStoppingOptions;
  /**
   * Called after every epoch with its report: `trainLoss`, `trainRmse`, `validationLoss` and
   * `validationRmse` (with `validation`), `seconds`, `decision` (for `epochProgress()` or a live chart).
   */
  onEpochEnd?: (report: RatingEpochReport) => void;
  /** Called after every batch, and once with the finished run (pass `trainingProgress()` for an updating line). */
  onProgress?: (progress: TrainingProgress) => void;
}

/** The options in use, defaults filled in. */
export type ResolvedRatingModelOptions = Required<Omit<RatingModelOptions, "dimension" | "validation" | "earlyStopping" | "onEpochEnd" | "onProgress">>;

const DEFAULTS: ResolvedRatingModelOptions = {
  vectorSize: 50,
  learningRate: 0.001,
  epochs: 15,
  batchSize: 64,
  l2: 1e-6,
  seed: 42,
  minRating: 0.5,
  maxRating: 5,
  optimizer: "lazy",
};

const CHECKS: OptionChecks<RatingModelOptions> = {
  vectorSize: "positiveInt",
  dimension: "positiveInt",
  learningRate: "positive",
  epochs: "positiveInt",
  batchSize: "positiveInt",
  l2: "nonNegative",
  seed: "int",
  minRating: "number",
  maxRating: "number",
  optimizer: ["dense", "lazy"],
  validation: "object",
  earlyStopping: "object",
  onEpochEnd: "function",
  onProgress: "function",
};

/**
 * Checks the options (unknown names refused with the closest valid one; the old `dimension`
 * accepted as `vectorSize`) and fills in the defaults.
 *
 * @param options what the caller gave
 * @returns every setting, defaults filled in
 * @throws OptionsError for an unknown or out-of-range option, or maxRating not above minRating
 */
export function resolveRatingModelOptions(options: RatingModelOptions): ResolvedRatingModelOptions {
  checkOptions("RatingModel", options, CHECKS);
  if (options.dimension !== undefined && options.vectorSize !== undefined && options.dimension !== options.vectorSize) {
    throw new OptionsError(`RatingModel: dimension (${options.dimension}) is the old name of vectorSize (${options.vectorSize}); give vectorSize only`);
  }
  const resolved = { ...DEFAULTS, vectorSize: options.vectorSize ?? options.dimension ?? DEFAULTS.vectorSize };
  for (const key of Object.keys(DEFAULTS) as (keyof ResolvedRatingModelOptions)[]) {
    if (options[key] !== undefined) (resolved as Record<string, unknown>)[key] = options[key];
  }
  if (!(resolved.maxRating > resolved.minRating)) {
    throw new OptionsError(`RatingModel: maxRating (${resolved.maxRating}) must be above minRating (${resolved.minRating})`);
  }
  return resolved;
}

