import { afterEach, beforeEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import os from "node:os";
import path from "node:path";
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
  METRICS_MIMETYPE,
  OptionsError,
  PLOTLY_MIMETYPE,
  progressLine,
  recordMetrics,
  scatter,
  setDisplaySink,
  show,
  showTable,
  trainingProgress,
  tsneProgress,
  withSummary,
} from "movie-embeddings/internal";

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

  it("rejects an unknown bundle", () => {
    assert.throws(() => initPlotly({ bundle: "gl3d" as "full" }), OptionsError);
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
