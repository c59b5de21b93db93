// Training on bad inputs: a loss that turns NaN or infinite stops the run with a TrainingError
// naming the option to lower (never NaN embeddings returned as a result), and training data that
// is not token lists of strings is refused before anything is trained.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as path from "node:path";
import { OptionsError, RatingModel, TokenIndex, TrainingError, Word2Vec, loadMovieLens, ratingTriples, trainCbow } from "movie-embeddings";

const triples = ratingTriples(loadMovieLens(path.join(__dirname, "fixtures", "movielens-eval")));
const lists = [
  ["a", "b", "c", "d", "e"],
  ["b", "c", "d", "e", "a"],
  ["c", "d", "e", "a", "b"],
  ["d", "e", "a", "b", "c"],
];

function rejectsWith(run: () => Promise<unknown>, kind: typeof Error, message: string): Promise<void> {
  return assert.rejects(run, (error: unknown) => {
    assert.ok(error instanceof kind, `expected a ${kind.name}, got ${error}`);
    assert.equal(error.message, message);
    return true;
  });
}

test("RatingModel: a diverging loss stops training and names learningRate and l2", async () => {
  await rejectsWith(
    () => RatingModel.train(triples, { l2: 1e300, epochs: 2 }),
    TrainingError,
    "RatingModel.train: the loss became NaN at epoch 2, batch 1 (step 2); training diverged: lower learningRate (0.001) or l2 (1e+300)",
  );
  // l2: Infinity never starts (it used to train NaN embeddings)
  await rejectsWith(() => RatingModel.train(triples, { l2: Infinity }), OptionsError, "RatingModel: l2 must be a finite number ≥ 0, got Infinity");
});

test("trainCbow: a diverging loss stops training and names learningRate", async () => {
  await rejectsWith(
    () => trainCbow(lists, lists, { learningRate: 1e30, epochs: 3, vectorSize: 4 }),
    TrainingError,
    "trainCbow: the loss became NaN at epoch 2, batch 1 (step 2); training diverged: lower learningRate (1e+30)",
  );
});

test("trainCbow: null and number tokens are refused with the sequence and the position", async () => {
  await rejectsWith(
    () => trainCbow([["a", "b", null as never, "d"]], lists),
    OptionsError,
    "trainCbow (training): sequence 0, token 2 is null, expected a string (movieIds as strings: String(movieId))",
  );
  await rejectsWith(
    () => trainCbow(lists, [["a", "b", "c"], ["a", 2 as never, "c"]]),
    OptionsError,
    "trainCbow (validation): sequence 1, token 1 is a number, expected a string (movieIds as strings: String(movieId))",
  );
  await rejectsWith(() => trainCbow("abc" as never, lists), OptionsError, "trainCbow (training): sequences must be an array of token arrays (string[][]), got string");
  assert.throws(() => TokenIndex.fromLists([["a", 1 as never]]), { name: "OptionsError", message: "TokenIndex.fromLists: sequence 0, token 1 is a number, expected a string (movieIds as strings: String(movieId))" });
});

test("Word2Vec: a number token is refused, as before", async () => {
  await rejectsWith(() => Word2Vec.train([["a", 1 as never]], { minCount: 1 }), OptionsError, "Word2Vec: sentence 0, token 1 is a number, expected a string");
});
