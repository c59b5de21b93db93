// Our Barnes-Hut t-SNE against tsne-js (exact t-SNE) on planted clusters.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Random, mapFaithfulness, tsne } from "movie-embeddings/internal";
import { tsneAffinities } from "../../lib/src/maps/affinities";
import { denseKl, planted } from "../support/maps";

test("tsne agrees with tsne-js (exact t-SNE) on planted clusters: KL no worse, neighbourhoods as well kept", () => {
  const n = 150;
  const dim = 10;
  const data = planted(n, dim, 5, 3);
  const ours = tsne(data, dim, { perplexity: 10, seed: 1 });
  // tsne-js with its own schedule (exaggeration 4 for 100 steps, learning rate 100), seeded start.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const TSNE = require("tsne-js");
  const model = new TSNE({ dim: 2, perplexity: 10, earlyExaggeration: 4, learningRate: 100, nIter: 500, metric: "euclidean" });
  const rows: number[][] = [];
  for (let r = 0; r < n; r++) rows.push(Array.from(data.subarray(r * dim, (r + 1) * dim)));
  model.init({ data: rows, type: "dense" });
  const start: Float64Array = model.outputEmbedding.data;
  const rng = new Random(1);
  for (let i = 0; i < start.length; i++) start[i] = 1e-4 * rng.normal();
  const [theirError] = model.run() as [number, number];
  const output: number[][] = model.getOutput();
  const theirs = { x: Float64Array.from(output, (p) => p[0]), y: Float64Array.from(output, (p) => p[1]), iterations: 500 };
  // Both maps scored by one exact KL under the same P (ours: the 30 nearest neighbours' similarities).
  const P = tsneAffinities(data, n, dim, 10);
  const interleave = (m: { x: Float64Array; y: Float64Array }): Float64Array => Float64Array.from({ length: 2 * n }, (_, c) => (c % 2 ? m.y : m.x)[c >> 1]);
  const ourKl = denseKl(P, interleave(ours));
  const theirKl = denseKl(P, interleave(theirs));
  assert.ok(ourKl <= theirKl * 1.02, `KL ours ${ourKl} vs tsne-js ${theirKl}`);
  assert.ok(ours.error <= theirError * 1.05, `reported KL ours ${ours.error} vs tsne-js ${theirError}`);
  assert.ok(Math.abs(ours.error - ourKl) < 0.01 * ourKl, "the reported KL (Barnes-Hut Z) is within 1 % of the exact one");
  const ourKept = mapFaithfulness(data, dim, ours).neighbourPreservation;
  const theirKept = mapFaithfulness(data, dim, theirs).neighbourPreservation;
  assert.ok(ourKept >= theirKept - 0.03, `neighbour preservation ours ${ourKept} vs tsne-js ${theirKept}`);
});
