/**
 * The methods embeddings must beat, each trained on a split's training watchlists only:
 * most-popular, random, item-kNN and sequential co-occurrence. Each scores the movies that occur
 * in some training watchlist (the others score NaN: no method here has seen them).
 */
import { checkOptions, type OptionChecks } from "../options";
import { Random } from "../random";
import type { Scorer, UserHistory } from "./scorer";
import type { LeaveLastOutSplit } from "./leave-last-out";

/**
 * A method restricted to the movies of the training watchlists: the scores of the rest become
 * NaN (not candidates; a miss as a target). For models that hold a row for every movie of the
 * dataset although some never appeared in training (NCF's untrained rows keep their random
 * initialisation).
 *
 * @param split the split whose training watchlists define the known movies
 * @param scorer the method
 * @returns the restricted scorer, with the same name
 */
export function onlyTrainingMovies(split: LeaveLastOutSplit, scorer: Scorer): Scorer {
  return { name: scorer.name, scoreUser: (history) => trainingMoviesOnly(split, scorer.scoreUser(history)) };
}

/** Scores of a method that knows only the training movies: NaN for the rest. */
function trainingMoviesOnly(split: LeaveLastOutSplit, scores: Float64Array): Float64Array {
  const counts = split.trainingCounts();
  for (let row = 0; row < scores.length; row++) if (counts[row] === 0) scores[row] = NaN;
  return scores;
}

/**
 * Most popular first: a movie's score is the number of training watchlists that hold it. The
 * same list for every user (minus what each has seen).
 *
 * @param split the split to train on
 * @returns the scorer
 */
export function popularityScorer(split: LeaveLastOutSplit): Scorer {
  const scores = trainingMoviesOnly(split, Float64Array.from(split.trainingCounts()));
  return { name: "popularity", scoreUser: () => Float64Array.from(scores) };
}

/**
 * Uniformly random scores for the training movies, drawn from a generator seeded once, so the
 * whole evaluation is repeatable for a seed.
 *
 * @param split the split whose catalogue the scores cover
 * @param seed the seed
 * @returns the scorer
 */
export function randomScorer(split: LeaveLastOutSplit, seed: number): Scorer {
  const random = new Random(seed);
  return {
    name: "random",
    scoreUser: () => trainingMoviesOnly(split, Float64Array.from(split.catalogue, () => random.next())),
  };
}

/** The last `n` movies of a watchlist, as catalogue rows, latest first. */
function lastRows(split: LeaveLastOutSplit, history: UserHistory, n: number): number[] {
  const rows: number[] = [];
  for (let i = history.movieIds.length - 1; i >= 0 && rows.length < n; i--) rows.push(split.rowOf(history.movieIds[i]));
  return rows;
}

/** Options of {@link itemKnnScorer}. */
export interface ItemKnnOptions {
  /** How many of the user's latest movies vote. Default 5. */
  readonly lastN?: number;
  /** Added to the cosine's denominator, damping similarities resting on few shared users. Default 10. */
  readonly shrinkage?: number;
}

const ITEM_KNN_CHECKS: OptionChecks<ItemKnnOptions> = { lastN: "positiveInt", shrinkage: "nonNegative" };

/**
 * Item-kNN: the similarity of two movies is the cosine between their columns of the binary user
 * × movie training matrix, shrunk towards 0 when few users hold both,
 * `sim(i, j) = |U(i) ∩ U(j)| / (√|U(i)| · √|U(j)| + shrinkage)`; a movie's score is the sum of
 * its similarities to the user's last `lastN` movies.
 *
 * @param split the split to train on
 * @param options `lastN` (default 5), `shrinkage` (default 10)
 * @returns the scorer
 */
export function itemKnnScorer(split: LeaveLastOutSplit, options: ItemKnnOptions = {}): Scorer {
  const { lastN = 5, shrinkage = 10 } = checkOptions("itemKnnScorer", options, ITEM_KNN_CHECKS);
  // Binary matrix both ways: the distinct movie rows of each user, the users of each movie.
  const userRows = split.train.map((list) => Int32Array.from(new Set(Array.from(list, (id) => split.rowOf(id)))));
  const usersOf: number[][] = Array.from(split.catalogue, () => []);
  userRows.forEach((rows, user) => rows.forEach((row) => usersOf[row].push(user)));
  const norms = Float64Array.from(usersOf, (users) => Math.sqrt(users.length));
  const cache = new Map<number, Float64Array>();
  const similarities = (row: number): Float64Array => {
    let sim = cache.get(row);
    if (!sim) {
      sim = new Float64Array(split.catalogue.length);
      for (const user of usersOf[row]) for (const other of userRows[user]) sim[other]++;
      for (let other = 0; other < sim.length; other++) {
        if (sim[other] > 0) sim[other] /= norms[row] * norms[other] + shrinkage;
      }
      cache.set(row, sim);
    }
    return sim;
  };
  return {
    name: "item-kNN",
    scoreUser(history: UserHistory): Float64Array {
      const scores = new Float64Array(split.catalogue.length);
      for (const row of lastRows(split, history, lastN)) {
        const sim = similarities(row);
        for (let other = 0; other < scores.length; other++) scores[other] += sim[other];
      }
      return trainingMoviesOnly(split, scores);
    },
  };
}

/** Options of {@link cooccurrenceScorer}. */
export interface CooccurrenceOptions {
  /** Movie j counts as following movie i when it comes at most `window` positions after it. Default 10. */
  readonly window?: number;
  /** How many of the user's latest movies vote. Default 5. */
  readonly lastN?: number;
}

const COOCCURRENCE_CHECKS: OptionChecks<CooccurrenceOptions> = { window: "positiveInt", lastN: "positiveInt" };

/**
 * Sequential co-occurrence: `C[i][j]` counts how often movie j follows movie i within the next
 * `window` positions of a training watchlist; a movie's score is the sum of `C[i][j]` over the
 * user's last `lastN` movies i. A "what do people watch next" counter with no learning at all.
 *
 * @param split the split to train on
 * @param options `window` (default 10), `lastN` (default 5)
 * @returns the scorer
 */
export function cooccurrenceScorer(split: LeaveLastOutSplit, options: CooccurrenceOptions = {}): Scorer {
  const { window = 10, lastN = 5 } = checkOptions("cooccurrenceScorer", options, COOCCURRENCE_CHECKS);
  const followers: Map<number, number>[] = Array.from(split.catalogue, () => new Map());
  for (const list of split.train) {
    const rows = Array.from(list, (id) => split.rowOf(id));
    for (let i = 0; i < rows.length; i++) {
      const after = followers[rows[i]];
      for (let j = i + 1; j <= i + window && j < rows.length; j++) after.set(rows[j], (after.get(rows[j]) ?? 0) + 1);
    }
  }
  return {
    name: "co-occurrence",
    scoreUser(history: UserHistory): Float64Array {
      const scores = new Float64Array(split.catalogue.length);
      for (const row of lastRows(split, history, lastN)) {
        for (const [next, count] of followers[row]) scores[next] += count;
      }
      return trainingMoviesOnly(split, scores);
    },
  };
}
