/**
 * Evaluations as table rows for `showTable`.
 */
import { METRIC_NAMES, type Evaluation } from "./evaluate";
import { SeededEvaluation } from "./seeds";

/**
 * The results table: one row per method, each metric as "mean ± std" over seeds (just the value
 * for a method evaluated once).
 *
 * @param results evaluations, in the order to show them
 * @param digits decimals shown (default 3)
 * @returns rows for `showTable`
 */
export function resultsTable(results: readonly (Evaluation | SeededEvaluation)[], digits = 3): Record<string, string>[] {
  return results.map((result) => {
    const row: Record<string, string> = { method: result.name };
    for (const metric of METRIC_NAMES) {
      if (result instanceof SeededEvaluation && result.runs.length > 1) {
        const { mean, std } = result.stat(metric);
        row[metric] = `${mean.toFixed(digits)} ± ${std.toFixed(digits)}`;
      } else row[metric] = result.metrics()[metric].toFixed(digits);
    }
    return row;
  });
}
