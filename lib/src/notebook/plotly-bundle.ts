/**
 * `initPlotly()`: puts the local plotly.js bundle into the notebook once, so figures draw
 * offline, in a live notebook and in nbconvert's HTML export alike.
 */
import { readFileSync } from "node:fs";
import { emitDisplay, MimeBundle, newDisplayId } from "./channel";
import { formatCompact } from "./format";
import { checkOptions } from "../options";

/** The window event fired once the inlined plotly.js has run. */
export const PLOTLY_READY_EVENT = "movie-embeddings:plotly-ready";

/**
 * Which plotly.js build to inline.
 * - `"cartesian"` (default, about 1.5 MB): scatter, bar, line, histogram, heatmap, box, contour
 *   and the other 2D cartesian traces; everything the library's chart helpers produce.
 * - `"full"` (about 10 MB, unminified): every trace type, for hand-made figures with 3D, maps,
 *   polar, sankey, parcoords, WebGL (`scattergl`) and the like.
 */
export type PlotlyBundleName = "cartesian" | "full";

/** Options of {@link initPlotly}. */
export interface InitPlotlyOptions {
  /** Which plotly.js build to inline; `"cartesian"` unless a figure needs other trace types. */
  bundle?: PlotlyBundleName;
}

const BUNDLE_MODULES: Record<PlotlyBundleName, string> = {
  cartesian: "plotly.js-cartesian-dist-min/plotly-cartesian.min.js",
  full: "plotly.js-dist/plotly.js",
};

/**
 * The HTML that defines `window.Plotly` from the local bundle: `window.define` is hidden while
 * the bundle runs (so a require.js page does not capture it as an AMD module) and restored
 * after; then `window.movieEmbeddingsPlotlyReady` is set and {@link PLOTLY_READY_EVENT} fired
 * for figures waiting for it.
 *
 * @param bundle which plotly.js build to inline
 * @returns `<script>` elements; any `</script` in the bundle escaped as `<\/script`
 */
export function plotlyBundleHtml(bundle: PlotlyBundleName = "cartesian"): string {
  const source = readFileSync(require.resolve(BUNDLE_MODULES[bundle]), "utf8").replace(
    /<\/(script)/gi,
    "<\\/$1",
  );
  // Three scripts, so `define` is restored and the event fired even if the bundle throws.
  return (
    `<script type="text/javascript">` +
    `window.__movieEmbeddingsDefine = window.define; window.define = undefined;</script>\n` +
    `<script type="text/javascript">\n${source}\n</script>\n` +
    `<script type="text/javascript">` +
    `window.define = window.__movieEmbeddingsDefine; delete window.__movieEmbeddingsDefine; ` +
    `window.movieEmbeddingsPlotlyReady = !!window.Plotly; ` +
    `if (window.Plotly) window.dispatchEvent(new Event(${JSON.stringify(PLOTLY_READY_EVENT)}));</script>`
  );
}

/**
 * Loads plotly.js into the notebook, without any network: run it in the first cell of every
 * notebook that shows figures. The bundle is stored once in that cell's output, so a saved
 * notebook and its HTML export draw their figures offline.
 *
 * @param options `bundle: "full"` for trace types beyond 2D cartesian ones (3D, maps, polar…)
 * @example
 * import { initPlotly } from "movie-embeddings";
 * initPlotly();
 */
export function initPlotly(options: InitPlotlyOptions = {}): void {
  checkOptions("initPlotly", options, { bundle: ["cartesian", "full"] });
  const bundle = options.bundle ?? "cartesian";
  const html = plotlyBundleHtml(bundle);
  const version = plotlyVersion(bundle);
  const data: MimeBundle = {
    "text/html": html,
    "text/plain": `plotly.js ${version} (${bundle} bundle, ${formatCompact(html.length)}B) ready for figures`,
  };
  emitDisplay(data, newDisplayId());
}

function plotlyVersion(bundle: PlotlyBundleName): string {
  const manifest: unknown = JSON.parse(
    readFileSync(require.resolve(`${BUNDLE_MODULES[bundle].split("/")[0]}/package.json`), "utf8"),
  );
  const version = (manifest as { version?: unknown }).version;
  return typeof version === "string" ? version : "?";
}
