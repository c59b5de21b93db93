/** KeyIndex (lib/src/key-index.ts): the one keys ↔ rows index, and the classes that number their keys through it. */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as path from "node:path";
import { inspect } from "node:util";
import {
  DuplicateKeyError, KeyIndex, KeyedVectors, OptionsError, TokenIndex, UnknownKeyError, Vocabulary, Word2Vec,
  buildWatchlists, leaveLastOut, loadMovieLens, ratingTriples,
} from "movie-embeddings/internal";

const TINY = path.join(__dirname, "fixtures", "movielens-tiny");

test("keys keep their rows: rowOf, keyAt, has, get and size agree with the list", () => {
  const keys = ["Heat (1995)", "Toy Story (1995)", "Jumanji (1995)"];
  const index = new KeyIndex(keys);
  assert.equal(index.size, 3);
  assert.equal(index.keys, keys, "the list is kept, not copied");
  keys.forEach((key, row) => {
    assert.equal(index.rowOf(key), row);
    assert.equal(index.get(key), row);
    assert.equal(index.keyAt(row), key);
    assert.ok(index.has(key));
  });
  assert.equal(index.has("Casino (1995)"), false);
  assert.equal(index.get("Casino (1995)"), undefined);
  assert.equal(inspect(index), "KeyIndex<3 keys>");

  const ids = Int32Array.of(318, 1, 2571);
  const movies = new KeyIndex<number, Int32Array>(ids, { noun: "movieId" });
  assert.equal(movies.keys, ids, "an Int32Array of ids stays the same array");
  assert.deepEqual([movies.rowOf(318), movies.rowOf(1), movies.rowOf(2571)], [0, 1, 2]);
  assert.equal(movies.keyAt(2), 2571);
  assert.equal(movies.has(2), false);
  assert.equal(inspect(movies), "KeyIndex<3 movieIds>");
  assert.equal(new KeyIndex([]).size, 0);
});

test("an unknown key is an UnknownKeyError saying what it is not; string keys come with the closest keys", () => {
  const titles = new KeyIndex(["Toy Story (1995)", "Toy Story 2 (1999)", "Heat (1995)"], { what: "a title of the catalogue" });
  assert.throws(
    () => titles.rowOf("toy story"),
    (e: unknown) => e instanceof UnknownKeyError && e.key === "toy story" && e.message === '"toy story" is not a title of the catalogue; did you mean "Toy Story (1995)", "Toy Story 2 (1999)"?',
  );
  assert.throws(() => new KeyIndex(["a"]).rowOf("zzz"), { name: "UnknownKeyError", message: '"zzz" is not a key of this index' });
  // movieIds have no meaningful "closest": the message names the id and the set only
  const movies = new KeyIndex<number, Int32Array>(Int32Array.of(1, 2, 3), { what: "a movieId of the evaluation catalogue" });
  assert.throws(() => movies.rowOf(4), (e: unknown) => e instanceof UnknownKeyError && e.suggestions.length === 0 && e.message === '"4" is not a movieId of the evaluation catalogue');
  assert.equal(movies.unknown(7, "a movieId of the catalogue (target of user 3)").message, '"7" is not a movieId of the catalogue (target of user 3)');
});

test("a list with a repeated key is refused naming the key and both rows; so are mixed, null and non-finite keys", () => {
  assert.throws(
    () => new KeyIndex(["a", "b", "a"], { caller: "TokenIndex", noun: "token" }),
    (e: unknown) => e instanceof DuplicateKeyError && e instanceof OptionsError && e.key === "a" && e.first === 0 && e.second === 2 &&
      e.message === 'TokenIndex: token "a" appears twice (rows 0 and 2); expected each token once',
  );
  assert.throws(() => new KeyIndex<number, Int32Array>(Int32Array.of(5, 7, 5), { caller: "plot embeddings", noun: "movieId" }), {
    name: "DuplicateKeyError",
    message: "plot embeddings: movieId 5 appears twice (rows 0 and 2); expected each movieId once",
  });
  assert.throws(() => new KeyIndex(["1", 1 as never]), { name: "OptionsError", message: "KeyIndex: key 1 is a number, expected a string" });
  assert.throws(() => new KeyIndex([null as never]), { name: "OptionsError", message: "KeyIndex: key 0 is null, expected a string or a finite number" });
  assert.throws(() => new KeyIndex([1, NaN]), { name: "OptionsError", message: "KeyIndex: key 1 is NaN, expected a finite number" });
  assert.throws(() => new KeyIndex(["a"]).keyAt(1), { name: "OptionsError", message: "KeyIndex.keyAt: row 1 is outside 0…0" });
  assert.throws(() => new KeyIndex(["a"], { nuon: "token" } as never), { name: "OptionsError", message: 'KeyIndex: unknown option "nuon"; did you mean "noun"?' });
});

test("factorize: the distinct keys in the order first met and the row of every entry", () => {
  const { index, rows } = KeyIndex.factorize(["b", "a", "b", "c", "a"], { noun: "token" });
  assert.deepEqual(index.keys, ["b", "a", "c"]);
  assert.deepEqual([...rows], [0, 1, 0, 2, 1]);
  assert.equal(index.rowOf("c"), 2);
  assert.equal(inspect(index), "KeyIndex<3 tokens>");
  assert.deepEqual([...KeyIndex.factorize([3, 3, 3]).rows], [0, 0, 0]);
  assert.equal(KeyIndex.factorize([]).index.size, 0);
  assert.throws(() => KeyIndex.factorize([1, "1"] as never[]), { name: "OptionsError", message: "KeyIndex: key 1 is a string, expected a finite number" });
});

test("Vocabulary: tokens and movies in the order first met, shared titles map to every movieId, unknown ones named", () => {
  const shared = new Vocabulary([["Heat (1995)", 6], ["Twin (2000)", 9], ["Heat (1995)", 6], ["Twin (2000)", 12], ["Casino (1995)", 16]]);
  assert.deepEqual(shared.tokens, ["Heat (1995)", "Twin (2000)", "Casino (1995)"]);
  assert.deepEqual(shared.movieIdsOf("Twin (2000)"), [9, 12]);
  assert.deepEqual([shared.tokenOf(12), shared.tokenOf("6")], ["Twin (2000)", "Heat (1995)"]);
  assert.equal(shared.size, 3);
  assert.ok(shared.hasMovie(16) && !shared.hasMovie(7));
  assert.throws(() => shared.movieIdsOf("heat"), { name: "UnknownKeyError", message: '"heat" is not a token of these watchlists; did you mean "Heat (1995)"?' });
  assert.throws(() => shared.tokenOf(7), { name: "UnknownKeyError", message: '"7" is not a movieId in these watchlists' });
});

test("TokenIndex is a KeyIndex: rows by frequency, the old indexOf answers as rowOf, duplicates and unknown tokens named", () => {
  const index = TokenIndex.fromLists([["b", "a", "b"], ["c", "a", "b"]]);
  assert.ok(index instanceof KeyIndex);
  assert.deepEqual(index.keys, ["b", "a", "c"]);
  assert.deepEqual(["b", "a", "c"].map((t) => index.indexOf(t)), ["b", "a", "c"].map((t) => index.rowOf(t)));
  assert.throws(() => new TokenIndex(["x", "x"]), { name: "DuplicateKeyError", message: 'TokenIndex: token "x" appears twice (rows 0 and 1); expected each token once' });
  assert.throws(() => index.rowOf("bb"), { name: "UnknownKeyError", message: '"bb" is not in the CBOW vocabulary; did you mean "b"?' });
});

test("KeyedVectors, Word2Vec, the rating triples and the split number their keys through one shared index", async () => {
  const wv = new KeyedVectors(["king", "queen", "man"], Float32Array.of(1, 1, 1, -1, 0.9, 1.1), 2);
  assert.deepEqual([wv.rowOf("queen"), wv.indexOf("man"), wv.index.keyAt(0)], [1, 2, "king"]);
  assert.throws(() => wv.rowOf("kign"), { name: "UnknownKeyError", message: '"kign" is not in the vocabulary; did you mean "king"?' });
  assert.throws(() => new KeyedVectors(["a", "a"], Float32Array.of(1, 2), 1), { name: "DuplicateKeyError", message: 'KeyedVectors: key "a" appears twice (rows 0 and 1); expected each key once' });

  const data = loadMovieLens(TINY);
  const { lists } = buildWatchlists(data);
  const model = await Word2Vec.train(lists, { vectorSize: 4, minCount: 1, epochs: 1, workers: 1, seed: 1 });
  assert.equal(model.wv.index, model.vocabulary.index, "the model's vectors share the vocabulary's index");
  assert.equal(model.wv.keys, model.vocabulary.keys);
  model.vocabulary.keys.forEach((key, row) => assert.equal(model.wv.rowOf(key), row));

  const triples = ratingTriples(data);
  const [train, test] = triples.split([0.5, 0.5], 1);
  assert.equal(train.users, triples.users, "a subset shares the user rows");
  assert.equal(test.movies, triples.movies, "and the movie rows");
  assert.equal(triples.userIds, triples.users.keys);
  triples.movieIds.forEach((id, row) => assert.equal(triples.movies.rowOf(id), row));

  const split = leaveLastOut(data);
  split.catalogue.forEach((id, row) => assert.equal(split.rowOf(id), row));
  assert.throws(() => split.rowOf(999999), { name: "UnknownKeyError", message: '"999999" is not a movieId of the evaluation catalogue' });
});
