// The loading section's target lines (kept apart from bench/loading.mjs): on ml-latest-small at
// least as fast as pandas; on the synthetic 25M corpus at least as fast as the fastest of pandas,
// Polars and DuckDB, at lower peak memory than each.
import { fmt, targetLine } from "./common.mjs";

/**
 * @param {{ dataset: string, summary: { name: string, total: number, importSeconds: number, peakMB: number }[] }[]} results
 *   per dataset, ours first, from runLoadingBench
 * @returns {string[]}
 */
export function loadingTargets(results) {
  const lines = [];
  const small = results.find((r) => r.dataset === "ml-latest-small");
  const pandas = small?.summary.find((s) => s.name.startsWith("pandas"));
  if (small && pandas) {
    const [ours] = small.summary;
    const ratio = pandas.total / ours.total;
    const withImport = (pandas.importSeconds + pandas.total) / (ours.importSeconds + ours.total);
    lines.push(targetLine("ml-latest-small, load + per-user lists at least as fast as pandas (pandas time / ours ≥ 1)", [
      { label: "load + group", value: `${fmt(ratio)}×: ${fmt(ours.total)} s against ${fmt(pandas.total)} s`, met: ratio >= 1 },
      { label: "with the import", value: `${fmt(withImport)}×`, met: withImport >= 1 },
    ]));
  }
  const large = results.find((r) => r.dataset === "synthetic 25M");
  if (large && large.summary.length > 1) {
    const [ours, ...references] = large.summary;
    const fastest = references.reduce((best, s) => (s.total < best.total ? s : best));
    const ratio = fastest.total / ours.total;
    lines.push(targetLine("synthetic 25M, load + per-user lists at least as fast as the fastest of pandas, Polars and DuckDB", [
      { label: `against ${fastest.name}`, value: `${fmt(ratio)}×: ${fmt(ours.total)} s against ${fmt(fastest.total)} s`, met: ratio >= 1 },
    ]));
    lines.push(targetLine("synthetic 25M, lower peak memory than each reference", references.map((s) => ({
      label: s.name,
      value: `ours ${fmt(ours.peakMB, 0)} MB against ${fmt(s.peakMB, 0)} MB`,
      met: ours.peakMB < s.peakMB,
    }))));
  }
  return lines;
}
