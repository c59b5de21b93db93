/**
 * The recipes of the comparison in notebook 05 (and of `scripts/choose-eval-settings.mjs`, which
 * chooses their settings): how each embedding method is trained on a split and turned into a
 * {@link Scorer}, each model trained once per (split, settings, seed) and shared by every scorer
 * that reads it; and the typed reader of the settings file the script writes.
 *
 * This is the one module of eval/ that imports the models (word2vec, cbow, ncf, text): the rest
 * of eval/ knows only vectors and scores.
 */
import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import type { MovieLens } from "../data/movielens";
import { DataFormatError } from "../errors";
import { checkOptions } from "../options";
import type { CbowModel } from "../cbow/model";
import { trainCbowOnWatchlists, type CbowWatchlistOptions } from "../cbow/watchlists";
import { RatingModel } from "../ncf/model";
import type { RatingModelOptions } from "../ncf/options";
import { ratingTriples, type RatingTriples } from "../ncf/ratings";
import { loadPlotEmbeddings, plotKeyedVectors } from "../text/plot-embeddings";
import type { KeyedVectors } from "../vectors/keyed-vectors";
import { Word2Vec } from "../word2vec/word2vec";
import type { Word2VecOptions } from "../word2vec/options";
import { TrainPool, type Item2vecModel } from "./train-jobs";
import { onlyTrainingMovies, type CooccurrenceOptions, type ItemKnnOptions } from "./baselines";
import { blendScorer, ratingScorer, vectorScorer, type Scorer, type ScorerFactory } from "./scorer";
import type { LeaveLastOutSplit } from "./leave-last-out";

/** How a vector model is asked: the protocol's cosine query, or its own output layer ("what comes next"). */
export type VectorScoring = "cosine" | "output";

/** An item2vec method: the Word2Vec options (without `seed`, which each run sets) and how it is scored. */
export interface Item2vecRecipe {
  /** Word2Vec's options; `seed` comes from the run, `workers` from {@link EvalRecipesOptions}. */
  readonly model: Word2VecOptions;
  /** "cosine" (default) or "output": the mean of the latest movies' input vectors dotted with every output vector (`syn1neg`). */
  readonly scoring?: VectorScoring;
  /** Weight of the query movies by recency (see `vectorScorer`; default 1, the plain mean). */
  readonly recency?: number;
}

/** A CBOW-softmax method: the model's options (without `seed`) and how it is scored. */
export interface CbowSoftmaxRecipe {
  /** {@link trainCbowOnWatchlists}'s options (vocabulary size, window, Adam, early stopping). */
  readonly model: CbowWatchlistOptions;
  /** "cosine" (default) or "output": its own softmax over the latest 5 movies (`model.outputLayer(5)`). */
  readonly scoring?: VectorScoring;
  /** Weight of the query movies by recency (default 1). */
  readonly recency?: number;
}

/** An NCF method: the rating model's options (without `seed`) and how it is scored. */
export interface NcfRecipe {
  /** {@link RatingModel.train}'s options. */
  readonly model: RatingModelOptions;
  /** "cosine" (default: its movie embeddings as vectors) or "rating" (the user's predicted rating). */
  readonly scoring?: "cosine" | "rating";
  /** Weight of the query movies by recency, for cosine (default 1; ignored for "rating"). */
  readonly recency?: number | null;
}

/** One part of {@link EvalRecipes.blend}: a method and its weight. */
export interface BlendRecipePart {
  /** Trains the part on a split for a seed. */
  readonly factory: ScorerFactory;
  /** Its weight among the z-scored parts. */
  readonly weight: number;
}

/** Options of {@link EvalRecipes}. */
export interface EvalRecipesOptions {
  /** Word2Vec threads for every item2vec model (default: the recipe's own `workers`, else 1, which is bit-for-bit repeatable). */
  readonly workers?: number;
  /**
   * How many models train side by side, each in a worker thread (default: one per core,
   * `os.availableParallelism()`); 1 trains them one after another in this thread. Each model is
   * bit for bit the same either way: a worker runs the same training on the same inputs.
   */
  readonly threads?: number;
  /** The plot vectors keyed by movieId (default: the shipped plot embeddings, loaded on first use). */
  readonly plots?: KeyedVectors;
  /** Called after each model is trained: what was trained, and its wall time in seconds (for a log). */
  readonly onTrained?: (description: string, seconds: number) => void;
}

/**
 * The comparison's methods as scorer factories. Every factory trains on the split it is given
 * (its training watchlists, or their ratings, and nothing else), so the same recipe runs on the
 * validation split to choose settings and on the test split to report. A model is trained once
 * per (split, model options, seed) and shared: "item2vec, best output layer", its blend with
 * co-occurrence and the hybrid with plots read the same three models.
 *
 * @example
 * const recipes = new EvalRecipes(data, { workers: 1 });
 * const methods: Method[] = [
 *   { name: "item2vec", kind: "embedding", factory: recipes.item2vec({ model: { vectorSize: 64, window: 10, minCount: 1 } }) },
 *   { name: "NCF rating", kind: "embedding", factory: recipes.ncf({ model: { vectorSize: 64, l2: 1e-2 }, scoring: "rating" }) },
 * ];
 * const results = await evaluateMethods(leaveLastOut(data), methods);
 */
export class EvalRecipes {
  private readonly options: EvalRecipesOptions;
  private readonly models = new WeakMap<LeaveLastOutSplit, Map<string, Promise<unknown>>>();
  private readonly ratings = new WeakMap<LeaveLastOutSplit, RatingTriples>();
  private allRatings: RatingTriples | null = null;
  private plotVectors: KeyedVectors | null;
  private readonly pool: TrainPool | null;

  /**
   * @param data the dataset the splits come from (NCF reads its ratings)
   * @param options `workers`, `plots`, `onTrained`
   */
  constructor(
    readonly data: MovieLens,
    options: EvalRecipesOptions = {},
  ) {
    this.options = checkOptions("EvalRecipes", options, { workers: "positiveInt", threads: "positiveInt", plots: "object", onTrained: "function" });
    this.plotVectors = options.plots ?? null;
    const threads = options.threads ?? availableParallelism();
    this.pool = threads > 1 ? new TrainPool(threads) : null;
  }

  /** One model per (split, kind, options, seed), trained on first request. */
  private model<T>(split: LeaveLastOutSplit, kind: string, options: object, seed: number, train: () => Promise<T>): Promise<T> {
    let cache = this.models.get(split);
    if (!cache) this.models.set(split, (cache = new Map()));
    const key = `${kind} ${JSON.stringify(options)} seed ${seed}`;
    let model = cache.get(key) as Promise<T> | undefined;
    if (!model) {
      const started = performance.now();
      model = train().then((trained) => {
        this.options.onTrained?.(key, (performance.now() - started) / 1000);
        return trained;
      });
      cache.set(key, model);
    }
    return model;
  }

  /**
   * The item2vec model of a split for a seed, trained on `split.sentences()` (shared by every recipe asking for it).
   *
   * @param split the split whose training watchlists it learns
   * @param model Word2Vec's options (`seed` and `workers` are set here)
   * @param seed the run's seed
   * @returns the trained model's input vectors (`wv`) and output vectors (`syn1neg`)
   */
  item2vecModel(split: LeaveLastOutSplit, model: Word2VecOptions, seed: number): Promise<Item2vecModel> {
    const options = { ...model, seed, workers: this.options.workers ?? model.workers ?? 1 };
    return this.model(split, "item2vec", options, seed, () => (this.pool ? this.pool.item2vec(split.sentences(), options) : Word2Vec.train(split.sentences(), options)));
  }

  /**
   * An item2vec method: Word2Vec on the training watchlists, scored by cosine or by its output layer.
   *
   * @param recipe the model's options, `scoring`, `recency`
   * @param name the name its scorer carries (default "item2vec")
   * @returns the factory
   */
  item2vec(recipe: Item2vecRecipe, name = "item2vec"): ScorerFactory {
    const { model, scoring = "cosine", recency = 1 } = checkOptions("EvalRecipes.item2vec", recipe, { model: "object", scoring: ["cosine", "output"], recency: "positive" });
    return async (split, seed) => {
      const trained = await this.item2vecModel(split, model, seed);
      return vectorScorer(trained.wv, split, { name, recency, output: scoring === "output" ? { vectors: trained.syn1neg } : undefined });
    };
  }

  /**
   * The CBOW-softmax model of a split for a seed ({@link trainCbowOnWatchlists} on `split.sentences()`).
   *
   * @param split the split whose training watchlists it learns
   * @param model the model's options (`seed` is set here)
   * @param seed the run's seed
   * @returns the trained model (its best epoch's weights)
   */
  cbowSoftmaxModel(split: LeaveLastOutSplit, model: CbowWatchlistOptions, seed: number): Promise<CbowModel> {
    const options = { ...model, seed };
    return this.model(split, "CBOW-softmax", model, seed, () =>
      this.pool ? this.pool.cbow(split.sentences(), options) : trainCbowOnWatchlists(split.sentences(), options).then((run) => run.model),
    );
  }

  /**
   * A CBOW-softmax method: the full-softmax model of notebook 02 on the training watchlists, scored
   * by the cosine of its input embeddings or by its own softmax over the latest 5 movies.
   *
   * @param recipe the model's options, `scoring`, `recency`
   * @param name the name its scorer carries (default "CBOW-softmax")
   * @returns the factory
   */
  cbowSoftmax(recipe: CbowSoftmaxRecipe, name = "CBOW-softmax"): ScorerFactory {
    const { model, scoring = "cosine", recency = 1 } = checkOptions("EvalRecipes.cbowSoftmax", recipe, { model: "object", scoring: ["cosine", "output"], recency: "positive" });
    return async (split, seed) => {
      const trained = await this.cbowSoftmaxModel(split, model, seed);
      return vectorScorer(trained.wv, split, { name, recency, output: scoring === "output" ? trained.outputLayer(5) : undefined });
    };
  }

  /** The ratings of a split's training watchlists (never a target's rating), computed once per split. */
  private trainingRatings(split: LeaveLastOutSplit): RatingTriples {
    let ratings = this.ratings.get(split);
    if (!ratings) {
      this.allRatings ??= ratingTriples(this.data);
      ratings = this.allRatings.filter((userId, movieId) => split.inTraining(userId, movieId));
      this.ratings.set(split, ratings);
    }
    return ratings;
  }

  /**
   * The NCF rating model of a split for a seed, trained on the ratings of its training watchlists.
   *
   * @param split the split whose training ratings it learns
   * @param model the model's options (`seed` is set here)
   * @param seed the run's seed
   * @returns the trained model (trained in a worker thread, its `log` stays empty)
   */
  ncfModel(split: LeaveLastOutSplit, model: RatingModelOptions, seed: number): Promise<RatingModel> {
    const options = { ...model, seed };
    return this.model(split, "NCF", model, seed, () => (this.pool ? this.pool.ncf(this.trainingRatings(split), options) : RatingModel.train(this.trainingRatings(split), options)));
  }

  /**
   * An NCF method: the rating model of notebook 03 on the training ratings, scored by the cosine of
   * its movie embeddings or by the user's predicted rating. Movies without a training rating keep
   * their random initial rows, so they are not candidates (`onlyTrainingMovies`).
   *
   * @param recipe the model's options, `scoring`, `recency`
   * @param name the name its scorer carries (default "NCF vectors", or "NCF rating")
   * @returns the factory
   */
  ncf(recipe: NcfRecipe, name?: string): ScorerFactory {
    const { model, scoring = "cosine", recency } = checkOptions("EvalRecipes.ncf", recipe, { model: "object", scoring: ["cosine", "rating"], recency: { min: 0, exclusiveMin: true, nullable: true } });
    return async (split, seed) => {
      const trained = await this.ncfModel(split, model, seed);
      const scorer: Scorer = scoring === "rating"
        ? ratingScorer(split, (userId, movieIds) => trained.predictForUser(userId, movieIds), name ?? "NCF rating")
        : vectorScorer(trained.movieVectors, split, { name: name ?? "NCF vectors", recency: recency ?? 1 });
      return onlyTrainingMovies(split, scorer);
    };
  }

  /**
   * Plot embeddings (notebook 04): content only, nothing trained; the query is the mean of the
   * latest five plots. One scorer per split, whatever the seed.
   *
   * @param name the name its scorer carries (default "plot embeddings")
   * @returns the factory
   */
  plots(name = "plot embeddings"): ScorerFactory {
    return (split) => {
      this.plotVectors ??= plotKeyedVectors(loadPlotEmbeddings());
      return vectorScorer(this.plotVectors, split, { name });
    };
  }

  /**
   * A blend of methods: each part trained for the same split and seed, z-scored per user and
   * weighted (see `blendScorer`).
   *
   * @param name the name of the blend
   * @param parts the methods and their weights
   * @returns the factory
   */
  blend(name: string, parts: readonly BlendRecipePart[]): ScorerFactory {
    return async (split, seed) => blendScorer(name, await Promise.all(parts.map(async ({ factory, weight }) => ({ scorer: await factory(split, seed), weight }))));
  }
}

/** One row of a settings table: the candidate's settings, then its validation metrics. */
export type SettingsRow = Readonly<Record<string, string | number | null>>;

/** A section of the settings file: the chosen setting and every candidate's validation row. */
export interface ChosenSetting<S> {
  readonly best: S;
  readonly table: readonly SettingsRow[];
}

/**
 * The settings file `scripts/choose-eval-settings.mjs` writes (notebooks/settings/05-validation.json),
 * as {@link readEvalSettings} returns it: every chosen recipe's `model` already holds its section's
 * `common` options, ready for {@link EvalRecipes}.
 */
export interface EvalSettings {
  /** The dataset the settings were chosen on. */
  readonly dataset: string;
  /** Users of its validation split. */
  readonly validationUsers: number;
  readonly cooccurrence: ChosenSetting<Required<CooccurrenceOptions>>;
  readonly itemKnn: ChosenSetting<Required<ItemKnnOptions>>;
  readonly item2vec: { readonly common: Word2VecOptions; readonly bestCosine: Item2vecRecipe; readonly bestOutput: Item2vecRecipe; readonly table: readonly SettingsRow[] };
  /** item2vec (its best `scoring`) blended with co-occurrence, the co-occurrence weight chosen. */
  readonly blend: ChosenSetting<{ readonly scoring: VectorScoring; readonly weight: number; readonly cooccurrence: Required<CooccurrenceOptions> }>;
  readonly cbow: { readonly common: CbowWatchlistOptions; readonly bestCosine: CbowSoftmaxRecipe; readonly bestOutput: CbowSoftmaxRecipe; readonly table: readonly SettingsRow[] };
  readonly ncf: { readonly common: RatingModelOptions; readonly bestCosine: NcfRecipe; readonly bestRating: NcfRecipe; readonly table: readonly SettingsRow[] };
  /** Plot embeddings alone on validation. */
  readonly plots: { readonly validation: Readonly<Record<string, number>> };
  /** The plot weight of the hybrid, per collaborative part ("item2vec", "item2vec + co-occurrence"). */
  readonly hybrid: {
    readonly best: Readonly<Record<"item2vec" | "item2vec + co-occurrence", number>>;
    readonly chosen: { readonly collaborative: string; readonly plotWeight: number };
    readonly table: readonly SettingsRow[];
  };
}

/**
 * Reads the settings chosen on validation by `scripts/choose-eval-settings.mjs`, checking that
 * every section the recipes need is there, and merges each model section's `common` options into
 * its chosen recipes.
 *
 * @param file the JSON file (default notebooks/settings/05-validation.json, relative to the working directory)
 * @returns the settings
 * @throws DataFormatError naming the file and the missing or malformed key
 * @example
 * const settings = readEvalSettings("settings/05-validation.json");
 * recipes.item2vec(settings.item2vec.bestOutput); // the chosen model, scored as chosen
 */
export function readEvalSettings(file: string): EvalSettings {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
  } catch (error) {
    throw new DataFormatError(file, null, `not readable as JSON (${(error as Error).message})`, "the settings file of scripts/choose-eval-settings.mjs");
  }
  const at = (path: string): unknown => path.split(".").reduce<unknown>((node, key) => (node !== null && typeof node === "object" ? (node as Record<string, unknown>)[key] : undefined), raw);
  const need = (path: string, kind: "object" | "string" | "number") => {
    const value = at(path);
    const fits = kind === "object" ? value !== null && typeof value === "object" : typeof value === kind;
    if (!fits) {
      const found = `"${path}" is ${value === undefined ? "missing" : JSON.stringify(value)}`;
      throw new DataFormatError(file, null, found, `${kind === "object" ? "an object" : `a ${kind}`} there (rerun scripts/choose-eval-settings.mjs)`);
    }
  };
  need("dataset", "string");
  need("validationUsers", "number");
  for (const section of ["cooccurrence", "itemKnn", "blend"]) need(`${section}.best`, "object");
  for (const [section, chosen] of [["item2vec", ["bestCosine", "bestOutput"]], ["cbow", ["bestCosine", "bestOutput"]], ["ncf", ["bestCosine", "bestRating"]]] as const) {
    need(`${section}.common`, "object");
    for (const which of chosen) need(`${section}.${which}.model`, "object");
  }
  need("plots.validation", "object");
  need("hybrid.best.item2vec", "number");
  const withCommon = <R extends { model: object }>(section: { common: object; [key: string]: unknown }, which: string): R => {
    const chosen = section[which] as R & { recency?: number | null };
    return { ...chosen, model: { ...section.common, ...chosen.model }, recency: chosen.recency ?? undefined };
  };
  const models = (name: string, chosen: readonly string[]) => {
    const section = raw[name] as { common: object; [key: string]: unknown };
    return { ...section, ...Object.fromEntries(chosen.map((which) => [which, withCommon(section, which)])) };
  };
  return {
    ...(raw as unknown as EvalSettings),
    item2vec: models("item2vec", ["bestCosine", "bestOutput"]) as unknown as EvalSettings["item2vec"],
    cbow: models("cbow", ["bestCosine", "bestOutput"]) as unknown as EvalSettings["cbow"],
    ncf: models("ncf", ["bestCosine", "bestRating"]) as unknown as EvalSettings["ncf"],
  };
}
