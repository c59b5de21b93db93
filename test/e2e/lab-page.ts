/**
 * Driving JupyterLab 4 in Chromium the way a person does: open a notebook from its URL, wait for
 * the kernel, Run → Run All Cells, save with the toolbar button, close the tab from the File menu,
 * and read what the page shows (prompts, errors, drawn figures, HTML tables). Every wait is bounded
 * and says what it waited for; callers add JupyterLab's log tail.
 *
 * Code that runs in the page is written as plain JavaScript strings (tsx would add helpers the
 * page does not have).
 */
import type { Page } from "playwright-core";
import type { JupyterLab } from "./jupyterlab-server";

/** The notebook panel on show (hidden tabs keep their DOM). */
export const PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)";

/** What one code cell shows. */
export interface CellView {
  /** The prompt: "[3]:", "[*]:" (running or queued) or "[ ]:" (not run). */
  prompt: string;
  /** Text of stderr and error outputs (tslab reports errors on stderr). */
  stderr: string[];
  /** Plotly outputs (JupyterLab's plotly renderer). */
  figures: number;
  /** Plotly outputs with a drawn chart: output and `svg.main-svg` of non-zero size, at least one trace. */
  drawnFigures: number;
  /** Plotly outputs showing their saved PNG snapshot (visible, decoded), not yet the live chart. */
  figureImages: number;
  /** HTML tables `table.dataframe` (what showTable emits). */
  tables: number;
  /** HTML outputs, and how many of them JupyterLab renders as trusted. */
  htmlOutputs: number;
  trustedHtmlOutputs: number;
}

/** What the notebook panel shows. */
export interface NotebookView {
  /** The kernel status indicator: "idle", "busy", "connecting", "restarting", ... */
  status: string;
  /** The kernel name in the toolbar, e.g. "TypeScript". */
  kernelName: string;
  /** Whether the tab is marked modified. */
  dirty: boolean;
  /** A dialog on screen, by its text, or "". */
  dialog: string;
  /** How many cells (code, markdown, raw) are on the page. */
  allCells: number;
  /** The code cells, in order. */
  cells: CellView[];
}

const VIEW_JS = `(function () {
  var panel = document.querySelector(${JSON.stringify(PANEL)});
  if (!panel) return null;
  function count(root, selector, test) {
    return Array.from(root.querySelectorAll(selector)).filter(test || function () { return true; }).length;
  }
  function visible(el) {
    var box = el.getBoundingClientRect();
    return box.width > 0 && box.height > 0;
  }
  function drawn(figure) {
    // the output itself must have a size too: a collapsed output hides a drawn svg
    var svg = figure.querySelector("svg.main-svg");
    return !!svg && visible(svg) && visible(figure) && figure.querySelectorAll("g.trace, g.hm").length > 0;
  }
  function showsImage(figure) {
    var img = figure.querySelector("img.plot-img");
    return !!img && img.style.display !== "none" && img.complete && img.naturalWidth > 0 && !!img.getAttribute("src");
  }
  var indicator = panel.querySelector(".jp-Notebook-ExecutionIndicator");
  var kernel = panel.querySelector(".jp-KernelName");
  var tab = document.querySelector(".lm-TabBar-tab.jp-mod-current");
  var dialog = document.querySelector(".jp-Dialog");
  return {
    status: indicator ? indicator.getAttribute("data-status") || "" : "",
    kernelName: kernel ? (kernel.textContent || "").trim() : "",
    dirty: !!tab && tab.classList.contains("jp-mod-dirty"),
    dialog: dialog ? (dialog.textContent || "").trim() : "",
    allCells: panel.querySelectorAll(".jp-Notebook .jp-Cell").length,
    cells: Array.from(panel.querySelectorAll(".jp-CodeCell")).map(function (cell) {
      var prompt = cell.querySelector(".jp-InputArea-prompt");
      var figures = Array.from(cell.querySelectorAll(".jp-RenderedPlotly"));
      var html = Array.from(cell.querySelectorAll(".jp-OutputArea-output.jp-RenderedHTMLCommon"));
      return {
        prompt: prompt ? (prompt.textContent || "").trim() : "",
        stderr: Array.from(cell.querySelectorAll('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'))
          .map(function (o) { return (o.textContent || "").trim(); }),
        figures: figures.length,
        drawnFigures: figures.filter(drawn).length,
        figureImages: figures.filter(function (f) { return !drawn(f) && showsImage(f); }).length,
        tables: count(cell, ".jp-RenderedHTMLCommon table.dataframe"),
        htmlOutputs: html.length,
        trustedHtmlOutputs: html.filter(function (o) { return o.classList.contains("jp-mod-trusted"); }).length,
      };
    }),
  };
})()`;

/** Reads what the notebook on show displays. */
export async function notebookView(page: Page): Promise<NotebookView> {
  const view = (await page.evaluate(VIEW_JS)) as NotebookView | null;
  if (!view) throw new Error("no notebook is on show");
  return view;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Polls `read` until `done` holds, up to `ms`.
 *
 * @returns the last value read
 * @throws Error `${what} within N s` plus `describe(last)` when time runs out
 */
export async function waitFor<T>(
  what: string,
  ms: number,
  read: () => Promise<T>,
  done: (value: T) => boolean,
  describe: (value: T) => string = () => "",
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) {
      const detail = describe(value);
      throw new Error(`${what} within ${Math.round(ms / 1000)} s${detail ? ` (${detail})` : ""}`);
    }
    await sleep(500);
  }
}

/**
 * Loads JupyterLab on one notebook, in a fresh workspace (`?reset`), like following the link
 * `npm start` prints and double-clicking the notebook; waits until all its cells are on the page
 * and the kernel is idle.
 *
 * @param cellCount how many cells the notebook has (JupyterLab attaches cells to the page gradually)
 * @param kernelStartMs how long the kernel may take to start (the kernel check fails after it)
 */
export async function openNotebook(page: Page, lab: JupyterLab, name: string, cellCount: number, kernelStartMs = 60_000): Promise<NotebookView> {
  await page.goto(lab.labUrl(`/lab/tree/${encodeURIComponent(name)}?reset`), { waitUntil: "domcontentloaded", timeout: 60_000 });
  await page
    .waitForSelector(`${PANEL} .jp-Notebook .jp-Cell`, { timeout: 60_000 })
    .catch(() => Promise.reject(new Error(`JupyterLab did not show ${name} within 60 s`)));
  // A cleared workspace shows the file browser; fold it away so the notebook gets the width.
  const fileBrowserTab = page.locator(".jp-SideBar.jp-mod-left .lm-TabBar-tab.lm-mod-current");
  if (await fileBrowserTab.count()) await fileBrowserTab.first().click();
  return waitFor(
    `${name}: the kernel did not start, or not all cells were shown,`,
    kernelStartMs,
    () => notebookView(page),
    // before the session exists the indicator reads "idle" next to "No Kernel"
    (v) => (v.status === "idle" && v.kernelName !== "" && v.kernelName !== "No Kernel" && v.allCells === cellCount) || v.dialog !== "",
    (v) => `kernel "${v.kernelName}", status "${v.status}", ${v.allCells} of ${cellCount} cells on the page`,
  ).then((view) => {
    if (view.dialog) throw new Error(`opening ${name} showed a dialog instead of starting the kernel: ${view.dialog}`);
    return view;
  });
}

/** Clicks a main-menu entry, e.g. `menu(page, "Run", "Run All Cells")`. */
export async function menu(page: Page, top: string, item: string): Promise<void> {
  await page.click(`.lm-MenuBar-itemLabel:text-is("${top}")`, { timeout: 10_000 });
  await page.click(`.lm-Menu-itemLabel:text-is("${item}")`, { timeout: 10_000 });
}

/** Whether a prompt shows an execution count, e.g. "[12]:". */
export function hasRun(prompt: string): boolean {
  return /^\[\d+\]:?$/.test(prompt);
}

/**
 * Waits until every code cell has run, one cell after another, each within its own time limit
 * (counted from when the previous cell finished), then until the kernel is idle.
 *
 * @param limitsMs the time limit of each code cell, in order
 * @returns the view once all cells ran
 * @throws Error naming the cell that did not finish, or the cell whose error stopped Run All
 */
export async function waitForAllCells(page: Page, name: string, limitsMs: number[]): Promise<NotebookView> {
  let since = Date.now();
  let view = await notebookView(page);
  for (let i = 0; i < limitsMs.length; i++) {
    view = await waitFor(
      `${name}: code cell ${i} (counting from 0) did not finish`,
      Math.max(0, since + limitsMs[i] - Date.now()),
      () => notebookView(page),
      (v) => hasRun(v.cells[i]?.prompt ?? "") || stoppedAt(v) !== null,
      (v) => `its prompt shows ${JSON.stringify(v.cells[i]?.prompt)}, kernel "${v.status}"`,
    );
    const stop = stoppedAt(view);
    if (stop !== null && !hasRun(view.cells[i].prompt)) {
      const failed = view.cells[stop];
      throw new Error(
        `${name}: Run All stopped after code cell ${stop} (counting from 0), ${view.cells.length - stop - 1} cells did not run; ` +
          `cell ${stop} shows:\n${failed.stderr.join("\n") || "(no error output)"}`,
      );
    }
    since = Date.now();
  }
  return waitFor(`${name}: the kernel did not become idle after the last cell`, 30_000, () => notebookView(page), (v) => v.status === "idle", (v) => `kernel "${v.status}"`);
}

/** The last cell that ran when nothing is running or queued any more but later cells did not run, else null. */
function stoppedAt(view: NotebookView): number | null {
  if (view.cells.some((c) => c.prompt.includes("*"))) return null;
  const last = view.cells.map((c) => hasRun(c.prompt)).lastIndexOf(true);
  return last >= 0 && last < view.cells.length - 1 ? last : null;
}

/** Clicks the toolbar's save button and waits until the tab is no longer marked modified. */
export async function save(page: Page, name: string): Promise<void> {
  await page.click(`${PANEL} [data-command="docmanager:save"]`, { timeout: 10_000 });
  await waitFor(`${name} was not saved`, 60_000, () => notebookView(page), (v) => !v.dirty, (v) => (v.dialog ? `dialog: ${v.dialog}` : "still marked modified"));
}

/** Closes the notebook's tab from the File menu; fails if JupyterLab asks about unsaved changes. */
export async function closeTab(page: Page, name: string): Promise<void> {
  await menu(page, "File", "Close Tab");
  await sleep(500);
  const dialog = await page.locator(".jp-Dialog").textContent({ timeout: 1_000 }).catch(() => null);
  if (dialog) throw new Error(`closing ${name} after saving asked: ${dialog.trim()}`);
  await waitFor(`the tab of ${name} did not close`, 10_000, () => page.locator(PANEL).count(), (n) => n === 0);
}

/**
 * Moves the mouse over every plotly output, as a reader does: JupyterLab's plotly renderer shows
 * a saved notebook's PNG snapshot and draws the live chart on hover.
 */
export async function hoverFigures(page: Page): Promise<void> {
  const figures = page.locator(`${PANEL} .jp-RenderedPlotly`);
  const n = await figures.count();
  for (let i = 0; i < n; i++) {
    await figures.nth(i).scrollIntoViewIfNeeded({ timeout: 10_000 });
    await figures.nth(i).hover({ timeout: 10_000 });
  }
}

/** Resizes the browser window and gives JupyterLab and plotly time to lay out again. */
export async function resizeWindow(page: Page, size: { width: number; height: number }): Promise<void> {
  await page.setViewportSize(size);
  await sleep(1_500);
}

/** The largest screenshot Chromium takes in one piece, in pixels. */
const MAX_SHOT_HEIGHT = 16_000;

/**
 * A screenshot of the whole notebook, not only the visible part: the window is made as tall as
 * the notebook (JupyterLab scrolls inside its own panel, so a "full page" is one window), then
 * restored. A notebook taller than Chromium can take at once is saved in parts: `file`, then
 * `-2`, `-3`… before the extension.
 *
 * @param whileTall runs once the tall window is laid out, before the screenshot (e.g. a check)
 * @returns the files written
 */
export async function screenshotNotebook(page: Page, file: string, whileTall?: () => Promise<unknown>): Promise<string[]> {
  const viewport = page.viewportSize() ?? { width: 1280, height: 900 };
  const scroller = `${PANEL} .jp-WindowedPanel-outer`;
  // The notebook's own height: to the bottom of its last cell (the panel adds room to scroll past
  // the end, which grows with the window).
  const measure = () =>
    page.$eval(scroller, (el) => {
      const cells = el.querySelectorAll(".jp-Cell");
      const last = cells[cells.length - 1];
      const bottom = last ? last.getBoundingClientRect().bottom - el.getBoundingClientRect().top + el.scrollTop : el.scrollHeight;
      return { content: Math.ceil(bottom) + 40, clientHeight: el.clientHeight };
    }) as Promise<{ content: number; clientHeight: number }>;
  const files: string[] = [];
  let chrome: number;
  let height = viewport.height;
  let content: number;
  try {
    // Cells off screen count with an estimated height until shown, so grow until the notebook fits.
    for (let round = 0; round < 5; round++) {
      const size = await measure();
      chrome = height - size.clientHeight; // menu, tabs, toolbar and status bar
      const wanted = Math.min(MAX_SHOT_HEIGHT, chrome + size.content);
      if (Math.abs(wanted - height) < 10) break;
      height = wanted;
      await resizeWindow(page, { width: viewport.width, height });
    }
    const size = await measure();
    chrome = height - size.clientHeight;
    content = size.content;
    await whileTall?.();
    const step = height - chrome;
    for (let top = 0, part = 1; top === 0 || top + 10 < content; top += step, part++) {
      await page.$eval(scroller, (el, y) => el.scrollTo(0, y as number), top);
      await sleep(part === 1 ? 0 : 1_000);
      const target = part === 1 ? file : file.replace(/(\.png)$/, `-${part}$1`);
      await page.screenshot({ path: target, fullPage: true });
      files.push(target);
    }
  } finally {
    await page.setViewportSize(viewport);
    await page.$eval(scroller, (el) => el.scrollTo(0, 0)).catch(() => undefined);
  }
  return files;
}
