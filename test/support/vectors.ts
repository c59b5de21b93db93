// Seeded vectors shared by the test files: random keyed vectors, and clustered ones with known groups.
import { KeyedVectors, Random } from "movie-embeddings/internal";

export function randomVectors(rows: number, dim: number, seed: number): KeyedVectors {
  const random = new Random(seed);
  return KeyedVectors.fromEntries(
    Array.from({ length: rows }, (_, i) => [`k${i}`, Array.from({ length: dim }, () => random.uniform(-1, 1))] as const),
  );
}

/** 60 keys: three tight groups of 8 (a, b, c) among 36 loose ones, in shuffled order. */
export function clusteredVectors(): KeyedVectors {
  const rng = new Random(3);
  const dim = 16;
  const centre = () => Array.from({ length: dim }, () => rng.normal());
  const near = (c: number[], spread: number) => c.map((v) => v + spread * rng.normal());
  const entries: [string, number[]][] = [];
  for (const [name, spread] of [["a", 0.1], ["b", 0.25], ["c", 0.4]] as const) {
    const c = centre();
    for (let i = 0; i < 8; i++) entries.push([`${name}${i}`, near(c, spread)]);
  }
  for (let i = 0; i < 36; i++) entries.push([`z${i}`, centre()]);
  for (let i = entries.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [entries[i], entries[j]] = [entries[j], entries[i]];
  }
  return KeyedVectors.fromEntries(entries);
}
