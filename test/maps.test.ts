// Embedding maps: seeded t-SNE (tsne-js) and UMAP (umap-js), movie points coloured by genre.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as path from "node:path";
import { OptionsError, Random, loadMovieLens, moviePoints, primaryGenres, tsne, umap } from "movie-embeddings";

/** Three well-separated clusters of 20 points in 5 dimensions. */
function clusters(seed: number): Float32Array {
  const rng = new Random(seed);
  const data = new Float32Array(60 * 5);
  for (let i = 0; i < 60; i++) for (let d = 0; d < 5; d++) data[i * 5 + d] = (d === i % 3 ? 10 : 0) + rng.normal();
  return data;
}

/** The share of points whose nearest neighbour on the map is in the same cluster. */
function neighbourAgreement(x: Float64Array, y: Float64Array): number {
  let same = 0;
  for (let i = 0; i < x.length; i++) {
    let best = -1;
    let bestDistance = Infinity;
    for (let j = 0; j < x.length; j++) {
      const distance = (x[i] - x[j]) ** 2 + (y[i] - y[j]) ** 2;
      if (j !== i && distance < bestDistance) (bestDistance = distance), (best = j);
    }
    if (best % 3 === i % 3) same++;
  }
  return same / x.length;
}

test("tsne is deterministic for a seed, differs across seeds, and keeps clusters apart", () => {
  const data = clusters(1);
  const options = { perplexity: 10, iterations: 200 };
  const a = tsne(data, 5, { ...options, seed: 7 });
  const b = tsne(data, 5, { ...options, seed: 7 });
  const c = tsne(data, 5, { ...options, seed: 8 });
  assert.deepEqual(a.x, b.x);
  assert.deepEqual(a.y, b.y);
  assert.notDeepEqual(a.x, c.x);
  assert.equal(a.x.length, 60);
  assert.ok(neighbourAgreement(a.x, a.y) > 0.95);
});

test("tsne refuses more points than maxPoints, and says what to do instead", () => {
  assert.throws(
    () => tsne(clusters(1), 5, { maxPoints: 50 }),
    (e: unknown) => e instanceof OptionsError && /60 points is more than maxPoints \(50\).*use umap\(\)/.test(e.message),
  );
  assert.throws(() => tsne(new Float32Array(7), 5), /7 numbers are not whole rows of 5/);
  assert.throws(() => tsne(Float32Array.of(1, 2, NaN, 4, 5, 6), 2), /row 1 holds NaN/);
});

test("umap is deterministic for a seed and keeps clusters apart", () => {
  const data = clusters(2);
  const a = umap(data, 5, { seed: 3, nNeighbors: 10, nEpochs: 100 });
  const b = umap(data, 5, { seed: 3, nNeighbors: 10, nEpochs: 100 });
  assert.deepEqual(a.x, b.x);
  assert.deepEqual(a.y, b.y);
  assert.notDeepEqual(umap(data, 5, { seed: 4, nNeighbors: 10, nEpochs: 100 }).x, a.x);
  assert.ok(neighbourAgreement(a.x, a.y) > 0.95);
});

test("moviePoints label each point with its title and most specific genre", () => {
  const data = loadMovieLens(path.join(__dirname, "fixtures", "movielens-tiny"));
  const shipped = loadMovieLens();
  // Toy Story: Adventure|Animation|Children|Comedy|Fantasy; Animation is the rarest of those in ml-latest-small
  assert.deepEqual(primaryGenres(shipped, [1, 79132]), ["Animation", "Mystery"]);
  const points = moviePoints({ x: Float64Array.of(1, 2), y: Float64Array.of(3, 4), iterations: 1 }, [1, 2], data);
  assert.equal(points[0].label, "Toy Story (1995)");
  assert.deepEqual([points[1].x, points[1].y, points[1].movieId], [2, 4, 2]);
  assert.throws(() => moviePoints({ x: Float64Array.of(1), y: Float64Array.of(1), iterations: 1 }, [1, 2], data), /1 points but 2 movieIds/);
});
