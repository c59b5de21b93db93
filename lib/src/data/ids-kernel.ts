/**
 * The plumbing of ids.wat, the WebAssembly passes over id columns (counts.ts, movielens/checks.ts):
 * an instance per pass (the last one's again when small), ids copied into its memory a block at a time.
 */
import { IDS_WASM_BASE64 } from "./ids-wasm";

/** Ids up to this go through ids.wat (tables of up to 16 bytes an id in its memory). */
export const WASM_ID_LIMIT = 1 << 22;
/** The most ids copied into the kernel's memory at a time. */
const BLOCK = 1 << 20;

/** An instance of ids.wat: its memory and its exports (see ids.wat for each). */
export interface IdsKernel {
  memory: WebAssembly.Memory;
  /** Ids per block (the first 4 · block bytes of the memory). */
  block: number;
  /** Where the memory after the block starts (a multiple of 8). */
  rest: number;
  range(p: number, n: number): void;
  count(p: number, n: number, per: number): void;
  compact(per: number, max: number, ids: number, counts: number, slot: number): number;
  firstMet(p: number, n: number, seen: number, out: number): number;
  runCount(p: number, n: number, base: number): number;
  runFill(p: number, n: number, base: number, ids: number, offsets: number, k: number): number;
  unlisted(p: number, n: number, listed: number, maxId: number): number;
  repeated(users: number, movies: number, n: number, base: number, stamp: number, firstRow: number): number;
  min: WebAssembly.Global;
  max: WebAssembly.Global;
  again: WebAssembly.Global;
  run: WebAssembly.Global;
  user: WebAssembly.Global;
  first: WebAssembly.Global;
  prev: WebAssembly.Global;
}

let compiled: WebAssembly.Module | null = null;

/** A memory up to this size is kept for the next pass (passes over 100,000 ratings need about 2 MB). */
const KEPT_BYTES = 1 << 24;

/** The instance kept from the last pass, when its memory was small enough. */
let kept: { memory: WebAssembly.Memory; exports: Omit<IdsKernel, "memory" | "block" | "rest"> } | null = null;

/**
 * An instance of ids.wat with room for a block of ids at 0 (blocks of 2^20 ids, or the column's
 * length when shorter), then `bytes` more from `rest`, zeroed, and its globals as at the start.
 * The instance of the last pass is used again when its memory is small (a new memory costs more
 * than the pass over 100,000 ids).
 *
 * @param rows the length of the column(s) it will pass over
 * @param bytes the room wanted after the block
 * @param columns how many blocks of ids it holds at a time (at 0, `4 · block`, …)
 */
export function idsKernel(rows: number, bytes: number, columns = 1): IdsKernel {
  compiled ??= new WebAssembly.Module(Buffer.from(IDS_WASM_BASE64, "base64"));
  const block = Math.max(1, Math.min(BLOCK, rows));
  const rest = Math.ceil((columns * block * 4) / 8) * 8;
  const needed = rest + bytes;
  if (kept !== null && needed <= KEPT_BYTES && kept.memory.buffer.byteLength <= KEPT_BYTES) {
    const { memory, exports } = kept;
    const grow = needed - memory.buffer.byteLength;
    if (grow > 0) memory.grow(Math.ceil(grow / 65536));
    new Uint8Array(memory.buffer, rest, bytes).fill(0);
    exports.run.value = 0;
    exports.user.value = -1;
    exports.again.value = -1;
    exports.first.value = -1;
    exports.prev.value = 0;
    return { memory, block, rest, ...exports };
  }
  const memory = new WebAssembly.Memory({ initial: Math.max(1, Math.ceil(needed / 65536)) });
  const exports = new WebAssembly.Instance(compiled, { env: { memory } }).exports as unknown as Omit<IdsKernel, "memory" | "block" | "rest">;
  kept = needed <= KEPT_BYTES ? { memory, exports } : null;
  return { memory, block, rest, ...exports };
}

/**
 * Runs `pass(n, from)` over a column in blocks copied to the kernel's memory at 0.
 *
 * @param kernel from {@link idsKernel}
 * @param ids the column
 * @param pass called per block with its length and its first row
 */
export function inBlocks(kernel: IdsKernel, ids: Int32Array, pass: (n: number, from: number) => void): void {
  const block = new Int32Array(kernel.memory.buffer, 0, kernel.block);
  for (let from = 0; from < ids.length; from += kernel.block) {
    const part = ids.subarray(from, Math.min(from + kernel.block, ids.length));
    block.set(part);
    pass(part.length, from);
  }
}
