/**
 * The one interface every evaluated method plugs into: given a user's training watchlist, a
 * score for every movie of the catalogue. Vector methods (item2vec, CBOW-softmax, NCF, plots)
 * become scorers through {@link vectorScorer}; rating models through {@link ratingScorer}.
 */
import { OptionsError, UnknownKeyError } from "../errors";
import { checkOptions, type OptionChecks } from "../options";
import type { KeyedVectors } from "../vectors/keyed-vectors";
import { scoreRows, searchableMatrix } from "../vectors/topk";
import type { LeaveLastOutSplit } from "./leave-last-out";

/** What a scorer is told about the user it scores for. */
export interface UserHistory {
  /** The user's id (rating models with user embeddings need it). */
  readonly userId: number;
  /** The training watchlist: movieIds in viewing order, oldest first. */
  readonly movieIds: Int32Array;
}

/** A recommendation method, trained, ready to be evaluated. */
export interface Scorer {
  /** The name shown in result tables. */
  readonly name: string;
  /**
   * One score per catalogue row (`split.catalogue[row]`), higher is better; NaN marks a movie the
   * method cannot score (never recommended; a miss when it is the target). The evaluation removes
   * the watchlist's own movies itself.
   */
  scoreUser(history: UserHistory): Float64Array;
}

/**
 * Trains a method on a split's training watchlists (and nothing else) and returns its scorer.
 * The same factory runs on the validation split to choose settings and on the test split to
 * report; `seed` is 0, 1, 2… for methods with random training.
 */
export type ScorerFactory = (split: LeaveLastOutSplit, seed: number) => Scorer | Promise<Scorer>;

/** Options of {@link vectorScorer}. */
export interface VectorScorerOptions {
  /** The name shown in tables. Default "vectors". */
  readonly name?: string;
  /** How many of the latest watchlist movies that have vectors make the query. Default 5. */
  readonly queryLength?: number;
  /**
   * Weight of the query movies by recency: the latest gets 1, the one before `recency`, then
   * `recency²`… Default 1, the protocol's plain mean; below 1 favours what was watched last.
   */
  readonly recency?: number;
  /**
   * Score with the model's output layer instead of cosine: a movie's score is
   * `query · output[movie] (+ bias[movie])`, where the query is the (recency-weighted) mean of the
   * query movies' raw input vectors — the forward pass of a CBOW model whose context is the
   * user's latest movies, that is the model's own guess of what comes next. For word2vec pass
   * `{ vectors: model.syn1neg }`; for a softmax model its output weights and biases. Rows follow
   * `wv.keys`. Default: none (cosine between unit vectors, the protocol's query).
   */
  readonly output?: OutputLayer;
}

const VECTOR_SCORER_CHECKS: OptionChecks<VectorScorerOptions> = {
  name: "string",
  queryLength: "positiveInt",
  recency: { min: 0, max: 1, exclusiveMin: true },
  output: "object",
};

/** A model's output weights, one row per key of its input vectors (same order), and optional biases. */
export interface OutputLayer {
  /** Row-major, `wv.size × wv.vectorSize`. */
  readonly vectors: Float32Array;
  /** One bias per row (a softmax layer's), added to the score. */
  readonly bias?: ArrayLike<number>;
}

/**
 * Maps each catalogue row to a row of `wv` (−1 when the movie has no vector).
 *
 * @throws UnknownKeyError when a key of `wv` is not a movieId of the catalogue
 */
function catalogueRows(wv: KeyedVectors, split: LeaveLastOutSplit): Int32Array {
  const rows = new Int32Array(split.catalogue.length).fill(-1);
  wv.keys.forEach((key, row) => {
    const movieId = Number(key);
    if (!Number.isInteger(movieId) || String(movieId) !== key || !split.hasMovie(movieId)) {
      throw new UnknownKeyError(key, "a movieId of the evaluation catalogue: vector scorers need vectors keyed by movieId strings", []);
    }
    rows[split.rowOf(movieId)] = row;
  });
  return rows;
}

/**
 * A scorer from any movie vectors keyed by movieId strings (item2vec's `model.wv`, the
 * CBOW-softmax's or NCF's movie embeddings, plot embeddings). The query walks the training
 * watchlist backwards and takes the first `queryLength` movies that have vectors; it is the
 * (recency-weighted) mean of their unit vectors; a movie's score is its cosine with the query,
 * computed by the library's one scoring routine (`scoreRows`). Movies without a vector score
 * NaN; a user with no query movie gets no scores at all (every target a miss).
 *
 * @param wv vectors keyed by movieId strings ("1", "318")
 * @param split the split whose catalogue the scores cover
 * @param options name, `queryLength` (default 5), `recency` (default 1: the plain mean)
 * @returns the scorer
 * @example
 * const model = await Word2Vec.train(split.sentences(), { sg: 1, minCount: 1, seed: 0 });
 * evaluate(split, vectorScorer(model.wv, split, { name: "item2vec" })).hitRate(10);
 */
export function vectorScorer(wv: KeyedVectors, split: LeaveLastOutSplit, options: VectorScorerOptions = {}): Scorer {
  const { queryLength = 5, recency = 1 } = checkOptions("vectorScorer", options, VECTOR_SCORER_CHECKS);
  const rowOfMovie = catalogueRows(wv, split);
  const dim = wv.vectorSize;
  const output = options.output;
  if (output && (output.vectors.length !== wv.vectors.length || (output.bias && output.bias.length !== wv.size))) {
    throw new OptionsError(
      `vectorScorer: the output layer must have ${wv.size} rows of ${dim} (and ${wv.size} biases), got ${output.vectors.length / dim} rows${output.bias ? ` and ${output.bias.length} biases` : ""}`,
    );
  }
  // The query averages unit vectors for cosine, raw input vectors for the output layer.
  const queryRows = output ? wv.vectors : wv.normedVectors();
  // The output layer goes into a searchable matrix once, so every user's scores come from the
  // SIMD kernel of topk.ts, as cosine scores do.
  const outputRows = output ? searchableMatrix(wv.size, dim) : null;
  outputRows?.set(output!.vectors);
  return {
    name: options.name ?? "vectors",
    scoreUser(history: UserHistory): Float64Array {
      const scores = new Float64Array(split.catalogue.length).fill(NaN);
      const query = new Float64Array(dim);
      let taken = 0;
      let weight = 1;
      let totalWeight = 0;
      for (let i = history.movieIds.length - 1; i >= 0 && taken < queryLength; i--) {
        const row = rowOfMovie[split.rowOf(history.movieIds[i])];
        if (row < 0) continue;
        for (let d = 0; d < dim; d++) query[d] += weight * queryRows[row * dim + d];
        taken++;
        totalWeight += weight;
        weight *= recency;
      }
      if (taken === 0) return scores;
      let modelScores: Float64Array;
      if (output) {
        for (let d = 0; d < dim; d++) query[d] /= totalWeight;
        modelScores = scoreRows(outputRows!, wv.size, dim, query, { metric: "dot" });
        if (output.bias) for (let r = 0; r < wv.size; r++) modelScores[r] += output.bias[r];
      } else {
        // Rows are unit vectors, so the cosine with the weighted sum is the cosine with the mean.
        modelScores = scoreRows(wv.normedVectors(), wv.size, dim, query, { metric: "cosine", norms: unitNorms(wv) });
      }
      for (let row = 0; row < rowOfMovie.length; row++) {
        if (rowOfMovie[row] >= 0) scores[row] = modelScores[rowOfMovie[row]];
      }
      return scores;
    },
  };
}

const normsCache = new WeakMap<KeyedVectors, Float64Array>();

/** The norms of `wv.normedVectors()`: 1, or 0 for a zero vector. */
function unitNorms(wv: KeyedVectors): Float64Array {
  let norms = normsCache.get(wv);
  if (!norms) {
    const unit = wv.normedVectors();
    const dim = wv.vectorSize;
    norms = new Float64Array(wv.size);
    for (let r = 0; r < wv.size; r++) {
      let sum = 0;
      for (let d = 0; d < dim; d++) sum += unit[r * dim + d] ** 2;
      norms[r] = Math.sqrt(sum);
    }
    normsCache.set(wv, norms);
  }
  return norms;
}

/**
 * A scorer from a rating model: the score of a movie is the rating the model predicts for this
 * user (for NCF: `ratingScorer(split, (userId, movieIds) => model.predict(userId, movieIds))`).
 *
 * @param split the split whose catalogue the scores cover
 * @param predict predicted ratings of `userId` for each of `movieIds` (the whole catalogue, in
 *   order); NaN for a movie the model cannot rate
 * @param name the name shown in tables (default "predicted rating")
 * @returns the scorer
 * @throws OptionsError when `predict` returns the wrong number of scores
 */
export function ratingScorer(
  split: LeaveLastOutSplit,
  predict: (userId: number, movieIds: Int32Array) => ArrayLike<number>,
  name = "predicted rating",
): Scorer {
  return {
    name,
    scoreUser(history: UserHistory): Float64Array {
      const predicted = predict(history.userId, split.catalogue);
      if (predicted.length !== split.catalogue.length) {
        throw new OptionsError(`ratingScorer(${name}): predict returned ${predicted.length} ratings for ${split.catalogue.length} movies`);
      }
      return Float64Array.from(predicted);
    },
  };
}

/** One part of a {@link blendScorer}. */
export interface BlendPart {
  /** The scorer. */
  readonly scorer: Scorer;
  /** Its weight in the blend. */
  readonly weight: number;
}

/**
 * A weighted sum of scorers, for hybrids (collaborative + plot similarity) and for embedding +
 * popularity blends. Each part's scores are standardised per user (z-scores over the movies it
 * can score) so that weights compare across scales; a movie a part cannot score gets that part's
 * mean (0), and only a movie no part can score stays NaN.
 *
 * @param name the name shown in tables
 * @param parts scorers and weights
 * @returns the blended scorer
 * @example
 * blendScorer("item2vec + popularity", [
 *   { scorer: vectorScorer(wv, split), weight: 1 },
 *   { scorer: popularityScorer(split), weight: 0.3 },
 * ]);
 */
export function blendScorer(name: string, parts: readonly BlendPart[]): Scorer {
  if (parts.length === 0) throw new OptionsError("blendScorer: give at least one part");
  for (const part of parts) {
    if (!Number.isFinite(part.weight)) throw new OptionsError(`blendScorer: the weight of ${part.scorer.name} must be a finite number, got ${part.weight}`);
  }
  return {
    name,
    scoreUser(history: UserHistory): Float64Array {
      let blended: Float64Array | null = null;
      for (const { scorer, weight } of parts) {
        const scores = scorer.scoreUser(history);
        blended ??= new Float64Array(scores.length).fill(NaN);
        let sum = 0;
        let sumSquares = 0;
        let n = 0;
        for (const s of scores) {
          if (Number.isNaN(s)) continue;
          sum += s;
          sumSquares += s * s;
          n++;
        }
        if (n === 0) continue;
        const mean = sum / n;
        const std = Math.sqrt(Math.max(sumSquares / n - mean * mean, 0)) || 1;
        for (let row = 0; row < scores.length; row++) {
          if (Number.isNaN(scores[row])) continue;
          const z = (weight * (scores[row] - mean)) / std;
          blended[row] = Number.isNaN(blended[row]) ? z : blended[row] + z;
        }
      }
      return blended!;
    },
  };
}
