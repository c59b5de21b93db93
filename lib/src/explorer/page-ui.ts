/**
 * The explorer page's interface script: search box with suggestions, the query (movies to be
 * like and unlike), one column of neighbours per model with their agreement, and the map of the
 * chosen model on a canvas (click a point to query it). Uses `MovieExplorerCore` (page-core.ts)
 * for every search, and exposes `window.movieExplorer` for tests and for the curious.
 */

/** The page's interface script (plain ES2017). */
export const EXPLORER_UI_JS = String.raw`(function () {
  "use strict";
  var started = performance.now();
  var dataText = document.getElementById("explorer-data").textContent;
  var data = JSON.parse(dataText);
  var settings = data.settings;
  var Core = MovieExplorerCore;
  var catalogueSize = data.movieIds.length;
  var models = data.models.map(function (m) { return Core.loadModel(m); });
  var rowOf = models.map(function (m) { return Core.rowIndex(m, catalogueSize); });
  var catalogueOf = new Map(data.movieIds.map(function (id, i) { return [id, i]; }));
  var titles = Core.titleIndex(data.titles);
  var PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
    "#aec7e8", "#ffbb78", "#98df8a", "#ff9896", "#c5b0d5", "#c49c94", "#f7b6d2", "#c7c7c7", "#dbdb8d", "#9edae5"];
  var genreCounts = new Map();
  data.primaryGenres.forEach(function (g) { genreCounts.set(g, (genreCounts.get(g) || 0) + 1); });
  var genreOrder = Array.from(genreCounts.keys()).sort(function (a, b) { return genreCounts.get(b) - genreCounts.get(a) || (a < b ? -1 : 1); });
  var colourOf = new Map(genreOrder.map(function (g, i) { return [g, PALETTE[i % PALETTE.length]]; }));

  var state = {
    positive: (settings.initial || []).map(function (id) { return catalogueOf.get(id); }).filter(function (c) { return c !== undefined; }),
    negative: [],
    topn: settings.topn,
    mapModel: Math.max(0, models.findIndex(function (m) { return m.x !== null; })),
    hovered: -1,
  };
  var results = [];

  var $ = function (id) { return document.getElementById(id); };
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") node.textContent = attrs[k];
      else if (k === "className") node.className = attrs[k];
      else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) node.appendChild(c); });
    return node;
  }
  function number(n) { return n.toLocaleString("en-US"); }
  function ratingsText(c) { var n = data.ratings[c]; return number(n) + (n === 1 ? " rating" : " ratings"); }
  function genresText(c) { return data.genres[c].split("|").join(" · "); }

  // ---- the query -------------------------------------------------------------------------
  function setQuery(positive, negative) {
    state.positive = positive.slice();
    state.negative = (negative || []).slice();
    update();
  }
  function addTo(list, c) {
    state.positive = state.positive.filter(function (x) { return x !== c; });
    state.negative = state.negative.filter(function (x) { return x !== c; });
    state[list].push(c);
    update();
  }
  function removeFrom(list, c) {
    state[list] = state[list].filter(function (x) { return x !== c; });
    update();
  }

  /** Each model's neighbours for the query, or why it has none. */
  function search() {
    return models.map(function (model, m) {
      var missing = state.positive.concat(state.negative).filter(function (c) { return rowOf[m][c] < 0; });
      if (state.positive.length + state.negative.length === 0) return { rows: [], missing: [] };
      if (missing.length) return { rows: [], missing: missing };
      var hits = Core.mostSimilar(model, state.positive.map(function (c) { return rowOf[m][c]; }),
        state.negative.map(function (c) { return rowOf[m][c]; }), state.topn);
      return { missing: [], rows: hits.map(function (h) { return { movie: model.catalogue[h.row], similarity: h.score }; }) };
    });
  }

  // ---- rendering -------------------------------------------------------------------------
  function renderQuery() {
    var box = $("query");
    box.textContent = "";
    if (state.positive.length + state.negative.length === 0) {
      box.appendChild(el("span", { className: "label", text: "Pick a movie: type a title above, or click a point on the map." }));
      return;
    }
    function chips(list, label, kind) {
      if (!state[list].length) return;
      box.appendChild(el("span", { className: "label", text: label }));
      state[list].forEach(function (c) {
        var remove = el("button", { "aria-label": "remove " + data.titles[c], title: "remove", text: "×" });
        remove.addEventListener("click", function () { removeFrom(list, c); });
        box.appendChild(el("span", { className: "chip " + kind, "data-movie-id": String(data.movieIds[c]) }, [document.createTextNode(data.titles[c]), remove]));
      });
    }
    chips("positive", state.positive.length > 1 ? "Like all of:" : "Like:", "positive");
    chips("negative", "Less like:", "negative");
  }

  function renderColumns() {
    var columns = $("columns");
    columns.textContent = "";
    var listedBy = new Map();
    results.forEach(function (r, m) {
      r.rows.forEach(function (row) {
        if (!listedBy.has(row.movie)) listedBy.set(row.movie, []);
        listedBy.get(row.movie).push(models[m].name);
      });
    });
    results.forEach(function (r, m) {
      var model = models[m];
      var heading = el("button", { title: "show this model's map", text: model.name });
      heading.addEventListener("click", function () { setMapModel(m); });
      var column = el("section", { className: "column" + (m === state.mapModel ? " on-map" : ""), "data-model": model.name }, [
        el("h2", {}, [heading, el("span", { className: "meta", text: number(model.rows) + " movies × " + model.dim })]),
        model.description ? el("p", { className: "desc", text: model.description }) : null,
      ]);
      if (r.missing.length) {
        column.appendChild(el("p", { className: "missing", text: "No vector for " + r.missing.map(function (c) { return data.titles[c]; }).join(", ") +
          ": this model never learnt one (too few ratings, or no plot)." }));
      } else if (!r.rows.length) {
        column.appendChild(el("p", { className: "empty", text: "No query yet." }));
      }
      var list = el("ol", {});
      r.rows.forEach(function (row, i) {
        var c = row.movie;
        var others = listedBy.get(c).filter(function (name) { return name !== model.name; });
        var title = el("a", { className: "title", href: "#", title: data.titles[c] + " · click to explore it", text: data.titles[c] });
        title.addEventListener("click", function (event) { event.preventDefault(); setQuery([c]); });
        var more = el("button", { className: "add", title: "more like this: add to the query", text: "+" });
        more.addEventListener("click", function () { addTo("positive", c); });
        var less = el("button", { className: "add less", title: "less like this: subtract from the query", text: "−" });
        less.addEventListener("click", function () { addTo("negative", c); });
        var item = el("li", { className: others.length ? "agree" : "", "data-movie-id": String(data.movieIds[c]), "data-similarity": String(row.similarity) }, [
          el("div", { className: "line1" }, [el("span", { className: "rank", text: String(i + 1) }), title, el("span", { className: "sim", text: row.similarity.toFixed(3) })]),
          el("div", { className: "tools" }, [more, less]),
          el("div", { className: "line2" }, [
            el("span", { className: "genres", title: data.genres[c], text: genresText(c) }),
            el("span", { className: "count", text: ratingsText(c) }),
          ]),
          others.length ? el("div", { className: "also", title: "also listed by " + others.join(", "), text: "also in " + others.join(", ") }) : null,
        ]);
        item.addEventListener("mouseenter", function () { state.hovered = c; highlightRows(); drawMap(); });
        item.addEventListener("mouseleave", function () { state.hovered = -1; highlightRows(); drawMap(); });
        list.appendChild(item);
      });
      column.appendChild(list);
      columns.appendChild(column);
    });
    renderAgreement(listedBy);
  }

  function highlightRows() {
    document.querySelectorAll("#columns li").forEach(function (li) {
      li.classList.toggle("hovered", state.hovered >= 0 && li.getAttribute("data-movie-id") === String(data.movieIds[state.hovered]));
    });
  }

  function renderAgreement(listedBy) {
    var box = $("agreement");
    var answered = results.filter(function (r) { return r.rows.length; }).length;
    if (answered < 2) { box.textContent = ""; return; }
    var shared = Array.from(listedBy.values()).filter(function (names) { return names.length > 1; }).length;
    var pairs = [];
    for (var a = 0; a < models.length; a++) {
      for (var b = a + 1; b < models.length; b++) {
        if (!results[a].rows.length || !results[b].rows.length) continue;
        var ids = new Set(results[a].rows.map(function (r) { return r.movie; }));
        var both = results[b].rows.filter(function (r) { return ids.has(r.movie); }).length;
        pairs.push(models[a].name + " & " + models[b].name + " " + both);
      }
    }
    box.innerHTML = "";
    box.appendChild(el("b", { text: "Agreement: " }));
    box.appendChild(document.createTextNode(shared + (shared === 1 ? " movie appears" : " movies appear") + " in more than one column (green). Shared neighbours: " + pairs.join(" · ") + "."));
  }

  // ---- the map -----------------------------------------------------------------------------
  var canvas = $("map");
  var ctx = canvas.getContext("2d");
  var view = null;

  function setMapModel(m) {
    if (models[m].x === null) return;
    state.mapModel = m;
    update();
  }

  function renderTabs() {
    var tabs = $("map-tabs");
    tabs.textContent = "";
    models.forEach(function (model, m) {
      var tab = el("button", { role: "tab", "aria-selected": String(m === state.mapModel), "data-model": model.name, text: model.name });
      if (model.x === null) { tab.disabled = true; tab.title = "no map was given for this model"; }
      tab.addEventListener("click", function () { setMapModel(m); });
      tabs.appendChild(tab);
    });
  }

  function project() {
    var model = models[state.mapModel];
    var width = canvas.clientWidth, height = canvas.clientHeight, ratio = window.devicePixelRatio || 1;
    if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
      canvas.width = Math.round(width * ratio);
      canvas.height = Math.round(height * ratio);
    }
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    if (!model || model.x === null) { view = null; return; }
    var minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
    for (var r = 0; r < model.rows; r++) {
      minX = Math.min(minX, model.x[r]); maxX = Math.max(maxX, model.x[r]);
      minY = Math.min(minY, model.y[r]); maxY = Math.max(maxY, model.y[r]);
    }
    var pad = 16;
    var scale = Math.min((width - 2 * pad) / (maxX - minX || 1), (height - 2 * pad) / (maxY - minY || 1));
    var offsetX = (width - scale * (maxX - minX)) / 2, offsetY = (height - scale * (maxY - minY)) / 2;
    view = {
      model: model, m: state.mapModel, width: width, height: height,
      px: function (r) { return offsetX + scale * (model.x[r] - minX); },
      py: function (r) { return height - offsetY - scale * (model.y[r] - minY); },
    };
  }

  function dot(x, y, radius, fill, stroke, lineWidth) {
    ctx.beginPath();
    ctx.arc(x, y, radius, 0, 2 * Math.PI);
    if (fill) { ctx.fillStyle = fill; ctx.fill(); }
    if (stroke) { ctx.strokeStyle = stroke; ctx.lineWidth = lineWidth || 1; ctx.stroke(); }
  }
  /** Labels placed so far in this drawing, as boxes; a label that would overlap one is left out. */
  var placed = [];
  function label(x, y, text, bold) {
    ctx.font = (bold ? "600 13px " : "12px ") + "system-ui, sans-serif";
    var width = ctx.measureText(text).width, height = bold ? 15 : 14;
    var candidates = [[x + 9, y - height / 2], [x - 9 - width, y - height / 2], [x - width / 2, y - 9 - height], [x - width / 2, y + 9],
      [x + 7, y - 7 - height], [x + 7, y + 7], [x - 7 - width, y - 7 - height], [x - 7 - width, y + 7]];
    var spot = candidates.find(function (c) {
      if (c[0] < 2 || c[0] + width > view.width - 2 || c[1] < 2 || c[1] + height > view.height - 2) return false;
      return !placed.some(function (p) { return c[0] < p[0] + p[2] && p[0] < c[0] + width && c[1] < p[1] + p[3] && p[1] < c[1] + height; });
    });
    if (!spot) return false;
    placed.push([spot[0], spot[1], width, height]);
    ctx.lineWidth = 3;
    ctx.strokeStyle = "rgba(255,255,255,.92)";
    ctx.fillStyle = "#1f2328";
    ctx.strokeText(text, spot[0], spot[1] + height - 4);
    ctx.fillText(text, spot[0], spot[1] + height - 4);
    return true;
  }
  function shortTitle(c) { var t = data.titles[c]; return t.length > 38 ? t.slice(0, 37) + "…" : t; }

  function drawMap() {
    project();
    ctx.clearRect(0, 0, canvas.clientWidth, canvas.clientHeight);
    var note = $("map-note");
    if (!view) { note.textContent = "No model has a map."; return; }
    var model = view.model, m = view.m, r;
    ctx.globalAlpha = 0.5;
    for (r = 0; r < model.rows; r++) dot(view.px(r), view.py(r), 2.2, colourOf.get(data.primaryGenres[model.catalogue[r]]));
    ctx.globalAlpha = 1;
    var neighbours = results[m] ? results[m].rows : [];
    neighbours.forEach(function (n) {
      var row = rowOf[m][n.movie];
      dot(view.px(row), view.py(row), 6, colourOf.get(data.primaryGenres[n.movie]), "#1f2328", 1.5);
    });
    var onMap = function (c) { return rowOf[m][c] >= 0; };
    state.negative.filter(onMap).forEach(function (c) {
      var row = rowOf[m][c];
      dot(view.px(row), view.py(row), 8, "#ffebe9", "#cf222e", 2.5);
    });
    state.positive.filter(onMap).forEach(function (c) {
      var row = rowOf[m][c];
      dot(view.px(row), view.py(row), 9, "#ffd33d", "#1f2328", 2.5);
    });
    if (state.hovered >= 0 && onMap(state.hovered)) {
      var hr = rowOf[m][state.hovered];
      dot(view.px(hr), view.py(hr), 12, null, "#0969da", 3);
    }
    // The query's labels first, clear of the query's points; then neighbours' labels by rank,
    // clear of every highlighted point and of the labels already placed (or left out).
    var box = function (c) { var row = rowOf[m][c]; return [view.px(row) - 9, view.py(row) - 9, 18, 18]; };
    var queried = state.positive.concat(state.negative).filter(onMap);
    placed = queried.map(box);
    state.positive.filter(onMap).forEach(function (c) { label(view.px(rowOf[m][c]), view.py(rowOf[m][c]), shortTitle(c), true); });
    state.negative.filter(onMap).forEach(function (c) { label(view.px(rowOf[m][c]), view.py(rowOf[m][c]), "− " + shortTitle(c), true); });
    neighbours.forEach(function (n) { placed.push(box(n.movie)); });
    neighbours.slice(0, 10).forEach(function (n, i) {
      var row = rowOf[m][n.movie];
      label(view.px(row), view.py(row), (i + 1) + ". " + shortTitle(n.movie), false);
    });
    var absent = state.positive.concat(state.negative).filter(function (c) { return !onMap(c); });
    note.textContent = number(model.rows) + " movies, coloured by genre" +
      (absent.length ? " · not on this map: " + absent.map(function (c) { return data.titles[c]; }).join(", ") : " · yellow: the query, outlined: its neighbours") +
      " · click a point to explore it";
  }

  /** The nearest point to a mouse position on the canvas (within maxPixels), as a catalogue index. */
  function pointAt(event, maxPixels) {
    if (!view) return -1;
    var box = canvas.getBoundingClientRect();
    var x = event.clientX - box.left, y = event.clientY - box.top;
    var best = -1, bestDistance = maxPixels * maxPixels;
    for (var r = 0; r < view.model.rows; r++) {
      var dx = view.px(r) - x, dy = view.py(r) - y, distance = dx * dx + dy * dy;
      if (distance <= bestDistance) { bestDistance = distance; best = r; }
    }
    return best < 0 ? -1 : view.model.catalogue[best];
  }

  canvas.addEventListener("click", function (event) {
    var c = pointAt(event, 10);
    if (c >= 0) setQuery([c]);
  });
  canvas.addEventListener("mousemove", function (event) {
    var c = pointAt(event, 8);
    var tip = $("tooltip");
    if (c < 0) { tip.hidden = true; canvas.style.cursor = "crosshair"; return; }
    canvas.style.cursor = "pointer";
    tip.textContent = "";
    tip.appendChild(el("b", { text: data.titles[c] }));
    tip.appendChild(el("div", { text: genresText(c) + " · " + ratingsText(c) }));
    var box = canvas.getBoundingClientRect();
    var x = event.clientX - box.left, y = event.clientY - box.top;
    tip.hidden = false;
    tip.style.left = Math.min(x + 12, box.width - tip.offsetWidth - 4) + "px";
    tip.style.top = (y + 14 + tip.offsetHeight > box.height ? y - tip.offsetHeight - 8 : y + 14) + "px";
  });
  canvas.addEventListener("mouseleave", function () { $("tooltip").hidden = true; });
  window.addEventListener("resize", drawMap);

  function renderLegend() {
    var legend = $("legend");
    legend.textContent = "";
    genreOrder.forEach(function (g) {
      var swatch = el("i", {});
      swatch.style.background = colourOf.get(g);
      legend.appendChild(el("span", {}, [swatch, document.createTextNode(g)]));
    });
  }

  // ---- the search box ------------------------------------------------------------------------
  var input = $("search"), box = $("suggestions");
  var suggestions = [], active = 0;
  function renderSuggestions() {
    box.textContent = "";
    if (!input.value.trim()) { box.hidden = true; return; }
    suggestions = Core.searchTitles(titles, input.value, settings.suggestions);
    if (!suggestions.length) {
      box.appendChild(el("li", { className: "none", text: "No title close to \u201c" + input.value + "\u201d" }));
    }
    suggestions.forEach(function (c, i) {
      var more = el("button", { className: "add", title: "add to the query: more like this", text: "+ like" });
      more.addEventListener("click", function (event) { event.stopPropagation(); choose(c, "positive"); });
      var less = el("button", { className: "add less", title: "subtract from the query: less like this", text: "− less" });
      less.addEventListener("click", function (event) { event.stopPropagation(); choose(c, "negative"); });
      var item = el("li", { role: "option", className: i === active ? "active" : "", "data-movie-id": String(data.movieIds[c]) }, [
        el("span", { className: "what" }, [el("span", { className: "title", text: data.titles[c] }), el("span", { className: "meta", text: genresText(c) + " · " + ratingsText(c) + missingText(c) })]),
        more, less,
      ]);
      item.addEventListener("mousedown", function (event) { event.preventDefault(); });
      item.addEventListener("click", function () { choose(c, null); });
      box.appendChild(item);
    });
    box.hidden = false;
  }
  function missingText(c) {
    var without = models.filter(function (model, m) { return rowOf[m][c] < 0; }).map(function (model) { return model.name; });
    return without.length ? " · no vector in " + without.join(", ") : "";
  }
  function choose(c, list) {
    input.value = "";
    box.hidden = true;
    if (list) addTo(list, c); else setQuery([c]);
  }
  input.addEventListener("input", function () { active = 0; renderSuggestions(); });
  input.addEventListener("keydown", function (event) {
    if (box.hidden || !suggestions.length) return;
    if (event.key === "ArrowDown") { active = Math.min(active + 1, suggestions.length - 1); renderSuggestions(); event.preventDefault(); }
    else if (event.key === "ArrowUp") { active = Math.max(active - 1, 0); renderSuggestions(); event.preventDefault(); }
    else if (event.key === "Enter") { choose(suggestions[active], null); event.preventDefault(); }
    else if (event.key === "Escape") { box.hidden = true; }
  });
  input.addEventListener("blur", function () { box.hidden = true; });
  input.addEventListener("focus", renderSuggestions);
  $("topn").addEventListener("change", function (event) { state.topn = Number(event.target.value); update(); });

  function update() {
    results = search();
    renderQuery();
    renderColumns();
    renderTabs();
    drawMap();
  }

  renderLegend();
  update();
  var loadMs = performance.now();
  $("status").textContent = number(catalogueSize) + " movies · " + models.map(function (m) { return m.name + " (" + number(m.rows) + ")"; }).join(", ") +
    " · vectors stored as " + data.models[0].dtype + ", " + (new Blob([dataText]).size / 1e6).toFixed(1) + " MB of data in the page · searched with " +
    (models[0].kernel === "webassembly" ? "WebAssembly SIMD" : "JavaScript") + " · ready " + Math.round(loadMs) + " ms after the page started loading (" +
    Math.round(loadMs - started) + " ms decoding and drawing)";

  window.movieExplorer = {
    ready: true,
    loadMs: loadMs,
    kernel: models[0].kernel,
    state: state,
    /** The columns as the page shows them: model name → [{ movieId, similarity }]. */
    neighbours: function () {
      var out = {};
      results.forEach(function (r, m) { out[models[m].name] = r.rows.map(function (row) { return { movieId: data.movieIds[row.movie], similarity: row.similarity }; }); });
      return out;
    },
    /** The page's search for any query of movieIds (what the columns run). */
    mostSimilar: function (modelName, positiveIds, negativeIds, topn) {
      var m = models.findIndex(function (model) { return model.name === modelName; });
      var rows = function (ids) { return ids.map(function (id) { return rowOf[m][catalogueOf.get(id)]; }); };
      return Core.mostSimilar(models[m], rows(positiveIds), rows(negativeIds || []), topn).map(function (h) {
        return { movieId: data.movieIds[models[m].catalogue[h.row]], similarity: h.score };
      });
    },
    /** Where a movie's point is drawn on the current map, in page coordinates, or null. */
    pointPosition: function (movieId) {
      var c = catalogueOf.get(movieId);
      if (!view || c === undefined || rowOf[view.m][c] < 0) return null;
      var box = canvas.getBoundingClientRect();
      return { x: box.left + view.px(rowOf[view.m][c]), y: box.top + view.py(rowOf[view.m][c]) };
    },
  };
  document.body.setAttribute("data-ready", "true");
})();
`;
