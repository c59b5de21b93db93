/**
 * The explorer as one standalone HTML document: the packed data as a JSON script element, the
 * stylesheet, the search script and the interface script, all inline (no network, no server).
 */
import { EXPLORER_CORE_JS } from "./page-core";
import { EXPLORER_CSS } from "./page-style";
import { EXPLORER_UI_JS } from "./page-ui";
import type { PackedExplorer } from "./pack";

/** What the page needs besides the packed data. */
export interface PageSettings {
  /** The heading of the page. */
  readonly title: string;
  /** Neighbours per column at first (5, 10, 20 or 50). */
  readonly topn: number;
  /** How many suggestions the search box lists. */
  readonly suggestions: number;
  /** movieIds of the query shown when the page opens (may be empty). */
  readonly initial: readonly number[];
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** JSON that is safe inside a script element: no "</script", no "<!--", no line separators. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

/**
 * The page's HTML.
 *
 * @param packed the catalogue and models (from packExplorerData)
 * @param settings title, first topn, suggestion count, initial query
 * @returns a complete HTML document
 */
export function explorerPageHtml(packed: PackedExplorer, settings: PageSettings): string {
  const topnChoices = [...new Set([5, 10, 20, 50, settings.topn])].sort((a, b) => a - b);
  const options = topnChoices.map((n) => `<option value="${n}"${n === settings.topn ? " selected" : ""}>${n}</option>`).join("");
  const title = escapeHtml(settings.title);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>${EXPLORER_CSS}</style>
</head>
<body>
<div id="app">
  <header>
    <h1>${title}<small>${packed.models.length} models side by side</small></h1>
    <div class="search">
      <input id="search" type="search" placeholder="Search a title: typos, missing years and articles are fine" autocomplete="off" spellcheck="false" aria-label="Search a movie title">
      <ul id="suggestions" role="listbox" hidden></ul>
    </div>
    <div class="controls"><label>neighbours <select id="topn">${options}</select></label></div>
    <div id="query" aria-live="polite"></div>
  </header>
  <p id="agreement"></p>
  <div id="columns"></div>
  <section id="map-section">
    <div class="map-head"><b>Map of</b><div id="map-tabs" role="tablist"></div><span id="map-note"></span></div>
    <div id="map-wrap"><canvas id="map" aria-label="map of the chosen model's movies"></canvas><div id="tooltip" hidden></div></div>
    <div id="legend"></div>
  </section>
  <footer id="status"></footer>
</div>
<script type="application/json" id="explorer-data">${scriptJson({ ...packed, settings })}</script>
<script>${EXPLORER_CORE_JS}</script>
<script>${EXPLORER_UI_JS}</script>
</body>
</html>
`;
}
