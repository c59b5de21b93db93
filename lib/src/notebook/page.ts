/**
 * A standalone HTML page (such as the movie explorer) shown as one notebook output: the whole
 * document in an `<iframe srcdoc>`, so its scripts and styles stay apart from the notebook's and it
 * works offline, in JupyterLab (trusted outputs) and in nbconvert's HTML export alike.
 */
import { emitDisplay, MimeBundle, newDisplayId } from "./channel";
import { escapeHtml } from "./format";
import { checkOptions } from "../options";

/** Anything that renders as a complete HTML document, e.g. an `Explorer`. */
export interface HtmlPage {
  /** The complete document. */
  html(): string;
  /** One line describing it (the output's text/plain). */
  summary(): string;
}

/** Options of {@link showPage}. */
export interface ShowPageOptions {
  /** Height of the frame in pixels (default 1500: the explorer's columns and map fit). */
  height?: number;
}

/**
 * The output that shows a page: the document in an iframe, and its summary as text.
 *
 * @param page the page
 * @param options height of the frame
 * @returns the mime bundle
 */
export function pageBundle(page: HtmlPage, options: ShowPageOptions = {}): MimeBundle {
  const { height = 1500 } = checkOptions("pageBundle", options, { height: { min: 100, max: 10_000, integer: true } });
  const frame =
    `<iframe class="me-page" title="${escapeHtml(page.summary())}" srcdoc="${escapeHtml(page.html())}" ` +
    `style="width:100%;height:${height}px;border:1px solid #d1d9e0;border-radius:6px"></iframe>`;
  return { "text/html": frame, "text/plain": page.summary() };
}

/**
 * Shows a standalone page as one notebook output (in plain node, prints its summary).
 *
 * @param page an `Explorer` or anything with `html()` and `summary()`
 * @param options height of the frame (default 1500 px)
 * @example
 * showPage(movieExplorer([{ name: "item2vec", wv: model.wv }], data, { query: 1 }));
 */
export function showPage(page: HtmlPage, options: ShowPageOptions = {}): void {
  const id = newDisplayId();
  emitDisplay(pageBundle(page, options), id);
}
