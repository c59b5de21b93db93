import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  KeyedVectors,
  MAX_LABELLED_ROWS,
  OptionsError,
  Random,
  SimilarityMatrix,
  UnknownKeyError,
  faithfulnessCaption,
  loadMovieLens,
  mapsSideBySide,
  movieMap,
  moviePoints,
  primaryGenres,
  scoreRows,
  shortTitle,
  similarityHeatmap,
} from "movie-embeddings/internal";
import type { Figure, JsonObject, Layout2D, PlotlyTrace } from "movie-embeddings";

const data = loadMovieLens();
/** The first 400 movies of ml-latest-small, on a seeded random layout. */
const movieIds = data.movieList.slice(0, 400).map((m) => m.movieId);
const layout = randomLayout(movieIds.length, 7);

function randomLayout(n: number, seed: number): Layout2D {
  const rng = new Random(seed);
  return { x: Float64Array.from({ length: n }, () => rng.normal()), y: Float64Array.from({ length: n }, () => rng.normal()), iterations: 0 };
}

function ratingCount(movieId: number): number {
  let count = 0;
  for (const id of data.ratingColumns.movieId) if (id === movieId) count++;
  return count;
}

function genreTraces(figure: Figure): PlotlyTrace[] {
  return figure.data.filter((t) => typeof t.legendgroup === "string" && !["query", "neighbours"].includes(t.legendgroup));
}

function annotations(figure: Figure): JsonObject[] {
  return (figure.layout.annotations ?? []) as JsonObject[];
}

describe("moviePoints", () => {
  it("carries what a map's hover shows: title, year, genres and the number of ratings", () => {
    const points = moviePoints({ x: Float64Array.of(0, 1), y: Float64Array.of(0, 1), iterations: 0 }, [1, 4993], data);
    assert.equal(points[0].label, "Toy Story (1995)");
    assert.equal(points[0].year, 1995);
    assert.deepEqual(points[0].genres, ["Adventure", "Animation", "Children", "Comedy", "Fantasy"]);
    assert.equal(points[0].ratings, ratingCount(1));
    assert.equal(points[1].ratings, ratingCount(4993));
    assert.ok(points[1].ratings > 100);
  });
});

describe("movieMap", () => {
  it("shows title, year, genres and rating count on hover", () => {
    const figure = movieMap(layout, movieIds, data, { title: "A map" });
    const toyStory = data.movie(1);
    const trace = figure.data.find((t) => (t.text as string[]).includes(toyStory.title))!;
    const i = (trace.text as string[]).indexOf(toyStory.title);
    assert.deepEqual((trace.customdata as JsonObject[])[i], ["1995", "Adventure, Animation, Children, Comedy, Fantasy", ratingCount(1)]);
    for (const field of ["%{text}", "%{customdata[0]}", "%{customdata[1]}", "%{customdata[2]} ratings"]) {
      assert.ok(String(trace.hovertemplate).includes(field), field);
    }
    assert.equal(figure.data.reduce((sum, t) => sum + (t.x as number[]).length, 0), movieIds.length);
  });

  it("orders the legend by genre size and folds the rarest genres into a grey 'other' last", () => {
    const figure = movieMap(layout, movieIds, data, { maxGenres: 5 });
    const traces = genreTraces(figure);
    const names = traces.map((t) => String(t.name));
    assert.equal(traces.length, 6);
    assert.match(names[5], /^other \(\d+\)$/);
    const counts = names.map((n) => Number(/\((\d+)\)$/.exec(n)![1]));
    assert.deepEqual(counts.slice(0, 5), [...counts.slice(0, 5)].sort((a, b) => b - a));
    assert.equal(counts.reduce((a, b) => a + b, 0), movieIds.length);
    // the five named genres are the five commonest primary genres
    const tally = new Map<string, number>();
    for (const g of primaryGenres(data, movieIds)) tally.set(g, (tally.get(g) ?? 0) + 1);
    const top5 = [...tally].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 5);
    assert.deepEqual(names.slice(0, 5), top5.map(([g, c]) => `${g} (${c})`));
    const colours = traces.map((t) => (t.marker as JsonObject).color);
    assert.equal(new Set(colours).size, 6);
    // every genre has its own colour when there are few enough
    const all = genreTraces(movieMap(layout, movieIds, data));
    assert.ok(all.length <= 13 && all.length >= 10);
  });

  it("marks the query with a star, rings its neighbours, labels them all and dims the rest", () => {
    const query = movieIds[10];
    const neighbours = movieIds.slice(20, 30);
    const plain = movieMap(layout, movieIds, data);
    const figure = movieMap(layout, movieIds, data, { query, neighbours, caption: "trustworthiness 0.9<br>second line" });
    const star = figure.data.find((t) => t.legendgroup === "query")!;
    assert.equal((star.marker as JsonObject).symbol, "star");
    assert.deepEqual(star.text, [data.movie(query).title]);
    const ringed = figure.data.find((t) => t.legendgroup === "neighbours")!;
    assert.deepEqual(ringed.text, neighbours.map((id) => data.movie(id).title));
    const labels = annotations(figure).filter((a) => a.showarrow === true);
    assert.equal(labels.length, 11);
    const texts = labels.map((a) => String(a.text));
    for (const id of neighbours) assert.ok(texts.includes(shortTitle(data.movie(id).title).replace(/&/g, "&amp;")), data.movie(id).title);
    assert.ok(texts.includes(`<b>${shortTitle(data.movie(query).title).replace(/&/g, "&amp;")}</b>`));
    // labels sit at least one label apart, so they do not overlap
    const heights = labels.map((a) => Number(a.ay)).sort((a, b) => a - b);
    const yRange = (figure.layout.yaxis as JsonObject).range as number[];
    for (let i = 1; i < heights.length; i++) assert.ok(heights[i] - heights[i - 1] >= ((yRange[1] - yRange[0]) * 17) / 650);
    const opacity = (f: Figure) => ((genreTraces(f)[0].marker as JsonObject).opacity as number);
    assert.ok(opacity(figure) < opacity(plain));
    const caption = annotations(figure).find((a) => String(a.text).startsWith("trustworthiness"))!;
    assert.equal(caption.text, "trustworthiness 0.9<br>second line");
  });

  it("refuses bad options with the function's and the option's name", () => {
    assert.throws(() => movieMap(layout, movieIds, data, { neigbours: [1] } as never), /movieMap: unknown option "neigbours"; did you mean "neighbours"\?/);
    assert.throws(() => movieMap(layout, movieIds, data, { query: 999999 }), /movieMap: query \(movieId 999999\) is not on the map/);
    assert.throws(() => movieMap(layout, movieIds, data, { neighbours: [1, 999999] }), /movieMap: neighbours\[1\] \(movieId 999999\) is not on the map/);
    assert.throws(() => movieMap(layout, movieIds, data, { maxGenres: 20 }), /movieMap: maxGenres must be a whole number ≥ 1 and ≤ 12, got 20/);
    assert.throws(() => movieMap(layout, movieIds, data, { opacity: 0 }), OptionsError);
    assert.throws(() => movieMap(layout, movieIds.slice(1), data), /movieMap: moviePoints: the layout has 400 points but 399 movieIds/);
  });
});

describe("faithfulnessCaption", () => {
  it("states the neighbours kept and the genre agreement against chance, on one line or two", () => {
    const faithfulness = { k: 10, neighbourPreservation: 0.2834, groupAgreement: 0.135, chance: 0.0749 };
    assert.equal(
      faithfulnessCaption(faithfulness),
      "10 nearest neighbours kept on the map: 28.3% · map neighbours with the same primary genre: 13.5% (chance 7.5%)",
    );
    assert.equal(
      faithfulnessCaption(faithfulness, { lineBreak: true }),
      "10 nearest neighbours kept on the map: 28.3%<br>map neighbours with the same primary genre: 13.5% (chance 7.5%)",
    );
    assert.equal(faithfulnessCaption({ k: 5, neighbourPreservation: 0.5 }), "5 nearest neighbours kept on the map: 50.0%");
    assert.throws(() => faithfulnessCaption(faithfulness, { linebreak: true } as never), /faithfulnessCaption: unknown option "linebreak"; did you mean "lineBreak"\?/);
  });
});

describe("mapsSideBySide", () => {
  it("draws each map on its own axes with one legend and the same colour per genre", () => {
    const other = randomLayout(movieIds.length, 8);
    const figure = mapsSideBySide(
      [
        { layout, movieIds, title: "PCA", caption: "left", query: movieIds[0], neighbours: movieIds.slice(1, 4) },
        { layout: other, movieIds, title: "t-SNE", caption: "right" },
      ],
      data,
      { title: "Two maps" },
    );
    const left = genreTraces(figure).filter((t) => t.xaxis === "x");
    const right = genreTraces(figure).filter((t) => t.xaxis === "x2");
    assert.equal(left.length, right.length);
    left.forEach((t, i) => {
      assert.equal(right[i].legendgroup, t.legendgroup);
      assert.equal((right[i].marker as JsonObject).color, (t.marker as JsonObject).color);
      assert.equal(t.showlegend, true);
      assert.equal(right[i].showlegend, false);
    });
    assert.ok((figure.layout.xaxis as JsonObject).domain && (figure.layout.xaxis2 as JsonObject).domain);
    const texts = annotations(figure).map((a) => String(a.text));
    for (const t of ["<b>PCA</b>", "<b>t-SNE</b>", "left", "right"]) assert.ok(texts.includes(t), t);
    assert.equal(figure.data.filter((t) => t.legendgroup === "query").length, 1);
  });

  it("refuses an empty list and bad panels, naming the panel", () => {
    assert.throws(() => mapsSideBySide([], data), /mapsSideBySide: panels must be a non-empty array/);
    assert.throws(() => mapsSideBySide([{ layout, movieIds, titel: "x" } as never], data), /mapsSideBySide: panels\[0\]: unknown option "titel"; did you mean "title"\?/);
    assert.throws(() => mapsSideBySide([{ layout, movieIds }, { layout, movieIds, query: 999999 }], data), /mapsSideBySide: panels\[1\]\.query \(movieId 999999\) is not on the map/);
    assert.throws(() => mapsSideBySide([{ layout: {} as Layout2D, movieIds }], data), /panels\[0\]\.layout must be a 2D layout/);
  });
});

/** 60 keys: three tight groups of 8 (a, b, c) among 36 loose ones, in shuffled order. */
function clusteredVectors(): KeyedVectors {
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

describe("SimilarityMatrix with ml-matrix", () => {
  it("gives the cosines the library's scoring path gives (X · Xᵀ of unit rows)", () => {
    const wv = clusteredVectors();
    const sims = SimilarityMatrix.cosine(wv);
    const unit = wv.normedVectors();
    const n = wv.size;
    for (let i = 0; i < n; i++) {
      const before = scoreRows(unit, n, wv.vectorSize, unit.subarray(i * wv.vectorSize, (i + 1) * wv.vectorSize), { metric: "dot" });
      for (let j = 0; j < n; j++) assert.ok(Math.abs(sims.get(i, j) - before[j]) < 1e-6, `${i}, ${j}`);
    }
    const some = ["a3", "z1", "b0"];
    const subset = SimilarityMatrix.cosine(wv, some);
    assert.deepEqual(subset.keys, some);
    assert.ok(Math.abs(subset.get(0, 2) - wv.similarity("a3", "b0")) < 1e-6);
  });

  it("coherentBlock finds the tightest group, or a key and its closest keys", () => {
    const sims = SimilarityMatrix.cosine(clusteredVectors());
    const tightest = sims.coherentBlock(8).map((i) => sims.keys[i]);
    assert.deepEqual([...tightest].sort(), ["a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7"]);
    const around = sims.coherentBlock(8, { around: "c2" }).map((i) => sims.keys[i]);
    assert.deepEqual([...around].sort(), ["c0", "c1", "c2", "c3", "c4", "c5", "c6", "c7"]);
    assert.equal(sims.coherentBlock(100).length, sims.size);
    assert.throws(() => sims.coherentBlock(1), /SimilarityMatrix.coherentBlock: size must be a whole number ≥ 2, got 1/);
    assert.throws(() => sims.coherentBlock(5, { around: "c22" }), UnknownKeyError);
    assert.throws(() => sims.coherentBlock(5, { arround: "c2" } as never), /unknown option "arround"; did you mean "around"\?/);
  });
});

describe("similarityHeatmap", () => {
  const sims = SimilarityMatrix.cosine(clusteredVectors());
  const label = (key: string) => `Movie number ${key} with a rather long title, The (1999)`;

  it("labels a block of at most 40 rows and shows the whole matrix unlabelled beside it", () => {
    const figure = similarityHeatmap(sims, { label, size: MAX_LABELLED_ROWS });
    assert.equal(MAX_LABELLED_ROWS, 40);
    const [block, overview] = figure.data;
    const yaxis = figure.layout.yaxis as JsonObject;
    assert.equal((block.z as number[][]).length, 40);
    assert.equal((yaxis.ticktext as string[]).length, 40);
    for (const text of yaxis.ticktext as string[]) assert.ok(text.length <= 30 + 7, text);
    assert.equal(figure.layout.width, undefined); // fills the notebook's width instead of scrolling
    // the overview: every key, cluster order, no tick labels
    const order = sims.clusterOrder();
    const z = overview.z as number[][];
    assert.equal(z.length, sims.size);
    assert.equal(z[3][7], Math.round(sims.get(order[3], order[7]) * 100) / 100);
    assert.equal((figure.layout.xaxis2 as JsonObject).showticklabels, false);
    assert.equal((figure.layout.yaxis2 as JsonObject).showticklabels, false);
    // the block's cells are the matrix's cosines, its rows a run of the cluster order
    const keys = (block.text as string[][]).map((row) => row[0].split("<br>")[0]);
    const rows = keys.map((k) => sims.keys.findIndex((key) => label(key) === k));
    const start = order.indexOf(rows[0]);
    assert.deepEqual(rows, order.slice(start, start + 40));
    assert.equal((block.z as number[][])[1][2], Math.round(sims.get(rows[1], rows[2]) * 100) / 100);
  });

  it("centres the block on a key with `around`, and refuses bad options", () => {
    const figure = similarityHeatmap(sims, { around: "b4", size: 8 });
    assert.deepEqual([...((figure.layout.yaxis as JsonObject).ticktext as string[])].sort(), ["b0", "b1", "b2", "b3", "b4", "b5", "b6", "b7"]);
    assert.throws(() => similarityHeatmap(sims, { size: 41 }), /similarityHeatmap: size must be a whole number ≥ 2 and ≤ 40, got 41/);
    assert.throws(() => similarityHeatmap(sims, { labels: String } as never), /unknown option "labels"; did you mean "label"\?/);
    assert.throws(() => similarityHeatmap(sims, { around: "nope" }), UnknownKeyError);
  });
});

describe("shortTitle", () => {
  it("keeps short titles, and shortens long ones keeping the series apart and the year", () => {
    assert.equal(shortTitle("Toy Story (1995)"), "Toy Story (1995)");
    assert.equal(shortTitle("Lord of the Rings: The Fellowship of the Ring, The (2001)"), "LotR: Fellowship of the Ring (2001)");
    assert.equal(shortTitle("Lord of the Rings: The Two Towers, The (2002)"), "LotR: Two Towers (2002)");
    const harry = shortTitle("Harry Potter and the Sorcerer's Stone (a.k.a. Harry Potter and the Philosopher's Stone) (2001)");
    assert.ok(harry.startsWith("Harry Potter") && harry.endsWith("Stone (2001)") && harry.length <= 37, harry);
  });
});

