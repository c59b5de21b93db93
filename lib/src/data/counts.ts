/**
 * Counting over id columns (userId, movieId) without a Map entry per row: the grouping behind
 * watchlists, per-movie and per-user aggregates, at 25 million ratings.
 */

/** Ids larger than this are counted with a Map instead of a dense array indexed by id. */
const DENSE_ID_LIMIT = 1 << 26;

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
 * Counts how many rows hold each id (ids must be integers ≥ 0, as MovieLens ids are).
 *
 * @param ids an id column
 * @returns the distinct ids ascending and their counts
 *
 * @example
 * countIds(Int32Array.of(5, 1, 5)); // { ids: [1, 5], counts: [1, 2], … }
 */
export function countIds(ids: Int32Array): IdCounts {
  let max = -1;
  let min = 0;
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    if (id > max) max = id;
    if (id < min) min = id;
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
    return {
      ids: out,
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
  const map = new Map<number, number>();
  for (let i = 0; i < ids.length; i++) map.set(ids[i], (map.get(ids[i]) ?? 0) + 1);
  const sorted = Int32Array.from(map.keys()).sort();
  const counts = Int32Array.from(sorted, (id) => map.get(id)!);
  const slot = new Map<number, number>();
  sorted.forEach((id, k) => slot.set(id, k));
  const indexOf = (id: number) => slot.get(id) ?? -1;
  return { ids: sorted, counts, indexOf, slotsOf: (column) => Int32Array.from(column, indexOf) };
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
