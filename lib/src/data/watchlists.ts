/**
 * Ratings → watchlists: one list of movie tokens per user, the "sentences" item2vec trains on.
 */
import { inspect } from "node:util";
import { OptionsError } from "../errors";
import { KeyIndex } from "../key-index";
import { checkOptionValue, checkOptions, type OptionChecks } from "../options";
import { Random } from "../random";
import { countIds, firstMet, groupRows, sortedRuns } from "./counts";
import { movieIdOf } from "./movie-id";
import { checkDataset, type MovieLens } from "./movielens";

/** Options of {@link buildWatchlists}. */
export interface WatchlistOptions {
  /**
   * `"file"` (default): each user's ratings in ratings.csv order, as the tutorials do. Note that
   * ml-latest-small lists each user's ratings sorted by movieId, so "file" order is id order, not
   * viewing order. `"timestamp"`: by rating time, ties broken by movieId.
   */
  order?: "file" | "timestamp";
  /** `"movieId"` (default): tokens are movieIds as strings ("1"), as gensim wants; `"title"`: the titles. */
  tokens?: "movieId" | "title";
  /** Drop watchlists shorter than this after filtering (default 1; the tutorials use 2). */
  minLength?: number;
  /** Keep only the N most-rated movies (ties: smaller movieId first); default: all. */
  topMovies?: number | null;
  /** Keep only users with at least K ratings in the whole file; default 1 (all). */
  minUserRatings?: number;
  /**
   * Keep only ratings of at least this many stars in the lists (for example 4: the movies a user
   * liked); default null (all). `topMovies` and `minUserRatings` still count every rating, so the
   * same movies and users qualify with and without it.
   */
  minRating?: number | null;
}

/** The indexes of a {@link Vocabulary}. */
interface VocabularyIndexes {
  /** Distinct tokens ↔ their rows, in the order first met. */
  tokenIndex: KeyIndex<string>;
  /** Per token row, its movieIds. */
  idsByRow: number[][];
  /** Distinct movieIds ↔ their rows, in the order first met. */
  movieIndex: KeyIndex<number>;
  /** Per movie row, the row of its token. */
  tokenRowByMovie: Int32Array;
}

/** A vocabulary's indexes from its (token, movieId) pairs: movies in the order first met; a movie's token is the one of its first pair. */
function vocabularyIndexes(list: [string, number][]): VocabularyIndexes {
  const movies = KeyIndex.factorize(list.map((pair) => pair[1]), { caller: "Vocabulary", noun: "movieId", what: "a movieId in these watchlists" });
  const tokenOfMovie = new Array<string>(movies.index.size);
  for (let i = 0, next = 0; i < list.length; i++) if (movies.rows[i] === next) tokenOfMovie[next++] = list[i][0];
  const tokens = KeyIndex.factorize(tokenOfMovie, { caller: "Vocabulary", noun: "token", what: "a token of these watchlists" });
  const idsByRow: number[][] = Array.from({ length: tokens.index.size }, () => []);
  tokens.rows.forEach((row, movie) => idsByRow[row].push(movies.index.keys[movie]));
  return { tokenIndex: tokens.index, idsByRow, movieIndex: movies.index, tokenRowByMovie: tokens.rows };
}

/**
 * Tokens ↔ movies. With title tokens, two movies that share a title share a token
 * (ml-latest-small has five such titles), so a token maps to a list of movieIds.
 */
export class Vocabulary {
  /** The pairs, or the function that makes them, until the indexes are first needed. */
  private source: Iterable<[token: string, movieId: number]> | (() => Iterable<[token: string, movieId: number]>) | null;
  private indexes: VocabularyIndexes | null = null;

  /**
   * @internal built by {@link buildWatchlists}; the indexes are made the first time they are
   * asked for (a first notebook cell that only loads and groups does not pay for them)
   * @param pairs each movie's token, or the function that lists them
   */
  constructor(pairs: Iterable<[token: string, movieId: number]> | (() => Iterable<[token: string, movieId: number]>)) {
    this.source = pairs;
  }

  private get index(): VocabularyIndexes {
    if (this.indexes === null) {
      const pairs = typeof this.source === "function" ? this.source() : this.source!;
      this.indexes = vocabularyIndexes(Array.isArray(pairs) ? (pairs as [string, number][]) : [...pairs]);
      this.source = null;
    }
    return this.indexes;
  }

  /** Number of distinct tokens. */
  get size(): number {
    return this.index.tokenIndex.size;
  }

  /** Every token, in the order first met. */
  get tokens(): string[] {
    return [...this.index.tokenIndex.keys];
  }

  /** Whether the token occurs in some watchlist. */
  has(token: string | number): boolean {
    return this.index.tokenIndex.has(typeof token === "number" ? String(token) : token);
  }

  /** Whether the movie occurs in some watchlist. */
  hasMovie(movieId: number): boolean {
    return this.index.movieIndex.has(movieId);
  }

  /**
   * The movieIds a token stands for (one, except for shared titles).
   * @throws UnknownKeyError with the closest tokens when the token is unknown.
   */
  movieIdsOf(token: string | number): number[] {
    if (typeof token === "number" && Number.isFinite(token)) token = String(token);
    if (typeof token !== "string") throw new OptionsError(`movieIdsOf: a token must be a string (or a movieId number), got ${token === null ? "null" : String(token)}`);
    const { idsByRow, tokenIndex } = this.index;
    return idsByRow[tokenIndex.rowOf(token)];
  }

  /**
   * The token of a movie.
   * @throws UnknownKeyError when the movie is in no watchlist.
   */
  tokenOf(movieId: number | string): string {
    const { movieIndex, tokenIndex, tokenRowByMovie } = this.index;
    const row = movieIndex.get(movieIdOf("tokenOf", movieId));
    if (row === undefined) throw movieIndex.unknown(movieId);
    return tokenIndex.keys[tokenRowByMovie[row]];
  }

  [inspect.custom](): string {
    return `Vocabulary<${this.size.toLocaleString("en-US")} tokens>`;
  }
}

/** The watchlists of every kept user, with the vocabulary that maps tokens back to movies. */
export interface Watchlists {
  /** The userId of each watchlist, ascending. */
  userIds: Int32Array;
  /** One token list per user: the sentences for word2vec (made from `movieIds` on first use). */
  lists: string[][];
  /** The same lists as movieIds (views into one shared buffer). */
  movieIds: Int32Array[];
  /** Tokens ↔ movieIds. */
  vocab: Vocabulary;
  /** The options used, defaults filled in. */
  options: Required<WatchlistOptions>;
}

const DEFAULTS: Required<WatchlistOptions> = { order: "file", tokens: "movieId", minLength: 1, topMovies: null, minUserRatings: 1, minRating: null };

const CHECKS: OptionChecks<WatchlistOptions> = {
  order: ["file", "timestamp"],
  tokens: ["movieId", "title"],
  minLength: "positiveInt",
  topMovies: { min: 1, integer: true, nullable: true },
  minUserRatings: "positiveInt",
  minRating: { nullable: true },
};

function resolveOptions(options: WatchlistOptions): Required<WatchlistOptions> {
  checkOptions("buildWatchlists", options, CHECKS);
  const merged = { ...DEFAULTS };
  for (const [name, value] of Object.entries(options)) if (value !== undefined) (merged as Record<string, unknown>)[name] = value;
  return merged;
}

/**
 * Each user's rows: a userId column sorted by user (every MovieLens ratings file but 100K's
 * u.data) is grouped by its runs, without a column of row numbers; any other by a counting sort.
 * `rows` is null when the rows of user k are simply offsets[k] … offsets[k + 1] - 1.
 */
function groupUsers(userId: Int32Array): { ids: Int32Array; counts: Int32Array; offsets: Int32Array; rows: Int32Array | null } {
  const runs = sortedRuns(userId);
  if (runs === null) {
    const users = countIds(userId);
    const { rows, offsets } = groupRows(userId, users);
    return { ids: users.ids, counts: users.counts, offsets, rows };
  }
  const { ids, offsets } = runs;
  const counts = new Int32Array(ids.length);
  for (let k = 0; k < ids.length; k++) counts[k] = offsets[k + 1] - offsets[k];
  return { ids, counts, offsets, rows: null };
}

/**
 * Groups the ratings into one watchlist per user (users in ascending userId). The lists are kept
 * as movieIds in one shared Int32Array; the token lists (`lists`) are made from them the first
 * time they are read, one array per user sharing one string per movie.
 *
 * @param data a dataset from `loadMovieLens`
 * @param options order, token kind and filters; see {@link WatchlistOptions}
 * @returns the watchlists and their vocabulary
 *
 * @example
 * const watchlists = buildWatchlists(data, { tokens: "title", minLength: 2 });
 * watchlists.lists[0].slice(0, 3); // ["Toy Story (1995)", "Grumpier Old Men (1995)", "Heat (1995)"]
 */
export function buildWatchlists(data: MovieLens, options: WatchlistOptions = {}): Watchlists {
  checkDataset("buildWatchlists", data);
  const opts = resolveOptions(options);
  const { userId, movieId, rating, timestamp, length } = data.ratingColumns;
  const minRating = opts.minRating;

  // every step works on typed arrays: 25 million ratings become 162,541 lists without a JS
  // object per rating
  const movies = countIds(movieId);
  const keep = new Uint8Array(movies.ids.length).fill(1);
  if (opts.topMovies !== null) {
    const byCount = Array.from(movies.ids.keys()).sort((a, b) => movies.counts[b] - movies.counts[a] || movies.ids[a] - movies.ids[b]);
    keep.fill(0);
    for (const k of byCount.slice(0, opts.topMovies)) keep[k] = 1;
  }
  // a movie's slot is looked up per rating only to filter (no column of slots: 4 bytes a rating
  // less at the peak)
  const movieSlot = movies.indexOf;
  const filtered = opts.topMovies !== null || minRating !== null;
  const tokenOf = opts.tokens === "title" ? (id: number) => data.movie(id).title : (id: number) => String(id);

  const users = groupUsers(userId);
  const { rows, offsets } = users;
  const kept = new Int32Array(length);
  let keptLength = 0;
  const keptUsers: number[] = [];
  const listStarts: number[] = [];
  for (let u = 0; u < users.ids.length; u++) {
    if (users.counts[u] < opts.minUserRatings) continue;
    const from = offsets[u];
    const to = offsets[u + 1];
    let userRows = rows === null ? null : rows.subarray(from, to);
    if (opts.order === "timestamp") {
      userRows = (userRows ?? Int32Array.from({ length: to - from }, (_, j) => from + j)).slice().sort((a, b) => timestamp[a] - timestamp[b] || movieId[a] - movieId[b]);
    }
    const start = keptLength;
    if (userRows === null && !filtered) {
      // the user's ratings in file order, unfiltered: one copy
      kept.set(movieId.subarray(from, to), start);
      keptLength += to - from;
    } else {
      for (let j = 0; j < to - from; j++) {
        const row = userRows === null ? from + j : userRows[j];
        if (filtered && (!keep[movieSlot(movieId[row])] || (minRating !== null && rating[row] < minRating))) continue;
        kept[keptLength++] = movieId[row];
      }
    }
    if (keptLength - start < opts.minLength) {
      keptLength = start;
      continue;
    }
    keptUsers.push(users.ids[u]);
    listStarts.push(start);
  }
  // the movieId lists share one buffer: `kept` itself unless filters left more than a quarter unused
  // (no second 4-bytes-a-rating copy at the peak of a big load)
  const allIds = length - keptLength <= keptLength / 4 ? kept.subarray(0, keptLength) : kept.slice(0, keptLength);
  // the movies in the order first met; their tokens are made when the lists or the vocabulary are first read
  const met = firstMet(allIds, movies.ids.length > 0 ? movies.ids[movies.ids.length - 1] : 0);
  listStarts.push(keptLength);
  const movieIds = keptUsers.map((_, k) => allIds.subarray(listStarts[k], listStarts[k + 1]));
  let tokens: string[] | null = null;
  const tokensBySlot = (): string[] => {
    if (tokens === null) {
      tokens = new Array<string>(movies.ids.length);
      for (let k = 0; k < met.length; k++) tokens[movieSlot(met[k])] = tokenOf(met[k]);
    }
    return tokens;
  };
  let lists: string[][] | null = null;
  const tokenLists = (): string[][] => {
    const bySlot = tokensBySlot();
    return movieIds.map((ids) => {
      const list = new Array<string>(ids.length);
      for (let j = 0; j < ids.length; j++) list[j] = bySlot[movieSlot(ids[j])];
      return list;
    });
  };
  return {
    userIds: Int32Array.from(keptUsers),
    get lists(): string[][] {
      lists ??= tokenLists();
      return lists;
    },
    set lists(value: string[][]) {
      lists = value;
    },
    movieIds,
    vocab: new Vocabulary(() => {
      const bySlot = tokensBySlot();
      return Array.from(met, (id): [string, number] => [bySlot[movieSlot(id)], id]);
    }),
    options: opts,
  };
}

/**
 * A seeded random subset of users whose watchlists hold at most `maxRatings` ratings in total
 * (users drawn in random order until the next would overflow the budget; kept in userId order).
 * Lets a costly model (skip-gram with a wide window) train on a full-size dataset in minutes.
 * Returns the watchlists unchanged when they already fit.
 *
 * @param watchlists from {@link buildWatchlists}
 * @param maxRatings the budget of ratings (tokens)
 * @param seed the seed of the draw
 *
 * @example
 * const sample = sampleWatchlists(watchlists, 3_000_000, 42);
 */
export function sampleWatchlists(watchlists: Watchlists, maxRatings: number, seed: number): Watchlists {
  checkOptionValue("sampleWatchlists", "maxRatings", maxRatings, "positiveInt");
  const total = watchlists.lists.reduce((sum, list) => sum + list.length, 0);
  if (total <= maxRatings) return watchlists;
  const order = new Random(seed).shuffle(Int32Array.from(watchlists.lists.keys()));
  const chosen: number[] = [];
  let budget = maxRatings;
  for (const k of order) {
    if (watchlists.lists[k].length > budget) continue;
    budget -= watchlists.lists[k].length;
    chosen.push(k);
  }
  chosen.sort((a, b) => a - b);
  const lists = chosen.map((k) => watchlists.lists[k]);
  const movieIds = chosen.map((k) => watchlists.movieIds[k]);
  const pairs: [string, number][] = [];
  lists.forEach((list, k) => list.forEach((token, j) => pairs.push([token, movieIds[k][j]])));
  return { userIds: Int32Array.from(chosen, (k) => watchlists.userIds[k]), lists, movieIds, vocab: new Vocabulary(pairs), options: watchlists.options };
}
