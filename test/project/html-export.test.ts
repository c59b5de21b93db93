/**
 * HTML export check: opens every notebook export listed in out/notebooks/manifest.json (written by
 * `npm run notebooks`, i.e. scripts/run_notebooks.py --export) in headless Chromium and checks that
 *   - every figure container `div.me-figure` holds a drawn plotly `svg.main-svg`;
 *   - the page shows every figure the executed notebook produced, and at least as many as the
 *     notebook declares (notebook metadata "movie_embeddings": {"figures": N}; at least one when
 *     it declares any);
 *   - no "Plotly failed to load" element (`.me-figure-error`) is visible, and no script threw.
 *
 * The browser is Debian's chromium (`which chromium`), driven by playwright-core; no browser is
 * ever downloaded. The page gets no network: the export must be standalone. The require.js that
 * nbconvert's template loads from a CDN is answered with a tiny AMD `define` stub, so figures are
 * also checked the way they load for a reader who is online (require.js present on the page).
 *
 * It also opens the full-size explorer page notebook 06 saves (out/explorer/explorer.html) when the
 * run included notebook 06: ready offline, a query's columns shown, no script error.
 *
 * Runs from `npm run test:html` (part of `npm test`, after the notebooks ran) — that sets
 * MOVIE_EMBEDDINGS_HTML_CHECK=1; under `npm run test:lib` it is skipped, so stale
 * exports never fail the unit tests. Without chromium it is skipped (fails under CI=true).
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser } from "playwright-core";
import { findChromium, inCI, launchChromium } from "../support/chromium";

const ROOT = path.resolve(__dirname, "..", "..");
const OUT = path.join(ROOT, "out", "notebooks");
const MANIFEST = path.join(OUT, "manifest.json");
/** The explorer page notebook 06 writes, and where its screenshot goes. */
const EXPLORER_OUT = path.join(ROOT, "out", "explorer");
const DRAW_TIMEOUT_MS = 60_000;
/** Stands in for require.js (from nbconvert's template) without any network. */
const AMD_STUB = "window.define = function () {}; window.define.amd = {}; window.require = function () {};";

// Browser-side code as plain JavaScript strings (tsx would add helpers the page does not have).
/** True once every figure shows its plot or its error. */
const ALL_SETTLED_JS = `Array.from(document.querySelectorAll("div.me-figure"))
  .every(function (f) { return f.querySelector("svg.main-svg") || f.querySelector(".me-figure-error"); })`;
/** What the page shows: figure count, undrawn figures, visible figure errors. */
const PAGE_STATE_JS = `(function () {
  var figures = Array.from(document.querySelectorAll("div.me-figure"));
  function isVisible(el) {
    var box = el.getBoundingClientRect();
    var style = getComputedStyle(el);
    return box.width > 0 && box.height > 0 && style.visibility !== "hidden" && style.display !== "none";
  }
  return {
    figures: figures.length,
    undrawn: figures
      .map(function (f, i) { return { i: i, id: f.id, drawn: !!f.querySelector("svg.main-svg") }; })
      .filter(function (f) { return !f.drawn; })
      .map(function (f) { return "#" + f.i + (f.id ? " (id " + f.id + ")" : ""); }),
    visibleErrors: Array.from(document.querySelectorAll(".me-figure-error"))
      .filter(isVisible)
      .map(function (e) { return (e.textContent || "").trim(); }),
  };
})()`;

interface ManifestEntry {
  name: string;
  ok: boolean;
  html?: string;
  figures: number;
  figureOutputs?: number;
}

const enabled = process.env.MOVIE_EMBEDDINGS_HTML_CHECK === "1";
const chromiumPath = enabled ? findChromium() : undefined;

function skipReason(): string | false {
  if (!enabled) {
    return "runs after the notebook export: `npm run test:html` (part of `npm test`)";
  }
  if (!chromiumPath && !inCI) {
    return "chromium not found: `apt-get install chromium` (Debian's package) to check the HTML exports";
  }
  return false;
}

describe("notebook HTML exports in Chromium", { skip: skipReason() }, () => {
  let browser: Browser | undefined;
  const entries: ManifestEntry[] = [];

  before(async () => {
    assert.ok(chromiumPath, "chromium not found (CI=true): install it with `apt-get install chromium`");
    assert.ok(existsSync(MANIFEST), `${path.relative(ROOT, MANIFEST)} is missing: run \`npm run notebooks\` first`);
    entries.push(...(JSON.parse(readFileSync(MANIFEST, "utf8")).notebooks as ManifestEntry[]));
    browser = await launchChromium(chromiumPath);
  });

  after(async () => {
    await browser?.close();
  });

  it("has exports to check (or no notebooks at all)", () => {
    if (entries.length === 0) {
      console.log("no notebooks were exported: nothing to open");
      return;
    }
    const missing = entries.filter((e) => !e.html || !existsSync(path.resolve(ROOT, e.html)));
    assert.deepEqual(
      missing.map((e) => e.name),
      [],
      "notebooks without an HTML export: run `npm run notebooks` (with --export)",
    );
  });

  it("draws every figure of every exported notebook", async () => {
    const problems: string[] = [];
    for (const entry of entries) {
      if (!entry.html) continue;
      problems.push(...(await checkExport(browser!, entry)));
    }
    assert.deepEqual(problems, [], `HTML export problems:\n${problems.join("\n")}`);
  });

  it("loads the full-size explorer page of notebook 06 offline, when the run included notebook 06", async (t) => {
    if (!entries.some((e) => e.name === "06-explore")) {
      t.skip("notebook 06 was not in this run");
      return;
    }
    const saved = path.join(EXPLORER_OUT, "explorer.html");
    assert.ok(existsSync(saved), `${path.relative(ROOT, saved)} is missing: notebook 06 ran but did not save its explorer page`);
    const page = await browser!.newPage({ viewport: { width: 1360, height: 1300 } });
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await page.route("**/*", (route) => (route.request().url().startsWith("file:") ? route.continue() : route.abort("internetdisconnected")));
    try {
      await page.goto(pathToFileURL(saved).href);
      await page.waitForSelector("body[data-ready=true]", { timeout: DRAW_TIMEOUT_MS });
      const status = (await page.textContent("#status"))!;
      assert.match(status, /ready \d+ ms after the page started loading/);
      assert.ok((await page.$$("#columns .column li")).length > 0, "the page opens with a query and its columns");
      assert.deepEqual(errors, []);
      console.log(`notebook 06's page: ${(statSync(saved).size / 1e6).toFixed(2)} MB; ${status}`);
      await page.screenshot({ path: path.join(EXPLORER_OUT, "0-notebook-page.png"), fullPage: true });
    } finally {
      await page.close();
    }
  });
});

async function checkExport(browser: Browser, entry: ManifestEntry): Promise<string[]> {
  const file = path.resolve(ROOT, entry.html!);
  const problems: string[] = [];
  const page = await browser.newPage();
  const pageErrors: string[] = [];
  page.on("pageerror", (err) => pageErrors.push(err.message));
  await page.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith("file:") || url.startsWith("data:")) return route.continue();
    if (/\/require(\.min)?\.js(\?|$)/.test(url)) {
      return route.fulfill({ status: 200, contentType: "text/javascript", body: AMD_STUB });
    }
    return route.abort("internetdisconnected");
  });
  try {
    await page.goto(pathToFileURL(file).href, { waitUntil: "load", timeout: DRAW_TIMEOUT_MS });
    // Wait until every figure has its plot (or shows its error), up to the time limit.
    await page.waitForFunction(ALL_SETTLED_JS, undefined, { timeout: DRAW_TIMEOUT_MS }).catch(() => undefined);
    const state = (await page.evaluate(PAGE_STATE_JS)) as { figures: number; undrawn: string[]; visibleErrors: string[] };
    const where = `${entry.name}.html`;
    if (state.undrawn.length) {
      problems.push(`${where}: ${state.undrawn.length} of ${state.figures} div.me-figure without svg.main-svg: ${state.undrawn.join(", ")}`);
    }
    if (state.visibleErrors.length) {
      problems.push(`${where}: visible figure errors: ${[...new Set(state.visibleErrors)].join(" | ")}`);
    }
    if (entry.figures > 0 && state.figures === 0) {
      problems.push(`${where}: the notebook declares ${entry.figures} figure(s) but the export has no div.me-figure`);
    } else if (state.figures < entry.figures) {
      problems.push(`${where}: ${state.figures} div.me-figure, the notebook declares at least ${entry.figures}`);
    }
    if (entry.figureOutputs !== undefined && state.figures < entry.figureOutputs) {
      problems.push(`${where}: the executed notebook has ${entry.figureOutputs} figure outputs, the HTML shows ${state.figures}`);
    }
    for (const message of pageErrors) problems.push(`${where}: script error: ${message}`);
    console.log(`${where}: ${state.figures} figures, ${state.figures - state.undrawn.length} drawn`);
  } finally {
    await page.close();
  }
  return problems;
}
