/**
 * The explorer's data, packed for a page: one catalogue of movies (title, genres, rating count,
 * primary genre) and, per model, its rows quantised to int8 or float16 with the catalogue index of
 * each row and an optional 2D map. Plain TypeScript, no DOM: the page decodes the same bytes with
 * the script in page-core.ts, and {@link dequantizedVectors} gives Node the very vectors the page
 * searches.
 */
import type { MovieLens } from "../data/movielens";
import { countIds } from "../data/counts";
import type { Vocabulary } from "../data/watchlists";
import { OptionsError } from "../errors";
import type { Layout2D } from "../maps/layout";
import { primaryGenres } from "../maps/movie-points";
import { checkOptions } from "../options";
import { KeyedVectors } from "../vectors/keyed-vectors";
import { fromFloat16Bits, toFloat16Bits } from "../vectors/npy";

/** How a model's vectors are stored in the page. */
export type ExplorerDtype = "int8" | "float16";

/** One model to put side by side with the others. */
export interface ExplorerModel {
  /** The column heading ("item2vec", "NCF", "plots"). */
  readonly name: string;
  /** The model's vectors; keys are movieIds ("1", "318") unless `vocab` says otherwise. */
  readonly wv: KeyedVectors;
  /** Tokens ↔ movieIds, for models keyed by something else (titles); default: keys are movieIds. */
  readonly vocab?: Vocabulary;
  /** A 2D map of the model's rows, in the order of `wv.keys` (from `tsne` or `umap`). */
  readonly layout?: Layout2D;
  /** One line under the heading: what the model learnt from ("watched together", "plot text"). */
  readonly description?: string;
}

/** Options of {@link packExplorerData}. */
export interface PackOptions {
  /** "int8" (default: one byte a number and a float32 scale a row) or "float16" (two bytes a number). */
  readonly dtype?: ExplorerDtype;
}

/** One packed model: base64 of little-endian typed arrays, as the page reads them. */
export interface PackedModel {
  readonly name: string;
  readonly description: string;
  readonly rows: number;
  readonly dim: number;
  readonly dtype: ExplorerDtype;
  /** int8: Int8Array rows × dim; float16: Uint16Array of float16 bits rows × dim. */
  readonly vectors: string;
  /** int8 only: Float32Array, one scale per row (value = int8 × scale). */
  readonly scales: string | null;
  /** Int32Array, the catalogue index of each row. */
  readonly catalogue: string;
  /** Float32Array x then y (2 × rows), or null when the model has no map. */
  readonly map: string | null;
}

/** Everything the page needs: the catalogue and the models. */
export interface PackedExplorer {
  readonly movieIds: number[];
  readonly titles: string[];
  /** Genres joined with "|", as in movies.csv. */
  readonly genres: string[];
  /** The genre colouring each movie's point (see `primaryGenres`). */
  readonly primaryGenres: string[];
  /** Ratings of each movie in the dataset. */
  readonly ratings: number[];
  readonly models: PackedModel[];
}

const base64 = (array: ArrayBufferView): string => Buffer.from(array.buffer, array.byteOffset, array.byteLength).toString("base64");

/** The movieId of each row of a model: the key itself, or the vocabulary's first movie of the token. */
function rowMovieIds(model: ExplorerModel, data: MovieLens): number[] {
  return model.wv.keys.map((key, row) => {
    const id = model.vocab ? model.vocab.movieIdsOf(key)[0] : Number(key);
    if (!Number.isInteger(id) || !data.hasMovie(id)) {
      const why = model.vocab ? "the vocabulary has no movie for it" : "keys must be movieIds (or pass the model's vocab)";
      throw new OptionsError(`packExplorerData: model ${JSON.stringify(model.name)}, row ${row}: key ${JSON.stringify(key)} is not a movie of ${data.name} (${why})`);
    }
    return id;
  });
}

/**
 * int8 rows: each row scaled by its largest magnitude to [−127, 127] and rounded; the scale is
 * kept as float32, so a value is `q × scale`.
 */
function quantizeInt8(vectors: Float32Array, rows: number, dim: number): { values: Int8Array; scales: Float32Array } {
  const values = new Int8Array(rows * dim);
  const scales = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    let max = 0;
    for (let d = r * dim; d < (r + 1) * dim; d++) max = Math.max(max, Math.abs(vectors[d]));
    scales[r] = max / 127;
    const scale = scales[r];
    for (let d = r * dim; d < (r + 1) * dim; d++) values[d] = scale > 0 ? Math.max(-127, Math.min(127, Math.round(vectors[d] / scale))) : 0;
  }
  return { values, scales };
}

function checkModel(model: ExplorerModel, i: number): void {
  checkOptions(`packExplorerData: models[${i}]`, model, { name: "string", wv: "object", vocab: "object", layout: "object", description: "string" });
  if (!(model.wv instanceof KeyedVectors)) throw new OptionsError(`packExplorerData: models[${i}].wv must be KeyedVectors (a model's \`wv\`)`);
  if (model.layout && (model.layout.x.length !== model.wv.size || model.layout.y.length !== model.wv.size)) {
    throw new OptionsError(`packExplorerData: model ${JSON.stringify(model.name)} has ${model.wv.size} rows but its layout has ${model.layout.x.length} points; lay out wv.vectors in key order`);
  }
}

/**
 * Packs models of one catalogue for the explorer page.
 *
 * @param models the models, in column order (names must differ)
 * @param data the dataset, for titles, genres and rating counts
 * @param options `dtype` ("int8" default, or "float16")
 * @returns the catalogue (movies.csv order, every movie of any model) and the packed models
 * @throws OptionsError for no models, a repeated name, a key that is not a movie, a layout of the wrong size
 */
export function packExplorerData(models: readonly ExplorerModel[], data: MovieLens, options: PackOptions = {}): PackedExplorer {
  checkOptions("packExplorerData", options, { dtype: ["int8", "float16"] });
  const dtype = options.dtype ?? "int8";
  if (!Array.isArray(models) || models.length === 0) throw new OptionsError("packExplorerData: give at least one model");
  models.forEach(checkModel);
  const names = new Set<string>();
  for (const model of models) {
    if (names.has(model.name)) throw new OptionsError(`packExplorerData: two models are named ${JSON.stringify(model.name)}; names are column headings and must differ`);
    names.add(model.name);
  }
  const ids = models.map((model) => rowMovieIds(model, data));
  const wanted = new Set(ids.flat());
  const catalogue = data.movieList.filter((movie) => wanted.has(movie.movieId));
  const indexOf = new Map(catalogue.map((movie, i) => [movie.movieId, i]));
  const counts = countIds(data.ratingColumns.movieId);
  const ratingsOf = new Map<number, number>();
  counts.ids.forEach((id, k) => ratingsOf.set(id, counts.counts[k]));
  const movieIds = catalogue.map((movie) => movie.movieId);
  return {
    movieIds,
    titles: catalogue.map((movie) => movie.title),
    genres: catalogue.map((movie) => movie.genres.join("|") || "(no genres listed)"),
    primaryGenres: primaryGenres(data, movieIds),
    ratings: catalogue.map((movie) => ratingsOf.get(movie.movieId) ?? 0),
    models: models.map((model, m) => {
      const { wv } = model;
      const rows = wv.size;
      const dim = wv.vectorSize;
      const rowCatalogue = Int32Array.from(ids[m], (id) => indexOf.get(id)!);
      let vectors: string;
      let scales: string | null = null;
      if (dtype === "int8") {
        const q = quantizeInt8(wv.vectors, rows, dim);
        vectors = base64(q.values);
        scales = base64(q.scales);
      } else {
        vectors = base64(Uint16Array.from(wv.vectors, toFloat16Bits));
      }
      let map: string | null = null;
      if (model.layout) {
        const xy = new Float32Array(2 * rows);
        xy.set(model.layout.x, 0);
        xy.set(model.layout.y, rows);
        map = base64(xy);
      }
      return { name: model.name, description: model.description ?? "", rows, dim, dtype, vectors, scales, catalogue: base64(rowCatalogue), map };
    }),
  };
}

function bytesOf(text: string): Buffer {
  return Buffer.from(text, "base64");
}

/**
 * The vectors the page searches for one packed model, decoded in Node exactly as the page decodes
 * them (int8 × float32 scale, or float16 widened), keyed by the movieIds of the catalogue. A
 * KeyedVectors over them answers `mostSimilar` as the page does: the check of the page's search.
 *
 * @param packed the packed explorer
 * @param name the model's name
 * @returns KeyedVectors keyed by movieId strings, rows in the model's order
 * @throws OptionsError naming the models when there is no model of that name
 */
export function dequantizedVectors(packed: PackedExplorer, name: string): KeyedVectors {
  const model = packed.models.find((m) => m.name === name);
  if (!model) throw new OptionsError(`dequantizedVectors: no model named ${JSON.stringify(name)}; the models are ${packed.models.map((m) => JSON.stringify(m.name)).join(", ")}`);
  const { rows, dim } = model;
  const raw = bytesOf(model.vectors);
  const out = new Float32Array(rows * dim);
  if (model.dtype === "int8") {
    const values = new Int8Array(raw.buffer, raw.byteOffset, rows * dim);
    const scaleBytes = bytesOf(model.scales!);
    const scales = new Float32Array(scaleBytes.buffer.slice(scaleBytes.byteOffset, scaleBytes.byteOffset + 4 * rows));
    for (let r = 0; r < rows; r++) for (let d = r * dim; d < (r + 1) * dim; d++) out[d] = values[d] * scales[r];
  } else {
    const bits = new Uint16Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + 2 * rows * dim));
    for (let i = 0; i < bits.length; i++) out[i] = fromFloat16Bits(bits[i]);
  }
  const catBytes = bytesOf(model.catalogue);
  const catalogue = new Int32Array(catBytes.buffer.slice(catBytes.byteOffset, catBytes.byteOffset + 4 * rows));
  // A title token shared by two movies is one row; its key is the first movie's id, unique per row.
  return new KeyedVectors(Array.from(catalogue, (c) => String(packed.movieIds[c])), out, dim);
}
