/**
 * What a CBOW model's validation loss should beat: guessing uniformly, and guessing by popularity.
 */
import type { CbowExamples } from "./examples";

/** The baseline losses on a set of validation examples, in nats per example. */
export interface CbowBaselines {
  /** ln V: every title equally likely, whatever the context. */
  uniform: number;
  /**
   * The unigram (popularity) model: each title with its share of the training middles,
   * add-one smoothed, (count + 1) / (N + V), so a title never seen as a middle is not impossible.
   */
  unigram: number;
}

/**
 * The uniform and unigram baseline losses on the validation examples. A model that uses its
 * context must beat the unigram loss; one below ln V has at least learnt popularity.
 *
 * @param train the training examples (the unigram counts come from their middles)
 * @param validation the examples to score (same vocabulary as `train`)
 * @returns both losses, in nats, comparable with the model's mean cross-entropy
 * @example
 * const { uniform, unigram } = baselineLosses(trainExamples, validationExamples);
 */
export function baselineLosses(train: CbowExamples, validation: CbowExamples): CbowBaselines {
  const V = train.index.size;
  const counts = new Float64Array(V);
  for (const t of train.targets) counts[t]++;
  const denominator = train.count + V;
  let loss = 0;
  for (const t of validation.targets) loss -= Math.log((counts[t] + 1) / denominator);
  return { uniform: Math.log(V), unigram: validation.count === 0 ? NaN : loss / validation.count };
}
