/**
 * Worker-thread entry of readCsv's split read (compiled to worker.js beside split.js): reads its
 * part of the file, posts the columns (transferred, not copied) and wakes the waiting thread.
 */
import { type MessagePort, workerData } from "node:worker_threads";
import { type PartJob, type PartResult, readPart } from "./split";

const { job, port, done } = workerData as { job: PartJob; port: MessagePort; done: Int32Array };
let result: PartResult | undefined;
try {
  result = readPart(job);
  port.postMessage({ result }, result.columns.map((c) => c.buffer as ArrayBuffer));
} catch {
  port.postMessage({});
} finally {
  Atomics.store(done, 0, 1);
  Atomics.notify(done, 0);
}
