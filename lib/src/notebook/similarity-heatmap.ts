/**
 * A similarity matrix a person can read: a labelled block of at most 40 keys (the most coherent
 * cluster, or a query and its closest keys) beside the whole matrix as an unlabelled overview,
 * both in cluster order, on one colour scale.
 */
import { OptionsError } from "../errors";
import { checkOptions } from "../options";
import type { SimilarityMatrix } from "../vectors/similarity-matrix";
import { JsonObject, JsonValue } from "./channel";
import { CHART_CONFIG, heatmapTrace } from "./charts";
import { Figure, PlotlyTrace } from "./figure";
import { plotlyText, shortTitle } from "./format";

/** Options of {@link similarityHeatmap}. */
export interface SimilarityHeatmapOptions {
  /** Title above the figure. */
  title?: string;
  /** The label of a key, for example `(key) => data.movie(Number(key)).title` (default: the key). */
  label?: (key: string) => string;
  /** Centre the labelled block on this key: it and its closest keys (default: the most coherent block). */
  around?: string;
  /** Keys in the labelled block, 2 to 40 (default 30). */
  size?: number;
  /** Longest label, without a year (default 30); longer titles are shortened by `shortTitle`. */
  maxLabelLength?: number;
  /** Width in pixels; by default the figure fills the output's width. */
  width?: number;
  /** Height in pixels (default from the block's size: 16 px a row plus room for labels). */
  height?: number;
}

/** The most labelled rows a block may have and still be read without scrolling. */
export const MAX_LABELLED_ROWS = 40;
/** The overview is averaged down to at most this many cells a side (its output stays small). */
const OVERVIEW_CELLS = 300;

/**
 * Draws a {@link SimilarityMatrix} so it can be read: on the left, a block of at most 40 keys with
 * their (shortened) labels, in cluster order so that groups show as squares on the diagonal; on the
 * right, the whole matrix in cluster order without labels, with the block's rows boxed; one colour
 * scale (red–blue over [−1, 1] when some cosines are negative, else Viridis from the smallest). The block
 * is the most coherent run of the cluster order (see `SimilarityMatrix.coherentBlock`), or, with
 * `around`, a key and its closest keys. Hover shows both full labels and the cosine. The cluster
 * order costs O(n³): a few hundred keys take well under a second, 1,000 keys about 2 s.
 *
 * @param sims the similarities (for example `SimilarityMatrix.cosine(wv)`)
 * @param options `label`, `around`, `size`, `maxLabelLength`, `title`, `width`, `height`
 * @returns the figure
 * @throws OptionsError for an unknown or bad option; UnknownKeyError when `around` is not a key
 * @example
 * const sims = SimilarityMatrix.cosine(model.wv);
 * similarityHeatmap(sims, { label: (key) => data.movie(Number(key)).title, title: "CBOW cosines" }).show();
 * similarityHeatmap(sims, { label: title, around: "4993", size: 20 }).show(); // Fellowship and its 19 closest
 */
export function similarityHeatmap(sims: SimilarityMatrix, options: SimilarityHeatmapOptions = {}): Figure {
  const caller = "similarityHeatmap";
  const { title, label = (key: string) => key, around, size = 30, maxLabelLength = 30, width, height } = checkOptions(caller, options, {
    title: "string",
    label: "function",
    around: "string",
    size: { min: 2, max: MAX_LABELLED_ROWS, integer: true },
    maxLabelLength: { min: 8, integer: true },
    width: "positive",
    height: "positive",
  });
  const n = sims.size;
  if (n < 2) throw new OptionsError(`${caller}: the matrix has ${n} key${n === 1 ? "" : "s"}; a heatmap needs at least 2`);
  const order = sims.clusterOrder();
  const block = sims.coherentBlock(size, { around, order });
  const k = block.length;
  const full = block.map((i) => label(sims.keys[i]));
  const labels = full.map((l) => shortTitle(l, maxLabelLength));
  const positions = Array.from({ length: k }, (_, i) => i);
  const colours = colourScale(sims);

  const blockTrace: PlotlyTrace = {
    ...heatmapTrace(block.map((i) => block.map((j) => round2(sims.get(i, j)))), colours),
    x: positions,
    y: positions,
    text: full.map((a) => full.map((b) => `${plotlyText(a)}<br>${plotlyText(b)}`)),
    hovertemplate: "%{text}<br>cosine %{z:.2f}<extra></extra>",
    colorbar: { title: { text: "cosine" }, thickness: 14, len: 0.6, y: 1, yanchor: "top" },
  };
  const { z: overview, scale } = pooledOverview(sims, order);
  const overviewTrace: PlotlyTrace = {
    ...heatmapTrace(overview, colours),
    xaxis: "x2",
    yaxis: "y2",
    showscale: false,
    hovertemplate: scale === 1 ? "row %{y}, column %{x}<br>cosine %{z:.2f}<extra></extra>" : "mean cosine %{z:.2f}<extra></extra>",
  };

  const tick = { tickvals: positions, ticktext: labels.map((l) => plotlyText(l)), tickfont: { size: 11 }, ticks: "", showgrid: false, zeroline: false };
  const bare = { showticklabels: false, ticks: "", showgrid: false, zeroline: false, showline: true, mirror: true, linecolor: "#999" };
  const labelRoom = Math.min(6 * Math.max(...labels.map((l) => l.length)), 240); // pixels the longest label takes
  const top = title ? 90 : 50;
  const rows = Math.max(16 * k, 200);
  const bottom = Math.round(labelRoom * 0.9) + 10; // labels at −60° take about 0.87 of their length
  const figureHeight = height ?? top + rows + bottom;
  const blockFraction = rows / (figureHeight - top - bottom);
  const overviewAxis = overview.length - 0.5;
  const layout: JsonObject = {
    xaxis: { ...tick, domain: [0, 0.6], tickangle: -60, range: [-0.5, k - 0.5] },
    yaxis: { ...tick, autorange: "reversed", domain: [1 - Math.min(blockFraction, 1), 1] },
    xaxis2: { ...bare, domain: [0.68, 1], range: [-0.5, overviewAxis], anchor: "y2", constrain: "domain" },
    yaxis2: { ...bare, domain: [0.45, 1], range: [overviewAxis, -0.5], anchor: "x2", scaleanchor: "x2", constrain: "domain" },
    margin: { l: labelRoom + 10, r: 70, t: top, b: bottom },
    height: figureHeight,
    hovermode: "closest",
    plot_bgcolor: "white",
    shapes: blockBoxes(block, order, scale),
    annotations: [
      panelTitle(around !== undefined ? `<b>${plotlyText(shortTitle(label(around), maxLabelLength))}</b> and its ${k - 1} closest` : `the most coherent ${k} (cluster order)`, 0),
      panelTitle(`all ${n}${scale > 1 ? `, averaged ${scale} × ${scale}` : ""}; the block boxed`, 0.68),
    ],
  };
  if (title) layout.title = { text: plotlyText(title) };
  if (width !== undefined) layout.width = width;
  return new Figure("similarity heatmap", [blockTrace, overviewTrace], layout, { ...CHART_CONFIG });
}

function panelTitle(text: string, x: number): JsonValue {
  return { text, xref: "paper", yref: "paper", x, xanchor: "left", y: 1, yanchor: "bottom", yshift: 6, showarrow: false, font: { size: 13 } };
}

/**
 * The colours: with negative cosines, red–blue centred on 0 over [−1, 1]; when every cosine is
 * positive (common for item2vec), Viridis from the smallest cosine (rounded down to 0.1) to 1,
 * so that the differences that exist are visible.
 */
function colourScale(sims: SimilarityMatrix): { colorscale: string; zmin: number; zmax: number } {
  let low = Infinity;
  for (let i = 0; i < sims.values.length; i++) if (sims.values[i] < low) low = sims.values[i];
  return low < 0 ? { colorscale: "RdBu", zmin: -1, zmax: 1 } : { colorscale: "Viridis", zmin: Math.floor(low * 10) / 10, zmax: 1 };
}

/**
 * The whole matrix in cluster order, averaged over `scale × scale` squares when it has more than
 * {@link OVERVIEW_CELLS} rows (so a notebook output stays small), rounded to 2 decimals.
 */
function pooledOverview(sims: SimilarityMatrix, order: readonly number[]): { z: number[][]; scale: number } {
  const n = order.length;
  const scale = Math.ceil(n / OVERVIEW_CELLS);
  const cells = Math.ceil(n / scale);
  const z: number[][] = [];
  for (let r = 0; r < cells; r++) {
    const row: number[] = [];
    for (let c = 0; c < cells; c++) {
      let sum = 0;
      let count = 0;
      for (let i = r * scale; i < Math.min((r + 1) * scale, n); i++) {
        for (let j = c * scale; j < Math.min((c + 1) * scale, n); j++) (sum += sims.get(order[i], order[j])), count++;
      }
      row.push(round2(sum / count));
    }
    z.push(row);
  }
  return { z, scale };
}

/** Squares on the overview's diagonal around each run of the block's rows (one square for a coherent block). */
function blockBoxes(block: readonly number[], order: readonly number[], scale: number): JsonValue[] {
  const position = new Map(order.map((row, p) => [row, p]));
  const at = block.map((row) => position.get(row)!).sort((a, b) => a - b);
  const boxes: JsonValue[] = [];
  let start = at[0];
  for (let i = 1; i <= at.length; i++) {
    if (i < at.length && at[i] === at[i - 1] + 1) continue;
    const low = start / scale - 0.5;
    const high = (at[i - 1] + 1) / scale - 0.5;
    boxes.push({ type: "rect", xref: "x2", yref: "y2", x0: low, x1: high, y0: low, y1: high, line: { color: "#111", width: 1.5 } });
    if (i < at.length) start = at[i];
  }
  return boxes;
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
