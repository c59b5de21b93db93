/**
 * The leave-last-out split: each user's latest rating is held out as the target, the rest (in
 * viewing order) is the user's training watchlist. Every method of the evaluation trains on the
 * training watchlists only; settings are chosen on a validation split carved the same way out
 * of the training watchlists.
 */
import { inspect } from "node:util";
import { OptionsError } from "../errors";
import { KeyIndex } from "../key-index";
import type { MovieLens } from "../data/movielens";
import { buildWatchlists } from "../data/watchlists";

/** The users of a split, one training watchlist and one held-out target each. */
export interface SplitParts {
  /** The userId of each user, ascending. */
  readonly userIds: Int32Array;
  /** Each user's training watchlist: movieIds ordered by (timestamp, then numeric movieId). */
  readonly train: readonly Int32Array[];
  /** Each user's held-out movieId: the last of the ordered ratings. */
  readonly targets: Int32Array;
  /** Users left out because they had too few ratings to hold one out and keep one to train on. */
  readonly skippedUserIds: Int32Array;
  /**
   * How many users had two or more ratings at their latest timestamp (the movieId tie-break
   * decided the target); null for a carved validation split, which keeps no timestamps.
   */
  readonly lastTimestampTies: number | null;
}

/**
 * One leave-last-out split over a catalogue of movies. Create it with {@link leaveLastOut}; carve
 * the validation split with {@link LeaveLastOutSplit.validation}.
 *
 * Movies are addressed two ways: by movieId, and by their row in the catalogue
 * (`catalogue[row]`, every movieId of movies.csv in ascending order), which is the "movie index"
 * every scorer returns its scores over. Rows ascend with movieId, so "ties by lower row" is
 * "ties by numeric movieId".
 */
export class LeaveLastOutSplit implements SplitParts {
  readonly userIds: Int32Array;
  readonly train: readonly Int32Array[];
  readonly targets: Int32Array;
  readonly skippedUserIds: Int32Array;
  readonly lastTimestampTies: number | null;
  /** Every movieId that can be recommended, ascending: the movie index of all scores. */
  readonly catalogue: Int32Array;
  /** movieIds ↔ catalogue rows. */
  private readonly movies: KeyIndex<number, Int32Array>;
  private counts: Float64Array | null = null;
  private trainingPairs: Set<number> | null = null;

  /**
   * @param parts users, training watchlists, targets (see {@link SplitParts})
   * @param catalogue every recommendable movieId, ascending, holding every training movie and target
   * @throws OptionsError when the parts disagree in length, the catalogue is not ascending, or a
   *   movie is not in the catalogue
   */
  constructor(parts: SplitParts, catalogue: Int32Array) {
    const users = parts.userIds.length;
    if (parts.train.length !== users || parts.targets.length !== users) {
      throw new OptionsError(
        `LeaveLastOutSplit: ${users} users but ${parts.train.length} training watchlists and ${parts.targets.length} targets`,
      );
    }
    for (let i = 1; i < catalogue.length; i++) {
      if (catalogue[i] <= catalogue[i - 1]) {
        throw new OptionsError(`LeaveLastOutSplit: the catalogue must ascend without repeats; ${catalogue[i]} follows ${catalogue[i - 1]}`);
      }
    }
    this.userIds = parts.userIds;
    this.train = parts.train;
    this.targets = parts.targets;
    this.skippedUserIds = parts.skippedUserIds;
    this.lastTimestampTies = parts.lastTimestampTies;
    this.catalogue = catalogue;
    this.movies = new KeyIndex<number, Int32Array>(catalogue, { caller: "LeaveLastOutSplit", noun: "movieId", what: "a movieId of the evaluation catalogue" });
    const check = (movieId: number, where: string) => {
      if (!this.movies.has(movieId)) throw this.movies.unknown(movieId, `a movieId of the catalogue (${where})`);
    };
    for (let u = 0; u < users; u++) {
      check(parts.targets[u], `target of user ${parts.userIds[u]}`);
      for (const movieId of parts.train[u]) check(movieId, `training watchlist of user ${parts.userIds[u]}`);
    }
  }

  /** Number of evaluated users. */
  get users(): number {
    return this.userIds.length;
  }

  /** Number of ratings in all training watchlists. */
  get trainingTokens(): number {
    return this.train.reduce((sum, list) => sum + list.length, 0);
  }

  /**
   * The catalogue row of a movie.
   *
   * @param movieId a movieId of the catalogue
   * @returns its row in every score array
   * @throws UnknownKeyError when the catalogue has no such movie
   */
  rowOf(movieId: number): number {
    return this.movies.rowOf(movieId);
  }

  /** Whether the catalogue holds this movie. */
  hasMovie(movieId: number): boolean {
    return this.movies.has(movieId);
  }

  /**
   * How many training watchlists hold each movie (its training rating count), per catalogue row.
   * The popularity baseline's scores, and the x axis of the cold-start view. Computed once.
   */
  trainingCounts(): Float64Array {
    if (this.counts === null) {
      const counts = new Float64Array(this.catalogue.length);
      for (const list of this.train) for (const movieId of list) counts[this.movies.get(movieId)!]++;
      this.counts = counts;
    }
    return this.counts;
  }

  /**
   * Whether a rating is in the training watchlists: the user is evaluated and the movie is in
   * their training watchlist (not their target, nor anything of a skipped user). Rating models
   * train on exactly these ratings: `triples.filter((userId, movieId) => split.inTraining(userId, movieId))`.
   */
  inTraining(userId: number, movieId: number): boolean {
    if (this.trainingPairs === null) {
      this.trainingPairs = new Set();
      this.train.forEach((list, u) => {
        for (const id of list) this.trainingPairs!.add(this.userIds[u] * this.catalogue.length + this.movies.get(id)!);
      });
    }
    const row = this.movies.get(movieId);
    return row !== undefined && this.trainingPairs.has(userId * this.catalogue.length + row);
  }

  /** Number of distinct movies in the training watchlists. */
  get trainingMovies(): number {
    return this.trainingCounts().reduce((n, count) => n + (count > 0 ? 1 : 0), 0);
  }

  /** Number of users whose target occurs in no training watchlist (no method trained on the watchlists can rank it). */
  get unseenTargets(): number {
    const counts = this.trainingCounts();
    return this.targets.reduce((n, movieId) => n + (counts[this.movies.get(movieId)!] === 0 ? 1 : 0), 0);
  }

  /**
   * The training watchlists as token lists (movieIds as strings), the sentences word2vec trains on.
   *
   * @returns one string list per user, in watchlist order
   */
  sentences(): string[][] {
    return this.train.map((list) => Array.from(list, String));
  }

  /**
   * The validation split, carved the same way out of this split's training watchlists: each
   * user's last training movie becomes the validation target, the rest the validation training
   * watchlist. Users whose training watchlist has a single movie are skipped (listed in
   * `skippedUserIds`). Choose settings on this split; the test targets stay unseen.
   *
   * @returns a split over the same catalogue
   */
  validation(): LeaveLastOutSplit {
    const parts = holdOutLast(this.userIds, this.train, null);
    return new LeaveLastOutSplit({ ...parts, lastTimestampTies: null, skippedUserIds: Int32Array.from([...this.skippedUserIds, ...parts.skippedUserIds]) }, this.catalogue);
  }

  /** One line: "LeaveLastOutSplit<610 users · 100,226 training ratings · 9,701 training movies · 23 unseen targets>". */
  [inspect.custom](): string {
    const n = (x: number) => x.toLocaleString("en-US");
    return `LeaveLastOutSplit<${n(this.users)} users · ${n(this.trainingTokens)} training ratings · ${n(this.trainingMovies)} training movies · ${n(this.unseenTargets)} unseen targets>`;
  }
}

/**
 * Holds out the last movie of each ordered watchlist. Lists shorter than two are skipped.
 *
 * @param tiedAtEnd whether a user's last two entries share a timestamp (counted, not changed);
 *   null when timestamps are unknown
 */
function holdOutLast(
  userIds: Int32Array,
  ordered: readonly Int32Array[],
  tiedAtEnd: ((user: number) => boolean) | null,
): SplitParts {
  const kept: number[] = [];
  const skipped: number[] = [];
  const train: Int32Array[] = [];
  const targets: number[] = [];
  let ties = 0;
  ordered.forEach((list, u) => {
    if (list.length < 2) {
      skipped.push(userIds[u]);
      return;
    }
    kept.push(userIds[u]);
    train.push(list.subarray(0, list.length - 1));
    targets.push(list[list.length - 1]);
    if (tiedAtEnd?.(u)) ties++;
  });
  return {
    userIds: Int32Array.from(kept),
    train,
    targets: Int32Array.from(targets),
    skippedUserIds: Int32Array.from(skipped),
    lastTimestampTies: tiedAtEnd ? ties : null,
  };
}

/**
 * The leave-last-out split of a MovieLens dataset. Each user's ratings are ordered by
 * (timestamp, then numeric movieId); the last is the held-out target and the rest, in that
 * order, the training watchlist. Every rating counts as a watch. Users with a single rating have
 * nothing to train on and are skipped (listed in `skippedUserIds`, never silently). The
 * catalogue is every movie of movies.csv.
 *
 * @param data a dataset from `loadMovieLens`
 * @returns the split; `split.validation()` carves the validation split from its training watchlists
 * @example
 * const split = leaveLastOut(loadMovieLens("ml-latest-small"));
 * split.targets.slice(0, 5);   // Int32Array [2492, 80489, 2424, 4246, 474]
 * const validation = split.validation();
 */
export function leaveLastOut(data: MovieLens): LeaveLastOutSplit {
  const watchlists = buildWatchlists(data, { order: "timestamp", tokens: "movieId" });
  const { userId, timestamp } = data.ratingColumns;
  // The latest timestamp of each user and how many ratings share it.
  const latest = new Map<number, { time: number; count: number }>();
  for (let i = 0; i < data.ratingColumns.length; i++) {
    const seen = latest.get(userId[i]);
    if (!seen || timestamp[i] > seen.time) latest.set(userId[i], { time: timestamp[i], count: 1 });
    else if (timestamp[i] === seen.time) seen.count++;
  }
  const parts = holdOutLast(watchlists.userIds, watchlists.movieIds, (u) => latest.get(watchlists.userIds[u])!.count > 1);
  const catalogue = Int32Array.from(data.movieList.map((movie) => movie.movieId)).sort();
  return new LeaveLastOutSplit(parts, catalogue);
}
