/**
 * The explorer page's search, as the script the page runs (no DOM): base64 and float16 decoding,
 * int8/float16 dequantisation, unit rows, the dot products (the library's own WebAssembly SIMD
 * kernel, dots.wat, or the same float32 arithmetic in JavaScript where WebAssembly SIMD is
 * missing), gensim's most_similar and the forgiving title search of closest.ts. Each step repeats
 * the library's arithmetic in the library's order (KeyedVectors.normedVectors, mostSimilar,
 * topKOfScores, closestKeys), so the page finds the neighbours the library finds on the same
 * vectors; test/slow/explorer.test.ts runs this script in Node and in Chromium to check it.
 *
 * The script defines one global, `MovieExplorerCore`.
 */
import { DOTS_WASM_BASE64 } from "../vectors/dots-wasm";

/** The page's search script (plain ES2017, one global `MovieExplorerCore`). */
export const EXPLORER_CORE_JS = String.raw`var MovieExplorerCore = (function () {
  "use strict";
  var DOTS_WASM = "${DOTS_WASM_BASE64}";
  var ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  var SEXTET = new Uint8Array(128);
  for (var a = 0; a < ALPHABET.length; a++) SEXTET[ALPHABET.charCodeAt(a)] = a;

  /** Bytes of standard, padded base64, in a buffer of their own (so typed views line up). */
  function base64Bytes(text) {
    var pad = text.charAt(text.length - 1) === "=" ? (text.charAt(text.length - 2) === "=" ? 2 : 1) : 0;
    var out = new Uint8Array((text.length / 4) * 3 - pad);
    for (var i = 0, j = 0; i < text.length; i += 4) {
      var n = (SEXTET[text.charCodeAt(i)] << 18) | (SEXTET[text.charCodeAt(i + 1)] << 12) |
        (SEXTET[text.charCodeAt(i + 2)] << 6) | SEXTET[text.charCodeAt(i + 3)];
      out[j++] = n >> 16;
      if (j < out.length) out[j++] = (n >> 8) & 255;
      if (j < out.length) out[j++] = n & 255;
    }
    return out;
  }

  /** The number a float16 bit pattern stands for. */
  function halfToFloat(bits) {
    var sign = bits & 0x8000 ? -1 : 1;
    var exponent = (bits >> 10) & 31;
    var fraction = bits & 1023;
    if (exponent === 0) return sign * fraction * Math.pow(2, -24);
    if (exponent === 31) return fraction ? NaN : sign * Infinity;
    return sign * (1024 + fraction) * Math.pow(2, exponent - 25);
  }

  /** A packed model's vectors as float32, value for value what pack.ts dequantizedVectors gives. */
  function dequantize(model) {
    var size = model.rows * model.dim;
    var out = new Float32Array(size);
    var bytes = base64Bytes(model.vectors);
    if (model.dtype === "int8") {
      var values = new Int8Array(bytes.buffer, 0, size);
      var scales = new Float32Array(base64Bytes(model.scales).buffer, 0, model.rows);
      for (var r = 0; r < model.rows; r++) {
        for (var d = r * model.dim; d < (r + 1) * model.dim; d++) out[d] = values[d] * scales[r];
      }
    } else {
      var bits = new Uint16Array(bytes.buffer, 0, size);
      for (var i = 0; i < size; i++) out[i] = halfToFloat(bits[i]);
    }
    return out;
  }

  var dotsModule = null;
  /** The WebAssembly SIMD kernel, or null where the browser lacks WebAssembly SIMD. */
  function wasmModule() {
    if (dotsModule !== null) return dotsModule || null;
    dotsModule = false;
    try {
      var bytes = base64Bytes(DOTS_WASM);
      if (typeof WebAssembly === "object" && WebAssembly.validate(bytes)) dotsModule = new WebAssembly.Module(bytes);
    } catch (error) {
      dotsModule = false;
    }
    return dotsModule || null;
  }

  /**
   * A rows × dim float32 matrix with its dot-product kernel, laid out as topk.ts searchableMatrix:
   * the matrix, then the query slot (dim), then the score slot (rows), in one WebAssembly memory.
   */
  function searchable(rows, dim, useWasm) {
    var module = useWasm ? wasmModule() : null;
    if (!module) {
      return { kind: "javascript", matrix: new Float32Array(rows * dim), query: new Float32Array(dim), out: new Float32Array(rows), dots: null };
    }
    var matrixBytes = rows * dim * 4;
    var pages = Math.max(1, Math.ceil((matrixBytes + (dim + rows) * 4) / 65536));
    var memory = new WebAssembly.Memory({ initial: pages, maximum: pages });
    var instance = new WebAssembly.Instance(module, { env: { memory: memory } });
    return {
      kind: "webassembly",
      matrix: new Float32Array(memory.buffer, 0, rows * dim),
      query: new Float32Array(memory.buffer, matrixBytes, dim),
      out: new Float32Array(memory.buffer, matrixBytes + dim * 4, rows),
      dots: instance.exports.dots,
    };
  }

  /**
   * dots.wat in JavaScript: the same float32 operations in the same order (Math.fround rounds each).
   * Each lane l of a row sums matrix[d] * q[d] for d ≡ l (mod 4) over the whole groups of four;
   * rows scored four at a time (all but the last rows mod 4) add their lanes as (l0 + l2) + (l1 + l3),
   * the others as (l0 + l1) + (l2 + l3); then the dim mod 4 tail is added one number at a time.
   */
  function dotsJs(matrix, rows, dim, q, out) {
    var f = Math.fround;
    var wide = dim & ~3;
    var grouped = rows & ~3;
    for (var r = 0, base = 0; r < rows; r++, base += dim) {
      var l0 = 0, l1 = 0, l2 = 0, l3 = 0, d = 0;
      for (; d < wide; d += 4) {
        l0 = f(l0 + f(matrix[base + d] * q[d]));
        l1 = f(l1 + f(matrix[base + d + 1] * q[d + 1]));
        l2 = f(l2 + f(matrix[base + d + 2] * q[d + 2]));
        l3 = f(l3 + f(matrix[base + d + 3] * q[d + 3]));
      }
      var sum = r < grouped ? f(f(l0 + l2) + f(l1 + l3)) : f(f(l0 + l1) + f(l2 + l3));
      for (; d < dim; d++) sum = f(sum + f(matrix[base + d] * q[d]));
      out[r] = sum;
    }
  }

  /**
   * A packed model ready to search: dequantised, rows scaled to unit length as
   * KeyedVectors.normedVectors does (norm summed in float64, zero rows stay zero).
   * options.webAssembly: false forces the JavaScript kernel.
   */
  function loadModel(model, options) {
    var rows = model.rows, dim = model.dim;
    var vectors = dequantize(model);
    var search = searchable(rows, dim, !(options && options.webAssembly === false));
    var unit = search.matrix;
    for (var r = 0; r < rows; r++) {
      var norm = 0;
      for (var d = 0; d < dim; d++) norm += vectors[r * dim + d] ** 2;
      norm = Math.sqrt(norm);
      if (norm > 0) for (var e = 0; e < dim; e++) unit[r * dim + e] = vectors[r * dim + e] / norm;
    }
    var catalogue = new Int32Array(base64Bytes(model.catalogue).buffer, 0, rows);
    var xy = model.map ? new Float32Array(base64Bytes(model.map).buffer, 0, 2 * rows) : null;
    return {
      name: model.name, description: model.description, rows: rows, dim: dim, kernel: search.kind,
      search: search, catalogue: catalogue, x: xy ? xy.subarray(0, rows) : null, y: xy ? xy.subarray(rows) : null,
    };
  }

  /** catalogue index → row of a loaded model (−1: the model has no vector for that movie). */
  function rowIndex(loaded, catalogueSize) {
    var rowOf = new Int32Array(catalogueSize).fill(-1);
    for (var r = loaded.rows - 1; r >= 0; r--) rowOf[loaded.catalogue[r]] = r;
    return rowOf;
  }

  /** Every row's score against the unit query (float32, as the kernel writes them). */
  function scores(loaded, query) {
    var s = loaded.search;
    s.query.set(query);
    if (s.dots) s.dots(s.matrix.byteOffset, loaded.rows, loaded.dim, s.query.byteOffset, s.out.byteOffset);
    else dotsJs(s.matrix, loaded.rows, loaded.dim, s.query, s.out);
    return s.out;
  }

  /** The k best rows of scores, best first; ties: lower row first; excluded and NaN rows skipped. */
  function topK(values, k, exclude) {
    var best = [];
    if (k <= 0) return best;
    for (var r = 0; r < values.length; r++) {
      var score = values[r];
      if (score !== score || exclude.has(r)) continue;
      var i;
      if (best.length < k) {
        i = best.length;
        best.push(r);
      } else {
        if (!(score > values[best[k - 1]])) continue;
        i = k - 1;
      }
      while (i > 0 && values[best[i - 1]] < score) {
        best[i] = best[i - 1];
        i--;
      }
      best[i] = r;
    }
    return best.map(function (row) { return { row: row, score: values[row] }; });
  }

  /**
   * gensim's most_similar over a loaded model, as KeyedVectors.mostSimilar: the mean of the query
   * rows' unit vectors (negatives subtracted) in float64, scaled to unit length, scored against
   * every row; the query rows are left out.
   */
  function mostSimilar(loaded, positiveRows, negativeRows, k) {
    var dim = loaded.dim, unit = loaded.search.matrix;
    var mean = new Float64Array(dim);
    var exclude = new Set();
    function add(row, weight) {
      exclude.add(row);
      for (var d = 0; d < dim; d++) mean[d] += weight * unit[row * dim + d];
    }
    positiveRows.forEach(function (row) { add(row, 1); });
    negativeRows.forEach(function (row) { add(row, -1); });
    var norm = 0;
    for (var d = 0; d < dim; d++) norm += mean[d] * mean[d];
    norm = Math.sqrt(norm);
    var query = new Float32Array(dim);
    if (norm > 0) for (var e = 0; e < dim; e++) query[e] = mean[e] / norm;
    return topK(scores(loaded, query), k, exclude);
  }

  /** closest.ts normalizeKey: lower case, accents removed, punctuation folded to spaces. */
  function normalizeKey(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^\p{L}\p{N}]+/gu, " ").trim();
  }

  function bigrams(text) {
    var grams = new Map();
    var padded = " " + text + " ";
    for (var i = 0; i < padded.length - 1; i++) {
      var gram = padded.slice(i, i + 2);
      grams.set(gram, (grams.get(gram) || 0) + 1);
    }
    return grams;
  }

  /** Titles prepared once for {@link searchTitles} (normalised text and bigrams). */
  function titleIndex(titles) {
    return titles.map(function (title) {
      var key = normalizeKey(title);
      return { key: key, grams: null };
    });
  }

  /** closest.ts keySimilarity against a prepared title. */
  function similarity(q, qGrams, entry) {
    var k = entry.key;
    if (q.length === 0 || k.length === 0) return 0;
    if (q === k) return 1;
    if (k.startsWith(q)) return 0.9;
    if (k.indexOf(q) >= 0) return 0.8;
    if (entry.grams === null) entry.grams = bigrams(k);
    var shared = 0, total = 0;
    qGrams.forEach(function (count, gram) {
      shared += Math.min(count, entry.grams.get(gram) || 0);
      total += count;
    });
    entry.grams.forEach(function (count) { total += count; });
    return (2 * shared) / total;
  }

  /** closest.ts closestKeys: the indices of the topn titles closest to text, best first (ties: title order). */
  function searchTitles(index, text, topn, minScore) {
    var q = normalizeKey(text);
    var qGrams = bigrams(q);
    var min = minScore === undefined ? 0.35 : minScore;
    var scored = [];
    for (var i = 0; i < index.length; i++) {
      var score = similarity(q, qGrams, index[i]);
      if (score >= min) scored.push({ index: i, score: score });
    }
    scored.sort(function (x, y) { return y.score - x.score || x.index - y.index; });
    return scored.slice(0, topn === undefined ? 5 : topn).map(function (entry) { return entry.index; });
  }

  return {
    base64Bytes: base64Bytes, halfToFloat: halfToFloat, dequantize: dequantize, loadModel: loadModel,
    rowIndex: rowIndex, mostSimilar: mostSimilar, topK: topK, normalizeKey: normalizeKey,
    titleIndex: titleIndex, searchTitles: searchTitles,
  };
})();
`;
