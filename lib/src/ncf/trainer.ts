/**
 * Training the rating model: what a step is (a dense or lazy Adam step on a batch's mean squared
 * error plus the L2 penalty) and what an epoch measures (training and validation RMSE), run by the
 * shared loop (train/loop.ts: mini-batches, early stopping, the log, progress).
 */
import { OptionsError } from "../errors";
import { Random } from "../random";
import { Adam } from "../train/adam";
import { trainLoop } from "../train/loop";
import type { EpochReport } from "../train/progress";
import { rmse } from "./baselines";
import type { RatingModel } from "./model";
import type { RatingModelOptions } from "./options";
import type { RatingTriples } from "./ratings";

/** The parameters the L2 penalty covers: U and M (of U, M, b_u, b_m), not the biases. */
const PENALISED = [0, 1];

/** What the rating model measures after each epoch, beside the loop's `trainLoss`. */
export interface RatingEpochMetrics {
  /** RMSE on the training ratings after the epoch. */
  readonly trainRmse: number;
  /** Mean squared error on the validation ratings (the validation RMSE squared), with `validation`. */
  readonly validationLoss?: number;
  /** RMSE on the validation ratings, with `validation`: what early stopping watches. */
  readonly validationRmse?: number;
}

/**
 * What {@link RatingModelOptions.onEpochEnd} receives: the epoch report every trainer gives, with
 * the RMSEs.
 *
 * @example
 * await RatingModel.train(train, { validation, onEpochEnd: ({ epoch, trainRmse, validationRmse }) => console.log(epoch, trainRmse, validationRmse) });
 */
export type RatingEpochReport = EpochReport & RatingEpochMetrics;

/**
 * Trains `model` in place on `train` (what {@link RatingModel.train} runs): one Adam step per
 * mini-batch, "dense" (every parameter, as `torch.optim.Adam`) or "lazy" (only the batch's rows,
 * as `torch.optim.SparseAdam`), the L2 penalty added to each batch's loss; after each epoch the
 * training RMSE and, with `validation`, the validation loss and RMSE, on which `earlyStopping`
 * watches and keeps the best epoch's weights. Fills `model.log` and sets `model.epochsTrained`.
 *
 * @param model a fresh model built on `train`'s rows (its options hold the recipe)
 * @param train the training ratings
 * @param options the same options the model was built with (`validation`, `earlyStopping`, callbacks)
 * @throws OptionsError for `earlyStopping` without `validation`, or ratings from another `ratingTriples()`
 * @throws TrainingError when the loss becomes NaN or infinite (naming learningRate and l2)
 * @example
 * const model = new RatingModel(train, { epochs: 5 });
 * await trainRatingModel(model, train, { epochs: 5, validation: test });
 */
export async function trainRatingModel(model: RatingModel, train: RatingTriples, options: RatingModelOptions = {}): Promise<void> {
  const { validation, earlyStopping, onEpochEnd, onProgress } = options;
  if (earlyStopping && !validation) throw new OptionsError("RatingModel: earlyStopping needs a validation set to watch");
  for (const set of validation ? [train, validation] : [train]) {
    if (set.userIds !== model.userIds || set.movieIds !== model.movieIds) {
      throw new OptionsError("RatingModel: train and validation must come from the same ratingTriples() (split it with .split)");
    }
  }
  const { epochs, batchSize, learningRate, l2, optimizer, seed, vectorSize } = model.options;
  const params = model.parameters;
  const adam = new Adam(params, { learningRate });
  const grads = adam.grads; // beside the tables in the kernel's memory: no copy per step
  const [gU, gM, gbu, gbm] = grads;
  // Lazy mode: the distinct rows of the batch, found with a stamp per row (no Set per batch).
  const userStamp = new Int32Array(train.userCount).fill(-1);
  const movieStamp = new Int32Array(train.movieCount).fill(-1);
  const touchedUsers = new Int32Array(batchSize);
  const touchedMovies = new Int32Array(batchSize);
  const widths = [vectorSize, vectorSize, 1, 1];
  let step = 0;

  // Dense mode: the L2 penalty λ(‖U‖² + ‖M‖²) of the current weights, its gradient 2λ·W already
  // in gU and gM (NaN: not yet, at the start of each epoch, after the weights were seen outside).
  let penalty = NaN;
  const denseStep = (batch: Int32Array): number => {
    // the penalty's gradient overwrites the tables' gradients (no separate zeroing pass)
    if (Number.isNaN(penalty)) penalty = model.setPenaltyGradient(gU, gM);
    gbu.fill(0);
    gbm.fill(0);
    const loss = model.accumulateGradients(train, batch, gU, gM, gbu, gbm) + penalty;
    // the update's pass over the tables also sets the next step's penalty and its gradient
    penalty = l2 * adam.stepAndPenalise(grads, l2, PENALISED);
    return loss;
  };
  const lazyStep = (batch: Int32Array): number => {
    let users = 0;
    let movies = 0;
    for (let i = 0; i < batch.length; i++) {
      const u = train.user[batch[i]];
      const m = train.movie[batch[i]];
      if (userStamp[u] !== step) (userStamp[u] = step), (touchedUsers[users++] = u);
      if (movieStamp[m] !== step) (movieStamp[m] = step), (touchedMovies[movies++] = m);
    }
    let loss = model.accumulateGradients(train, batch, gU, gM, gbu, gbm);
    const userRows = touchedUsers.subarray(0, users);
    const movieRows = touchedMovies.subarray(0, movies);
    loss += model.addPenalty(gU, gM, userRows, users, movieRows, movies);
    adam.stepRows(grads, [userRows, movieRows, userRows, movieRows], widths);
    // clear only what this batch wrote, ready for the next
    for (const u of userRows) (gU.fill(0, u * vectorSize, u * vectorSize + vectorSize), (gbu[u] = 0));
    for (const m of movieRows) (gM.fill(0, m * vectorSize, m * vectorSize + vectorSize), (gbm[m] = 0));
    return loss;
  };

  const run = await trainLoop<RatingEpochMetrics, Float32Array[]>({
    caller: "RatingModel.train",
    epochs,
    items: train.length,
    batchSize,
    order: new Random(seed + 1),
    step: (batch) => {
      const loss = optimizer === "dense" ? denseStep(batch) : lazyStep(batch);
      step++;
      return { loss, examples: batch.length };
    },
    evaluate: (epoch) => {
      penalty = NaN; // callbacks and early stopping see the weights next: recompute from them
      model.weightsChanged();
      model.epochsTrained = epoch;
      const trainRmse = rmse(model, train);
      if (!validation) return { trainRmse };
      const validationRmse = rmse(model, validation);
      return { trainRmse, validationLoss: validationRmse ** 2, validationRmse };
    },
    earlyStopping: earlyStopping && { ...earlyStopping, monitor: "validationRmse" },
    snapshot: () => params.map((p) => p.slice()),
    restore: (best) => {
      params.forEach((p, k) => p.set(best[k]));
      model.weightsChanged();
    },
    lower: l2 > 0 ? { learningRate, l2 } : { learningRate },
    log: model.log,
    onProgress,
    onEpochEnd,
  });
  model.epochsTrained = run.keptEpoch;
}
