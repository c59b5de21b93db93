/**
 * Recorded metrics: numbers a notebook states about its results, stored in the executed
 * notebook under their own mimetype so a test runner can read and check them.
 */
import { OptionsError } from "../errors";
import { emitDisplay } from "./channel";
import { escapeHtml, formatNumber } from "./format";

/** The mimetype that holds recorded metrics, a JSON object of names to numbers or strings. */
export const METRICS_MIMETYPE = "application/vnd.movie-embeddings.metrics+json";

/** Named metric values. */
export type Metrics = Readonly<Record<string, number | string>>;

/**
 * Records metrics in the notebook: one output holding them as JSON under
 * {@link METRICS_MIMETYPE}, shown to a reader as a small table.
 *
 * @param metrics names to values; numbers must be finite (JSON has no NaN or Infinity)
 * @example
 * recordMetrics({ "hitRate@10": 0.183, epochs: 5, model: "word2vec" });
 */
export function recordMetrics(metrics: Metrics): void {
  const entries = Object.entries(metrics);
  for (const [name, value] of entries) {
    if (typeof value === "number" ? !Number.isFinite(value) : typeof value !== "string") {
      throw new OptionsError(`recordMetrics: ${JSON.stringify(name)} is ${String(value)}; expected a finite number or a string`);
    }
  }
  const shown = entries.map(([name, value]) => [name, typeof value === "number" ? formatNumber(value) : value]);
  const rows = shown.map(([name, value]) => `<tr><th style="text-align:left">${escapeHtml(name)}</th><td style="text-align:right">${escapeHtml(value)}</td></tr>`);
  emitDisplay({
    [METRICS_MIMETYPE]: { ...metrics },
    "text/html": `<table class="me-metrics"><tbody>${rows.join("")}</tbody></table>`,
    "text/plain": `metrics: ${shown.map(([name, value]) => `${name} = ${value}`).join(", ")}`,
  });
}
