/**
 * Worker-thread entry of parallel training (compiled to worker.js beside pool.js). Each worker
 * takes chunks from a shared counter until the epoch is done, updating the shared weights
 * without locks (Hogwild, as word2vec.c and gensim do).
 */
import { parentPort, workerData } from "node:worker_threads";
import { ChunkTrainer } from "./kernel";
import type { WorkerData, WorkerDone } from "./pool";

const data = workerData as WorkerData;
const trainer = new ChunkTrainer(data.buffers, data.params, data.slot);
const base = data.slot * 5;

parentPort?.on("message", (epoch: number) => {
  const { control, stats } = data;
  const totals = { words: 0, effectiveWords: 0, loss: 0, examples: 0 };
  for (;;) {
    const chunk = Atomics.add(control, 0, 1);
    if (chunk >= trainer.chunkCount) break;
    trainer.train(epoch, chunk);
    totals.words += trainer.chunkRawWords(chunk);
    totals.effectiveWords += trainer.effectiveWords;
    totals.loss += trainer.loss;
    totals.examples += trainer.examples;
    stats[base] = totals.words;
    stats[base + 1] = totals.effectiveWords;
    stats[base + 2] = totals.loss;
    stats[base + 3] = totals.examples;
    stats[base + 4] = trainer.alpha;
  }
  const done: WorkerDone = { ...totals, alpha: trainer.alpha };
  parentPort?.postMessage(done);
});
