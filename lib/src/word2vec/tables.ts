/**
 * Lookup tables of the training kernel: gensim's cumulative unigram table for negative sampling
 * (with a guide table that narrows its bisection) and word2vec.c's sigmoid table.
 */

/** gensim's cum_table domain: draws are uniform integers below cum_table[last] ≈ 2^31 − 1. */
export const CUM_TABLE_DOMAIN = 2 ** 31 - 1;
/** Draws are split into 2^16 buckets of 2^15 for the guide table. */
export const GUIDE_SHIFT = 15;
/** word2vec.c's sigmoid table: 1000 entries over [−6, 6]. */
export const EXP_TABLE_SIZE = 1000;
/** Dot products at or beyond ±MAX_EXP are skipped, as gensim does. */
export const MAX_EXP = 6;

/**
 * gensim's `make_cum_table`: entry i is round(Σ_{j≤i} count_j^exponent / Σ count^exponent · domain).
 * A negative is `bisect_left(cumTable, draw)` for a uniform draw in [0, cumTable[last]).
 *
 * @param counts key counts, most frequent first
 * @param exponent gensim's ns_exponent
 * @returns the cumulative table
 */
export function makeCumTable(counts: Float64Array, exponent: number): Uint32Array {
  const table = new Uint32Array(counts.length);
  let total = 0;
  for (let i = 0; i < counts.length; i++) total += counts[i] ** exponent;
  let cumulative = 0;
  for (let i = 0; i < counts.length; i++) {
    cumulative += counts[i] ** exponent;
    // Python's round() rounds half to even; Math.round rounds half up. Halves need integer cumulative ratios, so
    // the difference is confined to exact .5 products, which a float product almost never is.
    table[i] = Math.round((cumulative / total) * CUM_TABLE_DOMAIN);
  }
  return table;
}

/**
 * For each bucket b of draws [b·2^15, (b+1)·2^15), the bisect_left of its lower edge: the answer
 * for any draw in the bucket lies between guide[b] and guide[b + 1], so the kernel bisects a
 * few entries instead of the whole table and finds exactly what a full bisection finds.
 *
 * @param cumTable the cumulative table
 * @returns 2^16 + 1 entries, each clamped to the last index
 */
export function makeGuideTable(cumTable: Uint32Array): Int32Array {
  const buckets = Math.ceil((CUM_TABLE_DOMAIN + 1) / 2 ** GUIDE_SHIFT);
  const guide = new Int32Array(buckets + 1);
  const last = cumTable.length - 1;
  let index = 0;
  for (let b = 0; b <= buckets; b++) {
    const edge = b * 2 ** GUIDE_SHIFT;
    while (index < last && cumTable[index] < edge) index++;
    guide[b] = index;
  }
  return guide;
}

/**
 * σ(x) at EXP_TABLE_SIZE points over [−MAX_EXP, MAX_EXP), and log σ(x) for the loss.
 *
 * @returns the two tables (Float64 to spare the kernel float conversions)
 */
export function makeSigmoidTables(): { expTable: Float64Array; logTable: Float64Array } {
  const expTable = new Float64Array(EXP_TABLE_SIZE);
  const logTable = new Float64Array(EXP_TABLE_SIZE);
  for (let i = 0; i < EXP_TABLE_SIZE; i++) {
    const e = Math.exp(((i / EXP_TABLE_SIZE) * 2 - 1) * MAX_EXP);
    expTable[i] = Math.fround(e / (e + 1));
    logTable[i] = Math.log(expTable[i]);
  }
  return { expTable, logTable };
}
