/**
 * A Plotly figure and how it is shown: one output carrying the Plotly JSON mimetype (drawn
 * natively by JupyterLab and VS Code), an HTML rendering that draws it with the bundle loaded by
 * `initPlotly()` (used by nbconvert's HTML export), and a one-line text summary.
 */
import { inspect } from "node:util";
import { emitDisplay, JsonObject, MimeBundle, newDisplayId } from "./channel";
import { escapeHtml, jsonForScript } from "./format";
import { PLOTLY_READY_EVENT } from "./plotly-bundle";

/** One Plotly trace (see the plotly.js reference); `type` names the trace type. */
export type PlotlyTrace = JsonObject & { type: string };

/** The mimetype JupyterLab's and VS Code's Plotly renderers draw. */
export const PLOTLY_MIMETYPE = "application/vnd.plotly.v1+json";

/** How long the HTML rendering waits for plotly.js before showing an error in place of the figure. */
const PLOTLY_WAIT_MS = 10_000;

/** A Plotly figure: traces, layout and config, ready to show or to inspect in tests. */
export class Figure {
  /**
   * @param kind what the chart is, for the summary ("line chart")
   * @param data the traces
   * @param layout the Plotly layout
   * @param config the Plotly config
   */
  constructor(
    readonly kind: string,
    readonly data: PlotlyTrace[],
    readonly layout: JsonObject,
    readonly config: JsonObject,
  ) {}

  /** Shows the figure as a notebook output (in plain node, prints its summary). */
  show(): void {
    show(this);
  }

  /** The figure as Plotly JSON, `{ data, layout, config }`. */
  toJSON(): JsonObject {
    return { data: this.data, layout: this.layout, config: this.config };
  }

  /**
   * A one-line description.
   *
   * @returns for example "Figure: line chart 'Loss' (2 traces, 40 points)"
   */
  summary(): string {
    const title = figureTitle(this.layout);
    const traces = `${this.data.length} trace${this.data.length === 1 ? "" : "s"}`;
    const points = this.data.reduce((sum, trace) => sum + tracePoints(trace), 0);
    return `Figure: ${this.kind}${title ? ` '${title}'` : ""} (${traces}, ${points} points)`;
  }

  /** What tslab prints when a figure is a cell's last expression. */
  [inspect.custom](): string {
    return this.summary();
  }
}

function figureTitle(layout: JsonObject): string {
  const title = layout.title;
  if (typeof title === "string") return title;
  if (title && typeof title === "object" && !Array.isArray(title) && typeof title.text === "string") {
    return title.text;
  }
  return "";
}

function tracePoints(trace: PlotlyTrace): number {
  if (Array.isArray(trace.z)) {
    return trace.z.reduce<number>((sum, row) => sum + (Array.isArray(row) ? row.length : 1), 0);
  }
  if (Array.isArray(trace.y)) return trace.y.length;
  if (Array.isArray(trace.x)) return trace.x.length;
  return 0;
}

/** The HTML that draws `figure` into a `div.me-figure` once plotly.js is on the page. */
function figureHtml(figure: Figure, id: string): string {
  const height = typeof figure.layout.height === "number" ? `${figure.layout.height}px` : "450px";
  const error = `<div class="me-figure-error" style="color:#b00020;padding:1em;border:1px solid #b00020">Plotly failed to load: run initPlotly() in the first cell</div>`;
  const script = `(function () {
  var id = ${jsonForScript(id)};
  var script = document.currentScript;
  var sibling = script && script.previousElementSibling;
  var el = sibling && sibling.id === id ? sibling : document.getElementById(id);
  if (!el) return;
  var figure = ${jsonForScript(figure.toJSON())};
  var drawn = false;
  function draw() {
    if (drawn || !window.Plotly) return;
    drawn = true;
    el.innerHTML = "";
    el.style.minHeight = "";
    window.Plotly.newPlot(el, figure.data, figure.layout, figure.config);
  }
  if (window.Plotly) { draw(); return; }
  window.addEventListener(${jsonForScript(PLOTLY_READY_EVENT)}, draw);
  setTimeout(function () { if (!drawn) el.innerHTML = ${jsonForScript(error)}; }, ${PLOTLY_WAIT_MS});
})();`;
  return (
    `<div class="me-figure" id="${escapeHtml(id)}" style="width:100%;min-height:${height}">` +
    `<span class="me-figure-placeholder">${escapeHtml(figure.summary())}</span></div>\n` +
    `<script type="text/javascript">${script}</script>`
  );
}

/**
 * The figure as JupyterLab's plotly renderer gets it: without `config.responsive`. That renderer
 * resizes the chart itself; with `responsive: true` every resize of the window or a side panel
 * collapses the chart to zero height (jupyterlab-plotly 7.1, JupyterLab 4; test/e2e/ checks).
 * The HTML rendering keeps `responsive`, since nothing else resizes it.
 */
function rendererJson(figure: Figure): JsonObject {
  const { responsive: _dropped, ...config } = figure.config;
  return { data: figure.data, layout: figure.layout, config };
}

/**
 * The output that shows `figure`: Plotly JSON, HTML and a text summary.
 *
 * @param figure the figure
 * @param id the HTML element id (and display id) to use
 * @returns the mime bundle, keyed by mimetype
 */
export function figureBundle(figure: Figure, id: string = newDisplayId()): MimeBundle {
  return {
    [PLOTLY_MIMETYPE]: rendererJson(figure),
    "text/html": figureHtml(figure, id),
    "text/plain": figure.summary(),
  };
}

/**
 * Shows a figure as one notebook output. Call `initPlotly()` in the notebook's first cell so
 * the HTML export can draw it.
 *
 * @param figure a figure from `lineChart`, `barChart`, `histogram`, `scatter`, `heatmap`, `movieMap`,
 *   `mapsSideBySide` or `similarityHeatmap`
 * @example
 * show(lineChart({ train: [3.1, 2.4, 2.0] }, { title: "Loss", xTitle: "epoch" }));
 */
export function show(figure: Figure): void {
  const id = newDisplayId();
  emitDisplay(figureBundle(figure, id), id);
}
