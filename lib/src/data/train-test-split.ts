/**
 * Seeded train/test splits of whole items (users' sequences, rows): scikit-learn's
 * `train_test_split` with a `random_state`.
 */
import { OptionsError } from "../errors";
import { checkOptions, type OptionChecks } from "../options";
import { Random } from "../random";

/** Options of {@link trainTestSplit}. */
export interface TrainTestSplitOptions {
  /** The share of items that go to the test part, in (0, 1) (default 0.2, an 80/20 split). */
  testSize?: number;
  /** Seed of the shuffle: the same seed gives the same split (default 0). */
  seed?: number;
}

const CHECKS: OptionChecks<TrainTestSplitOptions> = { testSize: { min: 0, max: 1, exclusiveMin: true, exclusiveMax: true }, seed: "int" };

/** The two parts of a split, with the positions of their items in the input. */
export interface TrainTestSplit<T> {
  /** The training items, in shuffled order. */
  train: T[];
  /** The test items, in shuffled order. */
  test: T[];
  /** For each training item, its position in the input. */
  trainIndices: Int32Array;
  /** For each test item, its position in the input. */
  testIndices: Int32Array;
}

/**
 * Shuffles the items with a seeded generator and cuts them in two: the first
 * ⌈n · testSize⌉ go to test (rounded up, as scikit-learn does), the rest to train. Each item lands whole in one
 * part, so a user's sequence is never cut in two. For a time-based hold-out of each user's last
 * item, see the leave-last-out split of the evaluation.
 *
 * @param items the items, for example `watchlists.lists` (one sequence per user)
 * @param options `testSize` (default 0.2) and `seed` (default 0)
 * @returns the train and test items and their input positions
 * @throws OptionsError for an unknown option, a testSize outside (0, 1), or a part that would be empty
 * @example
 * const split = trainTestSplit(watchlists.lists, { testSize: 0.2, seed: 42 });
 * split.train.length; // 80% of the users
 */
export function trainTestSplit<T>(items: readonly T[], options: TrainTestSplitOptions = {}): TrainTestSplit<T> {
  const { testSize = 0.2, seed = 0 } = checkOptions("trainTestSplit", options, CHECKS);
  const n = items.length;
  const testCount = Math.ceil(n * testSize);
  if (testCount < 1 || testCount >= n) {
    throw new OptionsError(`trainTestSplit: ${n} items at testSize ${testSize} give ${testCount} test and ${n - testCount} train items; both parts need at least one`);
  }
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  new Random(seed).shuffle(order);
  const testIndices = order.slice(0, testCount);
  const trainIndices = order.slice(testCount);
  return {
    train: Array.from(trainIndices, (i) => items[i]),
    test: Array.from(testIndices, (i) => items[i]),
    trainIndices,
    testIndices,
  };
}
