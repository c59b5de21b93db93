/**
 * What a rating model must beat: the global mean, and user + movie biases without embeddings.
 */
import { OptionsError } from "../errors";
import { checkOptions, type OptionChecks } from "../options";
import type { RatingTriples } from "./ratings";

/** Anything that predicts a rating for (user row, movie row) pairs of a {@link RatingTriples}. */
export interface RatingPredictor {
  /**
   * @param user user rows
   * @param movie movie rows, one per user row
   * @returns one predicted rating per pair
   */
  predictRows(user: Int32Array, movie: Int32Array): Float32Array;
}

/**
 * Root mean squared error of a predictor on a set of ratings: √(mean((r̂ − r)²)).
 *
 * @param model the predictor
 * @param triples the ratings to score
 * @returns the RMSE (in stars)
 */
export function rmse(model: RatingPredictor, triples: RatingTriples): number {
  if (triples.length === 0) throw new OptionsError("rmse: the set of ratings is empty");
  const predicted = model.predictRows(triples.user, triples.movie);
  let sum = 0;
  for (let i = 0; i < triples.length; i++) {
    const error = predicted[i] - triples.rating[i];
    sum += error * error;
  }
  return Math.sqrt(sum / triples.length);
}

/**
 * The global-mean baseline: every rating predicted as the mean training rating.
 *
 * @example
 * rmse(new GlobalMean(train), test); // ≈ 1.0 on ml-latest-small
 */
export class GlobalMean implements RatingPredictor {
  /** The mean training rating. */
  readonly mean: number;

  /** @param train the training ratings */
  constructor(train: RatingTriples) {
    this.mean = train.mean();
  }

  /** @inheritdoc */
  predictRows(user: Int32Array): Float32Array {
    return new Float32Array(user.length).fill(this.mean);
  }
}

/** Options of {@link BiasBaseline}. */
export interface BiasBaselineOptions {
  /** Shrinkage of each user bias towards 0, in ratings (default 15, as Surprise's BaselineOnly). */
  userRegularization?: number;
  /** Shrinkage of each movie bias towards 0, in ratings (default 10, as Surprise). */
  movieRegularization?: number;
  /** Rounds of alternating updates (default 10, as Surprise). */
  iterations?: number;
}

const BIAS_CHECKS: OptionChecks<BiasBaselineOptions> = { userRegularization: "nonNegative", movieRegularization: "nonNegative", iterations: "positiveInt" };

/**
 * The bias-only baseline r̂ = μ + b_user + b_movie (Koren 2010; Surprise's `BaselineOnly` with
 * alternating least squares): what a rating model gets from "this user rates high, this movie is
 * liked" without any taste vectors. Each round sets, with n the number of ratings and λ the
 * shrinkage,
 *
 *     b_movie = Σ (r − μ − b_user) / (λ_movie + n_movie)
 *     b_user  = Σ (r − μ − b_movie) / (λ_user + n_user)
 *
 * Predictions are clipped to the rating scale [0.5, 5].
 */
export class BiasBaseline implements RatingPredictor {
  /** The mean training rating μ. */
  readonly mean: number;
  /** b_user per user row. */
  readonly userBias: Float64Array;
  /** b_movie per movie row. */
  readonly movieBias: Float64Array;

  /**
   * @param train the training ratings
   * @param options shrinkage and rounds
   */
  constructor(train: RatingTriples, options: BiasBaselineOptions = {}) {
    const { userRegularization = 15, movieRegularization = 10, iterations = 10 } = checkOptions("BiasBaseline", options, BIAS_CHECKS);
    this.mean = train.mean();
    this.userBias = new Float64Array(train.userCount);
    this.movieBias = new Float64Array(train.movieCount);
    const userCount = new Float64Array(train.userCount);
    const movieCount = new Float64Array(train.movieCount);
    for (let i = 0; i < train.length; i++) {
      userCount[train.user[i]]++;
      movieCount[train.movie[i]]++;
    }
    const sums = new Float64Array(Math.max(train.userCount, train.movieCount));
    for (let round = 0; round < iterations; round++) {
      sums.fill(0);
      for (let i = 0; i < train.length; i++) sums[train.movie[i]] += train.rating[i] - this.mean - this.userBias[train.user[i]];
      for (let m = 0; m < train.movieCount; m++) this.movieBias[m] = sums[m] / (movieRegularization + movieCount[m]);
      sums.fill(0);
      for (let i = 0; i < train.length; i++) sums[train.user[i]] += train.rating[i] - this.mean - this.movieBias[train.movie[i]];
      for (let u = 0; u < train.userCount; u++) this.userBias[u] = sums[u] / (userRegularization + userCount[u]);
    }
  }

  /** @inheritdoc */
  predictRows(user: Int32Array, movie: Int32Array): Float32Array {
    const out = new Float32Array(user.length);
    for (let i = 0; i < user.length; i++) {
      out[i] = Math.min(5, Math.max(0.5, this.mean + this.userBias[user[i]] + this.movieBias[movie[i]]));
    }
    return out;
  }
}
