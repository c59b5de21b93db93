/**
 * Parallel training: worker threads sharing the weights through SharedArrayBuffers, taking work
 * chunks from a shared atomic counter, epoch after epoch.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import type { KernelBuffers, KernelParams } from "./kernel";
import type { EpochTotals, ProgressReporter } from "./progress";

/** What each worker is started with. */
export interface WorkerData {
  readonly buffers: KernelBuffers;
  readonly params: KernelParams;
  /** control[0]: the next chunk to take. */
  readonly control: Int32Array;
  /** Per-worker running totals (5 numbers a worker), read by the main thread for progress. */
  readonly stats: Float64Array;
  /** This worker's slot in `stats`. */
  readonly slot: number;
}

/** A worker's totals for an epoch. */
export type WorkerDone = EpochTotals;

/** The compiled worker script, beside this module. */
export function workerScriptPath(): string {
  return join(__dirname, "worker.js");
}

/**
 * Trains all epochs on `threads` worker threads.
 *
 * @param buffers shared arrays (syn0 and syn1neg must be SharedArrayBuffer-backed)
 * @param params kernel settings
 * @param threads number of worker threads
 * @param reporter progress bookkeeping
 * @param progressInterval milliseconds between progress polls
 */
export async function trainInThreads(
  buffers: KernelBuffers,
  params: KernelParams,
  threads: number,
  reporter: ProgressReporter,
  progressInterval: number,
): Promise<void> {
  const script = workerScriptPath();
  if (!existsSync(script)) {
    throw new Error(`Word2Vec: the worker script ${script} is missing; build the library (npm run build) or use workers: 1`);
  }
  const control = new Int32Array(new SharedArrayBuffer(4));
  const stats = new Float64Array(new SharedArrayBuffer(threads * 5 * 8));
  const workers: Worker[] = [];
  try {
    for (let slot = 0; slot < threads; slot++) {
      const data: WorkerData = { buffers, params, control, stats, slot };
      workers.push(new Worker(script, { workerData: data }));
    }
    for (let epoch = 0; epoch < params.epochs; epoch++) {
      Atomics.store(control, 0, 0);
      stats.fill(0);
      reporter.startEpoch();
      const running = () => {
        const totals: EpochTotals = { words: 0, effectiveWords: 0, loss: 0, examples: 0, alpha: 0 };
        for (let slot = 0; slot < threads; slot++) {
          totals.words += stats[slot * 5];
          totals.effectiveWords += stats[slot * 5 + 1];
          totals.loss += stats[slot * 5 + 2];
          totals.examples += stats[slot * 5 + 3];
          totals.alpha = Math.max(totals.alpha, stats[slot * 5 + 4]);
        }
        return totals;
      };
      const timer = setInterval(() => reporter.progress(epoch, running()), Math.max(10, progressInterval));
      try {
        const results = await Promise.all(workers.map((worker) => runEpoch(worker, epoch)));
        const totals: EpochTotals = { words: 0, effectiveWords: 0, loss: 0, examples: 0, alpha: Infinity };
        for (const result of results) {
          totals.words += result.words;
          totals.effectiveWords += result.effectiveWords;
          totals.loss += result.loss;
          totals.examples += result.examples;
          if (result.words > 0) totals.alpha = Math.min(totals.alpha, result.alpha);
        }
        reporter.progress(epoch, totals);
        reporter.endEpoch(epoch, totals);
      } finally {
        clearInterval(timer);
      }
    }
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}

function runEpoch(worker: Worker, epoch: number): Promise<WorkerDone> {
  return new Promise((resolve, reject) => {
    const onMessage = (done: WorkerDone) => {
      cleanup();
      resolve(done);
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const onExit = (code: number) => {
      cleanup();
      reject(new Error(`Word2Vec: a training thread exited with code ${code}`));
    };
    const cleanup = () => {
      worker.off("message", onMessage);
      worker.off("error", onError);
      worker.off("exit", onExit);
    };
    worker.on("message", onMessage);
    worker.on("error", onError);
    worker.on("exit", onExit);
    worker.postMessage(epoch);
  });
}
