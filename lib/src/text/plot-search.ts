/**
 * Movies with similar plots: plot embeddings searched by cosine, dot product or Euclidean
 * distance through the library's one top-k search, queried by a movie or by free text.
 */
import { inspect } from "node:util";
import type { Plots } from "../data/plots";
import { OptionsError, UnknownKeyError } from "../errors";
import { checkOptions, type OptionChecks } from "../options";
import { topK } from "../vectors/topk";
import type { Metric } from "../vectors/topk";
import type { TextEmbedder } from "./embedder";
import { KeyIndex } from "../key-index";
import { plotRows, resolvePlotEmbeddings, type PlotEmbeddings, type PlotEmbeddingsInput } from "./plot-embeddings";

/** One row of a plot-similarity answer. */
export interface PlotMatch {
  movieId: number;
  title: string;
  year: number;
  /** Cosine or dot product (higher is closer) or Euclidean distance (lower is closer). */
  similarity: number;
  /** The start of the plot. */
  plot: string;
}

/** Options of the {@link PlotSearch} queries. */
export interface PlotSearchOptions {
  /** How many rows (default 10). */
  readonly topn?: number;
  /** "cosine" (default), "dot" or "euclidean". */
  readonly metric?: Metric;
  /** Length of the plot excerpt in each row (default 120 characters). */
  readonly excerptChars?: number;
}

const CHECKS: OptionChecks<PlotSearchOptions> = { topn: "nonNegativeInt", metric: ["cosine", "dot", "euclidean"], excerptChars: "nonNegativeInt" };

/**
 * Plot embeddings joined with the plots, for "movies like this one" and free-text search.
 *
 * @example
 * const search = new PlotSearch(loadPlots(), loadPlotEmbeddings());
 * showTable(search.similar("The Departed (2006)", { topn: 5 }));
 * showTable(await search.searchText("a shark terrorises a beach town", embedder));
 */
export class PlotSearch {
  /** The embeddings as given, both names of their vector length filled in. */
  readonly embeddings: PlotEmbeddings;
  /** movieIds ↔ rows of the embeddings. */
  private readonly rows: KeyIndex<number, Int32Array>;
  private readonly norms: Float64Array;
  /** True when every row has unit length: cosine is then the dot product with the unit query. */
  private readonly unitRows: boolean;

  /**
   * @param plots the plots (titles, years, texts)
   * @param input one vector per movie; every movieId must have a plot
   * @throws UnknownKeyError when an embedding's movieId has no plot
   */
  constructor(
    readonly plots: Plots,
    input: PlotEmbeddingsInput,
  ) {
    const embeddings = resolvePlotEmbeddings("PlotSearch", input);
    this.embeddings = embeddings;
    this.rows = plotRows(embeddings.movieIds);
    embeddings.movieIds.forEach((movieId) => {
      if (!plots.has(movieId)) throw new UnknownKeyError(String(movieId), `a movieId of ${inspect(plots)}: the embeddings and the plots disagree`, []);
    });
    const dim = embeddings.vectorSize;
    this.norms = Float64Array.from(embeddings.movieIds, (_, row) => {
      let sum = 0;
      for (let d = row * dim; d < (row + 1) * dim; d++) sum += embeddings.vectors[d] * embeddings.vectors[d];
      return Math.sqrt(sum);
    });
    this.unitRows = this.norms.every((norm) => Math.abs(norm - 1) < 1e-3);
  }

  /** Number of movies searched. */
  get length(): number {
    return this.embeddings.movieIds.length;
  }

  /**
   * A movie's plot vector (a view into the matrix).
   * @param movie movieId or title (see {@link Plots.get})
   */
  vectorOf(movie: number | string): Float32Array {
    const row = this.row(movie);
    const dim = this.embeddings.vectorSize;
    return this.embeddings.vectors.subarray(row * dim, (row + 1) * dim);
  }

  /**
   * The movies whose plots are closest to one movie's plot (the movie itself left out).
   * @param movie movieId or title
   * @param options topn, metric, excerpt length
   * @returns rows: movieId, title, year, similarity, plot excerpt
   */
  similar(movie: number | string, options: PlotSearchOptions = {}): PlotMatch[] {
    const row = this.row(movie);
    return this.search(this.vectorOf(movie), options, [row]);
  }

  /**
   * The movies whose plots are closest to a vector.
   * @param vector a query of the embeddings' vectorSize
   * @param options topn, metric, excerpt length
   * @param exclude rows left out
   */
  search(vector: ArrayLike<number>, options: PlotSearchOptions = {}, exclude: readonly number[] = []): PlotMatch[] {
    const { excerptChars = 120, topn = 10, metric = "cosine" } = checkOptions("PlotSearch", options, CHECKS);
    return this.nearestRows(vector, topn, metric, exclude).map(({ index, score }) => {
      const plot = this.plots.get(this.embeddings.movieIds[index]);
      return { movieId: plot.movieId, title: plot.title, year: plot.year, similarity: score, plot: this.plots.excerpt(plot.movieId, excerptChars) };
    });
  }

  /**
   * The movies whose plots are closest to a text the user types, encoded by the same model as
   * the plots.
   * @param text any description of a story
   * @param embedder the encoder the embeddings were built with
   * @param options topn, metric, excerpt length
   * @throws OptionsError when the embedder's vectorSize is not the embeddings'
   */
  async searchText(text: string, embedder: TextEmbedder, options: PlotSearchOptions = {}): Promise<PlotMatch[]> {
    if (embedder.vectorSize !== this.embeddings.vectorSize) {
      throw new OptionsError(`searchText: the embedder gives vectors of ${embedder.vectorSize} numbers, the plot embeddings have ${this.embeddings.vectorSize}; use the model they were built with`);
    }
    return this.search(await embedder.embed(text), options);
  }

  /**
   * The movieIds of each movie's k nearest plots, for evaluations over every movie.
   * @param k neighbours per movie
   * @param metric "cosine" (default), "dot" or "euclidean"
   * @returns one list of k movieIds per row, in the embeddings' movieId order
   */
  allNeighbours(k: number, metric: Metric = "cosine"): number[][] {
    const dim = this.embeddings.vectorSize;
    return Array.from(this.embeddings.movieIds, (_, row) =>
      this.nearestRows(this.embeddings.vectors.subarray(row * dim, (row + 1) * dim), k, metric, [row]).map(({ index }) => this.embeddings.movieIds[index]),
    );
  }

  private nearestRows(vector: ArrayLike<number>, k: number, metric: Metric, exclude: readonly number[]) {
    const { vectors, movieIds, vectorSize: dim } = this.embeddings;
    if (metric === "cosine" && this.unitRows) {
      // on unit rows, cosine = row · (q / |q|): one SIMD pass, no division per row
      let norm = 0;
      for (let d = 0; d < dim; d++) norm += vector[d] * vector[d];
      norm = Math.sqrt(norm) || 1;
      const unitQuery = Float64Array.from({ length: dim }, (_, d) => vector[d] / norm);
      return topK(vectors, movieIds.length, dim, unitQuery, k, { metric: "dot", exclude });
    }
    return topK(vectors, movieIds.length, dim, vector, k, { metric, exclude, norms: this.norms });
  }

  private row(movie: number | string): number {
    const movieId = this.plots.get(movie).movieId;
    const row = this.rows.get(movieId);
    if (row === undefined) throw new UnknownKeyError(String(movie), "a movie with a plot embedding", []);
    return row;
  }

  /** One line: "PlotSearch<8,538 movies × 384>". */
  [inspect.custom](): string {
    return `PlotSearch<${this.length.toLocaleString("en-US")} movies × ${this.embeddings.vectorSize}>`;
  }
}
