/** Text helpers shared by tables, metrics, figures and progress lines. */

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/**
 * JSON for embedding inside an HTML `<script>`: `<`, `>` and `&` become `\u` escapes, so no
 * string in the data can close the script (`</script>`) or open an HTML comment.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/**
 * A number as a table cell shows it: integers in full, other numbers with `precision`
 * decimals, very large or very small ones in exponent form.
 *
 * @param value the number
 * @param precision decimals for non-integers
 * @param decimals show integers with decimals too, as in a column that also holds fractions
 * @returns "1234", "0.8734", "1.235e-7", "NaN"
 */
export function formatNumber(value: number, precision = 4, decimals = false): string {
  if (!Number.isFinite(value)) return String(value);
  if (!decimals && Number.isInteger(value) && Math.abs(value) < 1e15) return String(value);
  const magnitude = Math.abs(value);
  if (magnitude >= 1e15 || (magnitude > 0 && magnitude < 10 ** -precision)) {
    return value.toExponential(Math.max(precision - 1, 1));
  }
  return value.toFixed(precision);
}

/**
 * A rate or count in a short human form: 950, 12.3 k, 1.2 M, 3.4 G.
 *
 * @param value the number
 * @returns the number with at most one decimal and an SI suffix
 */
export function formatCompact(value: number): string {
  const magnitude = Math.abs(value);
  for (const [size, suffix] of [
    [1e9, "G"],
    [1e6, "M"],
    [1e3, "k"],
  ] as const) {
    if (magnitude >= size) return `${(value / size).toFixed(1)} ${suffix}`;
  }
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

/** Leading articles MovieLens moves to the end of a title ("Matrix, The"). */
const TRAILING_ARTICLE = /, (The|A|An|L'|Le|La|Les|Il|El|Der|Die|Das)$/;

/**
 * A movie title short enough for an axis label or a map label, still telling a series apart:
 * alternative titles in brackets ("(a.k.a. …)", "(Léon)") and MovieLens' trailing article
 * (", The") are dropped; a long series name before a colon becomes its initials ("Lord of the
 * Rings: The Two Towers" → "LotR: The Two Towers"); what is still too long loses its middle,
 * keeping both ends. The year stays.
 *
 * @param title the title as MovieLens writes it, year included
 * @param maxLength longest name, without the year (default 30)
 * @returns the short title, e.g. "Star Wars: Episode IV - A New Hope (1977)" → "SW: Episode IV - A New Hope (1977)"
 */
export function shortTitle(title: string, maxLength = 30): string {
  const dated = /^(.*?)\s*(\(\d{4}(?:[–-]\d{0,4})?\))\s*$/.exec(title);
  let name = dated ? dated[1] : title.trim();
  const year = dated ? ` ${dated[2]}` : "";
  if (name.length <= maxLength) return name + year;
  name = name.replace(/\s*\([^)]*\)/g, "").replace(TRAILING_ARTICLE, "").trim();
  const colon = name.indexOf(": ");
  if (name.length > maxLength && colon > 0) {
    const series = name.slice(0, colon).split(/\s+/);
    if (series.length >= 2 && !/^or$/i.test(series[series.length - 1])) {
      const initials = series.map((w) => (/^(of|the|and|a|an|in|on)$/i.test(w) ? w[0].toLowerCase() : w[0].toUpperCase())).join("");
      name = `${initials}: ${name.slice(colon + 2).replace(/^The\s+/, "")}`;
    }
  }
  if (name.length > maxLength) {
    const headLength = Math.floor((maxLength - 1) * 0.5);
    const wordEnd = name.indexOf(" ", headLength); // finish the word the head cuts, if it is short
    const head = wordEnd > 0 && wordEnd <= headLength + 6 ? name.slice(0, wordEnd) : name.slice(0, headLength).replace(/\s+\S*$/, "") || name.slice(0, headLength);
    const tail = name.slice(name.length - (maxLength - 1 - head.length)).replace(/^\S*\s+/, "");
    name = `${head.trimEnd()}…${tail.trimStart()}`;
  }
  return name + year;
}

/**
 * Text for Plotly's HTML-like labels, titles and hover text: `&`, `<` and `>` escaped (a title
 * such as "<T>" shows as written), and `<br>` line breaks kept when `breaks` is set.
 *
 * @param text the text
 * @param breaks keep `<br>` as a line break (default false)
 * @returns the escaped text
 */
export function plotlyText(text: string, breaks = false): string {
  const escaped = text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  return breaks ? escaped.replace(/&lt;br\s*\/?&gt;/gi, "<br>") : escaped;
}
