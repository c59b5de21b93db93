/**
 * Forgiving key search: the known keys closest to what a user typed. Used by movie title
 * lookups and by the "did you mean" of unknown-key errors, so both answer alike.
 */

/** Lower case, accents removed, punctuation folded to spaces: "Amélie (2001)" → "amelie 2001". */
export function normalizeKey(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

function bigrams(text: string): Map<string, number> {
  const grams = new Map<string, number>();
  const padded = ` ${text} `;
  for (let i = 0; i < padded.length - 1; i++) {
    const gram = padded.slice(i, i + 2);
    grams.set(gram, (grams.get(gram) ?? 0) + 1);
  }
  return grams;
}

/**
 * How close `query` is to `key`, in [0, 1]: 1 for the same normalised text, 0.9 when the key
 * starts with the query ("toy story" → "Toy Story (1995)"), 0.8 when it contains it, otherwise
 * the Dice coefficient of character bigrams (typos, word order).
 */
export function keySimilarity(query: string, key: string): number {
  const q = normalizeKey(query);
  const k = normalizeKey(key);
  if (q.length === 0 || k.length === 0) return 0;
  if (q === k) return 1;
  if (k.startsWith(q)) return 0.9;
  if (k.includes(q)) return 0.8;
  const a = bigrams(q);
  const b = bigrams(k);
  let shared = 0;
  let total = 0;
  for (const [gram, count] of a) {
    shared += Math.min(count, b.get(gram) ?? 0);
    total += count;
  }
  for (const count of b.values()) total += count;
  return (2 * shared) / total;
}

/**
 * The `topn` keys most similar to `query` (best first; ties keep the keys' order), leaving out
 * those scoring below `minScore`.
 *
 * @example
 * closestKeys("toy story", ["Toy Story (1995)", "Toy Story 2 (1999)", "Heat (1995)"]);
 * // → ["Toy Story (1995)", "Toy Story 2 (1999)"]
 */
export function closestKeys(query: string, keys: Iterable<string>, topn = 5, minScore = 0.35): string[] {
  const scored: { key: string; score: number; order: number }[] = [];
  let order = 0;
  for (const key of keys) {
    const score = keySimilarity(query, key);
    if (score >= minScore) scored.push({ key, score, order });
    order++;
  }
  scored.sort((x, y) => y.score - x.score || x.order - y.order);
  return scored.slice(0, topn).map((entry) => entry.key);
}
