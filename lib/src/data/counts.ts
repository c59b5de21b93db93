/**
 * Counting over id columns (userId, movieId) without a Map entry per row: the grouping behind
 * watchlists, per-movie and per-user aggregates, at 25 million ratings. Ids below 4 million
 * (MovieLens') are counted by ids.wat, compiled before its first call, so a first notebook cell's
 * 100,000 ratings do not wait for V8's JIT.
 */

import { WASM_ID_LIMIT, idsKernel, inBlocks } from "./ids-kernel";

/** Ids larger than this are counted with a Map instead of a dense array indexed by id. */
const DENSE_ID_LIMIT = 1 << 26;
/** The smallest (at most 0) and largest (at least -1) id of a column, by ids.wat. */
function idRange(ids: Int32Array): { min: number; max: number } {
  const kernel = idsKernel(ids.length, 0);
  let min = 0;
  let max = -1;
  inBlocks(kernel, ids, (n) => {
    kernel.range(0, n);
    min = Math.min(min, kernel.min.value as number);
    max = Math.max(max, kernel.max.value as number);
  });
  return { min, max };
}

/** countIds' ids, counts and slot table for ids 0 … max, by ids.wat. */
function denseCounts(ids: Int32Array, max: number): { ids: Int32Array; counts: Int32Array; slot: Int32Array } {
  const table = (max + 1) * 4;
  const kernel = idsKernel(ids.length, 4 * table);
  const per = kernel.rest;
  inBlocks(kernel, ids, (n) => kernel.count(0, n, per));
  const distinct = kernel.compact(per, max, per + table, per + 2 * table, per + 3 * table);
  const buffer = kernel.memory.buffer;
  return {
    ids: new Int32Array(buffer, per + table, distinct).slice(),
    counts: new Int32Array(buffer, per + 2 * table, distinct).slice(),
    slot: new Int32Array(buffer, per + 3 * table, max + 1).slice(),
  };
}

/**
 * The distinct ids of a column in the order first met.
 *
 * @param ids an id column (ids ≥ 0)
 * @param maxId its largest id
 *
 * @example
 * firstMet(Int32Array.of(5, 1, 5, 3), 5); // Int32Array [5, 1, 3]
 */
export function firstMet(ids: Int32Array, maxId: number): Int32Array {
  if (maxId >= WASM_ID_LIMIT) return Int32Array.from(new Set(ids));
  const seenBytes = Math.ceil((maxId + 1) / 4) * 4;
  const kernel = idsKernel(ids.length, seenBytes + (maxId + 1) * 4);
  const seen = kernel.rest;
  const out = seen + seenBytes;
  let met = 0;
  inBlocks(kernel, ids, (n) => (met += kernel.firstMet(0, n, seen, out + met * 4)));
  return new Int32Array(kernel.memory.buffer, out, met).slice();
}

/** The distinct ids of a column, ascending, with how many rows hold each. */
export interface IdCounts {
  /** Distinct ids, ascending. */
  ids: Int32Array;
  /** Rows per id, aligned with `ids`. */
  counts: Int32Array;
  /** The position of an id in `ids`, or -1. */
  indexOf(id: number): number;
  /** The position in `ids` of every value of a column (-1 for ids not counted): one tight loop. */
  slotsOf(column: Int32Array): Int32Array;
}

/**
 * The runs of equal ids of a column sorted ascending (every MovieLens ratings file but 100K's u.data
 * is, by userId): `offsets[k]` … `offsets[k + 1] - 1` are the rows of `ids[k]`. Null when the
 * column is not sorted.
 *
 * @param column an id column
 *
 * @example
 * sortedRuns(Int32Array.of(1, 1, 4)); // { ids: [1, 4], offsets: [0, 2, 3] }
 */
export function sortedRuns(column: Int32Array): { ids: Int32Array; offsets: Int32Array } | null {
  const kernel = idsKernel(column.length, 0);
  let runs = 0;
  inBlocks(kernel, column, (n, from) => {
    const inBlock = runs < 0 ? 0 : kernel.runCount(0, n, from);
    runs = inBlock < 0 || runs < 0 ? -1 : runs + inBlock;
  });
  if (runs < 0) return null;
  const grow = kernel.rest + runs * 8 - kernel.memory.buffer.byteLength;
  if (grow > 0) kernel.memory.grow(Math.ceil(grow / 65536));
  const ids = kernel.rest;
  const offsets = ids + runs * 4;
  let k = 0;
  inBlocks(kernel, column, (n, from) => (k = kernel.runFill(0, n, from, ids, offsets, k)));
  const out = new Int32Array(runs + 1);
  out.set(new Int32Array(kernel.memory.buffer, offsets, runs));
  out[runs] = column.length;
  return { ids: new Int32Array(kernel.memory.buffer, ids, runs).slice(), offsets: out };
}

/**
 * Counts how many rows hold each id (ids must be integers ≥ 0, as MovieLens ids are).
 *
 * @param ids an id column
 * @returns the distinct ids ascending and their counts
 *
 * @example
 * countIds(Int32Array.of(5, 1, 5)); // { ids: [1, 5], counts: [1, 2], … }
 */
export function countIds(ids: Int32Array): IdCounts {
  const { min, max } = idRange(ids);
  if (min >= 0 && max < WASM_ID_LIMIT) {
    const { ids: out, counts, slot } = denseCounts(ids, max);
    return denseIdCounts(out, counts, slot, max);
  }
  if (min >= 0 && max < DENSE_ID_LIMIT) {
    const perId = new Int32Array(max + 1);
    for (let i = 0; i < ids.length; i++) perId[ids[i]]++;
    let distinct = 0;
    for (let id = 0; id <= max; id++) if (perId[id] > 0) distinct++;
    const out = new Int32Array(distinct);
    const counts = new Int32Array(distinct);
    const slot = new Int32Array(max + 1).fill(-1);
    for (let id = 0, k = 0; id <= max; id++) {
      if (perId[id] === 0) continue;
      out[k] = id;
      counts[k] = perId[id];
      slot[id] = k++;
    }
    return denseIdCounts(out, counts, slot, max);
  }
  const map = new Map<number, number>();
  for (let i = 0; i < ids.length; i++) map.set(ids[i], (map.get(ids[i]) ?? 0) + 1);
  const sorted = Int32Array.from(map.keys()).sort();
  const counts = Int32Array.from(sorted, (id) => map.get(id)!);
  const slot = new Map<number, number>();
  sorted.forEach((id, k) => slot.set(id, k));
  const indexOf = (id: number) => slot.get(id) ?? -1;
  return { ids: sorted, counts, indexOf, slotsOf: (column) => Int32Array.from(column, indexOf) };
}

/** The {@link IdCounts} of dense ids 0 … max, given the slot of every id (-1 for ids not counted). */
function denseIdCounts(ids: Int32Array, counts: Int32Array, slot: Int32Array, max: number): IdCounts {
  return {
    ids,
    counts,
    indexOf: (id) => (Number.isInteger(id) && id >= 0 && id <= max ? slot[id] : -1),
    slotsOf: (column) => {
      const slots = new Int32Array(column.length);
      for (let i = 0; i < column.length; i++) {
        const id = column[i];
        slots[i] = id >= 0 && id <= max ? slot[id] : -1;
      }
      return slots;
    },
  };
}

/**
 * Row numbers grouped by id: a stable counting sort, so within one id the rows keep file order.
 * `rows.subarray(offsets[k], offsets[k + 1])` are the rows of `counts.ids[k]`.
 *
 * @param ids an id column
 * @param counts its {@link countIds}
 */
export function groupRows(ids: Int32Array, counts: IdCounts): { rows: Int32Array; offsets: Int32Array } {
  const offsets = new Int32Array(counts.ids.length + 1);
  for (let k = 0; k < counts.ids.length; k++) offsets[k + 1] = offsets[k] + counts.counts[k];
  const next = offsets.slice(0, counts.ids.length);
  const rows = new Int32Array(ids.length);
  const slots = counts.slotsOf(ids);
  for (let i = 0; i < ids.length; i++) rows[next[slots[i]]++] = i;
  return { rows, offsets };
}
