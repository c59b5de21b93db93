/**
 * The movie map: movies on a 2D layout (t-SNE, UMAP, PCA), coloured by primary genre with a
 * legend a person can read, hover details, and a query movie with its neighbours labelled. One
 * map or several side by side share one function, {@link mapsSideBySide}.
 */
import type { MovieLens } from "../data/movielens";
import type { MapFaithfulness } from "../maps/faithfulness";
import type { Layout2D } from "../maps/layout";
import { moviePoints, type MoviePoint } from "../maps/movie-points";
import { OptionsError } from "../errors";
import { checkOptions, type OptionChecks } from "../options";
import { JsonObject, JsonValue } from "./channel";
import { CHART_CONFIG } from "./charts";
import { Figure, PlotlyTrace } from "./figure";
import { plotlyText, shortTitle } from "./format";

/** One map of {@link mapsSideBySide}: a layout of some movies, with what to highlight on it. */
export interface MovieMapPanel {
  /** The 2D layout, point i for `movieIds[i]`. */
  layout: Layout2D;
  /** The movie of each point. */
  movieIds: ArrayLike<number>;
  /** The panel's title (above it). */
  title?: string;
  /** A line under the panel, for example the map's faithfulness numbers (`<br>` breaks lines). */
  caption?: string;
  /** A movieId on the map to mark with a star and label. */
  query?: number;
  /** MovieIds on the map to ring and label, for example the query's top-10 neighbours. */
  neighbours?: readonly number[];
}

/** Options of {@link mapsSideBySide}. */
export interface MapsSideBySideOptions {
  /** The title above all panels. */
  title?: string;
  /** Genres with a colour of their own, the largest first; the rest are "other" (default 12). */
  maxGenres?: number;
  /** Marker diameter in pixels (default by points per panel: 7 up to 1,000, then 5, 4, 3 above 6,000). */
  markerSize?: number;
  /** Marker opacity in (0, 1] (default by points per panel, 0.8 down to 0.5; 0.6 × that when a query is highlighted). */
  opacity?: number;
  /** Width in pixels; by default the figure fills the output's width. */
  width?: number;
  /** Height in pixels (default 650 for one map, 560 for several). */
  height?: number;
}

/** Options of {@link movieMap}: the panel's highlights and caption, and the figure's look. */
export interface MovieMapOptions extends MapsSideBySideOptions {
  /** A line under the map, for example its faithfulness numbers. */
  caption?: string;
  /** A movieId on the map to mark with a star and label. */
  query?: number;
  /** MovieIds on the map to ring and label, for example the query's top-10 neighbours. */
  neighbours?: readonly number[];
}

/**
 * Twelve colours told apart at a glance (d3's category10 without its grey, plus navy, gold and
 * magenta; no black, which looks grey once dimmed); "other" is light grey.
 */
const PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#bcbd22", "#17becf", "#393b79", "#e7ba52", "#c51b8a"];
const OTHER = "other";
const OTHER_COLOUR = "#b8b8b8";
/** Vertical room per neighbour label, in pixels. */
const LABEL_SPACING_PX = 18;
/** The width labels are planned for when the figure's width is not set (a JupyterLab output). */
const ASSUMED_WIDTH_PX = 980;
/** About what the legend takes on the right. */
const LEGEND_WIDTH_PX = 190;

const FIGURE_CHECKS: OptionChecks<MapsSideBySideOptions> = {
  title: "string",
  maxGenres: { min: 1, max: PALETTE.length, integer: true },
  markerSize: "positive",
  opacity: { min: 0, max: 1, exclusiveMin: true },
  width: "positive",
  height: "positive",
};

const PANEL_CHECKS: OptionChecks<Omit<MovieMapPanel, "layout" | "movieIds">> = {
  title: "string",
  caption: "string",
  query: "positiveInt",
  neighbours: "array",
};

/**
 * A map of movies: each movie a point on a 2D layout, coloured by primary genre (the largest
 * genres first in the legend, the rarest folded into "other"), with title, year, genres and
 * number of ratings on hover. A query movie is marked with a star and its neighbours ringed, all
 * labelled with their titles, while the other movies are dimmed.
 *
 * @param layout the 2D layout (from `tsne`, `umap`, `pca`), point i for `movieIds[i]`
 * @param movieIds the movie of each point
 * @param data the dataset, for titles, years, genres and rating counts
 * @param options `title`, `caption` (a line under the map, e.g. its faithfulness), `query`,
 *   `neighbours`, and the look: `maxGenres`, `markerSize`, `opacity`, `width`, `height`
 * @returns the figure
 * @throws OptionsError for an unknown or bad option, or a query or neighbour not on the map
 * @example
 * const query = 4993; // The Lord of the Rings: The Fellowship of the Ring
 * const neighbours = similarMovies(wv, data, query, 10).map((row) => row.movieId);
 * movieMap(map, movieIds, data, {
 *   title: "NCF movie vectors, t-SNE", query, neighbours,
 *   caption: "trustworthiness 0.93 · neighbours kept 41%",
 * }).show();
 */
export function movieMap(layout: Layout2D, movieIds: ArrayLike<number>, data: MovieLens, options: MovieMapOptions = {}): Figure {
  const { caption, query, neighbours, ...look } = checkOptions("movieMap", options, {
    ...FIGURE_CHECKS,
    caption: "string",
    query: "positiveInt",
    neighbours: "array",
  });
  return drawMaps("movieMap", [{ layout, movieIds, caption, query, neighbours }], data, look);
}

/**
 * Several movie maps side by side with one legend and the same colour for a genre in every
 * panel: PCA beside t-SNE, or two models' vectors of the same movies. Each panel is drawn as
 * {@link movieMap} draws one map.
 *
 * @param panels the maps, left to right, each with its own `title`, `caption`, `query` and `neighbours`
 * @param data the dataset, for titles, years, genres and rating counts
 * @param options `title` above all panels, and the look: `maxGenres`, `markerSize`, `opacity`, `width`, `height`
 * @returns the figure
 * @throws OptionsError for an unknown or bad option, no panels, or a query or neighbour not on its map
 * @example
 * mapsSideBySide([
 *   { layout: pca(vectors, dim), movieIds, title: "PCA" },
 *   { layout: tsne(vectors, dim), movieIds, title: "t-SNE" },
 * ], data, { title: "The same 2,000 movies, two maps" }).show();
 */
export function mapsSideBySide(panels: readonly MovieMapPanel[], data: MovieLens, options: MapsSideBySideOptions = {}): Figure {
  const look = checkOptions("mapsSideBySide", options, FIGURE_CHECKS);
  if (!Array.isArray(panels) || panels.length === 0) throw new OptionsError("mapsSideBySide: panels must be a non-empty array of maps");
  panels.forEach((panel, i) => {
    const { layout, movieIds, ...highlights } = panel;
    if (!(layout?.x instanceof Float64Array) || !(layout.y instanceof Float64Array)) {
      throw new OptionsError(`mapsSideBySide: panels[${i}].layout must be a 2D layout { x, y } (from tsne, umap or pca)`);
    }
    if (movieIds === undefined || typeof movieIds.length !== "number") throw new OptionsError(`mapsSideBySide: panels[${i}].movieIds must be an array of movieIds`);
    checkOptions(`mapsSideBySide: panels[${i}]`, highlights, PANEL_CHECKS);
  });
  return drawMaps("mapsSideBySide", panels, data, look);
}

/** A genre's legend entry: its name, colour and how many movies carry it. */
interface GenreEntry {
  name: string;
  colour: string;
  count: number;
}

function drawMaps(caller: string, panels: readonly MovieMapPanel[], data: MovieLens, look: MapsSideBySideOptions): Figure {
  const points = panels.map((panel) => {
    try {
      return moviePoints(panel.layout, panel.movieIds, data);
    } catch (error) {
      throw error instanceof OptionsError ? new OptionsError(`${caller}: ${error.message}`) : error;
    }
  });
  const { entryOf, entries } = genreLegend(points, look.maxGenres ?? 12);
  const count = panels.length;
  const gap = count > 1 ? 0.04 : 0;
  const traces: PlotlyTrace[] = [];
  const annotations: JsonValue[] = [];
  const layout: JsonObject = {};
  const anyCaption = panels.some((p) => p.caption);
  const height = look.height ?? (count > 1 ? 560 : 650);
  const top = look.title || (count > 1 && panels.some((p) => p.title)) || (count === 1 && panels[0].title) ? 70 : 30;
  const bottom = anyCaption ? 30 + 16 * Math.max(...panels.map((p) => (p.caption ?? "").split("<br>").length)) : 20;
  panels.forEach((panel, k) => {
    const suffix = k === 0 ? "" : String(k + 1);
    const domain = [k / count + (k > 0 ? gap / 2 : 0), (k + 1) / count - (k < count - 1 ? gap / 2 : 0)];
    const xs = points[k].map((p) => p.x);
    const ys = points[k].map((p) => p.y);
    const xRange = paddedRange(xs);
    const yRange = paddedRange(ys);
    const hidden = { showticklabels: false, showgrid: false, zeroline: false, showline: true, mirror: true, linecolor: "#ddd", ticks: "" };
    layout[`xaxis${suffix}`] = { ...hidden, domain, range: xRange, anchor: `y${suffix}` }; // labels may widen xRange below
    layout[`yaxis${suffix}`] = { ...hidden, range: yRange, anchor: `x${suffix}` };
    const axes = { xaxis: `x${suffix}`, yaxis: `y${suffix}` };
    const highlighted = panel.query !== undefined || (panel.neighbours?.length ?? 0) > 0;
    const n = points[k].length;
    const size = look.markerSize ?? (n <= 1000 ? 7 : n <= 3000 ? 5 : n <= 6000 ? 4 : 3);
    const opacity = (look.opacity ?? (n <= 1000 ? 0.8 : n <= 3000 ? 0.7 : n <= 6000 ? 0.6 : 0.5)) * (highlighted ? 0.6 : 1);
    for (const entry of entries) {
      const members = points[k].filter((p) => entryOf(p) === entry);
      if (members.length === 0) continue;
      traces.push({
        ...pointTrace(members),
        ...axes,
        type: "scatter",
        mode: "markers",
        name: `${entry.name} (${entry.count})`,
        legendgroup: entry.name,
        showlegend: !traces.some((t) => t.legendgroup === entry.name),
        marker: { size, opacity, color: entry.colour },
      });
    }
    if (highlighted) {
      const plotHeight = height - top - bottom;
      traces.push(...highlightTraces(caller, k, panel, points[k], entryOf, axes, size, panels));
      const panelWidth = ((look.width ?? ASSUMED_WIDTH_PX) - LEGEND_WIDTH_PX - 40) * (domain[1] - domain[0]);
      const spacing = (yRange[1] - yRange[0]) * (LABEL_SPACING_PX / plotHeight);
      annotations.push(...neighbourLabels(panel, points[k], axes, spacing, xRange, yRange, panelWidth, count > 1 ? 24 : 30));
    }
    const centre = (domain[0] + domain[1]) / 2;
    if (count > 1 && panel.title) {
      annotations.push({ text: `<b>${plotlyText(panel.title)}</b>`, xref: "paper", yref: "paper", x: centre, y: 1, yanchor: "bottom", yshift: 6, showarrow: false, font: { size: 14 } });
    }
    if (panel.caption) {
      annotations.push({ text: plotlyText(panel.caption, true), xref: "paper", yref: "paper", x: domain[0], y: 0, xanchor: "left", yanchor: "top", yshift: -6, align: "left", showarrow: false, font: { size: 12, color: "#555" } });
    }
  });
  const title = look.title ?? (count === 1 ? panels[0].title : undefined);
  Object.assign(layout, {
    hovermode: "closest",
    showlegend: true,
    legend: { title: { text: "primary genre (movies)" }, itemsizing: "constant", tracegroupgap: 2, font: { size: 12 } },
    margin: { l: 20, r: 20, t: top, b: bottom },
    height,
    annotations,
    plot_bgcolor: "white",
  });
  if (title) layout.title = { text: plotlyText(title) };
  if (look.width !== undefined) layout.width = look.width;
  const kind = count === 1 ? "movie map" : `${count} movie maps side by side`;
  return new Figure(kind, traces, layout, { ...CHART_CONFIG });
}

/**
 * The legend: genres by number of movies (largest first, ties by name), the first `maxGenres`
 * with a colour each, the rest folded into "other" (last). Counted over the distinct movies of
 * all panels, so a genre keeps its colour in every panel.
 */
function genreLegend(points: readonly MoviePoint[][], maxGenres: number): { entries: GenreEntry[]; entryOf: (p: MoviePoint) => GenreEntry } {
  const genreOf = new Map<number, string>();
  for (const panel of points) for (const p of panel) genreOf.set(p.movieId, p.group);
  const counts = new Map<string, number>();
  for (const genre of genreOf.values()) counts.set(genre, (counts.get(genre) ?? 0) + 1);
  const ranked = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const fold = ranked.length > maxGenres;
  const kept = fold ? ranked.slice(0, maxGenres) : ranked;
  const entries: GenreEntry[] = kept.map(([name, count], i) => ({ name, colour: PALETTE[i], count }));
  const byGenre = new Map(entries.map((e) => [e.name, e]));
  if (fold) {
    const other: GenreEntry = { name: OTHER, colour: OTHER_COLOUR, count: ranked.slice(maxGenres).reduce((sum, [, c]) => sum + c, 0) };
    entries.push(other);
    for (const [name] of ranked.slice(maxGenres)) byGenre.set(name, other);
  }
  return { entries, entryOf: (p) => byGenre.get(p.group)! };
}

/** x, y, title and hover details of some points, as trace fields. */
function pointTrace(members: readonly MoviePoint[]): JsonObject {
  return {
    x: members.map((p) => round(p.x)),
    y: members.map((p) => round(p.y)),
    text: members.map((p) => plotlyText(p.label)),
    customdata: members.map((p) => [p.year === null ? "year unknown" : String(p.year), p.genres.length ? p.genres.join(", ") : "no genres listed", p.ratings]),
    hovertemplate: "<b>%{text}</b><br>%{customdata[0]} · %{customdata[1]}<br>%{customdata[2]} ratings<extra>%{fullData.legendgroup}</extra>",
  };
}

/** The query (a star) and its neighbours (ringed, in their genre's colour), one trace each. */
function highlightTraces(
  caller: string,
  k: number,
  panel: MovieMapPanel,
  points: readonly MoviePoint[],
  entryOf: (p: MoviePoint) => GenreEntry,
  axes: JsonObject,
  size: number,
  panels: readonly MovieMapPanel[],
): PlotlyTrace[] {
  const where = panels.length > 1 ? `panels[${k}].` : "";
  const byId = new Map(points.map((p) => [p.movieId, p]));
  const find = (movieId: unknown, name: string): MoviePoint => {
    const point = typeof movieId === "number" ? byId.get(movieId) : undefined;
    if (!point) throw new OptionsError(`${caller}: ${where}${name} (movieId ${String(movieId)}) is not on the map; expected one of its movieIds`);
    return point;
  };
  const traces: PlotlyTrace[] = [];
  const neighbours = (panel.neighbours ?? []).map((id, i) => find(id, `neighbours[${i}]`));
  if (neighbours.length) {
    traces.push({
      ...pointTrace(neighbours),
      ...axes,
      type: "scatter",
      mode: "markers",
      name: panel.query !== undefined ? `its ${neighbours.length} nearest neighbours` : "highlighted",
      legendgroup: "neighbours",
      showlegend: !panels.slice(0, k).some((p) => (p.neighbours?.length ?? 0) > 0),
      marker: { size: size + 6, color: neighbours.map((p) => entryOf(p).colour), opacity: 1, line: { color: "#111", width: 2 } },
    });
  }
  if (panel.query !== undefined) {
    const query = find(panel.query, "query");
    traces.push({
      ...pointTrace([query]),
      ...axes,
      type: "scatter",
      mode: "markers",
      name: "query (starred, in bold)",
      legendgroup: "query",
      showlegend: !panels.slice(0, k).some((p) => p.query !== undefined),
      marker: { size: size + 14, symbol: "star", color: "#111", opacity: 1, line: { color: "white", width: 1 } },
    });
  }
  return traces;
}

/**
 * Labels for the highlighted movies: beside them, on the side with more room (the x range is
 * widened when even that side is too narrow for the labels), each label at its point's height but
 * at least one label's height from the next, with a line to its point.
 *
 * @param xRange the panel's x range, widened in place when the labels need room
 * @param yRange the panel's y range, which the labels stay inside
 * @param panelWidth the panel's width in pixels (estimated when the figure's width is not set)
 * @param spacing one label's height in y units
 * @param maxLength longest label name (see `shortTitle`)
 */
function neighbourLabels(
  panel: MovieMapPanel,
  points: readonly MoviePoint[],
  axes: JsonObject,
  spacing: number,
  xRange: [number, number],
  yRange: readonly [number, number],
  panelWidth: number,
  maxLength: number,
): JsonValue[] {
  const byId = new Map(points.map((p) => [p.movieId, p]));
  const ids = [...(panel.neighbours ?? [])];
  if (panel.query !== undefined) ids.push(panel.query);
  const chosen = [...new Set(ids)].map((id) => byId.get(id)!);
  const texts = new Map(chosen.map((p) => [p.movieId, shortTitle(p.label, maxLength)]));
  const low = Math.min(...chosen.map((p) => p.x));
  const high = Math.max(...chosen.map((p) => p.x));
  const width = xRange[1] - xRange[0];
  const gap = width * 0.03;
  const side = low - xRange[0] >= xRange[1] - high ? "left" : "right";
  // Room the longest label needs, in pixels (about 6.5 px a character at 11 px), then in x units.
  const needPx = Math.min(6.5 * Math.max(...[...texts.values()].map((t) => t.length)) + 10, panelWidth * 0.6);
  const room = side === "left" ? low - gap - xRange[0] : xRange[1] - high - gap;
  const shortfall = (needPx * width) / panelWidth - room;
  if (shortfall > 0) {
    // widen by e so that (room + e) / (width + e) of the panel is needPx: e = shortfall / (1 − needPx / panelWidth)
    const extra = shortfall / (1 - needPx / panelWidth);
    if (side === "left") xRange[0] = round(xRange[0] - extra);
    else xRange[1] = round(xRange[1] + extra);
  }
  const sorted = [...chosen].sort((a, b) => b.y - a.y || a.movieId - b.movieId);
  const at = spreadDown(sorted.map((p) => p.y), spacing, yRange);
  // Points far apart in height (a neighbour the map put elsewhere) start a new run, whose labels
  // stand beside that run rather than beside the whole group; heights stay spread as one column.
  const columns: number[] = [];
  for (let start = 0; start < sorted.length; ) {
    let end = start + 1;
    while (end < sorted.length && sorted[end - 1].y - sorted[end].y <= 4 * spacing) end++;
    const run = sorted.slice(start, end).map((p) => p.x);
    const column = side === "left" ? Math.min(...run) - gap : Math.max(...run) + gap;
    for (let i = start; i < end; i++) columns.push(column);
    start = end;
  }
  return sorted.map((p, i): JsonValue => {
    const isQuery = p.movieId === panel.query;
    const text = plotlyText(texts.get(p.movieId)!);
    return {
      xref: axes.xaxis,
      yref: axes.yaxis,
      axref: axes.xaxis,
      ayref: axes.yaxis,
      x: round(p.x),
      y: round(p.y),
      ax: round(columns[i]),
      ay: round(at[i]),
      text: isQuery ? `<b>${text}</b>` : text,
      xanchor: side === "left" ? "right" : "left",
      showarrow: true,
      arrowhead: 0,
      arrowwidth: 1,
      arrowcolor: "#666",
      standoff: 4,
      bgcolor: "rgba(255,255,255,0.85)",
      font: { size: isQuery ? 12 : 11, color: "#111" },
    };
  });
}

/**
 * Heights for labels wanted at `ys` (highest first): each at least `spacing` below the one
 * above, then the column shifted so that its mean offset from the wanted heights is zero, and
 * shifted again to stay inside `range` (half a label from either edge).
 */
function spreadDown(ys: readonly number[], spacing: number, range: readonly [number, number]): number[] {
  const at: number[] = [];
  ys.forEach((y, i) => at.push(i === 0 ? y : Math.min(y, at[i - 1] - spacing)));
  let shift = ys.reduce((sum, y, i) => sum + (y - at[i]), 0) / Math.max(ys.length, 1);
  const lowest = at[at.length - 1] + shift;
  const highest = at[0] + shift;
  if (lowest < range[0] + spacing / 2) shift += range[0] + spacing / 2 - lowest;
  else if (highest > range[1] - spacing / 2) shift -= highest - (range[1] - spacing / 2);
  return at.map((y) => y + shift);
}

function paddedRange(values: readonly number[]): [number, number] {
  let low = Infinity;
  let high = -Infinity;
  for (const v of values) (low = Math.min(low, v)), (high = Math.max(high, v));
  const pad = (high - low || 1) * 0.05;
  return [round(low - pad), round(high + pad)];
}

function round(value: number): number {
  return Number(value.toPrecision(5));
}

/**
 * A map's faithfulness as the one-line caption every map in the lessons carries: the share of
 * each movie's k nearest neighbours (in the vectors) that stay among its k nearest on the map,
 * and how often map neighbours share the primary genre, against chance.
 *
 * @param faithfulness what {@link mapFaithfulness} measured, with `groups`
 * @param options `lineBreak`: put the genre part on a second line (narrow side-by-side panels)
 * @returns the caption text, for `movieMap`'s or a panel's `caption`
 * @example
 * const faithfulness = mapFaithfulness(vectors, dim, map, { k: 10, groups: primaryGenres(data, movieIds) });
 * movieMap(map, movieIds, data, { caption: faithfulnessCaption(faithfulness) }).show();
 * // 10 nearest neighbours kept on the map: 28.3% · map neighbours with the same primary genre: 13.5% (chance 7.5%)
 */
export function faithfulnessCaption(faithfulness: MapFaithfulness, options: { lineBreak?: boolean } = {}): string {
  const { lineBreak = false } = checkOptions("faithfulnessCaption", options, { lineBreak: "boolean" });
  const percent = (share: number) => `${(100 * share).toFixed(1)}%`;
  const kept = `${faithfulness.k} nearest neighbours kept on the map: ${percent(faithfulness.neighbourPreservation)}`;
  if (faithfulness.groupAgreement === undefined || faithfulness.chance === undefined) return kept;
  const genre = `map neighbours with the same primary genre: ${percent(faithfulness.groupAgreement)} (chance ${percent(faithfulness.chance)})`;
  return `${kept}${lineBreak ? "<br>" : " · "}${genre}`;
}
