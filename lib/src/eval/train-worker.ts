/**
 * Worker-thread entry of {@link TrainPool} (compiled to train-worker.js beside train-jobs.js):
 * trains each job it is sent and posts the weights back.
 */
import { parentPort } from "node:worker_threads";
import { trainJob, type TrainJob } from "./train-jobs";

parentPort?.on("message", (job: TrainJob) => {
  trainJob(job).then(
    (weights) => parentPort!.postMessage(weights),
    (error: unknown) => parentPort!.postMessage({ kind: "error", message: error instanceof Error ? error.message : String(error), name: error instanceof Error ? error.name : "Error" }),
  );
});
