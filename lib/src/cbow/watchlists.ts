/**
 * The CBOW-softmax model on whole watchlists, for recommendation: a vocabulary of the most
 * frequent movies (a full softmax costs V per example), sequences cut down to it, and a seeded
 * share of users held out for early stopping, as the tutorial trains.
 */
import { trainTestSplit } from "../data/train-test-split";
import { checkOptions, type OptionChecks } from "../options";
import { TokenIndex, checkSequences } from "./examples";
import { CBOW_CHECKS, trainCbow, type CbowOptions, type CbowTraining } from "./trainer";

/** Options of {@link trainCbowOnWatchlists}: the model's options, minus `index`, plus the vocabulary and the early-stopping users. */
export interface CbowWatchlistOptions extends Omit<CbowOptions, "index"> {
  /**
   * Keep the N most frequent movies (default 1000). The full softmax costs V per example: the
   * 1000 most frequent of ml-latest-small's 9,700 train ten times faster than all of them and
   * cover 60% of the ratings. Movies outside the vocabulary get no vector (a miss as a target).
   */
  readonly topMovies?: number;
  /** Share of the users whose sequences are held out for early stopping (default 0.1; seeded by `seed`). */
  readonly validationShare?: number;
}

const { index: _index, ...MODEL_CHECKS } = CBOW_CHECKS;
const CHECKS: OptionChecks<CbowWatchlistOptions> = { ...MODEL_CHECKS, topMovies: "positiveInt", validationShare: { min: 0, max: 1, exclusiveMin: true, exclusiveMax: true } };

/**
 * Trains the CBOW-softmax model on users' watchlists: the vocabulary is the `topMovies` most
 * frequent tokens, every sequence keeps only those tokens (in order), and a seeded
 * `validationShare` of the users is held out for early stopping on the validation loss. The
 * held-out users' movies still have vectors (the vocabulary comes from every sequence).
 *
 * @param lists the watchlists (tokens in viewing order), e.g. `split.sentences()` of a leave-last-out split
 * @param options the model's options (see {@link CbowOptions}), `topMovies`, `validationShare`
 * @returns the training run; `run.model.wv` holds the movie vectors
 * @throws OptionsError for an unknown option, a `topMovies` below 1 or a `validationShare` outside (0, 1)
 * @example
 * const { model } = await trainCbowOnWatchlists(split.sentences(), { topMovies: 1000, vectorSize: 32, window: 2, seed: 0 });
 * vectorScorer(model.wv, split, { queryLength: 4, output: model.outputLayer(4) });
 */
export async function trainCbowOnWatchlists(lists: readonly (readonly string[])[], options: CbowWatchlistOptions = {}): Promise<CbowTraining> {
  const { topMovies = 1000, validationShare = 0.1, ...cbowOptions } = checkOptions("trainCbowOnWatchlists", options, CHECKS);
  checkSequences("trainCbowOnWatchlists", lists);
  const index = new TokenIndex(TokenIndex.fromLists(lists).keys.slice(0, topMovies));
  const kept = lists.map((list) => list.filter((token) => index.has(token)));
  const users = trainTestSplit(kept, { testSize: validationShare, seed: cbowOptions.seed ?? 0 });
  return trainCbow(users.train, users.test, { ...cbowOptions, index });
}
