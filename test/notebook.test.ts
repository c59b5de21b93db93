// The notebook layer (lib/src/notebook): figures and their display, plotly, tables, recorded
// metrics, progress lines, the tslab channel and plain node; movie maps, the similarity heatmap
// and short titles; the library's own source shown highlighted.
import { afterEach, beforeEach, describe, it, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import os from "node:os";
import path, { join } from "node:path";
import { inspect } from "node:util";
import {
  barChart,
  DisplayMessage,
  figureBundle,
  epochProgress,
  formatTrainingProgress,
  heatmap,
  histogram,
  initPlotly,
  lineChart,
  MAX_LABELLED_ROWS,
  METRICS_MIMETYPE,
  OptionsError,
  PLOTLY_MIMETYPE,
  progressLine,
  Random,
  recordMetrics,
  scatter,
  setDisplaySink,
  show,
  showTable,
  SimilarityMatrix,
  SOURCE_DIR,
  trainingProgress,
  tsneProgress,
  UnknownKeyError,
  withSummary,
  faithfulnessCaption,
  mapsSideBySide,
  movieMap,
  primaryGenres,
  shortTitle,
  similarityHeatmap,
  sourceBundle,
  sourceOf,
} from "movie-embeddings/internal";
import type { Figure, JsonObject, Layout2D, PlotlyTrace } from "movie-embeddings";
import { data, ratingCount } from "./support/shipped";
import { optionCases } from "./support/options";
import { clusteredVectors } from "./support/vectors";

let shown: DisplayMessage[] = [];

beforeEach(() => {
  shown = [];
  setDisplaySink((message) => shown.push(message));
});

afterEach(() => setDisplaySink(null));

/** The only display sent since the test started. */
function single(): DisplayMessage {
  assert.equal(shown.length, 1, "exactly one display output");
  return shown[0];
}

function text(message: DisplayMessage, mimetype: string): string {
  const value = message.data[mimetype];
  assert.equal(typeof value, "string", `${mimetype} is a string`);
  return value as string;
}

describe("figures", () => {
  it("show() sends one output with Plotly JSON, HTML and a text summary", () => {
    const figure = lineChart({ train: [3, 2.5, 2.1], valid: [3.2, 2.8, 2.6] }, { title: "Loss", xTitle: "epoch" });
    show(figure);
    const message = single();
    assert.equal(message.update, false);
    assert.deepEqual(Object.keys(message.data).sort(), [PLOTLY_MIMETYPE, "text/html", "text/plain"].sort());
    const plotly = JSON.parse(JSON.stringify(message.data[PLOTLY_MIMETYPE]));
    assert.equal(plotly.data.length, 2);
    assert.deepEqual(plotly.data[1].y, [3.2, 2.8, 2.6]);
    assert.equal(plotly.layout.title.text, "Loss");
    assert.equal(plotly.layout.xaxis.title.text, "epoch");
    assert.ok(plotly.config);
    // JupyterLab's plotly renderer resizes charts itself; `responsive` would collapse them on resize
    assert.equal("responsive" in plotly.config, false);
    assert.equal(figure.config.responsive, true, "the HTML export still resizes with the window");
    assert.match(text(message, "text/html"), /"responsive":true/);
    assert.equal(text(message, "text/plain"), "Figure: line chart 'Loss' (2 traces, 6 points)");
  });

  it("the HTML draws into div.me-figure, waits for plotly.js and shows an error if it never comes", () => {
    const html = text({ data: figureBundle(lineChart({ y: [1, 2] }), "fig-1"), displayId: "fig-1", update: false }, "text/html");
    assert.match(html, /<div class="me-figure" id="fig-1"/);
    assert.match(html, /Plotly\.newPlot/);
    assert.match(html, /movie-embeddings:plotly-ready/);
    assert.match(html, /me-figure-error/);
    assert.match(html, /Plotly failed to load: run initPlotly\(\) in the first cell/);
    const script = html.slice(html.indexOf("<script"));
    assert.equal(script.match(/<\/script>/g)?.length, 1, "only the closing tag of the script itself");
  });

  it("data cannot close the script or inject HTML", () => {
    const html = text(
      { data: figureBundle(scatter([{ x: 1, y: 2, label: "</script><b>x</b>", group: "<i>g</i>" }], { title: "<T>" })), displayId: "", update: false },
      "text/html",
    );
    assert.equal(html.match(/<\/script>/g)?.length, 1);
    assert.ok(!html.includes("<b>x</b>"));
    assert.ok(html.includes("\\u003c/script\\u003e\\u003cb\\u003ex"));
  });

  it("a figure prints as its summary, for tslab's last-expression output", () => {
    const figure = barChart(["Drama", "Comedy"], [10, 7], { title: "Genres" });
    assert.equal(inspect(figure), "Figure: bar chart 'Genres' (1 trace, 2 points)");
    assert.deepEqual(figure.data[0].x, ["Drama", "Comedy"]);
  });

  it("barChart draws error bars and labelled reference lines", () => {
    const figure = barChart(["a", "b"], [0.1, 0.2], { errors: [0.01, 0.02], referenceLines: [{ label: "popularity", value: 0.04 }] });
    assert.deepEqual(figure.data[0].error_y, { type: "data", array: [0.01, 0.02], visible: true });
    assert.deepEqual((figure.layout.shapes as { y0: number }[]).map((shape) => shape.y0), [0.04]);
    assert.deepEqual((figure.layout.annotations as { text: string }[]).map((note) => note.text), ["popularity"]);
    assert.throws(() => barChart(["a"], [1], { errors: [1, 2] }), /2 errors but 1 values/);
  });

  it("figure.show() is show(figure)", () => {
    histogram([1, 2, 3]).show();
    assert.match(text(single(), "text/plain"), /^Figure: histogram/);
  });

  it("histogram bins values here, with log bins on a log axis", () => {
    const linear = histogram([0, 1, 1, 2, 10], { bins: 5 });
    assert.equal(linear.data[0].type, "bar");
    assert.deepEqual(linear.data[0].y, [3, 1, 0, 0, 1]);
    const log = histogram([1, 10, 100, 1000], { bins: 3, logX: true, logY: true });
    const layout = log.layout as { xaxis: { type: string }; yaxis: { type: string } };
    assert.equal(layout.xaxis.type, "log");
    assert.equal(layout.yaxis.type, "log");
    assert.deepEqual(log.data[0].x, [1, 10, 100, 1000]);
    assert.deepEqual((log.data[0].y as number[]).slice(0, 3), [1, 1, 2]);
    assert.throws(() => histogram([0, 1], { logX: true }), OptionsError);
  });

  it("histogram overlays named series on shared bins, as shares with normalize", () => {
    const figure = histogram({ random: [0, 0, 1, 1], neighbours: [1, 1] }, { bins: 2, normalize: true });
    assert.equal(figure.data.length, 2);
    assert.deepEqual(figure.data.map((trace) => trace.name), ["random", "neighbours"]);
    assert.deepEqual(figure.data[0].x, figure.data[1].x);
    assert.deepEqual(figure.data[0].y, [0.5, 0.5]);
    assert.deepEqual(figure.data[1].y, [0, 1]);
    assert.equal((figure.layout as { barmode: string }).barmode, "overlay");
  });

  it("scatter makes one named trace per group, with hover labels", () => {
    const figure = scatter([
      { x: 0, y: 0, label: "Toy Story (1995)", group: "Animation" },
      { x: 1, y: 1, label: "Heat (1995)", group: "Action" },
      { x: 2, y: 0, label: "Up (2009)", group: "Animation" },
    ]);
    assert.deepEqual(
      figure.data.map((t) => [t.name, t.text]),
      [
        ["Animation", ["Toy Story (1995)", "Up (2009)"]],
        ["Action", ["Heat (1995)"]],
      ],
    );
    assert.equal(figure.layout.showlegend, true);
  });

  it("heatmap labels its axes, first row on top", () => {
    const figure = heatmap(
      [
        [1, 0.5],
        [0.5, 1],
      ],
      { xLabels: ["a", "b"], yLabels: ["a", "b"], zmin: -1, zmax: 1, colorscale: "RdBu" },
    );
    assert.deepEqual(figure.data[0].x, ["a", "b"]);
    assert.equal((figure.layout.yaxis as { autorange: string }).autorange, "reversed");
    assert.throws(() => heatmap([[1, 2]], { xLabels: ["a"] }), OptionsError);
  });
});

describe("initPlotly", () => {
  it("inlines the cartesian bundle once, hiding window.define, with no stray </script>", () => {
    initPlotly();
    const message = single();
    const html = text(message, "text/html");
    assert.ok(html.length > 1_000_000, "the bundle is inlined");
    assert.match(html, /plotly\.js \(cartesian - minified\) v4/);
    assert.match(html, /window\.define = undefined/);
    assert.match(html, /window\.define = window\.__movieEmbeddingsDefine/);
    assert.match(html, /dispatchEvent\(new Event\("movie-embeddings:plotly-ready"\)\)/);
    assert.equal(html.match(/<\/script/gi)?.length, 3, "only the closing tags of its three scripts");
    assert.ok(html.indexOf("window.define = undefined") < html.indexOf("plotly.js (cartesian"));
    assert.match(text(message, "text/plain"), /^plotly\.js 4\.1\.1 \(cartesian bundle/);
  });

  it("inlines the full plotly.js-dist bundle on request, with the trace types the cartesian one lacks", () => {
    initPlotly({ bundle: "full" });
    const message = single();
    const html = text(message, "text/html");
    assert.ok(html.length > 5_000_000, "the full bundle is inlined");
    assert.match(html, /plotly\.js v4\.1\.1/);
    assert.ok(html.includes("scattergl") && html.includes("scatter3d"), "WebGL and 3D traces are in it");
    assert.equal(html.match(/<\/script/gi)?.length, 3, "only the closing tags of its three scripts");
    assert.match(text(message, "text/plain"), /^plotly\.js 4\.1\.1 \(full bundle/);
  });

  it("rejects an unknown bundle", () => {
    assert.throws(() => initPlotly({ bundle: "gl3d" as "full" }), OptionsError);
  });
});

describe("options of charts, tables and initPlotly", () => {
  optionCases([
    ["lineChart, a misspelt option", () => lineChart({ a: [1, 2] }, { xtitle: "epoch" } as never), 'lineChart: unknown option "xtitle"; did you mean "xTitle"?'],
    ["barChart, a non-boolean horizontal", () => barChart(["a"], [1], { horizontal: "yes" } as never), "barChart: horizontal must be true or false, got \"yes\""],
    ["histogram, a misspelt bins", () => histogram([1, 2, 3], { bin: 3 } as never), 'histogram: unknown option "bin"; did you mean "bins"?'],
    ["histogram, zero bins", () => histogram([1, 2, 3], { bins: 0 }), "histogram: bins must be a whole number ≥ 1, got 0"],
    ["scatter, a negative width", () => scatter([], { width: -1 }), "scatter: width must be a finite number > 0, got -1"],
    ["scatter, an opacity above 1", () => scatter([], { opacity: 2 }), "scatter: opacity must be a finite number ≥ 0 and ≤ 1, got 2"],
    ["heatmap, a NaN zmin", () => heatmap([[1]], { zmin: NaN }), "heatmap: zmin must be a finite number, got NaN"],
    ["showTable, a misspelt maxRows", () => showTable([{ a: 1 }], { maxrows: 5 } as never), 'showTable: unknown option "maxrows"; did you mean "maxRows"?'],
    ["showTable, zero rows", () => showTable([{ a: 1 }], { maxRows: 0 }), "showTable: maxRows must be a whole number of at least 1, or Infinity for every row, got 0"],
    ["showTable, a fractional precision", () => showTable([{ a: 1 }], { precision: 2.5 }), "showTable: precision must be a whole number ≥ 0 and ≤ 20, got 2.5"],
    ["initPlotly, a misspelt bundle", () => initPlotly({ bundel: "full" } as never), 'initPlotly: unknown option "bundel"; did you mean "bundle"?'],
    ["initPlotly, an unknown bundle", () => initPlotly({ bundle: "gl3d" as "full" }), 'initPlotly: bundle must be one of "cartesian", "full", got "gl3d"'],
  ]);

  it("showTable still takes maxRows: Infinity for every row", () => {
    showTable([{ a: 1 }, { a: 2 }, { a: 3 }], { maxRows: Infinity });
    assert.doesNotMatch(text(single(), "text/plain"), /more rows/);
  });
});

describe("tables", () => {
  it("shows rows as a pandas-like HTML table, escaping HTML", () => {
    showTable([
      { key: "<b>Heat</b> & co", similarity: 0.87654321 },
      { key: "Up", similarity: 1 },
    ]);
    const message = single();
    const html = text(message, "text/html");
    assert.match(html, /<table class="dataframe me-table"/);
    assert.match(html, /<th style="text-align:left">key<\/th><th style="text-align:right">similarity<\/th>/);
    assert.ok(html.includes("&lt;b&gt;Heat&lt;/b&gt; &amp; co"));
    assert.ok(!html.includes("<b>Heat"));
    assert.match(html, /<th style="text-align:right">0<\/th><td style="text-align:left">[^<]*<\/td><td style="text-align:right">0\.8765<\/td>/);
    assert.equal(
      text(message, "text/plain"),
      ["   key               similarity", "0  <b>Heat</b> & co      0.8765", "1  Up                    1.0000"].join("\n"),
    );
  });

  it("cuts long tables to maxRows: head, a '… N more rows' row, tail", () => {
    const rows = Array.from({ length: 100 }, (_, i) => ({ id: i }));
    showTable(rows, { maxRows: 4 });
    const message = single();
    const html = text(message, "text/html");
    assert.equal(html.match(/<tr>/g)?.length, 1 + 4, "header and four rows");
    assert.match(html, /… 96 more rows/);
    assert.match(html, /100 rows × 1 columns/);
    const lines = text(message, "text/plain").split("\n");
    assert.deepEqual(lines.map((l) => l.trim().split(/\s+/)[0]), ["id", "0", "1", "…", "98", "99", "[100"]);
  });

  it("shows a DataFrame-like object with its index and chosen columns", () => {
    const frame = { columns: ["movieId", "title"], index: ["a", "b"], values: [[1, "Toy Story"], [2, "Jumanji"]] };
    showTable(frame, { columns: ["title"], title: "Movies" });
    const html = text(single(), "text/html");
    assert.match(html, /<caption>Movies<\/caption>/);
    assert.match(html, /<th style="text-align:right">b<\/th><td style="text-align:left">Jumanji<\/td><\/tr>/);
    assert.ok(!html.includes("movieId"));
    assert.throws(() => showTable(frame, { columns: ["nope"] }), OptionsError);
  });

  it("shows a Series-like object (1D values) as one column", () => {
    showTable({ columns: ["score"], index: [0, 1], values: [0.5, 2] });
    assert.equal(text(single(), "text/plain"), ["    score", "0  0.5000", "1  2.0000"].join("\n"));
  });
});

describe("recordMetrics", () => {
  it("records the metrics as JSON under their own mimetype, with text and HTML for readers", () => {
    recordMetrics({ "hitRate@10": 0.183, epochs: 5, model: "word2vec" });
    const message = single();
    const metrics = JSON.parse(JSON.stringify(message.data[METRICS_MIMETYPE]));
    assert.deepEqual(metrics, { "hitRate@10": 0.183, epochs: 5, model: "word2vec" });
    assert.equal(text(message, "text/plain"), "metrics: hitRate@10 = 0.1830, epochs = 5, model = word2vec");
    assert.match(text(message, "text/html"), /<th style="text-align:left">hitRate@10<\/th>/);
  });

  it("rejects values JSON cannot hold", () => {
    assert.throws(() => recordMetrics({ loss: Number.NaN }), OptionsError);
  });
});

describe("progress", () => {
  it("updates one output in place: one display, then updates with the same id", () => {
    const line = progressLine({ intervalMs: 0 });
    line.update("step 1");
    line.update("step 2");
    line.done("finished");
    line.update("ignored after done");
    assert.deepEqual(
      shown.map((m) => [m.data["text/plain"], m.update]),
      [
        ["step 1", false],
        ["step 2", true],
        ["finished", true],
      ],
    );
    assert.equal(new Set(shown.map((m) => m.displayId)).size, 1);
  });

  it("skips updates faster than the interval but always shows the last", () => {
    const line = progressLine({ intervalMs: 60_000 });
    for (let i = 1; i <= 50; i++) line.update(`step ${i}`);
    line.done();
    assert.deepEqual(shown.map((m) => m.data["text/plain"]), ["step 1", "step 50"]);
  });

  it("trainingProgress formats epochs, percent, speed and loss, and ends at the last epoch", () => {
    assert.equal(
      formatTrainingProgress({ epoch: 3, epochs: 5, progress: 0.62, wordsPerSecond: 1_234_567, loss: 4.2137 }),
      "epoch 3/5 · 62% · 1.2 M words/s · loss 4.21",
    );
    const onProgress = trainingProgress({ label: "word2vec", intervalMs: 60_000 });
    onProgress({ epoch: 1, epochs: 2, progress: 0.1 });
    onProgress({ epoch: 2, epochs: 2, progress: 0.5 });
    onProgress({ epoch: 2, epochs: 2, progress: 1, loss: 2 });
    assert.deepEqual(shown.map((m) => m.data["text/plain"]), ["word2vec · epoch 1/2 · 10%", "word2vec · epoch 2/2 · 100% · loss 2.00"]);
    assert.equal(new Set(shown.map((m) => m.displayId)).size, 1);
  });
});

describe("epoch progress", () => {
  it("epochProgress shows each epoch report's metrics and ends on the run's last report, also after early stopping", () => {
    const onEpochEnd = epochProgress({ label: "NCF" });
    const report = { epochs: 15, loss: 0.5, cpuSeconds: 0.5, trainLoss: 0.5, trainRmse: 0.7 };
    onEpochEnd({ ...report, epoch: 1, progress: 1 / 15, seconds: 0.61, decision: "improved" });
    // early stopping ends the run at epoch 2: the last report is the finished run (progress 1)
    onEpochEnd({ ...report, epoch: 2, epochs: 2, progress: 1, seconds: 0.58, validationLoss: 0.7, decision: "stop" });
    onEpochEnd({ ...report, epoch: 3, progress: 3 / 15, seconds: 0.6 });
    assert.deepEqual(shown.map((m) => m.data["text/plain"]), [
      "NCF · epoch 1/15 · 0.6 s · trainLoss 0.500 · trainRmse 0.700",
      "NCF · epoch 2/2 · 0.6 s · trainLoss 0.500 · trainRmse 0.700 · validationLoss 0.700",
    ]);
  });
});

describe("t-SNE progress", () => {
  it("tsneProgress shows step, exaggeration and KL on one line, and ends on the finished map", () => {
    const onProgress = tsneProgress("t-SNE of 3 movies", { intervalMs: 0 });
    // t-SNE reports the one progress shape: its gradient steps as epochs, the KL divergence as loss
    onProgress({ epoch: 50, epochs: 750, progress: 50 / 750, loss: 3.21, exaggerated: true });
    onProgress({ epoch: 300, epochs: 750, progress: 300 / 750, loss: 2.5, exaggerated: false });
    onProgress({ epoch: 750, epochs: 750, progress: 1, loss: 2.1804, exaggerated: false });
    assert.deepEqual(shown.map((m) => m.data["text/plain"]), [
      "t-SNE of 3 movies · step 50/750 (early exaggeration) · KL 3.210",
      "t-SNE of 3 movies · step 300/750 · KL 2.500",
      "t-SNE of 3 movies · 750 steps · KL 2.180",
    ]);
    assert.equal(new Set(shown.map((m) => m.displayId)).size, 1);
  });
});

describe("progress options", () => {
  it("every progress callback refuses a misspelt option and a NaN interval, naming itself", () => {
    assert.throws(() => progressLine({ intervalMS: 5 } as never), /progressLine: unknown option "intervalMS"; did you mean "intervalMs"\?/);
    assert.throws(() => progressLine({ intervalMs: NaN }), /progressLine: intervalMs must be a finite number ≥ 0, got NaN/);
    assert.throws(() => trainingProgress({ lable: "x" } as never), /trainingProgress: unknown option "lable"; did you mean "label"\?/);
    assert.throws(() => tsneProgress("t-SNE", { logIntervalMs: -1 }), /tsneProgress: logIntervalMs must be a finite number ≥ 0, got -1/);
  });
});

describe("tslab channel", () => {
  it("sends all mimetypes in one display_data through the running kernel's tslab, updates by display id", () => {
    setDisplaySink(null);
    const sent: { data: unknown; update: boolean }[] = [];
    const fakePath = path.join(os.tmpdir(), "kernel", "node_modules", "tslab", "dist", "jupyter.js");
    const fake = { lastWriteDisplayData: (data: unknown, update: boolean) => sent.push({ data, update }) };
    require.cache[fakePath] = { exports: fake } as NodeJS.Module;
    try {
      recordMetrics({ ndcg: 0.5 });
      const line = progressLine({ intervalMs: 0 });
      line.update("a");
      line.done("b");
    } finally {
      delete require.cache[fakePath];
    }
    assert.equal(sent.length, 3);
    const first = sent[0].data as { data: Record<string, unknown>; metadata: object; transient: { display_id: string } };
    assert.deepEqual(Object.keys(first.data).sort(), [METRICS_MIMETYPE, "text/html", "text/plain"].sort());
    assert.deepEqual(first.metadata, {});
    assert.equal(sent[0].update, false);
    const ids = sent.slice(1).map((s) => (s.data as { transient: { display_id: string } }).transient.display_id);
    assert.equal(ids[0], ids[1]);
    assert.deepEqual(sent.slice(1).map((s) => s.update), [false, true]);
  });
});

describe("plain node", () => {
  it("prints the text/plain form when no notebook is there", () => {
    setDisplaySink(null);
    const printed: string[] = [];
    const write = process.stdout.write;
    process.stdout.write = ((chunk: string) => printed.push(chunk) > 0) as typeof process.stdout.write;
    try {
      show(lineChart({ loss: [1, 0.5] }));
    } finally {
      process.stdout.write = write;
    }
    assert.deepEqual(printed, ["Figure: line chart (1 trace, 2 points)\n"]);
  });

  it("withSummary makes a result print as one line, keeping its JSON", () => {
    const result = withSummary({ hitRate: 0.25, users: 610 }, (r) => `Evaluation: hit rate ${r.hitRate} over ${r.users} users`);
    assert.equal(inspect(result), "Evaluation: hit rate 0.25 over 610 users");
    assert.equal(JSON.stringify(result), '{"hitRate":0.25,"users":610}');
  });
});

/** The first 400 movies of ml-latest-small, on a seeded random layout. */
const movieIds = data.movieList.slice(0, 400).map((m) => m.movieId);
const layout = randomLayout(movieIds.length, 7);

function randomLayout(n: number, seed: number): Layout2D {
  const rng = new Random(seed);
  return { x: Float64Array.from({ length: n }, () => rng.normal()), y: Float64Array.from({ length: n }, () => rng.normal()), iterations: 0 };
}

function genreTraces(figure: Figure): PlotlyTrace[] {
  return figure.data.filter((t) => typeof t.legendgroup === "string" && !["query", "neighbours"].includes(t.legendgroup));
}

function annotations(figure: Figure): JsonObject[] {
  return (figure.layout.annotations ?? []) as JsonObject[];
}

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

test("sourceOf gives a method with its TSDoc, exactly the file's lines, dedented", () => {
  const excerpt = sourceOf("cbow/model.ts#plainBlock");
  const lines = readFileSync(join(SOURCE_DIR, "cbow", "model.ts"), "utf8").split("\n");
  const slice = lines.slice(excerpt.startLine - 1, excerpt.endLine);
  assert.equal(excerpt.file, "src/cbow/model.ts");
  assert.match(slice[0], /^\s*\/\*\*/);
  assert.match(slice.at(-1)!, /^ {2}\}$/, "ends at the method's closing brace");
  assert.equal(excerpt.code, slice.map((l) => l.slice(2)).join("\n"));
  assert.match(excerpt.code, /forward 1: h_j = Σ_k E\[c_jk\]/);
  assert.match(excerpt.code, /backward 3:/);
  assert.ok(!sourceOf("cbow/model.ts#plainBlock", { doc: false }).code.startsWith("/**"));
});

test("sourceOf ends a declaration at its own closing brace, not at braces in its signature", () => {
  // `options = {}` in the parameters and `{ start; end }` as a return type must not end it
  const trainCbow = sourceOf("cbow/trainer.ts#trainCbow").code;
  assert.match(trainCbow, /^export async function trainCbow\(/m);
  assert.match(trainCbow, /return \{\n\s+model,\n\s+log: run\.log,/);
  assert.ok(trainCbow.endsWith("\n}"));
  const positions = sourceOf("cbow/examples.ts#middlePositions", { doc: false }).code;
  assert.equal(positions.split("\n").length, 3);
});

test("sourceOf refuses unknown files and names with the closest ones", () => {
  assert.throws(() => sourceOf("ncf/model.ts#predictRow"), (e: unknown) => e instanceof UnknownKeyError && /did you mean "predictRows"/.test(e.message));
  assert.throws(() => sourceOf("ncf/modle.ts#predictRows"), (e: unknown) => e instanceof UnknownKeyError && /"ncf\/model\.ts"/.test(e.message));
  assert.throws(() => sourceOf("ncf/model.ts#predictRows", { docs: false } as never), OptionsError);
});

test("sourceBundle: highlighted, escaped HTML and the plain code with its file and lines", () => {
  const bundle = sourceBundle("ncf/model.ts#predictRows");
  const excerpt = sourceOf("ncf/model.ts#predictRows");
  assert.equal(bundle["text/plain"], `// movie-embeddings/src/ncf/model.ts · lines ${excerpt.startLine}–${excerpt.endLine}\n${excerpt.code}`);
  const html = String(bundle["text/html"]);
  assert.match(html, /font-weight:bold">for<\/span>/);
  assert.match(html, /i &lt; user\.length/);
  assert.equal(html.replace(/<[^>]+>/g, "").includes(excerpt.code.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;")), true);
});
