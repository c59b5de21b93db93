/**
 * The movie explorer (lib/src/explorer): packing, the page's search against the library's, the
 * standalone file, the notebook output, and the page in headless Chromium used as a person uses
 * it (type a title with a typo, pick a suggestion, read the columns, click a point on the map,
 * switch the map's model, add a movie, subtract one), with screenshots in out/explorer/.
 *
 * The models are small but real: item2vec and NCF trained for a moment on the shipped
 * ml-latest-small, and the shipped plot embeddings of the movies rated at least 10 times. Their
 * maps are the first two coordinates of the unit vectors (the explorer takes any Layout2D; the
 * maps themselves are tested in maps.test.ts). The page's float16 decoder needs no model: ../explorer.test.ts.
 *
 * Without chromium the browser part is skipped and says so; under CI=true it fails instead.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser, Page } from "playwright-core";
import {
  DisplayMessage, Explorer, KeyedVectors, Layout2D, OptionsError, RatingModel, Random, Word2Vec, buildWatchlists, closestKeys,
  loadMovieLens, loadPageCore, loadPlotEmbeddings, movieExplorer, neighbourOverlap, pageBundle, plotKeyedVectors,
  ratingsPerMovie, ratingTriples, selectRows, setDisplaySink, showPage,
} from "movie-embeddings/internal";
import type { ExplorerModel, MovieLens } from "movie-embeddings";
import { findChromium, inCI, launchChromium } from "../support/chromium";

const ROOT = path.resolve(__dirname, "..", "..");
const SHOTS = path.join(ROOT, "out", "explorer");
const SEED = 7;

/** A value from the page's script (another realm) as a plain value of this one, for deepEqual. */
const plain = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** A map any test can compute at once: the first two coordinates of each unit vector. */
function firstTwoCoordinates(wv: KeyedVectors): Layout2D {
  const unit = wv.normedVectors();
  const x = new Float64Array(wv.size);
  const y = new Float64Array(wv.size);
  for (let r = 0; r < wv.size; r++) {
    x[r] = unit[r * wv.vectorSize];
    y[r] = unit[r * wv.vectorSize + 1];
  }
  return { x, y, iterations: 0 };
}

let data: MovieLens;
let models: ExplorerModel[];
let explorer: Explorer;

/** Queries to compare: single movies, pairs, and pairs with a movie subtracted, in every model. */
function sampleQueries(count: number): { model: string; positive: number[]; negative: number[] }[] {
  const random = new Random(SEED);
  const queries: { model: string; positive: number[]; negative: number[] }[] = [];
  for (let i = 0; i < count; i++) {
    const model = explorer.packed.models[i % explorer.packed.models.length];
    const wv = explorer.vectors(model.name);
    const pick = () => Number(wv.keys[random.int(wv.size)]);
    const positive = [pick()];
    const negative: number[] = [];
    if (i % 3 >= 1) positive.push(pick());
    if (i % 3 === 2) negative.push(pick());
    if (new Set([...positive, ...negative]).size < positive.length + negative.length) continue;
    queries.push({ model: model.name, positive, negative });
  }
  return queries;
}

before(async () => {
  data = loadMovieLens();
  const watchlists = buildWatchlists(data, { tokens: "movieId", order: "timestamp", minLength: 2 });
  const item2vec = await Word2Vec.train(watchlists.lists, { vectorSize: 24, window: 5, minCount: 10, sg: 0, epochs: 2, seed: SEED, workers: 1 });
  const ncf = await RatingModel.train(ratingTriples(data, { minRatingsPerMovie: 10 }), { vectorSize: 16, epochs: 2, optimizer: "lazy", seed: SEED });
  const rated = ratingsPerMovie(data).filter((m) => m.ratings >= 10).map((m) => m.movieId);
  const all = loadPlotEmbeddings();
  const withPlot = new Set(all.movieIds);
  const plots = plotKeyedVectors(selectRows(all, rated.filter((id) => withPlot.has(id))));
  models = [
    { name: "item2vec", wv: item2vec.wv, layout: firstTwoCoordinates(item2vec.wv), description: "watched around the same time" },
    { name: "NCF", wv: ncf.movieVectors, layout: firstTwoCoordinates(ncf.movieVectors), description: "rated alike" },
    { name: "plots", wv: plots, layout: firstTwoCoordinates(plots), description: "similar plot text" },
  ];
  explorer = movieExplorer(models, data, { query: 1, title: "Explorer test" });
});

describe("packing the explorer's data", () => {
  it("keeps every model's movies in one catalogue, in movies.csv order, with genres and rating counts", () => {
    const { packed } = explorer;
    const expected = new Set(models.flatMap((m) => m.wv.keys.map(Number)));
    assert.equal(packed.movieIds.length, expected.size);
    assert.ok(packed.movieIds.every((id, i) => i === 0 || data.movieList.findIndex((m) => m.movieId === packed.movieIds[i - 1]) < data.movieList.findIndex((m) => m.movieId === id)));
    const toyStory = packed.movieIds.indexOf(1);
    assert.equal(packed.titles[toyStory], "Toy Story (1995)");
    assert.equal(packed.genres[toyStory], "Adventure|Animation|Children|Comedy|Fantasy");
    assert.equal(packed.ratings[toyStory], ratingsPerMovie(data).find((m) => m.movieId === 1)!.ratings);
    assert.equal(packed.primaryGenres[toyStory], "Animation");
  });

  it("stores int8 vectors that keep the models' neighbours, and float16 closer still", () => {
    const f16 = movieExplorer(models, data, { dtype: "float16" });
    for (const model of models) {
      const int8Overlap = neighbourOverlap(model.wv, explorer.vectors(model.name), 10);
      const f16Overlap = neighbourOverlap(model.wv, f16.vectors(model.name), 10);
      assert.ok(int8Overlap > 0.9, `${model.name}: int8 keeps ${int8Overlap} of the top-10 neighbours`);
      assert.ok(f16Overlap >= int8Overlap && f16Overlap > 0.98, `${model.name}: float16 keeps ${f16Overlap}`);
    }
    assert.ok(f16.dataBytes > explorer.dataBytes, "float16 takes more room than int8");
  });

  it("refuses bad input with the function, option or model and what was expected", () => {
    assert.throws(() => movieExplorer(models, data, { topN: 5 } as never), /movieExplorer: unknown option "topN"; did you mean "topn"\?/);
    assert.throws(() => movieExplorer(models, data, { dtype: "int4" as never }), /dtype must be one of "int8", "float16"/);
    assert.throws(() => movieExplorer([], data), /give at least one model/);
    assert.throws(() => movieExplorer([models[0], models[0]], data), /two models are named "item2vec"/);
    const titleKeyed = KeyedVectors.fromEntries([["Toy Story (1995)", [1, 0]], ["Heat (1995)", [0, 1]]]);
    assert.throws(() => movieExplorer([{ name: "titles", wv: titleKeyed }], data), /model "titles", row 0: key "Toy Story \(1995\)" is not a movie of ml-latest-small \(keys must be movieIds \(or pass the model's vocab\)\)/);
    assert.throws(() => movieExplorer([{ ...models[0], layout: firstTwoCoordinates(models[2].wv) }], data), /has \d+ rows but its layout has \d+ points/);
    assert.throws(() => movieExplorer(models, data, { query: 999999 }), /query movieId 999999 is in none of the models/);
    assert.throws(() => movieExplorer(models, data, { query: "1" as never }), /query must be a movieId or a list of movieIds/);
    assert.throws(() => explorer.sideBySide({ positive: 1, topN: 3 } as never), /Explorer.sideBySide: unknown option "topN"; did you mean "topn"\?/);
    assert.throws(() => explorer.mostSimilar("NCF", { positive: "1" as never }), /Explorer.mostSimilar: positive must be a movieId or a list of movieIds, got "1"/);
    assert.throws(() => explorer.vectors("CBOW"), (e: Error) => e instanceof OptionsError && /no model named "CBOW"; the models are "item2vec", "NCF", "plots"/.test(e.message));
  });
});

describe("the columns as a table", () => {
  it("lists each model's neighbours by rank, marks movies two models list, and shows — without a vector", () => {
    const rows = explorer.sideBySide({ positive: 1, topn: 5 });
    assert.equal(rows.length, 5);
    const answers = explorer.modelNames.map((name) => explorer.mostSimilar(name, { positive: 1, topn: 5 }));
    const listed = new Map<number, number>();
    for (const answer of answers) for (const n of answer) listed.set(n.movieId, (listed.get(n.movieId) ?? 0) + 1);
    rows.forEach((row, rank) => {
      assert.equal(row.rank, rank + 1);
      explorer.modelNames.forEach((name, m) => {
        const n = answers[m][rank];
        assert.equal(row[name], `${n.title} (${n.similarity.toFixed(2)})${listed.get(n.movieId)! > 1 ? " ✓" : ""}`);
      });
    });
    const noPlot = explorer.vectors("item2vec").keys.map(Number).find((id) => !explorer.vectors("plots").has(String(id)))!;
    assert.ok(explorer.sideBySide({ positive: noPlot, topn: 3 }).every((row) => row.plots === "—"));
  });
});

describe("the page's search, run in Node", () => {
  for (const kernel of ["webassembly", "javascript"] as const) {
    it(`finds the library's neighbours, similarities equal to the last bit (${kernel} kernel)`, () => {
      const core = loadPageCore({ webAssembly: kernel === "webassembly" });
      for (const dtype of ["int8", "float16"] as const) {
        const ex = dtype === "int8" ? explorer : movieExplorer(models, data, { dtype });
        const size = ex.packed.movieIds.length;
        const catalogueOf = new Map(ex.packed.movieIds.map((id, i) => [id, i]));
        const loaded = new Map(ex.packed.models.map((m) => [m.name, core.loadModel(m)]));
        for (const model of loaded.values()) assert.equal(model.kernel, kernel);
        const rowOf = new Map([...loaded].map(([name, m]) => [name, core.rowIndex(m, size)]));
        const queries = sampleQueries(24);
        assert.ok(queries.length >= 20, `${queries.length} queries`);
        for (const q of queries) {
          const rows = (ids: number[]) => ids.map((id) => rowOf.get(q.model)![catalogueOf.get(id)!]);
          const model = loaded.get(q.model)!;
          const page = plain(core.mostSimilar(model, rows(q.positive), rows(q.negative), 10))
            .map((h) => ({ movieId: ex.packed.movieIds[model.catalogue[h.row]], similarity: h.score }));
          const library = ex.mostSimilar(q.model, { positive: q.positive, negative: q.negative, topn: 10 }).map(({ movieId, similarity }) => ({ movieId, similarity }));
          assert.deepEqual(page, library, `${dtype} ${q.model} +${q.positive} −${q.negative}`);
        }
      }
    });
  }

  it("ranks ties lower row first, as topk.ts does", () => {
    const wv = KeyedVectors.fromEntries([["1", [1, 0]], ["2", [1, 1]], ["3", [1, 1]], ["5", [1, 1]], ["6", [0, 1]]]);
    const tied = movieExplorer([{ name: "tied", wv }], data, { dtype: "float16" });
    const core = loadPageCore();
    const model = core.loadModel(tied.packed.models[0]);
    const page = plain(core.mostSimilar(model, [0], [], 4)).map((h) => tied.packed.movieIds[model.catalogue[h.row]]);
    assert.deepEqual(page, tied.mostSimilar("tied", { positive: 1, topn: 4 }).map((n) => n.movieId));
    assert.deepEqual(page, [2, 3, 5, 6]);
  });

  it("suggests the titles the library's title search finds: typos, missing articles and years", () => {
    const core = loadPageCore();
    const index = core.titleIndex(explorer.packed.titles);
    const typed = ["godfater", "matrix", "the matrix", "toy story", "amelie", "lord of the rings fellowship", "star wars 1977", "shawshank redemtion", "pulp fiction (1994)", "xyzzy", ""];
    for (const text of typed) {
      const page = plain(core.searchTitles(index, text, 8)).map((i) => explorer.packed.titles[i]);
      assert.deepEqual(page, closestKeys(text, explorer.packed.titles, 8), text);
      assert.deepEqual(page, explorer.searchTitles(text), text);
    }
    assert.equal(explorer.searchTitles("godfater")[0], "Godfather, The (1972)");
    assert.equal(explorer.searchTitles("matrix")[0], "Matrix, The (1999)");
    assert.equal(explorer.searchTitles("the matrix")[0], "Matrix, The (1999)");
    assert.equal(explorer.searchTitles("godfather 1972")[0], "Godfather, The (1972)");
    assert.equal(explorer.searchTitles("shawshank redemtion")[0], "Shawshank Redemption, The (1994)");
  });
});

describe("the standalone page and the notebook output", () => {
  it("saves one file atomically, with no temporary file left beside it", () => {
    const dir = path.join(os.tmpdir(), `explorer-save-${process.pid}`);
    rmSync(dir, { recursive: true, force: true });
    const result = explorer.save(path.join(dir, "nested", "explorer.html"));
    assert.deepEqual(readdirSync(path.dirname(result.file)), ["explorer.html"]);
    assert.equal(readFileSync(result.file, "utf8"), explorer.html());
    assert.equal(result.bytes, explorer.bytes);
    rmSync(dir, { recursive: true, force: true });
  });

  it("needs no network: no external script, stylesheet, image or font", () => {
    const html = explorer.html();
    assert.doesNotMatch(html, /<(script|link|img)[^>]+(src|href)=/i);
    assert.doesNotMatch(html, /https?:\/\//);
  });

  it("shows in a notebook as one output: the page in an iframe, and its summary as text", () => {
    const shown: DisplayMessage[] = [];
    setDisplaySink((message) => shown.push(message));
    try {
      showPage(explorer, { height: 900 });
    } finally {
      setDisplaySink(null);
    }
    assert.equal(shown.length, 1);
    const html = shown[0].data["text/html"] as string;
    assert.match(html, /^<iframe class="me-page" [^>]*srcdoc="&lt;!DOCTYPE html&gt;/);
    assert.match(html, /height:900px/);
    assert.doesNotMatch(html.slice(html.indexOf("srcdoc=") + 8, html.lastIndexOf('" style=')), /"/, "the document is escaped inside the attribute");
    assert.match(shown[0].data["text/plain"] as string, /^Explorer<[\d,]+ movies · item2vec, NCF, plots · int8 · [\d.]+ MB>$/);
    assert.throws(() => pageBundle(explorer, { hieght: 5 } as never), /pageBundle: unknown option "hieght"; did you mean "height"\?/);
  });
});

const chromiumPath = findChromium();
const skipBrowser = !chromiumPath && !inCI ? "chromium not found: `apt-get install chromium` (Debian's package) to run the explorer in a browser" : false;

describe("the page in Chromium, used as a person uses it", { skip: skipBrowser }, () => {
  let browser: Browser | undefined;
  let page: Page;
  const errors: string[] = [];
  const file = path.join(SHOTS, "explorer-test.html");

  before(async () => {
    assert.ok(chromiumPath, "chromium not found (CI=true): install it with `apt-get install chromium`");
    mkdirSync(SHOTS, { recursive: true });
    explorer.save(file);
    browser = await launchChromium(chromiumPath);
    page = await browser.newPage({ viewport: { width: 1360, height: 1300 } });
    page.on("pageerror", (error) => errors.push(error.message));
    await page.route("**/*", (route) => (route.request().url().startsWith("file:") ? route.continue() : route.abort("internetdisconnected")));
    await page.goto(pathToFileURL(file).href);
    await page.waitForSelector("body[data-ready=true]", { timeout: 60_000 });
  });

  after(async () => {
    await browser?.close();
  });

  /** The columns as a person reads them: model → movieIds listed, and the similarity shown. */
  const columns = (): Promise<Record<string, { movieId: number; shown: string; similarity: number }[]>> =>
    page.evaluate(`(function () {
      var out = {};
      document.querySelectorAll("#columns .column").forEach(function (column) {
        out[column.getAttribute("data-model")] = Array.from(column.querySelectorAll("li")).map(function (li) {
          return { movieId: Number(li.getAttribute("data-movie-id")), shown: li.querySelector(".sim").textContent, similarity: Number(li.getAttribute("data-similarity")) };
        });
      });
      return out;
    })()`);
  const chips = (): Promise<{ kind: string; text: string }[]> =>
    page.$$eval("#query .chip", (nodes) => nodes.map((n) => ({ kind: n.classList.contains("negative") ? "negative" : "positive", text: (n.firstChild?.textContent ?? "").trim() })));

  /** Each column equals the library's answer for the same query, and shows its similarity rounded. */
  async function assertColumnsMatchLibrary(positive: number[], negative: number[]): Promise<void> {
    const shown = await columns();
    assert.deepEqual(Object.keys(shown), ["item2vec", "NCF", "plots"]);
    for (const name of Object.keys(shown)) {
      const lacking = [...positive, ...negative].filter((id) => !explorer.vectors(name).has(String(id)));
      if (lacking.length) {
        assert.deepEqual(shown[name], [], `${name} lists nothing for a movie it has no vector for`);
        const message = await page.textContent(`#columns .column[data-model="${name}"] .missing`);
        assert.match(message!, new RegExp(`^No vector for ${escapeRegExp(lacking.map((id) => data.movie(id).title).join(", "))}:`));
        continue;
      }
      const library = explorer.mostSimilar(name, { positive, negative, topn: 10 });
      assert.deepEqual(shown[name].map((r) => r.movieId), library.map((n) => n.movieId), `${name} column for +${positive} −${negative}`);
      assert.deepEqual(shown[name].map((r) => r.similarity), library.map((n) => n.similarity), `${name} similarities`);
      assert.deepEqual(shown[name].map((r) => r.shown), library.map((n) => n.similarity.toFixed(3)));
    }
  }

  /** The canvas colour at a movie's point on the current map. */
  const colourAt = (movieId: number): Promise<number[] | null> =>
    page.evaluate(`(function () {
      var p = window.movieExplorer.pointPosition(${movieId});
      if (!p) return null;
      var canvas = document.getElementById("map"), box = canvas.getBoundingClientRect(), ratio = canvas.width / box.width;
      return Array.from(canvas.getContext("2d").getImageData(Math.round((p.x - box.left) * ratio), Math.round((p.y - box.top) * ratio), 1, 1).data);
    })()`);
  const QUERY_YELLOW = [0xff, 0xd3, 0x3d, 255];

  it("opens offline with Toy Story queried, and says how big it is and how long it took", async () => {
    assert.deepEqual(await chips(), [{ kind: "positive", text: "Toy Story (1995)" }]);
    await assertColumnsMatchLibrary([1], []);
    const status = await page.textContent("#status");
    assert.match(status!, /int8, [\d.]+ MB of data in the page · searched with WebAssembly SIMD · ready \d+ ms after the page started loading/);
    console.log(`explorer page: ${(explorer.bytes / 1e6).toFixed(2)} MB; ${status}`);
    await page.screenshot({ path: path.join(SHOTS, "1-opened.png"), fullPage: true });
  });

  it("suggests titles for a typo and queries the one picked", async () => {
    await page.click("#search");
    await page.keyboard.type("godfater");
    const suggested = await page.$$eval("#suggestions li[role=option] .title", (nodes) => nodes.map((n) => n.textContent));
    assert.deepEqual(suggested, explorer.searchTitles("godfater"));
    await page.screenshot({ path: path.join(SHOTS, "2-suggestions.png") });
    await page.click(`#suggestions li[data-movie-id="858"]`);
    assert.equal(await page.isHidden("#suggestions"), true);
    assert.deepEqual(await chips(), [{ kind: "positive", text: "Godfather, The (1972)" }]);
    await assertColumnsMatchLibrary([858], []);
    assert.deepEqual(await colourAt(858), QUERY_YELLOW, "the query is drawn yellow on the map");
    const agreeing = await page.$$eval("#columns li.agree", (nodes) => nodes.length);
    const shown = await columns();
    const counts = new Map<number, number>();
    for (const rows of Object.values(shown)) for (const r of rows) counts.set(r.movieId, (counts.get(r.movieId) ?? 0) + 1);
    assert.equal(agreeing, Object.values(shown).flat().filter((r) => counts.get(r.movieId)! > 1).length, "rows listed by several models are marked");
    await page.screenshot({ path: path.join(SHOTS, "3-godfather.png"), fullPage: true });
  });

  it("makes a clicked point on the map the query", async () => {
    // A movie whose point stands apart from every other point, so the click is unambiguous.
    const target = (await page.evaluate(`(function () {
      var e = window.movieExplorer;
      var all = ${JSON.stringify(explorer.vectors("item2vec").keys.map(Number))}.map(function (id) { return { id: id, p: e.pointPosition(id) }; });
      for (var i = 0; i < all.length; i++) {
        var a = all[i];
        if (e.state.positive.indexOf(a.id) >= 0) continue;
        var alone = all.every(function (b) { return b === a || Math.hypot(b.p.x - a.p.x, b.p.y - a.p.y) > 6; });
        if (alone) return { movieId: a.id, x: a.p.x, y: a.p.y };
      }
      return null;
    })()`)) as { movieId: number; x: number; y: number } | null;
    assert.ok(target, "some movie stands apart on the item2vec map");
    await page.mouse.move(target.x, target.y);
    assert.match((await page.textContent("#tooltip"))!, new RegExp(escapeRegExp(data.movie(target.movieId).title)));
    await page.mouse.click(target.x, target.y);
    assert.deepEqual(await chips(), [{ kind: "positive", text: data.movie(target.movieId).title }]);
    await assertColumnsMatchLibrary([target.movieId], []);
    assert.deepEqual(await colourAt(target.movieId), QUERY_YELLOW);
    await page.screenshot({ path: path.join(SHOTS, "4-clicked-point.png"), fullPage: true });
  });

  it("keeps the query when the map switches model", async () => {
    const before = await chips();
    const queried = (await page.evaluate("window.movieExplorer.state.positive.slice()")) as number[];
    await page.click('#map-tabs button[data-model="plots"]');
    assert.equal(await page.getAttribute('#map-tabs button[data-model="plots"]', "aria-selected"), "true");
    assert.equal(await page.getAttribute('#columns .column[data-model="plots"]', "class"), "column on-map");
    assert.deepEqual(await chips(), before);
    assert.deepEqual(await page.evaluate("window.movieExplorer.state.positive.slice()"), queried);
    const id = Number(await page.getAttribute("#query .chip", "data-movie-id"));
    const onPlots = explorer.vectors("plots").has(String(id));
    if (onPlots) assert.deepEqual(await colourAt(id), QUERY_YELLOW);
    else assert.match((await page.textContent("#map-note"))!, /not on this map/);
    await page.screenshot({ path: path.join(SHOTS, "5-plots-map.png"), fullPage: true });
  });

  it("adds a second movie and subtracts a third, as most_similar's positive and negative", async () => {
    await page.fill("#search", "");
    await page.keyboard.type("toy story");
    await page.click('#suggestions li[data-movie-id="1"]');
    const plotsColumn = '#columns .column[data-model="plots"]';
    const second = Number(await page.getAttribute(`${plotsColumn} li:nth-child(2)`, "data-movie-id"));
    await page.hover(`${plotsColumn} li:nth-child(2)`);
    await page.click(`${plotsColumn} li:nth-child(2) button.add:not(.less)`);
    assert.deepEqual((await chips()).map((c) => c.kind), ["positive", "positive"]);
    await assertColumnsMatchLibrary([1, second], []);
    await page.fill("#search", "");
    await page.keyboard.type("lion king");
    await page.click('#suggestions li[data-movie-id="364"] button.less');
    assert.deepEqual(await chips(), [
      { kind: "positive", text: "Toy Story (1995)" },
      { kind: "positive", text: data.movie(second).title },
      { kind: "negative", text: "Lion King, The (1994)" },
    ]);
    await assertColumnsMatchLibrary([1, second], [364]);
    await page.screenshot({ path: path.join(SHOTS, "6-plus-and-minus.png"), fullPage: true });
  });

  it("picks a suggestion with the keyboard: arrow down, then Enter", async () => {
    await page.fill("#search", "");
    await page.keyboard.type("toy stroy");
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Enter");
    const second = explorer.searchTitles("toy stroy")[1];
    assert.deepEqual(await chips(), [{ kind: "positive", text: second }]);
    const id = explorer.packed.movieIds[explorer.packed.titles.indexOf(second)];
    await assertColumnsMatchLibrary([id], []);
  });

  it("answers 20 sampled queries as the library does", async () => {
    const queries = sampleQueries(24).slice(0, 20);
    for (const q of queries) {
      const inPage = await page.evaluate(`window.movieExplorer.mostSimilar(${JSON.stringify(q.model)}, ${JSON.stringify(q.positive)}, ${JSON.stringify(q.negative)}, 10)`);
      const library = explorer.mostSimilar(q.model, { positive: q.positive, negative: q.negative, topn: 10 }).map(({ movieId, similarity }) => ({ movieId, similarity }));
      assert.deepEqual(inPage, library, `${q.model} +${q.positive} −${q.negative}`);
    }
  });

  it("threw no script error", () => {
    assert.deepEqual(errors, []);
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

