/**
 * The second thread of {@link readCsv} on a big file of plain numbers (ratings.csv of MovieLens
 * 25M): while the calling thread reads the first half, a worker thread reads the rows of the second
 * half that the WebAssembly kernel takes, into columns of its own, and hands them over when the
 * calling thread reaches the split. A row the kernel does not take (a quote, a CR, an empty line, a
 * bad value) ends the worker's part there, and the calling thread reads on from that row as it
 * would have, so values, lines and errors are those of the one-thread read.
 */
import * as fs from "node:fs";
import { join } from "node:path";
import { MessageChannel, type MessagePort, Worker, receiveMessageOnPort } from "node:worker_threads";
import { type NumberFieldSpec, NumberRowReader, STAGE_ROWS, type StagedValues } from "../number-rows";

/** Files smaller than this are read on one thread (starting a worker costs about 30 ms). */
export const SPLIT_MIN_BYTES = 32 << 20;

/** How long the calling thread waits for the worker before reading the part itself. */
const JOIN_TIMEOUT_MS = 120_000;

/** What the worker reads: file[start, end), rows of `fields` plain numbers. */
export interface PartJob {
  file: string;
  start: number;
  end: number;
  fields: readonly NumberFieldSpec[];
  delimiter: number;
  chunkBytes: number;
  /** The rows expected, to size the columns (they grow when it is short). */
  expectedRows: number;
}

/** The worker's rows: `rows` values per field in its store type, and the file offset where they end. */
export interface PartResult {
  rows: number;
  stop: number;
  columns: StagedValues[];
}

function column(store: NumberFieldSpec["store"], n: number): StagedValues {
  return store === "int32" ? new Int32Array(n) : store === "float32" ? new Float32Array(n) : new Float64Array(n);
}

/**
 * Reads file[start, end) with the WebAssembly kernel up to the end or the first row it does not
 * take. Chunks end after their last line feed, so a row the kernel stops at is a row it refuses,
 * never one cut by the chunk.
 */
export function readPart(job: PartJob): PartResult {
  const fd = fs.openSync(job.file, "r");
  try {
    const buf = Buffer.allocUnsafe(job.chunkBytes);
    const reader = new NumberRowReader(job.fields, job.delimiter, job.chunkBytes);
    let columns = job.fields.map((field) => column(field.store, job.expectedRows));
    let rows = 0;
    let offset = job.start; // file offset of buf[0]
    for (;;) {
      const read = fs.readSync(fd, buf, 0, Math.min(buf.length, job.end - offset), offset);
      const lastLineFeed = buf.lastIndexOf(10, read - 1);
      if (read === 0 || lastLineFeed < 0) return { rows, stop: offset, columns };
      const len = lastLineFeed + 1;
      let p = 0;
      while (p < len) {
        if (rows + STAGE_ROWS > columns[0].length) {
          const grown = Math.ceil(Math.max(columns[0].length * 1.25, rows + STAGE_ROWS));
          columns = columns.map((old, f) => {
            const bigger = column(job.fields[f].store, grown);
            bigger.set(old.subarray(0, rows) as never);
            return bigger;
          });
        }
        const n = reader.read(buf, p, len, offset, STAGE_ROWS);
        for (let f = 0; f < columns.length; f++) columns[f].set(reader.values(f, n) as never, rows);
        rows += n;
        p = reader.end;
        if (n < STAGE_ROWS && p < len) return { rows, stop: offset + p, columns };
      }
      offset += len;
    }
  } finally {
    fs.closeSync(fd);
  }
}

/** A worker reading the second part of a file. */
export class SplitRead {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly done = new Int32Array(new SharedArrayBuffer(4));

  /**
   * Starts the worker, or returns null (read on one thread) when the compiled worker script is
   * missing (running from the TypeScript sources), in Deno (measured: its worker made a 1.5 s read
   * of 25M ratings take 11 s while the calling thread waited) or when the runtime cannot start it.
   */
  static start(job: PartJob): SplitRead | null {
    const script = join(__dirname, "worker.js");
    const inDeno = (globalThis as { Deno?: unknown }).Deno !== undefined;
    if (inDeno || !fs.existsSync(script) || typeof receiveMessageOnPort !== "function") return null;
    try {
      return new SplitRead(script, job);
    } catch {
      return null;
    }
  }

  private constructor(
    script: string,
    /** The job, its `start` the file offset where the calling thread must stop. */
    readonly job: PartJob,
  ) {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.worker = new Worker(script, { workerData: { job, port: port2, done: this.done }, transferList: [port2] });
    this.worker.unref();
  }

  /** Waits for the worker's rows; null when it failed or took minutes (the calling thread then reads the part itself). */
  join(): PartResult | null {
    if (Atomics.wait(this.done, 0, 0, JOIN_TIMEOUT_MS) === "timed-out") return null;
    const message = receiveMessageOnPort(this.port)?.message as { result?: PartResult } | undefined;
    return message?.result ?? null;
  }

  /** Stops the worker (its rows are not wanted). */
  stop(): void {
    this.port.close();
    void this.worker.terminate();
  }
}
