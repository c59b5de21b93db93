/**
 * End to end, as a teacher runs the course: JupyterLab 4 from the project's .venv (started like
 * `npm start`), Debian's Chromium driven by playwright-core, the tslab kernel.
 *
 * Notebooks run in full in JupyterLab (by default 00-movielens-tour and 02-cbow-next-title, the
 * quick ones with figures; MOVIE_EMBEDDINGS_E2E_RUN_ALL=all runs every notebook, or names some),
 * and every notebook that has no up-to-date executed copy from the headless run
 * (out/notebooks/<name>.ipynb, written by `npm run test:notebooks`, with the same code as the
 * committed notebook and passed in out/notebooks/manifest.json): a copy of it, so the committed
 * notebooks never get outputs,
 *   - opens with the project's TypeScript kernel (tslab), idle, and not marked modified;
 *   - Run → Run All Cells runs every code cell, each within its time limit (the runner's: cell or
 *     notebook metadata "movie_embeddings": {"timeout": S}, default 300 s);
 *   - no cell shows an error or stderr output (unless the notebook or cell allows stderr with
 *     "movie_embeddings": {"allow_stderr": true}, as for the headless runner);
 *   - every figure is drawn by plotly (an `svg.main-svg` with traces, in an output of non-zero
 *     size): all the plotly outputs the saved notebook holds, and at least the count the notebook
 *     declares in "movie_embeddings": {"figures": N}; still so after the window grows;
 *   - every table output is rendered as an HTML table (`table.dataframe`);
 *   - saved, closed and reopened, it still shows every figure (JupyterLab's plotly renderer first
 *     shows the PNG snapshot it saved, and draws the live chart on hover) and every table;
 *   - the same saved notebook opened as somebody else's (not trusted: JupyterLab sanitises its
 *     HTML) still shows every figure and table;
 *   - full-window screenshots go to out/e2e/<name>.1-run.png, .2-reopened.png, .3-untrusted.png
 *     (and out/e2e/first-visit.png: the file browser and Launcher a first visit shows).
 * Every other notebook is not executed a second time: its headless run's executed copy is opened
 * as a reader opens somebody else's notebook (the TypeScript kernel, not trusted), and every
 * figure it holds must be drawn by JupyterLab's plotly renderer, every table shown as HTML
 * (screenshot out/e2e/<name>.headless.png). The headless run already checked its cells (errors,
 * stderr, time limits, recorded numbers).
 * Then tslab's kernel protocol as JupyterLab 4 uses it: kernel info, completion, inspection,
 * interrupting an `await` and a busy loop, restarting.
 * Deno's kernel, the second one: a notebook (MOVIE_EMBEDDINGS_E2E_DENO, default 00-movielens-tour)
 * run in full on it as above (screenshots out/e2e/<name>.deno.*.png), and what Interrupt Kernel does
 * to a busy loop there (stops the cell, or ends the kernel, which JupyterLab restarts), printed with
 * its time; either way the next cell must run.
 *
 * `npm run test:e2e` (run by .ci/run after `npm test`, whose headless run it reuses). Skipped,
 * saying why, without chromium (Debian's `apt-get install chromium`) or without the project's
 * Jupyter; under CI=true those fail instead.
 * MOVIE_EMBEDDINGS_E2E_NOTEBOOKS=00-movielens-tour,01-item2vec limits the notebooks checked.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { LANGUAGE_INFO } from "../../scripts/jupyter.mjs";
import { DENO_KERNEL_NAME, jupyterStatus, KERNEL_NAME, TSLAB_BIN } from "../../scripts/setup-jupyter.mjs";
import { findChromium, inCI, launchChromium } from "../support/chromium";
import { startJupyterLab, type JupyterLab } from "./jupyterlab-server";
import {
  closeTab,
  hasRun,
  hoverFigures,
  menu,
  notebookView,
  openNotebook,
  PANEL,
  resizeWindow,
  save,
  screenshotNotebook,
  waitFor,
  waitForAllCells,
  type NotebookView,
} from "./lab-page";

const ROOT = path.resolve(__dirname, "..", "..");
const NOTEBOOKS = path.join(ROOT, "notebooks");
const OUT = path.join(ROOT, "out", "e2e");
/** Where the headless run (`npm run test:notebooks`) leaves each executed notebook and its manifest. */
const HEADLESS = path.join(ROOT, "out", "notebooks");
/** The notebooks run in full in JupyterLab when MOVIE_EMBEDDINGS_E2E_RUN_ALL does not say. */
const DEFAULT_RUN_ALL = ["00-movielens-tour", "02-cbow-next-title"];
const META_KEY = "movie_embeddings";
const PLOTLY_MIME = "application/vnd.plotly.v1+json";
/** The runner's default time limit of one cell (scripts/run_notebooks.py --timeout). */
const DEFAULT_CELL_TIMEOUT_S = 300;
/** Added to every cell's limit for the browser's own work (rendering outputs, plotly). */
const BROWSER_SLACK_MS = 30_000;
const FIGURE_DRAW_MS = 30_000;
const VIEWPORT = { width: 1280, height: 900 };
const BIG_VIEWPORT = { width: 1600, height: 1200 };

interface NotebookJson {
  cells: { cell_type: string; source: string | string[]; metadata?: Record<string, unknown>; outputs?: Output[] }[];
  metadata: Record<string, unknown>;
}
interface Output {
  output_type: string;
  data?: Record<string, unknown>;
  name?: string;
}

const chromiumPath = findChromium();
const jupyter = jupyterStatus();

function skipReason(): string | false {
  if (inCI) return false; // in CI a missing browser or Jupyter fails in before()
  if (!chromiumPath) return "chromium not found: `apt-get install chromium` (Debian's package) to run the JupyterLab end-to-end test";
  if (!jupyter.ok) return `the project's Jupyter is not ready: ${jupyter.message.split("\n").join(" ")}`;
  return false;
}

function notebookNames(): string[] {
  const all = readdirSync(NOTEBOOKS).filter((f) => f.endsWith(".ipynb")).sort().map((f) => f.replace(/\.ipynb$/, ""));
  const wanted = process.env.MOVIE_EMBEDDINGS_E2E_NOTEBOOKS?.split(",").map((n) => n.trim().replace(/\.ipynb$/, "")).filter(Boolean);
  if (!wanted) return all;
  const unknown = wanted.filter((n) => !all.includes(n));
  if (unknown.length) throw new Error(`MOVIE_EMBEDDINGS_E2E_NOTEBOOKS names no notebook ${unknown.join(", ")}; notebooks/ has ${all.join(", ")}`);
  return wanted;
}

/** The notebooks also run in full on Deno's kernel (MOVIE_EMBEDDINGS_E2E_DENO: names, or "none"; default 00). */
function denoNotebooks(): string[] {
  const setting = process.env.MOVIE_EMBEDDINGS_E2E_DENO?.trim();
  if (setting === "none") return [];
  const names = setting ? setting.split(",").map((n) => n.trim().replace(/\.ipynb$/, "")).filter(Boolean) : ["00-movielens-tour"];
  return names.filter((n) => notebookNames().includes(n));
}

/** Whether a notebook runs in full in JupyterLab (MOVIE_EMBEDDINGS_E2E_RUN_ALL: "all", or names). */
function runsInLab(name: string): boolean {
  const setting = process.env.MOVIE_EMBEDDINGS_E2E_RUN_ALL?.trim();
  if (setting === "all") return true;
  const names = setting ? setting.split(",").map((n) => n.trim().replace(/\.ipynb$/, "")).filter(Boolean) : DEFAULT_RUN_ALL;
  return names.includes(name);
}

/**
 * The headless run's executed copy of a notebook, when it passed and holds exactly the committed
 * notebook's code (so its outputs are what this notebook produces); otherwise null.
 */
function headlessCopy(name: string): string | null {
  const file = path.join(HEADLESS, `${name}.ipynb`);
  try {
    const manifest = JSON.parse(readFileSync(path.join(HEADLESS, "manifest.json"), "utf8")) as { notebooks: { name: string; ok: boolean; ipynb?: string }[] };
    if (!manifest.notebooks.some((n) => n.name === name && n.ok && n.ipynb)) return null;
    const sources = (nb: NotebookJson) => codeCells(nb).map(sourceOf);
    const same = JSON.stringify(sources(readNotebook(file))) === JSON.stringify(sources(readNotebook(path.join(NOTEBOOKS, `${name}.ipynb`))));
    return same ? file : null;
  } catch {
    return null;
  }
}

function meta(node: { metadata?: Record<string, unknown> }): Record<string, unknown> {
  const value = node.metadata?.[META_KEY];
  return value && typeof value === "object" ? (value as Record<string, unknown>) : {};
}

function readNotebook(file: string): NotebookJson {
  return JSON.parse(readFileSync(file, "utf8")) as NotebookJson;
}

function codeCells(nb: NotebookJson) {
  return nb.cells.filter((c) => c.cell_type === "code");
}

/** Each code cell's time limit in ms, as the headless runner computes it. */
function cellLimitsMs(nb: NotebookJson): number[] {
  const notebookTimeout = Number(meta(nb).timeout ?? DEFAULT_CELL_TIMEOUT_S);
  return codeCells(nb).map((c) => Number(meta(c).timeout ?? notebookTimeout) * 1000 + BROWSER_SLACK_MS);
}

/** Figures the notebook declares: a count, or `true` for "at least one". */
function declaredFigures(nb: NotebookJson): number {
  const figures = meta(nb).figures;
  return figures === true ? 1 : typeof figures === "number" ? figures : 0;
}

/** Per code cell: plotly outputs and HTML table outputs in a saved notebook. */
function savedOutputs(nb: NotebookJson): { figures: number; tables: number }[] {
  return codeCells(nb).map((cell) => {
    const outputs = cell.outputs ?? [];
    const html = (o: Output) => {
      const value = o.data?.["text/html"];
      return Array.isArray(value) ? value.join("") : typeof value === "string" ? value : "";
    };
    return {
      figures: outputs.filter((o) => o.data && PLOTLY_MIME in o.data).length,
      tables: outputs.filter((o) => !(o.data && PLOTLY_MIME in o.data) && /<table class="dataframe/.test(html(o))).length,
    };
  });
}

function sourceOf(cell: { source: string | string[] }): string {
  return Array.isArray(cell.source) ? cell.source.join("") : cell.source;
}

/** Problems with the figures and tables on show, compared with what the saved notebook holds. */
function outputProblems(view: NotebookView, saved: { figures: number; tables: number }[], declared: number): string[] {
  const problems: string[] = [];
  if (view.cells.length !== saved.length) problems.push(`${view.cells.length} code cells on screen, the notebook has ${saved.length}`);
  view.cells.forEach((cell, i) => {
    const want = saved[i] ?? { figures: 0, tables: 0 };
    if (cell.figures !== want.figures) problems.push(`code cell ${i}: ${cell.figures} plotly outputs on screen, the notebook holds ${want.figures}`);
    if (cell.tables !== want.tables) problems.push(`code cell ${i}: ${cell.tables} HTML tables on screen, the notebook holds ${want.tables} table outputs`);
  });
  const shown = view.cells.reduce((n, c) => n + c.figures, 0);
  if (shown < declared) problems.push(`${shown} figures, the notebook declares ${declared} ("${META_KEY}": {"figures": ${declared}})`);
  return problems;
}

function undrawn(view: NotebookView, acceptImages: boolean): string[] {
  return view.cells.flatMap((c, i) => {
    const missing = c.figures - c.drawnFigures - (acceptImages ? c.figureImages : 0);
    return missing > 0 ? [`code cell ${i}: ${missing} of ${c.figures} figures not drawn`] : [];
  });
}

/** Waits until every plotly output is drawn (or, with `acceptImages`, shows its PNG snapshot). */
function waitForFigures(page: Page, what: string, acceptImages: boolean): Promise<NotebookView> {
  return waitFor(`${what}: figures were not drawn`, FIGURE_DRAW_MS, () => notebookView(page), (v) => undrawn(v, acceptImages).length === 0, (v) => undrawn(v, acceptImages).join("; "));
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

const skip = skipReason();
/** Deno's kernel is registered by `npm install`; without it (and not in CI) its checks skip, saying so. */
const denoSkip = !inCI && !jupyter.deno ? "Deno's kernel is not registered in .venv (npm install, then npm run setup-jupyter)" : false;
if (skip) console.log(`JupyterLab end-to-end test skipped: ${skip}`);

describe("JupyterLab 4 with the project's kernels (tslab, Deno), in Chromium", { skip }, () => {
  let lab: JupyterLab | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  let page: Page;
  let scratch = "";
  let work = "";
  const pageErrors: string[] = [];

  /** Wraps a failure with JupyterLab's log tail. */
  async function withLog<T>(step: () => Promise<T>): Promise<T> {
    try {
      return await step();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new Error(`${message}\n\nJupyterLab's log (last lines):\n${lab?.logTail() ?? "(not started)"}`, { cause: error });
    }
  }

  /** Shuts down the kernels of the notebooks whose paths are given (they hold memory). */
  async function shutDownKernels(paths: string[]): Promise<void> {
    const sessions = (await lab!.api("/api/sessions")) as { id: string; path: string }[];
    for (const session of sessions.filter((s) => paths.includes(s.path))) {
      await lab!.api(`/api/sessions/${session.id}`, { method: "DELETE" });
    }
  }

  const cell = (i: number) => page.locator(`${PANEL} .jp-CodeCell`).nth(i);

  /** Runs code cell `i` of the open notebook (Shift+Enter on it). */
  async function run(i: number): Promise<void> {
    await cell(i).locator(".jp-InputArea-prompt").click();
    await page.keyboard.press("Shift+Enter");
  }

  /** The execution state the server reports for the kernel of notebook `file` ("" without one). */
  async function kernelState(file: string): Promise<string> {
    const sessions = (await lab!.api("/api/sessions")) as { path: string; kernel: { execution_state: string } }[];
    return sessions.find((s) => s.path === file)?.kernel.execution_state ?? "";
  }

  /**
   * Starts the busy loop in code cell `i` of notebook `file` and stops it as a user would: Kernel → Interrupt Kernel
   * up to three times, then Kernel → Restart Kernel… (the README's workaround when interrupts are
   * lost). Says which one stopped it, how long it took, and what the cell showed.
   */
  async function stopBusyLoop(file: string, i: number): Promise<{ how: "interrupt" | "kernel died" | "restart"; ms: number; stderr: string }> {
    // the previous check may still be settling: start from an idle kernel, and press Shift+Enter
    // again if the first one was lost while JupyterLab was busy
    await waitFor("the kernel did not become idle before the busy loop", 30_000, () => notebookView(page), (v) => v.status === "idle");
    const started = (v: NotebookView) => v.cells[i].prompt.includes("*");
    await run(i);
    if (!(await waitFor("", 10_000, () => notebookView(page), started).catch(() => undefined))) {
      await run(i);
      await waitFor(`code cell ${i} did not start (Shift+Enter pressed twice)`, 15_000, () => notebookView(page), started);
    }
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const t0 = Date.now();
    for (let attempt = 1; attempt <= 3; attempt++) {
      await menu(page, "Kernel", "Interrupt Kernel");
      const view = await waitFor("", 5_000, () => notebookView(page), (v) => hasRun(v.cells[i].prompt) || v.dialog !== "").catch(() => undefined);
      if (view?.dialog) {
        // The kernel process ended on the interrupt; JupyterLab says so and starts a new one.
        await page.click(".jp-Dialog .jp-mod-accept", { timeout: 10_000 });
        return { how: "kernel died", ms: Date.now() - t0, stderr: view.dialog };
      }
      if (view) return { how: "interrupt", ms: Date.now() - t0, stderr: view.cells[i].stderr.join("\n") };
    }
    await menu(page, "Kernel", "Restart Kernel…");
    await page.click(".jp-Dialog .jp-mod-accept", { timeout: 10_000 });
    await waitFor("the busy loop's kernel did not come back idle after a restart", 60_000, () => notebookView(page), (v) => v.status === "idle" && !v.cells[i].prompt.includes("*"));
    return { how: "restart", ms: Date.now() - t0, stderr: "" };
  }

  /** Writes a notebook of `cells` for `kernelspec` into the work folder and opens it. */
  async function openScratchNotebook(file: string, cells: string[], kernelspec: Record<string, string>): Promise<void> {
    writeFileSync(
      path.join(work, file),
      JSON.stringify({
        cells: cells.map((source, i) => ({ cell_type: "code", execution_count: null, id: `check-${i}`, metadata: {}, outputs: [], source })),
        metadata: { kernelspec },
        nbformat: 4,
        nbformat_minor: 5,
      }),
    );
    await openNotebook(page, lab!, file, cells.length);
  }

  /**
   * One notebook as a teacher runs it, on `kernel`: open, Run All, every figure drawn and table
   * shown, save, close and reopen, and the saved file opened as somebody else's (not trusted).
   */
  async function runAllInLab(name: string, kernel: "tslab" | "deno"): Promise<void> {
    await withLog(async () => {
      const deno = kernel === "deno";
      const shotName = deno ? `${name}.deno` : name;
      // On Deno: a copy of the notebook that names Deno's kernelspec, as a user's Change Kernel saves it
      const file = deno ? `${name}.deno.ipynb` : `${name}.ipynb`;
      const committed = readNotebook(path.join(NOTEBOOKS, `${name}.ipynb`));
      if (deno) {
        committed.metadata.kernelspec = { display_name: "TypeScript (Deno)", language: "typescript", name: DENO_KERNEL_NAME };
        writeFileSync(path.join(work, file), JSON.stringify(committed));
      }
      const limits = cellLimitsMs(committed);
      const declared = declaredFigures(committed);
      const allowStderr = meta(committed).allow_stderr === true;
      const times: string[] = [];
      let t = Date.now();
      const lap = (what: string) => {
        times.push(`${what} ${seconds(Date.now() - t)}`);
        t = Date.now();
      };
      pageErrors.length = 0;

      // 1. open: the project's kernel, idle, the notebook not marked modified
      let view = await openNotebook(page, lab!, file, committed.cells.length);
      const display = deno ? "TypeScript (Deno)" : "TypeScript";
      assert.equal(view.kernelName, display, `${file} opened with kernel "${view.kernelName}", not the project's ${display}`);
      const sessions = (await lab!.api("/api/sessions")) as { path: string; kernel: { name: string } }[];
      assert.equal(sessions.find((s) => s.path === file)?.kernel.name, deno ? DENO_KERNEL_NAME : KERNEL_NAME, `${file} is not running the ${kernel} kernel`);
      view = await notebookView(page);
      // (Deno's kernel info gives its own language_info, which JupyterLab writes into the copy.)
      if (!deno) assert.equal(view.dirty, false, `${file} is marked modified as soon as it opens (language_info differs from tslab's? run \`npm run clean-notebooks\`)`);
      lap("open");

      // 2. Run All; every cell within its limit; no errors
      await menu(page, "Run", "Run All Cells");
      view = await waitForAllCells(page, file, limits);
      lap("run all");
      const cells = codeCells(committed);
      const errors = view.cells.flatMap((c, i) =>
        c.stderr.length && !(allowStderr || meta(cells[i]).allow_stderr === true)
          ? [`code cell ${i} (${JSON.stringify(sourceOf(cells[i]).split("\n")[0])}) shows:\n${c.stderr.join("\n")}`]
          : [],
      );
      assert.deepEqual(errors, [], `${file}: error output after Run All`);
      assert.ok(view.cells.every((c) => hasRun(c.prompt)), `${file}: not every code cell ran: ${view.cells.map((c) => c.prompt).join(" ")}`);

      // 3. figures drawn, tables as HTML, compared with what the saved notebook holds
      view = await waitForFigures(page, file, false);
      await save(page, file);
      const savedNb = readNotebook(path.join(work, file));
      const saved = savedOutputs(savedNb);
      assert.deepEqual(outputProblems(view, saved, declared), [], `${file}: figures and tables after Run All`);
      if (!deno) assert.deepEqual(savedNb.metadata.language_info, LANGUAGE_INFO, "tslab's kernel_info no longer matches LANGUAGE_INFO in scripts/jupyter.mjs (clean-notebooks writes it)");
      // a bigger window (maximised, or on the classroom projector) keeps the figures
      await resizeWindow(page, BIG_VIEWPORT);
      await waitForFigures(page, `${file}, after the window grew to ${BIG_VIEWPORT.width}×${BIG_VIEWPORT.height}`, false);
      await resizeWindow(page, VIEWPORT);
      const shots = await screenshotNotebook(page, path.join(OUT, `${shotName}.1-run.png`), () =>
        waitForFigures(page, `${file}, in a window as tall as the notebook`, false),
      );
      lap("check and save");

      // 4. close and reopen: figures (PNG snapshot, live on hover) and tables still there
      await save(page, file); // plotly adds each figure's PNG snapshot to the notebook after drawing it
      await closeTab(page, file);
      view = await openNotebook(page, lab!, file, committed.cells.length);
      assert.ok(view.cells.every((c) => hasRun(c.prompt)), `${file} reopened without its execution counts`);
      view = await waitForFigures(page, `${file} reopened`, true);
      assert.deepEqual(outputProblems(view, saved, declared), [], `${file} reopened: figures and tables`);
      await hoverFigures(page);
      view = await waitForFigures(page, `${file} reopened, after hovering over each figure`, false);
      shots.push(...(await screenshotNotebook(page, path.join(OUT, `${shotName}.2-reopened.png`))));
      await closeTab(page, file);
      lap("reopen");

      // 5. the saved notebook as somebody else's: not trusted, figures and tables still shown
      const shared = `${shotName}.shared.ipynb`;
      const copy = readNotebook(path.join(work, file));
      copy.metadata[`${META_KEY}_e2e`] = "edited outside JupyterLab, so its signature no longer matches";
      writeFileSync(path.join(work, shared), JSON.stringify(copy));
      view = await openNotebook(page, lab!, shared, committed.cells.length);
      view = await waitForFigures(page, `${shared} (not trusted)`, true);
      const trusted = view.cells.reduce((n, c) => n + c.trustedHtmlOutputs, 0);
      assert.equal(trusted, 0, `${shared} was edited outside JupyterLab, yet ${trusted} HTML outputs render as trusted`);
      assert.deepEqual(outputProblems(view, saved, declared), [], `${shared} (not trusted): figures and tables`);
      await hoverFigures(page);
      await waitForFigures(page, `${shared} (not trusted), after hovering over each figure`, false);
      shots.push(...(await screenshotNotebook(page, path.join(OUT, `${shotName}.3-untrusted.png`))));
      await closeTab(page, shared);
      await shutDownKernels([file, shared]);
      lap("untrusted copy");

      assert.deepEqual(pageErrors, [], `${file}: script errors in the JupyterLab page`);
      const figures = saved.reduce((n, c) => n + c.figures, 0);
      const tables = saved.reduce((n, c) => n + c.tables, 0);
      console.log(`${name} (${kernel}): ${view.cells.length} code cells, ${figures} figures, ${tables} tables; ${times.join(", ")}`);
      console.log(`  screenshots: ${shots.map((s) => path.relative(ROOT, s)).join(", ")}`);
    });
  }

  before(async () => {
    assert.ok(chromiumPath, "chromium not found (CI=true): install Debian's package with `apt-get install chromium`");
    assert.ok(jupyter.ok, `the project's Jupyter is not ready (CI=true):\n${jupyter.message}`);
    mkdirSync(OUT, { recursive: true });
    // The copy lives inside the repository so `import ... from "movie-embeddings"` resolves as in
    // notebooks/, and in a folder of its own so what notebooks write to ../out stays in the copy.
    scratch = mkdtempSync(path.join(OUT, ".work-"));
    const removeScratch = () => rmSync(scratch, { recursive: true, force: true });
    process.on("exit", removeScratch); // also when the run is interrupted (the server's own handler stops JupyterLab)
    work = path.join(scratch, "notebooks");
    mkdirSync(work);
    for (const name of notebookNames()) cpSync(path.join(NOTEBOOKS, `${name}.ipynb`), path.join(work, `${name}.ipynb`));
    // folders the notebooks read beside them (notebooks/settings/ …), as JupyterLab users have them
    for (const entry of readdirSync(NOTEBOOKS, { withFileTypes: true })) {
      if (entry.isDirectory() && !entry.name.startsWith(".")) cpSync(path.join(NOTEBOOKS, entry.name), path.join(work, entry.name), { recursive: true });
    }
    lab = await startJupyterLab({
      rootDir: work,
      settings: {
        // No news poll and update check (no network; a toast would cover the screenshots).
        "@jupyterlab/apputils-extension:notification": { fetchNews: "false", checkForUpdates: false },
      },
    });
    browser = await launchChromium(chromiumPath!);
    context = await browser.newContext({ viewport: VIEWPORT });
    page = await context.newPage();
    page.on("pageerror", (error) => pageErrors.push(error.message));
  });

  after(async () => {
    try {
      await context?.close().catch(() => undefined);
      await browser?.close();
    } finally {
      await lab?.stop();
      if (scratch) rmSync(scratch, { recursive: true, force: true });
    }
  });

  it("serves the notebooks with the project's tslab kernel as the default", async () => {
    const specs = (await lab!.api("/api/kernelspecs")) as { default: string; kernelspecs: Record<string, { spec: { argv: string[] } }> };
    assert.equal(specs.default, KERNEL_NAME, "the default kernel for new notebooks is not the project's tslab");
    assert.equal(specs.kernelspecs[KERNEL_NAME]?.spec.argv[0], TSLAB_BIN, "the tslab kernelspec does not run this checkout's tslab");
  });

  it("a first visit shows the notebooks and a Launcher whose first notebook kernel is TypeScript", async () => {
    await withLog(async () => {
      await page.goto(lab!.labUrl("/lab?reset"), { waitUntil: "domcontentloaded", timeout: 60_000 });
      const first = page.locator(".jp-Launcher-section").filter({ hasText: "Notebook" }).locator(".jp-LauncherCard").first();
      await first.waitFor({ timeout: 60_000 });
      assert.equal((await first.getAttribute("title"))?.trim() ?? (await first.textContent())?.trim(), "TypeScript");
      const listed = await page.locator(".jp-DirListing-item .jp-DirListing-itemName").allTextContents();
      assert.ok(notebookNames().every((n) => listed.includes(`${n}.ipynb`)), `the file browser lists ${listed.join(", ")}`);
      await page.screenshot({ path: path.join(OUT, "first-visit.png") });
    });
  });

  for (const name of notebookNames()) {
    const executed = runsInLab(name) ? null : headlessCopy(name);
    if (executed) {
      it(`${name}: the headless run's executed copy opens with every figure drawn and every table shown`, async () => {
        await withLog(async () => {
          const file = `${name}.ipynb`;
          const started = Date.now();
          pageErrors.length = 0;
          cpSync(executed, path.join(work, file));
          const saved = readNotebook(executed);
          const declared = declaredFigures(readNotebook(path.join(NOTEBOOKS, file)));
          let view = await openNotebook(page, lab!, file, saved.cells.length);
          assert.equal(view.kernelName, "TypeScript", `${file} opened with kernel "${view.kernelName}", not the project's TypeScript (tslab)`);
          assert.ok(view.cells.every((c) => hasRun(c.prompt)), `${file}: the executed copy shows cells without execution counts`);
          view = await waitForFigures(page, `${file} (executed headless)`, false);
          assert.deepEqual(outputProblems(view, savedOutputs(saved), declared), [], `${file} (executed headless): figures and tables`);
          const trusted = view.cells.reduce((n, c) => n + c.trustedHtmlOutputs, 0);
          assert.equal(trusted, 0, `${file} comes from the headless run, yet ${trusted} HTML outputs render as trusted`);
          const shots = await screenshotNotebook(page, path.join(OUT, `${name}.headless.png`));
          await closeTab(page, file);
          await shutDownKernels([file]);
          assert.deepEqual(pageErrors, [], `${file}: script errors in the JupyterLab page`);
          const counts = savedOutputs(saved);
          console.log(`${name} (executed headless): ${view.cells.length} code cells, ${counts.reduce((n, c) => n + c.figures, 0)} figures, ${counts.reduce((n, c) => n + c.tables, 0)} tables; ${seconds(Date.now() - started)}`);
          console.log(`  screenshots: ${shots.map((s) => path.relative(ROOT, s)).join(", ")}`);
        });
      });
      continue;
    }
    it(`${name}: Run All shows every figure and table without errors, and again after save, close and reopen`, () => runAllInLab(name, "tslab"));
  }

  for (const name of denoNotebooks()) {
    it(`${name} on Deno's kernel: Run All shows every figure and table without errors, and again after save, close and reopen`, { skip: denoSkip }, () => runAllInLab(name, "deno"));
  }

  describe("tslab's kernel protocol in JupyterLab 4", () => {
    const file = "tslab-kernel-check.ipynb";
    const cells = [
      "const answer = 42;",
      "Math.ma",
      "answer",
      'await new Promise((resolve) => setTimeout(resolve, 60_000));\n"not interrupted"',
      "let spins = 0;\nfor (;;) spins++;",
      "answer",
    ];
    let opened = false;

    async function openCheckNotebook(): Promise<void> {
      if (opened) return;
      await openScratchNotebook(file, cells, { display_name: "TypeScript", language: "typescript", name: KERNEL_NAME });
      opened = true;
    }

    const editor = (i: number) => cell(i).locator(".cm-content");

    async function caretAtEnd(i: number): Promise<void> {
      await editor(i).click();
      await page.keyboard.press("Control+End");
    }

    after(async () => {
      if (opened) await shutDownKernels([file]).catch(() => undefined);
    });

    it("kernel info: JupyterLab starts the kernel and records tslab's language_info", async () => {
      await withLog(async () => {
        await openCheckNotebook();
        await run(0);
        await waitFor("the first cell did not run", 60_000, () => notebookView(page), (v) => hasRun(v.cells[0].prompt));
        await save(page, file);
        assert.deepEqual(readNotebook(path.join(work, file)).metadata.language_info, LANGUAGE_INFO);
      });
    });

    it("completion: Tab after `Math.ma` offers `max`", async () => {
      await withLog(async () => {
        await openCheckNotebook();
        await caretAtEnd(1);
        await page.keyboard.press("Tab");
        const items = await waitFor(
          "no completion list appeared",
          15_000,
          () => page.locator(".jp-Completer .jp-Completer-item").allTextContents(),
          (list) => list.length > 0,
        );
        await page.keyboard.press("Escape");
        assert.ok(items.some((item) => item.trim().startsWith("max")), `completions: ${items.join(", ")}`);
      });
    });

    it("inspection: Shift+Tab on `answer` shows its type", async () => {
      await withLog(async () => {
        await openCheckNotebook();
        await caretAtEnd(2);
        await page.keyboard.press("Shift+Tab");
        const text = await waitFor(
          "no tooltip appeared",
          15_000,
          () => page.locator(".jp-Tooltip").textContent({ timeout: 1_000 }).catch(() => ""),
          (t) => !!t,
        );
        await page.keyboard.press("Escape");
        assert.match(text ?? "", /answer: 42/);
      });
    });

    it("interrupt: Kernel → Interrupt Kernel stops an awaited promise", async () => {
      await withLog(async () => {
        await openCheckNotebook();
        await run(3);
        await waitFor("code cell 3 did not start", 15_000, () => notebookView(page), (v) => v.cells[3].prompt.includes("*"));
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        const started = Date.now();
        await menu(page, "Kernel", "Interrupt Kernel");
        const view = await waitFor("code cell 3 did not stop after the interrupt", 15_000, () => notebookView(page), (v) => hasRun(v.cells[3].prompt));
        console.log(`interrupting an awaited promise took ${seconds(Date.now() - started)}`);
        assert.match(view.cells[3].stderr.join("\n"), /Interrupted asynchronously/);
      });
    });

    it("interrupt: a busy loop stops on Interrupt Kernel, or else (tslab loses some interrupts) on Restart Kernel", async () => {
      await withLog(async () => {
        await openCheckNotebook();
        const stopped = await stopBusyLoop(file, 4);
        console.log(`tslab: the busy loop stopped by ${stopped.how} after ${seconds(stopped.ms)}`);
        assert.notEqual(stopped.how, "kernel died", "tslab's kernel died on Interrupt Kernel");
        if (stopped.how === "interrupt") assert.match(stopped.stderr, /interrupted by `SIGINT`/);
      });
    });

    it("restart: Kernel → Restart Kernel… gives a fresh kernel (counts from 1, earlier variables gone)", async () => {
      await withLog(async () => {
        await openCheckNotebook();
        const started = Date.now();
        await menu(page, "Kernel", "Restart Kernel…");
        await page.click(".jp-Dialog .jp-mod-accept", { timeout: 10_000 });
        await waitFor("the kernel did not come back idle after the restart", 60_000, () => notebookView(page), (v) => v.status === "idle");
        console.log(`restarting the kernel took ${seconds(Date.now() - started)}`);
        await run(5);
        const view = await waitFor("code cell 5 did not run after the restart", 60_000, () => notebookView(page), (v) => hasRun(v.cells[5].prompt));
        assert.equal(view.cells[5].prompt, "[1]:");
        assert.match(view.cells[5].stderr.join("\n"), /Cannot find name 'answer'/);
      });
    });
  });

  describe("Deno's kernel in JupyterLab 4", { skip: denoSkip }, () => {
    it("a busy loop stops on Interrupt Kernel (or the kernel dies and JupyterLab restarts it), and the kernel runs the next cell", async () => {
      await withLog(async () => {
        const file = "deno-kernel-check.ipynb";
        await openScratchNotebook(file, ["let spins = 0;\nfor (;;) spins++;", "6 * 7"], { display_name: "TypeScript (Deno)", language: "typescript", name: DENO_KERNEL_NAME });
        const t0 = Date.now();
        const stopped = await stopBusyLoop(file, 0);
        console.log(`Deno: the busy loop stopped by ${stopped.how} after ${seconds(stopped.ms)}${stopped.stderr ? `; JupyterLab said: ${stopped.stderr.split("\n")[0]}` : ""}`);
        const ranNext = (v: NotebookView) => hasRun(v.cells[1].prompt);
        await run(1);
        let view = await waitFor("", 30_000, () => notebookView(page), ranNext).catch(() => undefined);
        if (!view) {
          // What a user does next when the kernel stays busy: Kernel → Restart Kernel…, then run again.
          console.log(`Deno: after the ${stopped.how}, the next cell did not run within 30 s (kernel ${await kernelState(file)}); restarting the kernel`);
          await menu(page, "Kernel", "Restart Kernel…");
          await page.click(".jp-Dialog .jp-mod-accept", { timeout: 10_000 });
          await waitFor("Deno's kernel did not come back idle after Restart Kernel…", 60_000, () => kernelState(file), (state) => state === "idle", (state) => `kernel ${state}`);
          await run(1);
          view = await waitFor("the next cell did not run after restarting Deno's kernel", 60_000, () => notebookView(page), ranNext);
        }
        console.log(`Deno: the next cell ran ${seconds(Date.now() - t0)} after the first Interrupt Kernel`);
        assert.deepEqual(view.cells[1].stderr, []);
        await shutDownKernels([file]);
      });
    });
  });
});
