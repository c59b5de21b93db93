// Writes a synthetic dataset in MovieLens 25M's folder layout (seeded, so every run writes the same
// files): ratings.csv with 162,541 users, 59,047 movies, 25,000,095 ratings, Zipf-like movie
// popularity, at least 20 ratings per user, in ml-25m's format (userId,movieId,rating,timestamp;
// sorted by userId then movieId); movies.csv, links.csv and an empty tags.csv beside it, so
// `loadMovieLens("synthetic-25m")` and every notebook run on it. For benchmarks and run-time checks
// only: no taste structure is planted.
//
// Every movie of the shipped ml-latest-small is among the movies, with its real title, genres and
// links, and the most popular ranks go to them in the order of their ml-latest-small rating counts
// (so Toy Story and Forrest Gump are rated often, and notebook queries about them have answers).
// The other movies are "Synthetic movie <id> (<year>)" with random genres.
//
// Usage: node scripts/generate-synthetic-ratings.mjs [--out data/synthetic-25m] [--seed 25]
//        [--users 162541] [--movies 59047] [--ratings 25000095]
// Needs the built library (npm run build) for its seeded Random and the ml-latest-small reader.
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from "node:fs";
import { join } from "node:path";
import { Random, countIds, loadMovieLens } from "movie-embeddings/internal";

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : fallback;
};
const outDir = option("out", "data/synthetic-25m");
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

// Movie ids: distinct, sorted, spread over 1..209171 like ml-25m's: ml-latest-small's first, then random.
const small = loadMovieLens("ml-latest-small");
if (movies < small.movieList.length) throw new Error(`need at least ${small.movieList.length} movies (ml-latest-small's)`);
const idSpace = 209171;
const taken = new Uint8Array(idSpace + 1);
const ids = [];
for (const movie of small.movieList) {
  taken[movie.movieId] = 1;
  ids.push(movie.movieId);
}
while (ids.length < movies) {
  const id = 1 + random.int(idSpace);
  if (!taken[id]) {
    taken[id] = 1;
    ids.push(id);
  }
}
ids.sort((a, b) => a - b);
// rank → index into ids: ml-latest-small's movies by their rating count, then the rest shuffled
const smallCounts = countIds(small.ratingColumns.movieId);
const indexOfId = new Map(ids.map((id, index) => [id, index]));
const countOf = (id) => (smallCounts.indexOf(id) < 0 ? 0 : smallCounts.counts[smallCounts.indexOf(id)]);
const smallRanked = small.movieList.map((movie) => movie.movieId).sort((a, b) => countOf(b) - countOf(a) || a - b);
const rest = random.shuffle(Int32Array.from(ids.filter((id) => !small.hasMovie(id)), (id) => indexOfId.get(id)));
const byRank = Int32Array.from([...smallRanked.map((id) => indexOfId.get(id)), ...rest]);
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

// movies.csv, links.csv, tags.csv (header only) and a README, so the folder is a MovieLens layout
const GENRES = ["Action", "Adventure", "Animation", "Children", "Comedy", "Crime", "Documentary", "Drama", "Fantasy", "Film-Noir", "Horror", "Musical", "Mystery", "Romance", "Sci-Fi", "Thriller", "War", "Western"];
const quote = (text) => (/[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text);
let moviesCsv = "movieId,title,genres\n";
for (const id of ids) {
  if (small.hasMovie(id)) {
    const movie = small.movie(id);
    moviesCsv += `${id},${quote(movie.title)},${movie.genres.length ? movie.genres.join("|") : "(no genres listed)"}\n`;
  } else {
    const genres = GENRES.filter(() => random.next() < 0.12);
    moviesCsv += `${id},Synthetic movie ${id} (${1920 + random.int(100)}),${genres.length ? genres.join("|") : "(no genres listed)"}\n`;
  }
}
writeFileSync(join(outDir, "movies.csv"), moviesCsv);
const links = small.links;
const imdb = links.column("imdbId").values;
const tmdb = links.column("tmdbId").values;
let linksCsv = "movieId,imdbId,tmdbId\n";
links.column("movieId").values.forEach((id, k) => (linksCsv += `${id},${imdb[k]},${Number.isNaN(tmdb[k]) ? "" : tmdb[k]}\n`));
writeFileSync(join(outDir, "links.csv"), linksCsv);
writeFileSync(join(outDir, "tags.csv"), "userId,movieId,tag,timestamp\n");
writeFileSync(
  join(outDir, "README.txt"),
  `Synthetic ratings in MovieLens 25M's layout, written by scripts/generate-synthetic-ratings.mjs (seed ${seed}).\n` +
    `${users} users, ${movies} movies, ${ratings} ratings. Not MovieLens data: no taste structure is planted.\n` +
    "Titles, genres and links of ml-latest-small's movies are copied from it (MovieLens terms apply to those).\n",
);
console.log(`wrote ${outDir}/{ratings,movies,links,tags}.csv: ${users} users, ${movies} movies, ${ratings} ratings (seed ${seed})`);
