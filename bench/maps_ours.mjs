// One maps benchmark task of ours, in its own process: prints one JSON line.
// Usage: node bench/maps_ours.mjs '<json: { task, ... }>'
//   data:  { task, dir, quick }  writes the sets as .npy (float32, rows × dims) into dir:
//          planted.npy (10,000 seeded points, 20 clusters in 50-D), and unless quick item2vec.npy
//          (unit item2vec vectors of every rated movie of ml-latest-small) and ncf.npy (unit movie
//          vectors of the rating model on movies with ≥ 10 ratings)
//   tsne:  { task, data, out, iterations }  our t-SNE (perplexity 30, seed 1); the layout to `out` (.npy, rows × 2)
//   umap:  { task, data, out }  our seeded umap-js wrapper, for comparison
//   score: { task, data, layout }  neighbourhood preservation (k = 10) and KL(P ‖ Q) of a layout,
//          under our P (perplexity 30) with the exact Z (every pair), so every library's map is scored alike
import { Random, RatingModel, Word2Vec, buildWatchlists, loadMovieLens, mapFaithfulness, ratingTriples, readNpy, tsne, umap, writeNpy } from "movie-embeddings";
import { tsneAffinities } from "movie-embeddings/dist/maps/affinities.js";
import { QuadTree, klGradient } from "movie-embeddings/dist/maps/barnes-hut.js";
import { join } from "node:path";

const spec = JSON.parse(process.argv[2]);
const cpu = () => process.cpuUsage().user / 1e6 + process.cpuUsage().system / 1e6;
const peakMB = () => process.resourceUsage().maxRSS / 1024;

/** A layout read from .npy (rows × 2). */
function readLayout(file) {
  const { data, shape } = readNpy(file);
  return { x: Float64Array.from({ length: shape[0] }, (_, i) => data[2 * i]), y: Float64Array.from({ length: shape[0] }, (_, i) => data[2 * i + 1]), iterations: 0 };
}

if (spec.task === "data") {
  const rng = new Random(1);
  const [n, dim, clusters] = [10000, 50, 20];
  const centres = Float64Array.from({ length: clusters * dim }, () => 4 * rng.normal());
  const planted = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) for (let d = 0; d < dim; d++) planted[i * dim + d] = centres[(i % clusters) * dim + d] + rng.normal();
  writeNpy(join(spec.dir, "planted.npy"), planted, [n, dim]);
  const sets = { planted: n };
  if (!spec.quick) {
    const data = loadMovieLens();
    const watchlists = buildWatchlists(data);
    const model = await Word2Vec.train(watchlists.lists, { vectorSize: 50, window: 5, minCount: 1, epochs: 5, seed: 1, workers: 1 });
    writeNpy(join(spec.dir, "item2vec.npy"), model.wv.normedVectors(), [model.wv.size, 50]);
    sets.item2vec = model.wv.size;
    const triples = ratingTriples(data, { minRatingsPerMovie: 10 });
    const ncf = await RatingModel.train(triples, { optimizer: "lazy", epochs: 5, l2: 1e-3, seed: 1 });
    writeNpy(join(spec.dir, "ncf.npy"), ncf.movieVectors.normedVectors(), [triples.movieCount, 50]);
    sets.ncf = triples.movieCount;
  }
  console.log(JSON.stringify(sets));
} else if (spec.task === "tsne" || spec.task === "umap") {
  const { data, shape } = readNpy(spec.data);
  const wall = process.hrtime.bigint();
  const cpuStart = cpu();
  const map = spec.task === "tsne" ? tsne(data, shape[1], { perplexity: 30, seed: 1, iterations: spec.iterations }) : umap(data, shape[1], { seed: 1 });
  const seconds = Number(process.hrtime.bigint() - wall) / 1e9;
  const cpuSeconds = cpu() - cpuStart;
  const layout = new Float32Array(2 * shape[0]);
  for (let i = 0; i < shape[0]; i++) (layout[2 * i] = map.x[i]), (layout[2 * i + 1] = map.y[i]);
  writeNpy(spec.out, layout, [shape[0], 2]);
  console.log(JSON.stringify({ seconds, cpuSeconds, kl: map.error ?? null, peakMB: peakMB() }));
} else if (spec.task === "score") {
  const { data, shape } = readNpy(spec.data);
  const layout = readLayout(spec.layout);
  const n = shape[0];
  const positions = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) (positions[2 * i] = layout.x[i]), (positions[2 * i + 1] = layout.y[i]);
  const P = tsneAffinities(data, n, shape[1], 30);
  const kl = klGradient(P, positions, 0, 1, new Float64Array(2 * n), new QuadTree(), new Float64Array(2 * n), true);
  console.log(JSON.stringify({ kl, preservation: mapFaithfulness(data, shape[1], layout, { k: 10 }).neighbourPreservation }));
} else {
  throw new Error(`unknown task ${spec.task}`);
}
