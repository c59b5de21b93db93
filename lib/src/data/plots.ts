/**
 * Wikipedia plot summaries of MovieLens movies (data/wikipedia-plots/plots.csv): one plot per
 * movieId, read through the one CSV path (plots span several lines).
 */
import * as path from "node:path";
import { inspect } from "node:util";
import { closestKeys, keySimilarity } from "../closest";
import { DataFormatError, UnknownKeyError } from "../errors";
import { readCsv } from "./csv";
import { movieIdOf } from "./movie-id";
import { datasetDir } from "./movielens";

/** One movie's plot. */
export interface MoviePlot {
  movieId: number;
  /** The title as in MovieLens movies.csv, year included. */
  title: string;
  year: number;
  /** The English Wikipedia article the plot comes from. */
  wikiPage: string;
  /** The article's "Plot" section; paragraphs are separated by newlines. */
  plot: string;
}

/**
 * The plots of a set of movies, in file order (sorted by movieId). Create it with {@link loadPlots}.
 */
export class Plots {
  /** Every plot, in file order. */
  readonly list: readonly MoviePlot[];
  private readonly byId: Map<number, MoviePlot>;

  constructor(
    /** The CSV file the plots were read from. */
    readonly file: string,
    list: readonly MoviePlot[],
  ) {
    this.list = list;
    this.byId = new Map(list.map((p) => [p.movieId, p]));
  }

  /** Number of plots. */
  get length(): number {
    return this.list.length;
  }

  /** The movieIds, in file order. */
  get movieIds(): Int32Array {
    return Int32Array.from(this.list, (p) => p.movieId);
  }

  /** Whether this movie has a plot. */
  has(movieId: number): boolean {
    return this.byId.has(movieId);
  }

  /**
   * The plot of one movie, by movieId or by title: MovieLens' "Departed, The (2006)" or the
   * usual "The Departed (2006)"; a title without its year, in any case, is accepted when
   * exactly one title starts with it. Digits as text are a movieId (`"318"` is `318`). Two movieIds sharing a title share a plot; the first is returned.
   * @throws UnknownKeyError with the closest titles when no movie matches
   * @throws OptionsError for a number that is not a movieId (NaN, a fraction, below 1)
   */
  get(movie: number | string): MoviePlot {
    if (typeof movie !== "string" || /^\s*\d+\s*$/.test(movie)) {
      const plot = this.byId.get(movieIdOf("Plots.get", movie));
      if (!plot) throw new UnknownKeyError(String(movie), `a movieId with a plot in ${path.basename(this.file)}`, []);
      return plot;
    }
    const exact = this.list.find((p) => p.title === movie || articleFirst(p.title) === movie);
    if (exact) return exact;
    // A title typed without its year ("the departed") matches when exactly one title starts with it.
    const scores = this.list.map((p) => Math.max(keySimilarity(movie, p.title), keySimilarity(movie, articleFirst(p.title))));
    const best = Math.max(...scores);
    if (best >= 0.9 && scores.filter((s) => s === best).length === 1) return this.list[scores.indexOf(best)];
    throw new UnknownKeyError(movie, `a title with a plot in ${path.basename(this.file)}`, closestKeys(movie, this.list.map((p) => p.title), 5));
  }

  /**
   * The start of a plot, cut at a word boundary, with "…" when it was cut.
   * @param movie movieId or title
   * @param maxChars the longest excerpt (default 160)
   */
  excerpt(movie: number | string, maxChars = 160): string {
    const plot = this.get(movie).plot;
    // collapse whitespace in a prefix only (plots run to thousands of characters), longer if needed
    let prefix = 2 * maxChars;
    let text = plot.slice(0, prefix).replace(/\s+/g, " ").trim();
    while (text.length <= maxChars && prefix < plot.length) {
      prefix *= 2;
      text = plot.slice(0, prefix).replace(/\s+/g, " ").trim();
    }
    if (text.length <= maxChars) return text;
    const cut = text.slice(0, maxChars - 1);
    const space = cut.lastIndexOf(" ");
    return `${(space > maxChars / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.]+$/, "")}…`;
  }

  /** One line: "Plots<plots.csv: 8,538 movies>". */
  [inspect.custom](): string {
    return `Plots<${path.basename(this.file)}: ${this.list.length.toLocaleString("en-US")} movies>`;
  }
}

/** MovieLens puts articles last ("Departed, The (2006)"); this puts them first ("The Departed (2006)"). */
export function articleFirst(title: string): string {
  const match = /^(.+?), (The|A|An|Les|La|Le|L'|Il|El|Der|Die|Das)( \(.*)?$/.exec(title);
  return match ? `${match[2]}${match[2].endsWith("'") ? "" : " "}${match[1]}${match[3] ?? ""}` : title;
}

/**
 * Reads plots.csv (columns movieId, title, year, wikiPage, plot).
 *
 * @param nameOrDir a folder name under data/ (default "wikipedia-plots") or a folder path
 * @returns the plots, in file order
 * @throws DataFormatError naming the file and line for a missing file or column, an empty plot,
 *   a malformed row, or a movieId that appears twice.
 * @example
 * const plots = loadPlots();
 * plots.get("The Departed (2006)").plot.slice(0, 80);
 */
export function loadPlots(nameOrDir = "wikipedia-plots"): Plots {
  const file = path.join(datasetDir(nameOrDir), "plots.csv");
  const csv = readCsv(file, [
    { name: "movieId", type: "int", min: 1 },
    { name: "title", type: "string" },
    { name: "year", type: "int", min: 1800, max: 2100 },
    { name: "wikiPage", type: "string" },
    { name: "plot", type: "string" },
  ]);
  const list: MoviePlot[] = [];
  const seen = new Map<number, number>();
  for (let i = 0; i < csv.rowCount; i++) {
    const movieId = csv.numbers.movieId[i];
    if (seen.has(movieId)) {
      throw new DataFormatError(file, csv.lineOf[i], `movieId ${movieId} appears again (first on line ${seen.get(movieId)})`, "one plot per movieId");
    }
    seen.set(movieId, csv.lineOf[i]);
    list.push({
      movieId,
      title: csv.strings.title[i],
      year: csv.numbers.year[i],
      wikiPage: csv.strings.wikiPage[i],
      plot: csv.strings.plot[i],
    });
  }
  return new Plots(file, list);
}
