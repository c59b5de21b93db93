/**
 * Training the comparison's models side by side: each model (item2vec, CBOW-softmax, NCF) is a
 * job for a small pool of worker threads, so the seeds and settings of notebook 05 train at
 * once on a machine with several cores. A job runs exactly the code the main thread would run,
 * on the same inputs, so the model is bit for bit the same wherever it trained.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { CbowModel } from "../cbow/model";
import { TokenIndex } from "../cbow/examples";
import { trainCbowOnWatchlists, type CbowWatchlistOptions } from "../cbow/watchlists";
import { RatingModel } from "../ncf/model";
import type { RatingModelOptions } from "../ncf/options";
import { RatingTriples } from "../ncf/ratings";
import { KeyedVectors } from "../vectors/keyed-vectors";
import type { Word2VecOptions } from "../word2vec/options";
import { Word2Vec } from "../word2vec/word2vec";

/** What item2vec's scorers read of a trained Word2Vec: its input vectors and its output vectors. */
export interface Item2vecModel {
  readonly wv: KeyedVectors;
  /** The output (negative-sampling) vectors, one row per key of `wv`. */
  readonly syn1neg: Float32Array;
}

/** A model to train: which one, on what, with which options (the seed included). */
export type TrainJob =
  | { readonly kind: "item2vec"; readonly sentences: string[][]; readonly options: Word2VecOptions }
  | { readonly kind: "cbow"; readonly sentences: string[][]; readonly options: CbowWatchlistOptions }
  | { readonly kind: "ncf"; readonly ratings: RatingArrays; readonly options: RatingModelOptions };

/** The arrays of a {@link RatingTriples}, as they cross to a worker. */
interface RatingArrays {
  readonly userIds: Int32Array;
  readonly movieIds: Int32Array;
  readonly user: Int32Array;
  readonly movie: Int32Array;
  readonly rating: Float32Array;
}

/** A trained model's weights (or the training's error), as they cross back from a worker. */
type TrainedWeights =
  | { readonly kind: "item2vec"; readonly keys: string[]; readonly vectors: Float32Array; readonly vectorSize: number; readonly syn1neg: Float32Array }
  | { readonly kind: "cbow"; readonly keys: string[]; readonly vectorSize: number; readonly window: number; readonly embedding: Float32Array; readonly outWeight: Float32Array; readonly outBias: Float32Array }
  | { readonly kind: "ncf"; readonly userEmbedding: Float32Array; readonly movieEmbedding: Float32Array; readonly userBias: Float32Array; readonly movieBias: Float32Array; readonly epochsTrained: number }
  | { readonly kind: "error"; readonly name: string; readonly message: string };

/**
 * Trains a job's model in this thread and returns its weights (what a worker does).
 *
 * @param job the model to train
 * @returns its weights
 */
export async function trainJob(job: TrainJob): Promise<Exclude<TrainedWeights, { kind: "error" }>> {
  if (job.kind === "item2vec") {
    const model = await Word2Vec.train(job.sentences, job.options);
    return { kind: "item2vec", keys: [...model.wv.keys], vectors: model.wv.vectors, vectorSize: model.wv.vectorSize, syn1neg: model.syn1neg };
  }
  if (job.kind === "cbow") {
    const { model } = await trainCbowOnWatchlists(job.sentences, job.options);
    return { kind: "cbow", keys: [...model.index.keys], vectorSize: model.vectorSize, window: model.window, embedding: model.embedding, outWeight: model.outWeight, outBias: model.outBias };
  }
  const { userIds, movieIds, user, movie, rating } = job.ratings;
  const model = await RatingModel.train(new RatingTriples(userIds, movieIds, user, movie, rating), job.options);
  return { kind: "ncf", userEmbedding: model.userEmbedding, movieEmbedding: model.movieEmbedding, userBias: model.userBias, movieBias: model.movieBias, epochsTrained: model.epochsTrained };
}

/** A pool of worker threads that train {@link TrainJob}s, at most `threads` at a time, in the order asked. */
export class TrainPool {
  private readonly idle: Worker[] = [];
  private readonly queue: { job: TrainJob; resolve: (weights: TrainedWeights) => void; reject: (error: Error) => void }[] = [];
  private started = 0;

  /** @param threads how many jobs run at once (≥ 1) */
  constructor(readonly threads: number) {}

  /** The compiled worker script, beside this module. */
  static scriptPath(): string {
    return join(__dirname, "train-worker.js");
  }

  /**
   * Trains an item2vec model (Word2Vec on `sentences`) in a worker.
   *
   * @returns what the scorers read: `wv` and `syn1neg`
   */
  async item2vec(sentences: string[][], options: Word2VecOptions): Promise<Item2vecModel> {
    const w = await this.run({ kind: "item2vec", sentences, options });
    if (w.kind !== "item2vec") throw new Error("TrainPool: a worker answered an item2vec job with another model");
    return { wv: new KeyedVectors(w.keys, w.vectors, w.vectorSize), syn1neg: w.syn1neg };
  }

  /** Trains the CBOW-softmax model ({@link trainCbowOnWatchlists}) in a worker; returns the best epoch's model. */
  async cbow(sentences: string[][], options: CbowWatchlistOptions): Promise<CbowModel> {
    const w = await this.run({ kind: "cbow", sentences, options });
    if (w.kind !== "cbow") throw new Error("TrainPool: a worker answered a CBOW job with another model");
    return new CbowModel(new TokenIndex(w.keys), w.vectorSize, w.window, { embedding: w.embedding, outWeight: w.outWeight, outBias: w.outBias });
  }

  /** Trains the NCF rating model on `ratings` in a worker; returns it with the trained weights. */
  async ncf(ratings: RatingTriples, options: RatingModelOptions): Promise<RatingModel> {
    const { userIds, movieIds, user, movie, rating } = ratings;
    const w = await this.run({ kind: "ncf", ratings: { userIds, movieIds, user, movie, rating }, options });
    if (w.kind !== "ncf") throw new Error("TrainPool: a worker answered an NCF job with another model");
    const model = new RatingModel(ratings, options);
    model.userEmbedding.set(w.userEmbedding);
    model.movieEmbedding.set(w.movieEmbedding);
    model.userBias.set(w.userBias);
    model.movieBias.set(w.movieBias);
    model.epochsTrained = w.epochsTrained;
    return model;
  }

  private run(job: TrainJob): Promise<TrainedWeights> {
    return new Promise((resolve, reject) => {
      this.queue.push({ job, resolve, reject });
      this.next();
    });
  }

  /** Starts queued jobs on idle (or new) workers. */
  private next(): void {
    while (this.queue.length > 0) {
      let worker = this.idle.pop();
      if (!worker) {
        if (this.started >= this.threads) return;
        const script = TrainPool.scriptPath();
        if (!existsSync(script)) throw new Error(`TrainPool: the worker script ${script} is missing; build the library (npm run build) or use threads: 1`);
        worker = new Worker(script);
        this.started++;
      }
      const { job, resolve, reject } = this.queue.shift()!;
      const busy = worker;
      const done = (settle: () => void) => {
        busy.off("message", onMessage);
        busy.off("error", onError);
        settle();
      };
      const onMessage = (weights: TrainedWeights) => done(() => {
        busy.unref(); // an idle worker does not keep the process alive
        this.idle.push(busy);
        if (weights.kind === "error") {
          // the same error the main thread would have thrown (bad options, an empty corpus …)
          const error = new Error(weights.message);
          error.name = weights.name;
          reject(error);
        } else resolve(weights);
        this.next();
      });
      const onError = (error: Error) => done(() => {
        this.started--; // the worker is gone; a new one takes the next job
        reject(error);
        this.next();
      });
      busy.on("message", onMessage);
      busy.on("error", onError);
      busy.ref();
      busy.postMessage(job);
    }
  }
}
