/**
 * The rating model of neural collaborative filtering as the tutorial builds it in Keras: a user
 * embedding and a movie embedding, their dot product plus a user bias and a movie bias, through
 * a sigmoid scaled to the rating range, trained on mean squared error with Adam.
 *
 * Forward and backward passes are written out below on typed arrays; `test/ncf.test.ts` checks
 * the gradient against finite differences.
 */
import { inspect } from "node:util";
import { Vocabulary } from "../data/watchlists";
import { OptionsError, UnknownKeyError } from "../errors";
import type { KeyIndex } from "../key-index";
import { Random } from "../random";
import { Adam } from "../train/adam";
import { heNormal } from "../train/init";
import { TrainingLog } from "../train/training-log";
import { KeyedVectors } from "../vectors/keyed-vectors";
import { scoreRows, searchableMatrix } from "../vectors/topk";
import { RatingPredictor } from "./baselines";
import type { RatingTriples } from "./ratings";
import { type RatingModelOptions, type ResolvedRatingModelOptions, resolveRatingModelOptions } from "./options";
import { trainRatingModel } from "./trainer";

/** One row of {@link RatingModel.summary}: a layer as Keras' `model.summary()` lists it. */
export interface LayerSummary {
  layer: string;
  kind: string;
  outputShape: string;
  parameters: number;
}

/** The loss of a batch and its gradient with respect to every parameter. */
export interface RatingGradients {
  /** Mean squared error of the batch plus the L2 penalty. */
  loss: number;
  userEmbedding: Float32Array;
  movieEmbedding: Float32Array;
  userBias: Float32Array;
  movieBias: Float32Array;
}

/**
 * User and movie embeddings learnt by predicting ratings. For user u and movie m:
 *
 *     z = U[u] · M[m] + b_u[u] + b_m[m]
 *     r̂ = lo + (hi − lo) · σ(z)          σ(z) = 1 / (1 + e^(−z)), so r̂ ∈ (lo, hi) = (0.5, 5)
 *
 * trained to minimise, over each mini-batch B,
 *
 *     L = (1/|B|) Σ (r̂ − r)²  +  λ (‖U‖² + ‖M‖²)
 *
 * with Adam, all four tables initialised He-normal (Keras' `he_normal`, fan-in = table rows).
 *
 * @example
 * const [train, test] = ratingTriples(data, { minRatingsPerMovie: 10 }).split([0.9, 0.1], 42);
 * const model = await RatingModel.train(train, { epochs: 15, validation: test });
 * model.log.series("validationRmse");
 * model.movieVectors.mostSimilar({ positive: "1" }); // movies like Toy Story, by movieId
 */
export class RatingModel implements RatingPredictor {
  /** U: one row of `vectorSize` numbers per user row, row-major. */
  readonly userEmbedding: Float32Array;
  /** M: one row per movie row. */
  readonly movieEmbedding: Float32Array;
  /** b_u: one per user row. */
  readonly userBias: Float32Array;
  /** b_m: one per movie row. */
  readonly movieBias: Float32Array;
  /** The MovieLens userId of each user row. */
  readonly userIds: Int32Array;
  /** The MovieLens movieId of each movie row. */
  readonly movieIds: Int32Array;
  /** The options in use. */
  readonly options: ResolvedRatingModelOptions;
  /** Per-step batch losses and per-epoch metrics (trainLoss, trainRmse, validationLoss, validationRmse, seconds, cpuSeconds). */
  readonly log = new TrainingLog();
  /** The epoch whose weights the model holds (the best one under early stopping, else the last). */
  epochsTrained = 0;
  private readonly userRow: KeyIndex<number, Int32Array>;
  private readonly movieRow: KeyIndex<number, Int32Array>;
  private movieKv: KeyedVectors | null = null;
  private userKv: KeyedVectors | null = null;
  private movieVocab: Vocabulary | null = null;
  private lastMovieRows: { ids: Float64Array; known: Int32Array; rows: Int32Array } | null = null;
  /** M in a searchable matrix for {@link predictForUser}; dropped whenever training changes M. */
  private movieMatrix: Float32Array | null = null;

  /**
   * A model with fresh He-normal weights for the users and movies of `triples` (use
   * {@link RatingModel.train} to train one).
   *
   * @param triples ratings whose user and movie rows the model gets
   * @param options model options
   */
  constructor(triples: RatingTriples, options: RatingModelOptions = {}) {
    this.options = resolveRatingModelOptions(options);
    const { vectorSize, seed } = this.options;
    const rng = new Random(seed);
    const users = triples.userCount;
    const movies = triples.movieCount;
    // in Adam's memory, so that its kernel updates them in place
    const table = (length: number, fanIn: number) => {
      const weights = Adam.allocate(length);
      weights.set(heNormal(length, fanIn, rng));
      return weights;
    };
    this.userEmbedding = table(users * vectorSize, users);
    this.movieEmbedding = table(movies * vectorSize, movies);
    this.userBias = table(users, users);
    this.movieBias = table(movies, movies);
    this.userIds = triples.userIds;
    this.movieIds = triples.movieIds;
    this.userRow = triples.users;
    this.movieRow = triples.movies;
  }

  /**
   * Trains a model on `train`, one epoch at a time (awaiting between epochs so a notebook can
   * show progress).
   *
   * @param train the training ratings
   * @param options the recipe; defaults are the tutorial's (50 dimensions, Adam 0.001, 15 epochs,
   *   batches of 64, L2 1e-6)
   * @returns the trained model, its `log` filled
   * @throws OptionsError for bad options, or `earlyStopping` without `validation`
   * @throws TrainingError when the loss becomes NaN or infinite (naming learningRate and l2)
   */
  static async train(train: RatingTriples, options: RatingModelOptions = {}): Promise<RatingModel> {
    const model = new RatingModel(train, options);
    await trainRatingModel(model, train, options);
    return model;
  }

  /** The four tables in a fixed order (U, M, b_u, b_m), for the optimiser. */
  get parameters(): Float32Array[] {
    return [this.userEmbedding, this.movieEmbedding, this.userBias, this.movieBias];
  }

  /** Drops what was computed from the weights (the movie matrix of {@link predictForUser}); call after changing them in place. */
  weightsChanged(): void {
    this.movieMatrix = null;
  }

  /**
   * Forward and backward pass of the data term over a batch, adding each rating's gradient
   * into the (zeroed) gradient arrays: a training step's first half.
   *
   * @param triples ratings with this model's rows
   * @param batch which of them form the batch
   * @param gU gradient of U (added to)
   * @param gM gradient of M (added to)
   * @param gbu gradient of b_u (added to)
   * @param gbm gradient of b_m (added to)
   * @returns the batch's mean squared error
   */
  accumulateGradients(
    triples: RatingTriples,
    batch: ArrayLike<number>,
    gU: Float32Array,
    gM: Float32Array,
    gbu: Float32Array,
    gbm: Float32Array,
  ): number {
    const { vectorSize: dim, minRating: lo, maxRating: hi } = this.options;
    const U = this.userEmbedding;
    const M = this.movieEmbedding;
    const n = batch.length;
    let squared = 0;
    for (let i = 0; i < n; i++) {
      const k = batch[i];
      const u = triples.user[k] * dim;
      const m = triples.movie[k] * dim;
      // forward: z = U[u]·M[m] + b_u + b_m; s = σ(z); r̂ = lo + (hi − lo)·s
      let z = this.userBias[triples.user[k]] + this.movieBias[triples.movie[k]];
      for (let d = 0; d < dim; d++) z += U[u + d] * M[m + d];
      const s = 1 / (1 + Math.exp(-z));
      const error = lo + (hi - lo) * s - triples.rating[k];
      squared += error * error;
      // backward: ∂L/∂r̂ = 2(r̂ − r)/|B|; ∂r̂/∂z = (hi − lo)·s(1 − s)
      const gz = ((2 * error) / n) * (hi - lo) * s * (1 - s);
      // ∂z/∂U[u] = M[m], ∂z/∂M[m] = U[u], ∂z/∂b_u = ∂z/∂b_m = 1
      for (let d = 0; d < dim; d++) {
        gU[u + d] += gz * M[m + d];
        gM[m + d] += gz * U[u + d];
      }
      gbu[triples.user[k]] += gz;
      gbm[triples.movie[k]] += gz;
    }
    return squared / n;
  }

  /**
   * Adds the L2 penalty λ(‖U‖² + ‖M‖²) and its gradient 2λ·W, over whole tables (rows null) or
   * over the listed rows only (a lazy step's penalty).
   *
   * @param gU gradient of U (added to)
   * @param gM gradient of M (added to)
   * @param userRows the user rows to penalise, or null for all
   * @param users how many of `userRows` to use
   * @param movieRows the movie rows to penalise, or null for all
   * @param movies how many of `movieRows` to use
   * @returns the penalty over the same rows
   */
  addPenalty(
    gU: Float32Array,
    gM: Float32Array,
    userRows: Int32Array | null,
    users: number,
    movieRows: Int32Array | null,
    movies: number,
  ): number {
    const l2 = this.options.l2;
    if (l2 === 0) return 0;
    const dim = this.options.vectorSize;
    let penalty = 0;
    const add = (table: Float32Array, grad: Float32Array, rows: Int32Array | null, count: number) => {
      const rowCount = rows === null ? table.length / dim : count;
      for (let r = 0; r < rowCount; r++) {
        const base = (rows === null ? r : rows[r]) * dim;
        for (let d = base; d < base + dim; d++) {
          const w = table[d];
          penalty += w * w;
          grad[d] += 2 * l2 * w;
        }
      }
    };
    add(this.userEmbedding, gU, userRows, users);
    add(this.movieEmbedding, gM, movieRows, movies);
    return l2 * penalty;
  }

  /**
   * Sets the embedding gradients to the full L2 penalty's gradient 2λ·W (zero when λ = 0): the
   * first half of a dense step.
   *
   * @param gU gradient of U (overwritten)
   * @param gM gradient of M (overwritten)
   * @returns the penalty λ(‖U‖² + ‖M‖²)
   */
  setPenaltyGradient(gU: Float32Array, gM: Float32Array): number {
    const l2 = this.options.l2;
    let penalty = 0;
    for (const [table, grad] of [[this.userEmbedding, gU], [this.movieEmbedding, gM]] as const) {
      for (let i = 0; i < table.length; i++) {
        const w = table[i];
        penalty += w * w;
        grad[i] = 2 * l2 * w;
      }
    }
    return l2 * penalty;
  }

  /**
   * The loss of a batch (mean squared error plus the full L2 penalty) and its exact gradient with
   * respect to every parameter: what "dense" training feeds Adam. For gradient checks.
   *
   * @param triples ratings with this model's rows
   * @param indices which of them form the batch (default all)
   * @returns the loss and one gradient array per parameter table
   */
  gradients(triples: RatingTriples, indices?: ArrayLike<number>): RatingGradients {
    const batch = indices ?? Int32Array.from({ length: triples.length }, (_, i) => i);
    const userEmbedding = new Float32Array(this.userEmbedding.length);
    const movieEmbedding = new Float32Array(this.movieEmbedding.length);
    const userBias = new Float32Array(this.userBias.length);
    const movieBias = new Float32Array(this.movieBias.length);
    let loss = this.accumulateGradients(triples, batch, userEmbedding, movieEmbedding, userBias, movieBias);
    loss += this.addPenalty(userEmbedding, movieEmbedding, null, 0, null, 0);
    return { loss, userEmbedding, movieEmbedding, userBias, movieBias };
  }

  /**
   * Predicted ratings for (user row, movie row) pairs: lo + (hi − lo)·σ(U[u]·M[m] + b_u + b_m).
   *
   * @param user user rows
   * @param movie movie rows, one per user row
   * @returns one rating per pair, in (minRating, maxRating)
   */
  predictRows(user: ArrayLike<number>, movie: ArrayLike<number>): Float32Array {
    if (user.length !== movie.length) throw new OptionsError(`predict: ${user.length} users but ${movie.length} movies; give one of each per pair`);
    const { vectorSize: dim, minRating: lo, maxRating: hi } = this.options;
    const out = new Float32Array(user.length);
    for (let i = 0; i < user.length; i++) {
      const u = user[i] * dim;
      const m = movie[i] * dim;
      let z = this.userBias[user[i]] + this.movieBias[movie[i]];
      for (let d = 0; d < dim; d++) z += this.userEmbedding[u + d] * this.movieEmbedding[m + d];
      out[i] = lo + (hi - lo) / (1 + Math.exp(-z));
    }
    return out;
  }

  /**
   * Predicted ratings for (userId, movieId) pairs, with MovieLens ids.
   *
   * @param userIds MovieLens userIds
   * @param movieIds MovieLens movieIds, one per userId
   * @returns one rating per pair
   * @throws UnknownKeyError for an id the model has no row for
   * @example
   * model.predict([1, 1], [1, 4896]); // user 1's predicted stars for Toy Story and Harry Potter
   */
  predict(userIds: ArrayLike<number>, movieIds: ArrayLike<number>): Float32Array {
    if (userIds.length !== movieIds.length) throw new OptionsError(`predict: ${userIds.length} userIds but ${movieIds.length} movieIds; give one of each per pair`);
    const rows = (ids: ArrayLike<number>, index: KeyIndex<number, Int32Array>, what: string) =>
      Int32Array.from(Array.from(ids), (id) => {
        const row = index.get(id);
        if (row === undefined) throw new UnknownKeyError(String(id), `a ${what} the model was trained on`, []);
        return row;
      });
    return this.predictRows(rows(userIds, this.userRow, "userId"), rows(movieIds, this.movieRow, "movieId"));
  }

  /**
   * One user's predicted ratings for many movies, as a recommender ranks them: NaN for a movie
   * the model has no row for (the catalogue may hold movies nobody rated). The dot products with
   * every movie come from the library's SIMD kernel (topk.ts, float32 sums), so a rating may
   * differ from {@link predict}'s in its last float32 digit.
   *
   * @param userId a MovieLens userId the model was trained with
   * @param movieIds MovieLens movieIds
   * @returns one rating (or NaN) per movieId
   * @throws UnknownKeyError for an unknown userId
   * @example
   * ratingScorer(split, (userId, movieIds) => model.predictForUser(userId, movieIds), "NCF rating");
   */
  predictForUser(userId: number, movieIds: ArrayLike<number>): Float64Array {
    const user = this.userRow.get(userId);
    if (user === undefined) throw new UnknownKeyError(String(userId), "a userId the model was trained on", []);
    const { known, rows } = this.movieRowsOf(movieIds);
    const { vectorSize: dim, minRating: lo, maxRating: hi } = this.options;
    // U[u]·M[m] for every movie at once, by the SIMD kernel of topk.ts
    if (!this.movieMatrix) (this.movieMatrix = searchableMatrix(this.movieIds.length, dim)).set(this.movieEmbedding);
    const dots = scoreRows(this.movieMatrix, this.movieIds.length, dim, this.userEmbedding.subarray(user * dim, user * dim + dim), { metric: "dot" });
    const out = new Float64Array(movieIds.length).fill(NaN);
    for (let k = 0; k < known.length; k++) {
      const m = rows[k];
      out[known[k]] = Math.fround(lo + (hi - lo) / (1 + Math.exp(-(this.userBias[user] + this.movieBias[m] + dots[m]))));
    }
    return out;
  }

  /**
   * The positions of `movieIds` the model has a row for, and those rows. A ranking asks for the
   * same catalogue user after user, so the last answer is kept and reused while the ids are equal.
   */
  private movieRowsOf(movieIds: ArrayLike<number>): { known: Int32Array; rows: Int32Array } {
    const last = this.lastMovieRows;
    if (last && last.ids.length === movieIds.length) {
      let same = true;
      for (let i = 0; i < movieIds.length && same; i++) same = last.ids[i] === movieIds[i];
      if (same) return last;
    }
    const known: number[] = [];
    const rows: number[] = [];
    for (let i = 0; i < movieIds.length; i++) {
      const row = this.movieRow.get(movieIds[i]);
      if (row !== undefined) {
        known.push(i);
        rows.push(row);
      }
    }
    this.lastMovieRows = { ids: Float64Array.from(movieIds), known: Int32Array.from(known), rows: Int32Array.from(rows) };
    return this.lastMovieRows;
  }

  /** The movie embeddings as KeyedVectors keyed by movieId strings ("1" is Toy Story), for similarity search. */
  get movieVectors(): KeyedVectors {
    this.movieKv ??= new KeyedVectors(Array.from(this.movieIds, String), this.movieEmbedding.slice(), this.options.vectorSize);
    return this.movieKv;
  }

  /** The user embeddings as KeyedVectors keyed by userId strings. */
  get userVectors(): KeyedVectors {
    this.userKv ??= new KeyedVectors(Array.from(this.userIds, String), this.userEmbedding.slice(), this.options.vectorSize);
    return this.userKv;
  }

  /** The movieId ↔ key map of {@link movieVectors}, for `similarMovies(model.movieVectors, model.vocab, data, movieId)`. */
  get vocab(): Vocabulary {
    this.movieVocab ??= new Vocabulary(Array.from(this.movieIds, (id) => [String(id), id] as [string, number]));
    return this.movieVocab;
  }

  /**
   * The layers with their output shapes and parameter counts, as Keras' `model.summary()`.
   *
   * @returns one row per layer; the parameters add up to the model's total
   */
  summary(): LayerSummary[] {
    const dim = this.options.vectorSize;
    const users = this.userIds.length;
    const movies = this.movieIds.length;
    const { minRating: lo, maxRating: hi } = this.options;
    return [
      { layer: "user", kind: "Input (userId → row)", outputShape: "(batch, 1)", parameters: 0 },
      { layer: "movie", kind: "Input (movieId → row)", outputShape: "(batch, 1)", parameters: 0 },
      { layer: "user_embedding", kind: `Embedding ${users} × ${dim}`, outputShape: `(batch, ${dim})`, parameters: users * dim },
      { layer: "movie_embedding", kind: `Embedding ${movies} × ${dim}`, outputShape: `(batch, ${dim})`, parameters: movies * dim },
      { layer: "user_bias", kind: `Embedding ${users} × 1`, outputShape: "(batch, 1)", parameters: users },
      { layer: "movie_bias", kind: `Embedding ${movies} × 1`, outputShape: "(batch, 1)", parameters: movies },
      { layer: "dot", kind: "Dot (user · movie)", outputShape: "(batch, 1)", parameters: 0 },
      { layer: "add", kind: "Add (dot + biases)", outputShape: "(batch, 1)", parameters: 0 },
      { layer: "rating", kind: `Sigmoid scaled to [${lo}, ${hi}]`, outputShape: "(batch, 1)", parameters: 0 },
    ];
  }

  /** Number of trained numbers: (users + movies) × (vectorSize + 1). */
  get parameterCount(): number {
    return this.userEmbedding.length + this.movieEmbedding.length + this.userBias.length + this.movieBias.length;
  }

  /** One line: "RatingModel<610 users × 2,269 movies · 50 dims · 15 epochs>". */
  [inspect.custom](): string {
    const f = (n: number) => n.toLocaleString("en-US");
    return `RatingModel<${f(this.userIds.length)} users × ${f(this.movieIds.length)} movies · ${this.options.vectorSize} dims · ${this.epochsTrained} epochs>`;
  }
}
