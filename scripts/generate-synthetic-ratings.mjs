// Writes a synthetic, MovieLens-25M-shaped ratings.csv (seeded, so every run writes the same file):
// 162,541 users, 59,047 movies, 25,000,095 ratings, Zipf-like movie popularity, at least 20 ratings
// per user, in ml-25m's format (userId,movieId,rating,timestamp; sorted by userId then movieId).
// For benchmarks only: no taste structure is planted.
//
// Usage: node scripts/generate-synthetic-ratings.mjs [--out data/synthetic/ml-25m-synthetic] [--seed 25]
//        [--users 162541] [--movies 59047] [--ratings 25000095]
// Needs the built library (npm run build) for its seeded Random.
import { closeSync, mkdirSync, openSync, writeSync } from "node:fs";
import { join } from "node:path";
import { Random } from "movie-embeddings";

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : fallback;
};
const outDir = option("out", "data/synthetic/ml-25m-synthetic");
const seed = Number(option("seed", "25"));
const users = Number(option("users", "162541"));
const movies = Number(option("movies", "59047"));
const ratings = Number(option("ratings", "25000095"));
const MIN_PER_USER = 20;
const MAX_PER_USER = 4000;
if (users * MIN_PER_USER > ratings || users * MAX_PER_USER < ratings || movies < MAX_PER_USER) {
  throw new Error("inconsistent sizes: need users·20 ≤ ratings ≤ users·4000 and movies ≥ 4000");
}
const random = new Random(seed);

// Movie ids: distinct, sorted, spread over 1..209171 like ml-25m's; popularity ranks shuffled over them.
const idSpace = 209171;
const taken = new Uint8Array(idSpace + 1);
const ids = [];
while (ids.length < movies) {
  const id = 1 + random.int(idSpace);
  if (!taken[id]) {
    taken[id] = 1;
    ids.push(id);
  }
}
ids.sort((a, b) => a - b);
const byRank = random.shuffle(Int32Array.from(ids.keys())); // rank → index into ids
// Zipf-like popularity: weight of rank r ∝ 1 / (r + 10)^1.05; cumulative table for bisection.
const cumulative = new Float64Array(movies);
let total = 0;
for (let r = 0; r < movies; r++) {
  total += 1 / (r + 10) ** 1.05;
  cumulative[r] = total;
}
const drawRank = () => {
  const x = random.next() * total;
  let lo = 0;
  let hi = movies - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
};

// Ratings per user: 20 + a log-normal extra, scaled so the total is exact.
const extra = new Float64Array(users);
let extraSum = 0;
for (let u = 0; u < users; u++) {
  extra[u] = Math.min(MAX_PER_USER - MIN_PER_USER, Math.exp(3.9 + 1.25 * random.normal()));
  extraSum += extra[u];
}
const target = ratings - users * MIN_PER_USER;
const lengths = new Int32Array(users);
let assigned = 0;
for (let u = 0; u < users; u++) {
  lengths[u] = MIN_PER_USER + Math.min(MAX_PER_USER - MIN_PER_USER, Math.floor((extra[u] * target) / extraSum));
  assigned += lengths[u];
}
for (let u = 0; assigned < ratings; u = (u + 1) % users) {
  if (lengths[u] < MAX_PER_USER) {
    lengths[u]++;
    assigned++;
  }
}

const STARS = ["0.5", "1.0", "1.5", "2.0", "2.5", "3.0", "3.5", "4.0", "4.5", "5.0"];
const STAR_WEIGHTS = [1.6, 3.1, 1.6, 6.6, 5.0, 19.6, 12.7, 26.6, 8.8, 14.4];
const starCumulative = [];
STAR_WEIGHTS.reduce((sum, w, i) => (starCumulative[i] = sum + w), 0);
const starTotal = starCumulative[starCumulative.length - 1];
const drawStar = () => {
  const x = random.next() * starTotal;
  let i = 0;
  while (starCumulative[i] < x) i++;
  return STARS[i];
};

mkdirSync(outDir, { recursive: true });
const path = join(outDir, "ratings.csv");
const fd = openSync(path, "w");
let buffer = "userId,movieId,rating,timestamp\n";
const seen = new Int32Array(movies).fill(-1);
const chosen = new Int32Array(MAX_PER_USER);
for (let u = 0; u < users; u++) {
  const n = lengths[u];
  let count = 0;
  while (count < n) {
    const index = byRank[drawRank()];
    if (seen[index] !== u) {
      seen[index] = u;
      chosen[count++] = index;
    }
  }
  const list = chosen.subarray(0, n).sort();
  let time = 946684800 + random.int(700000000);
  for (let i = 0; i < n; i++) {
    time += random.int(5000);
    buffer += `${u + 1},${ids[list[i]]},${drawStar()},${time}\n`;
  }
  if (buffer.length > 1 << 22) {
    writeSync(fd, buffer);
    buffer = "";
  }
}
writeSync(fd, buffer);
closeSync(fd);
console.log(`wrote ${path}: ${users} users, ${movies} movies, ${ratings} ratings (seed ${seed})`);
