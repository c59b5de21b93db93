#!/usr/bin/env node
/**
 * Builds the shipped plot embeddings (data/plot-embeddings/) from data/wikipedia-plots/plots.csv
 * with data/models/all-MiniLM-L6-v2, offline:
 *   - all-MiniLM-L6-v2.truncate.npy  every plot, first 256 tokens only (as sentence-transformers);
 *   - all-MiniLM-L6-v2.chunk.npy     the 500 most-rated movies' plots, split into passages that
 *                                    fit and averaged (3.5 passages per plot: ~3.5× the work);
 * each with `<same name>.movieIds.npy` (the movieIds of its rows), float16, and build.json (what
 * was built, how long it took). A test re-encodes a sample of rows and checks they match.
 *
 * Usage: npm run build-plot-embeddings [-- --only truncate|chunk] [-- --limit N] [-- --threads T]
 *   --limit N    encode only the N most-rated movies with a plot (default: all for truncate,
 *                500 for chunk)
 *   --threads T  onnxruntime threads (1 is faster than 2 on a busy 2-core machine)
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { inspect } from "node:util";
import {
  DEFAULT_TEXT_MODEL, PLOT_EMBEDDINGS_DIR, TextEmbedder, loadMovieLens, loadPlots, plotEmbeddingFiles, progressBar,
  ratingsPerMovie, savePlotEmbeddings,
} from "movie-embeddings/internal";

const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : fallback);
const modes = option("only", null) ? [option("only")] : ["truncate", "chunk"];
const threads = option("threads", null) ? Number(option("threads")) : undefined;
const DEFAULT_LIMIT = { truncate: Infinity, chunk: 500 };
const BATCH_SIZE = 32;

const plots = loadPlots();
const mostRated = ratingsPerMovie(loadMovieLens()).map((m) => m.movieId).filter((id) => plots.has(id));
const embedder = await TextEmbedder.load({ threads });
console.log(`${plots.length} plots, ${inspect(embedder)}`);
const buildFile = join(PLOT_EMBEDDINGS_DIR, "build.json");
const build = existsSync(buildFile) ? JSON.parse(readFileSync(buildFile, "utf8")) : { model: DEFAULT_TEXT_MODEL, files: {} };
for (const longTexts of modes) {
  const limit = Number(option("limit", DEFAULT_LIMIT[longTexts]));
  // Rows in movieId order; a limited build keeps the most-rated movies.
  const keep = new Set(mostRated.slice(0, limit));
  const rows = Number.isFinite(limit) ? plots.list.filter((p) => keep.has(p.movieId)) : plots.list;
  const started = Date.now();
  const vectors = await embedder.embed(rows.map((p) => p.plot), {
    batchSize: BATCH_SIZE, longTexts, onProgress: progressBar({ label: longTexts, unit: "passages", logIntervalMs: 60000 }),
  });
  const seconds = (Date.now() - started) / 1000;
  savePlotEmbeddings({ movieIds: Int32Array.from(rows, (p) => p.movieId), vectors, vectorSize: embedder.vectorSize }, { longTexts });
  const file = plotEmbeddingFiles({ longTexts }).vectors;
  console.log(`${longTexts}: ${rows.length} plots in ${seconds.toFixed(0)} s → ${file}`);
  build.files[`${DEFAULT_TEXT_MODEL}.${longTexts}.npy`] = {
    rows: rows.length, selection: Number.isFinite(limit) ? `the ${limit} most-rated movies with a plot` : "every plot",
    longTexts, dtype: "q8", maxLength: embedder.maxLength, vectorSize: embedder.vectorSize, storedAs: "float16",
    batchSize: BATCH_SIZE, threads: threads ?? "onnxruntime default", seconds: Math.round(seconds),
  };
  writeFileSync(buildFile, JSON.stringify(build, null, 2) + "\n");
}
await embedder.dispose();
