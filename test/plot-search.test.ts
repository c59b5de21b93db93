// Plots, plot search and its metrics against a brute-force reference, metric agreement, genre agreement.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import {
  OptionsError, PlotSearch, Random, UnknownKeyError, genreAgreement, loadMovieLens, loadPlots, plotKeyedVectors, randomNeighbours, selectRows, topKOverlap,
} from "movie-embeddings";
import type { Metric, PlotEmbeddings } from "movie-embeddings";

const plots = loadPlots();

test("plots.csv: 8,538 plots, multi-line fields intact, SHA256SUMS match", () => {
  assert.equal(plots.length, 8538);
  const departed = plots.get("The Departed (2006)");
  assert.equal(departed.title, "Departed, The (2006)");
  assert.equal(departed.year, 2006);
  assert.ok(departed.plot.includes("\n"), "paragraphs are kept");
  assert.ok(departed.wikiPage.startsWith("https://en.wikipedia.org/"));
  const dir = path.join(__dirname, "..", "data", "wikipedia-plots");
  for (const line of fs.readFileSync(path.join(dir, "SHA256SUMS"), "utf8").trim().split("\n")) {
    const [sum, name] = line.split(/\s+/);
    assert.equal(createHash("sha256").update(fs.readFileSync(path.join(dir, name))).digest("hex"), sum, name);
  }
});

test("a plot is found by movieId, by title, by a title without its year; unknown titles get suggestions", () => {
  assert.equal(plots.get("the departed").title, "Departed, The (2006)");
  assert.equal(plots.get("Batman Begins").title, "Batman Begins (2005)");
  assert.equal(plots.get(plots.get("Infernal Affairs (Mou gaan dou) (2002)").movieId).title, "Infernal Affairs (Mou gaan dou) (2002)");
  assert.equal(plots.get("The Deprted (2006)").title, "Departed, The (2006)", "a small typo is forgiven");
  assert.throws(() => plots.get("Toy Stroy 7"), (e: Error) => e instanceof UnknownKeyError && e.message.includes('"Toy Story (1995)"'));
  assert.throws(() => plots.get(999999), UnknownKeyError);
  const excerpt = plots.excerpt("the departed", 80);
  assert.ok(excerpt.length <= 80 && excerpt.endsWith("…") && !excerpt.includes("\n"));
});

/** A small random matrix with rows of varied length, and movieIds taken from plots.csv. */
function randomEmbeddings(rows: number, dim: number, seed: number): PlotEmbeddings {
  const random = new Random(seed);
  const vectors = new Float32Array(rows * dim);
  for (let r = 0; r < rows; r++) {
    const scale = 0.2 + 3 * random.next();
    for (let d = 0; d < dim; d++) vectors[r * dim + d] = scale * random.normal();
  }
  return { movieIds: plots.movieIds.slice(0, rows), vectors, vectorSize: dim, dimension: dim };
}

/** The reference: score every row the plain way and sort. */
function bruteForce(e: PlotEmbeddings, query: number, metric: Metric, k: number): number[] {
  const dim = e.vectorSize;
  const q = e.vectors.subarray(query * dim, (query + 1) * dim);
  const scored = [];
  for (let r = 0; r < e.movieIds.length; r++) {
    if (r === query) continue;
    const v = e.vectors.subarray(r * dim, (r + 1) * dim);
    let dot = 0, nv = 0, nq = 0, dist = 0;
    for (let d = 0; d < dim; d++) {
      dot += v[d] * q[d];
      nv += v[d] * v[d];
      nq += q[d] * q[d];
      dist += (v[d] - q[d]) ** 2;
    }
    const score = metric === "dot" ? dot : metric === "cosine" ? dot / Math.sqrt(nv * nq) : -Math.sqrt(dist);
    scored.push({ r, score });
  }
  scored.sort((a, b) => b.score - a.score);
  return scored.slice(0, k).map((s) => e.movieIds[s.r]);
}

test("similar() ranks by cosine, dot and Euclidean exactly as a brute-force scan", () => {
  const embeddings = randomEmbeddings(300, 16, 3);
  const search = new PlotSearch(plots, embeddings);
  for (const metric of ["cosine", "dot", "euclidean"] as const) {
    for (const query of [0, 17, 299]) {
      const hits = search.similar(embeddings.movieIds[query], { topn: 10, metric });
      assert.deepEqual(hits.map((h) => h.movieId), bruteForce(embeddings, query, metric, 10), `${metric}, row ${query}`);
      const scores = hits.map((h) => h.similarity);
      assert.deepEqual(scores, [...scores].sort((a, b) => (metric === "euclidean" ? a - b : b - a)));
      assert.equal(hits[0].title, plots.get(hits[0].movieId).title);
    }
  }
});

test("plot embeddings given with the deprecated name dimension answer as with vectorSize; the two must agree", () => {
  const { movieIds, vectors } = randomEmbeddings(50, 8, 7);
  const current = new PlotSearch(plots, { movieIds, vectors, vectorSize: 8 });
  const old = new PlotSearch(plots, { movieIds, vectors, dimension: 8 });
  assert.equal(old.embeddings.vectorSize, 8);
  assert.equal(current.embeddings.dimension, 8, "the old name still reads");
  assert.deepEqual(old.similar(movieIds[3], { topn: 5 }), current.similar(movieIds[3], { topn: 5 }));
  const picked = selectRows({ movieIds, vectors, dimension: 8 }, [movieIds[4], movieIds[1]]);
  assert.deepEqual([picked.vectorSize, picked.dimension, [...picked.movieIds]], [8, 8, [movieIds[4], movieIds[1]]]);
  assert.deepEqual(picked.vectors, Float32Array.from([...vectors.subarray(4 * 8, 5 * 8), ...vectors.subarray(1 * 8, 2 * 8)]));
  assert.equal(plotKeyedVectors({ movieIds, vectors, dimension: 8 }).vectorSize, 8);
  assert.throws(() => new PlotSearch(plots, { movieIds, vectors, vectorSize: 8, dimension: 4 }), (e: unknown) => e instanceof OptionsError && e.message === "PlotSearch: dimension (4) is the old name of vectorSize (8); give vectorSize only");
  assert.throws(() => selectRows({ movieIds, vectors } as never, [movieIds[0]]), (e: unknown) => e instanceof OptionsError && e.message === "selectRows: plot embeddings need vectorSize, the length of each vector");
  assert.throws(() => selectRows({ movieIds, vectors, vectorSize: 8 }, [999999]), (e: unknown) => e instanceof UnknownKeyError && e.message === '"999999" is not a movieId of these plot embeddings');
});

test("on unit vectors the three metrics agree; on raw vectors dot product differs", () => {
  const raw = randomEmbeddings(400, 16, 5);
  const unit = { ...raw, vectors: Float32Array.from(raw.vectors) };
  for (let r = 0; r < 400; r++) {
    const v = unit.vectors.subarray(r * 16, (r + 1) * 16);
    const n = Math.hypot(...v);
    v.forEach((x, i) => (v[i] = x / n));
  }
  const queries = [0, 50, 100, 150, 200, 250];
  assert.equal(topKOverlap(unit.vectors, 400, 16, 10, "cosine", "dot", queries), 1);
  assert.equal(topKOverlap(unit.vectors, 400, 16, 10, "cosine", "euclidean", queries), 1);
  assert.ok(topKOverlap(raw.vectors, 400, 16, 10, "cosine", "dot", queries) < 0.9);
});

test("genre agreement counts shared genres and Jaccard; random neighbours are seeded and exclude the movie", () => {
  const data = loadMovieLens();
  // Toy Story (Adventure|Animation|Children|Comedy|Fantasy) vs Heat (Action|Crime|Thriller) and Jumanji (Adventure|Children|Fantasy)
  const agreement = genreAgreement([1], [[6, 2]], data);
  assert.equal(agreement.sharedGenreShare, 0.5);
  assert.equal(agreement.meanJaccard, (0 + 3 / 5) / 2);
  assert.equal(agreement.queries, 1);
  const ids = [1, 2, 3, 4, 5, 6];
  const a = randomNeighbours(ids, 3, 11);
  assert.deepEqual(a, randomNeighbours(ids, 3, 11));
  a.forEach((list, i) => {
    assert.equal(new Set(list).size, 3);
    assert.ok(!list.includes(ids[i]));
  });
});
