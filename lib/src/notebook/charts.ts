/**
 * Chart helpers for what the tutorials draw: loss curves, bars, histograms, embedding maps and
 * similarity matrices. Each returns a {@link Figure}; show it with `show(figure)` or
 * `figure.show()`.
 */
import { OptionsError } from "../errors";
import { checkOptions, type OptionChecks } from "../options";
import { JsonObject, JsonValue } from "./channel";
import { Figure, PlotlyTrace } from "./figure";

/** Options every chart takes. */
export interface ChartOptions {
  /** Title above the chart. */
  title?: string;
  /** Title of the x axis. */
  xTitle?: string;
  /** Title of the y axis. */
  yTitle?: string;
  /** Width in pixels; by default the chart fills the output's width. */
  width?: number;
  /** Height in pixels (default 450). */
  height?: number;
  /** Logarithmic x axis. */
  logX?: boolean;
  /** Logarithmic y axis. */
  logY?: boolean;
}

/** One named line of a {@link lineChart}. */
export interface LineSeries {
  /** The legend entry. */
  name: string;
  /** The values. */
  y: readonly number[];
  /** The x of each value; by default the chart's `x`, else 1, 2, 3… */
  x?: readonly number[];
}

/** Options of {@link lineChart}. */
export interface LineChartOptions extends ChartOptions {
  /** The x shared by all series that have none of their own; by default 1, 2, 3… */
  x?: readonly number[];
  /** Draw a marker on each point as well as the line. */
  markers?: boolean;
}

/** Options of {@link barChart}. */
export interface BarChartOptions extends ChartOptions {
  /** Horizontal bars, labels on the y axis (reads better for long labels such as titles). */
  horizontal?: boolean;
  /** One error-bar half-length per bar (for example a standard deviation over seeds). */
  errors?: readonly number[];
  /** Dashed lines across the chart at these values, each labelled (for example baselines). */
  referenceLines?: readonly { readonly label: string; readonly value: number }[];
}

/** Options of {@link histogram}. */
export interface HistogramOptions extends ChartOptions {
  /** Show each bin's share of its series instead of its count (for series of different sizes). */
  normalize?: boolean;
  /** Number of bins (default 30); with `logX` the bins are equally wide on the log axis. */
  bins?: number;
}

/** One point of a {@link scatter}. */
export interface ScatterPoint {
  /** Position on the x axis. */
  x: number;
  /** Position on the y axis. */
  y: number;
  /** Shown on hover, for example a movie title. */
  label?: string;
  /** The colour group, one legend entry per group, for example a genre. */
  group?: string;
}

/** Options of {@link scatter}. */
export interface ScatterOptions extends ChartOptions {
  /** Marker diameter in pixels (default 6). */
  markerSize?: number;
  /** Marker opacity in [0, 1] (default 0.8). */
  opacity?: number;
}

/** Options of {@link heatmap}. */
export interface HeatmapOptions extends ChartOptions {
  /** Labels of the columns, left to right. */
  xLabels?: readonly string[];
  /** Labels of the rows, top to bottom. */
  yLabels?: readonly string[];
  /** A Plotly colorscale name (default "Viridis"; "RdBu" suits values in [-1, 1]). */
  colorscale?: string;
  /** Value at the low end of the colour scale (default: the smallest value). */
  zmin?: number;
  /** Value at the high end of the colour scale (default: the largest value). */
  zmax?: number;
}

function axis(title: string | undefined, log: boolean | undefined): JsonObject {
  const result: JsonObject = { automargin: true };
  if (title) result.title = { text: title };
  if (log) result.type = "log";
  return result;
}

function layout(options: ChartOptions, extra: JsonObject = {}): JsonObject {
  const result: JsonObject = {
    xaxis: axis(options.xTitle, options.logX),
    yaxis: axis(options.yTitle, options.logY),
    margin: { l: 60, r: 30, t: options.title ? 60 : 30, b: 60 },
    hovermode: "closest",
  };
  if (options.title) result.title = { text: options.title };
  if (options.width !== undefined) result.width = options.width;
  if (options.height !== undefined) result.height = options.height;
  return { ...result, ...extra };
}

/** The rule of each option every chart takes. */
const CHART_CHECKS: OptionChecks<ChartOptions> = {
  title: "string",
  xTitle: "string",
  yTitle: "string",
  width: "positive",
  height: "positive",
  logX: "boolean",
  logY: "boolean",
};
const LINE_CHECKS: OptionChecks<LineChartOptions> = { ...CHART_CHECKS, x: "array", markers: "boolean" };
const BAR_CHECKS: OptionChecks<BarChartOptions> = { ...CHART_CHECKS, horizontal: "boolean", errors: "array", referenceLines: "array" };
const HISTOGRAM_CHECKS: OptionChecks<HistogramOptions> = { ...CHART_CHECKS, normalize: "boolean", bins: "positiveInt" };
const SCATTER_CHECKS: OptionChecks<ScatterOptions> = { ...CHART_CHECKS, markerSize: "positive", opacity: "unit" };
const HEATMAP_CHECKS: OptionChecks<HeatmapOptions> = {
  ...CHART_CHECKS,
  xLabels: "array",
  yLabels: "array",
  colorscale: "string",
  zmin: "number",
  zmax: "number",
};

/** The Plotly config of every chart of the library. */
export const CHART_CONFIG: JsonObject = { responsive: true, displaylogo: false };

function figure(kind: string, data: PlotlyTrace[], options: ChartOptions, extra?: JsonObject): Figure {
  return new Figure(kind, data, layout(options, extra), { ...CHART_CONFIG });
}

function oneToN(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i + 1);
}

/**
 * Lines over a shared x, one per named series: loss curves, metrics per epoch.
 *
 * @param series named series: `{ train: [...], valid: [...] }`, or `LineSeries` objects
 * @param options titles, size, log axes, the shared `x`, `markers`
 * @returns the figure
 * @example
 * lineChart({ loss: losses }, { title: "Loss", xTitle: "epoch", yTitle: "loss" }).show();
 */
export function lineChart(
  series: readonly LineSeries[] | Readonly<Record<string, readonly number[]>>,
  options: LineChartOptions = {},
): Figure {
  checkOptions("lineChart", options, LINE_CHECKS);
  const list: readonly LineSeries[] = isSeriesList(series)
    ? series
    : Object.entries(series).map(([name, y]) => ({ name, y }));
  const data = list.map((s): PlotlyTrace => {
    const x = s.x ?? options.x ?? oneToN(s.y.length);
    if (x.length !== s.y.length) {
      throw new OptionsError(`lineChart: series ${JSON.stringify(s.name)} has ${s.y.length} values but ${x.length} x`);
    }
    return { type: "scatter", mode: options.markers ? "lines+markers" : "lines", name: s.name, x: [...x], y: [...s.y] };
  });
  return figure("line chart", data, options, { showlegend: data.length > 1 });
}

function isSeriesList(
  series: readonly LineSeries[] | Readonly<Record<string, readonly number[]>>,
): series is readonly LineSeries[] {
  return Array.isArray(series);
}

/**
 * Bars, one per label.
 *
 * @param labels the bar labels, for example genres or titles
 * @param values one value per label
 * @param options titles, size, log axes, `horizontal`
 * @returns the figure
 * @example
 * barChart(["Drama", "Comedy"], [4361, 3756], { title: "Movies per genre" }).show();
 */
export function barChart(
  labels: readonly (string | number)[],
  values: readonly number[],
  options: BarChartOptions = {},
): Figure {
  checkOptions("barChart", options, BAR_CHECKS);
  if (labels.length !== values.length) {
    throw new OptionsError(`barChart: ${labels.length} labels but ${values.length} values`);
  }
  const trace: PlotlyTrace = options.horizontal
    ? { type: "bar", orientation: "h", x: [...values], y: [...labels] }
    : { type: "bar", x: [...labels], y: [...values] };
  const categories: JsonObject = options.horizontal
    ? { yaxis: { ...axis(options.yTitle, options.logY), type: "category", autorange: "reversed" } }
    : { xaxis: { ...axis(options.xTitle, options.logX), type: "category" } };
  if (options.errors) {
    if (options.errors.length !== values.length) {
      throw new OptionsError(`barChart: ${options.errors.length} errors but ${values.length} values`);
    }
    trace[options.horizontal ? "error_x" : "error_y"] = { type: "data", array: [...options.errors], visible: true };
  }
  const lines = options.referenceLines ?? [];
  const shapes: JsonValue[] = lines.map((line): JsonObject =>
    options.horizontal
      ? { type: "line", xref: "x", yref: "paper", x0: line.value, x1: line.value, y0: 0, y1: 1, line: { dash: "dash", width: 1 } }
      : { type: "line", xref: "paper", yref: "y", x0: 0, x1: 1, y0: line.value, y1: line.value, line: { dash: "dash", width: 1 } },
  );
  const annotations: JsonValue[] = lines.map((line): JsonObject =>
    options.horizontal
      ? { xref: "x", yref: "paper", x: line.value, y: 1, text: line.label, showarrow: false, textangle: -90, xanchor: "left", yanchor: "top" }
      : { xref: "paper", yref: "y", x: 1, y: line.value, text: line.label, showarrow: false, xanchor: "right", yanchor: "bottom" },
  );
  if (lines.length) Object.assign(categories, { shapes, annotations });
  return figure("bar chart", [trace], options, categories);
}

/**
 * The distribution of values, binned here (so the output stays small however many values
 * there are): for example ratings per movie, with `logX` and `logY` for heavy tails. Several
 * named series share the same bins and are overlaid, for comparing distributions.
 *
 * @param values the values, or named series of values; with `logX` all must be positive
 * @param options titles, size, log axes, `bins`, `normalize`
 * @returns the figure, one trace per series, one bar per bin (hover shows the bin's range and count)
 * @example
 * histogram(ratingsPerMovie, { title: "Ratings per movie", logX: true, logY: true }).show();
 * histogram({ "random pairs": random, neighbours }, { normalize: true }).show();
 */
export function histogram(
  values: readonly number[] | Readonly<Record<string, readonly number[]>>,
  options: HistogramOptions = {},
): Figure {
  checkOptions("histogram", options, HISTOGRAM_CHECKS);
  const bins = options.bins ?? 30;
  const named = isNumberList(values) ? { "": values } : values;
  const series = Object.entries(named).map(([name, list]) => [name, list.filter((v) => Number.isFinite(v))] as const);
  if (options.logX && series.some(([, list]) => list.some((v) => v <= 0))) {
    throw new OptionsError("histogram: logX needs positive values; filter out zeros and negatives first");
  }
  const scale = options.logX ? Math.log10 : (v: number) => v;
  const unscale = options.logX ? (v: number) => 10 ** v : (v: number) => v;
  let low = Infinity;
  let high = -Infinity;
  for (const [, list] of series) {
    for (const v of list) {
      low = Math.min(low, scale(v));
      high = Math.max(high, scale(v));
    }
  }
  if (low === Infinity) {
    low = 0;
    high = 1;
  } else if (high === low) {
    high = low + 1;
  }
  const width = (high - low) / bins;
  const edges = Array.from({ length: bins + 1 }, (_, i) => unscale(low + i * width));
  const overlaid = series.length > 1;
  const data = series.map(([name, list]): PlotlyTrace => {
    const counts = new Array<number>(bins).fill(0);
    for (const v of list) counts[Math.min(Math.floor((scale(v) - low) / width), bins - 1)]++;
    const heights = options.normalize ? counts.map((c) => c / Math.max(list.length, 1)) : counts;
    const text = counts.map((c, i) => `${name ? `${name} ` : ""}[${round(edges[i])}, ${round(edges[i + 1])}${i === bins - 1 ? "]" : ")"}: ${c}`);
    const common: JsonObject = { name, showlegend: overlaid, hoverinfo: "text", opacity: overlaid ? 0.6 : 1 };
    return options.logX
      ? // bars have no log-wide width, so on a log axis the bins are a filled step line
        { ...common, type: "scatter", mode: "lines", line: { shape: "hv" }, fill: "tozeroy", x: edges, y: [...heights, heights[bins - 1]], text: [...text, text[bins - 1]] }
      : { ...common, type: "bar", x: edges.slice(0, bins).map((e, i) => (e + edges[i + 1]) / 2), y: heights, width: heights.map(() => width), text, textposition: "none" };
  });
  return figure("histogram", data, { yTitle: options.normalize ? "share" : "count", ...options }, { bargap: 0.02, barmode: "overlay" });
}

function isNumberList(values: readonly number[] | Readonly<Record<string, readonly number[]>>): values is readonly number[] {
  return Array.isArray(values) || ArrayBuffer.isView(values);
}

function round(value: number): number {
  return Number(value.toPrecision(4));
}

/**
 * Points in 2D with hover labels, coloured by group with one legend entry per group: for
 * example movie embeddings projected to 2D, coloured by genre.
 *
 * @param points the points; `label` shows on hover, `group` picks the colour
 * @param options titles, size, log axes, `markerSize`, `opacity`
 * @returns the figure, one trace per group in order of first appearance
 * @example
 * scatter(movies.map((m, i) => ({ x: xy[i][0], y: xy[i][1], label: m.title, group: m.genre })),
 *   { title: "Movie map" }).show();
 */
export function scatter(points: readonly ScatterPoint[], options: ScatterOptions = {}): Figure {
  checkOptions("scatter", options, SCATTER_CHECKS);
  const groups = new Map<string, ScatterPoint[]>();
  for (const p of points) {
    const key = p.group ?? "";
    const members = groups.get(key) ?? [];
    members.push(p);
    groups.set(key, members);
  }
  const marker: JsonObject = { size: options.markerSize ?? 6, opacity: options.opacity ?? 0.8 };
  const data = [...groups].map(([group, members]): PlotlyTrace => {
    const trace: PlotlyTrace = {
      type: "scatter",
      mode: "markers",
      name: group,
      x: members.map((p) => p.x),
      y: members.map((p) => p.y),
      marker,
    };
    if (members.some((p) => p.label !== undefined)) {
      trace.text = members.map((p) => p.label ?? "");
      trace.hovertemplate = "%{text}<extra>%{fullData.name}</extra>";
    }
    return trace;
  });
  const showlegend = groups.size > 1 || (groups.size === 1 && !groups.has(""));
  return figure("scatter plot", data, options, { showlegend });
}

/**
 * A matrix as coloured cells with labelled rows and columns, first row at the top: for
 * example cosine similarities between movies.
 *
 * @param z the rows of the matrix, all of one length
 * @param options titles, size, `xLabels`, `yLabels`, `colorscale`, `zmin`, `zmax`
 * @returns the figure
 * @example
 * heatmap(similarities, { xLabels: titles, yLabels: titles, colorscale: "RdBu", zmin: -1, zmax: 1 }).show();
 */
export function heatmap(z: readonly (readonly number[])[], options: HeatmapOptions = {}): Figure {
  checkOptions("heatmap", options, HEATMAP_CHECKS);
  const columns = z[0]?.length ?? 0;
  if (z.some((row) => row.length !== columns)) throw new OptionsError("heatmap: all rows of z must have the same length");
  check(options.xLabels, columns, "xLabels", "columns");
  check(options.yLabels, z.length, "yLabels", "rows");
  const trace = heatmapTrace(z, options);
  if (options.xLabels) trace.x = [...options.xLabels];
  if (options.yLabels) trace.y = [...options.yLabels];
  const xaxis: JsonValue = { ...axis(options.xTitle, options.logX), ...(options.xLabels ? { type: "category" } : {}) };
  const yaxis: JsonValue = {
    ...axis(options.yTitle, options.logY),
    autorange: "reversed",
    ...(options.yLabels ? { type: "category" } : {}),
  };
  return figure("heatmap", [trace], options, { xaxis, yaxis });
}

/**
 * The heatmap trace every heatmap figure draws (values, colour scale and its range).
 *
 * @param z the rows of the matrix
 * @param options `colorscale`, `zmin`, `zmax`
 * @returns the trace, without axis labels
 */
export function heatmapTrace(z: readonly (readonly number[])[], options: Pick<HeatmapOptions, "colorscale" | "zmin" | "zmax">): PlotlyTrace {
  const trace: PlotlyTrace = { type: "heatmap", z: z.map((row) => [...row]), colorscale: options.colorscale ?? "Viridis" };
  if (options.zmin !== undefined) trace.zmin = options.zmin;
  if (options.zmax !== undefined) trace.zmax = options.zmax;
  return trace;
}

function check(labels: readonly string[] | undefined, expected: number, name: string, what: string): void {
  if (labels && labels.length !== expected) {
    throw new OptionsError(`heatmap: ${name} has ${labels.length} labels but z has ${expected} ${what}`);
  }
}
