// One run of the scaling section: load a dataset, train one model for one epoch with the
// notebooks' settings, print a JSON line with the time (load, train) and the process's peak memory.
// Usage: node bench/scale_ours.mjs '<json: { model: "item2vec" | "cbow" | "ncf", dataset, vectorsOut? }>'
//        node bench/scale_ours.mjs '<json: { model: "tsne", vectors }>'
//   item2vec with vectorsOut writes its unit item vectors there (.npy, items × 50), after the timing;
//   tsne reads such a file ("load") and maps it with our Barnes-Hut t-SNE (perplexity 30, 750 steps, seed 1).
import { RatingModel, Word2Vec, buildWatchlists, loadMovieLens, ratingTriples, readNpy, trainCbow, trainTestSplit, tsne, writeNpy } from "movie-embeddings";

const { model, dataset, vectorsOut, vectors } = JSON.parse(process.argv[2]);
const cpu = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};
let started = performance.now();
const data = model === "tsne" ? null : loadMovieLens(dataset);
const npy = model === "tsne" ? readNpy(vectors) : null;
const loadSeconds = (performance.now() - started) / 1000;
started = performance.now();
const cpuStarted = cpu();
let items = 0;
let save = null;
if (model === "item2vec") {
  // Notebook 01's first model: CBOW item2vec, 50 dimensions, window 5, minCount 2; one thread.
  const { lists } = buildWatchlists(data);
  const w2v = await Word2Vec.train(lists, { vectorSize: 50, window: 5, minCount: 2, epochs: 1, workers: 1, seed: 1 });
  items = w2v.wv.size;
  if (vectorsOut) save = () => writeNpy(vectorsOut, w2v.wv.normedVectors(), [w2v.wv.size, w2v.wv.vectorSize]);
} else if (model === "tsne") {
  // The maps section's settings: perplexity 30, 750 steps (250 exaggerated), PCA start, θ 0.5.
  const [rows, dim] = npy.shape;
  tsne(npy.data, dim, { perplexity: 30, seed: 1 });
  items = rows;
} else if (model === "cbow") {
  // Notebook 02's next-title model: the 200 most-rated movies, users with ≥ 20 of them, D 20, window 1.
  const { lists } = buildWatchlists(data, { topMovies: 200, minLength: 20 });
  const split = trainTestSplit(lists, { testSize: 0.2, seed: 42 });
  const run = await trainCbow(split.train, split.test, { vectorSize: 20, window: 1, batchSize: 64, learningRate: 0.01, epochs: 1, minEpochs: 1, patience: 1, seed: 1 });
  items = run.model.vocabularySize;
} else if (model === "ncf") {
  // Notebook 03's rating model: movies with ≥ 10 ratings, 50 dimensions + biases, lazy Adam, batches of 64.
  const triples = ratingTriples(data, { minRatingsPerMovie: 10 });
  const ncf = await RatingModel.train(triples, { vectorSize: 50, learningRate: 0.001, optimizer: "lazy", epochs: 1, batchSize: 64, l2: 1e-3, seed: 1 });
  items = ncf.movieVectors.size;
} else {
  throw new Error(`scale_ours: unknown model ${model}`);
}
const trainSeconds = (performance.now() - started) / 1000;
const trainCpuSeconds = cpu() - cpuStarted;
const peakMB = process.resourceUsage().maxRSS / 1024;
save?.();
console.log(JSON.stringify({ model, ratings: data ? data.ratingColumns.length : null, items, loadSeconds, trainSeconds, trainCpuSeconds, peakMB }));
