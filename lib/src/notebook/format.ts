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
