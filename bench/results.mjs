// `npm run bench -- --write`: each section's reported tables and target lines go into its block of
// bench/RESULTS.md, between `<!-- bench:<section> -->` and `<!-- /bench:<section> -->`, with when,
// at which commit, on which machine and at what load the section ran. Blocks of sections not run
// stay as they are; the prose around the blocks (what is measured, how) is written by hand.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { python, root } from "./common.mjs";

export const resultsFile = join(root, "bench/RESULTS.md");

/**
 * The commit the run measures: `git rev-parse --short HEAD`, plus "+dirty" when tracked or
 * untracked (not ignored) files differ from it, RESULTS.md itself left out (the run writes it).
 */
export function commitLabel() {
  const git = (...argv) => execFileSync("git", argv, { cwd: root, encoding: "utf8" }).trim();
  const head = git("rev-parse", "--short", "HEAD");
  const dirty = git("status", "--porcelain", "--", ".", ":(exclude)bench/RESULTS.md") !== "";
  return dirty ? `${head}+dirty` : head;
}

/** The machine: core count and CPU model. */
export function machineLabel() {
  const list = cpus();
  return `${list.length} cores, ${list[0]?.model.replace(/\s+/g, " ").trim() ?? "unknown CPU"}`;
}

/**
 * Versions of the reference packages in the .venv (distribution names), in one Python call:
 * "gensim 4.4.0"; "gensim not installed" when missing.
 * @param {string[]} packages
 * @returns {string[]}
 */
export function referenceVersions(packages) {
  if (packages.length === 0) return [];
  if (!existsSync(python)) return packages.map((p) => `${p} not installed`);
  const code = [
    "import importlib.metadata as m, json, sys",
    "out = []",
    "for p in json.loads(sys.argv[1]):",
    "    try: out.append(p + ' ' + m.version(p))",
    "    except m.PackageNotFoundError: out.append(p + ' not installed')",
    "print(json.dumps(out))",
  ].join("\n");
  return JSON.parse(execFileSync(python, ["-c", code, JSON.stringify(packages)], { encoding: "utf8" }));
}

/** The 1-minute load average, two decimals. */
export const loadAverage = () => loadavg()[0].toFixed(2);

/** A span of time as "2026-11-29 22:31–22:40 UTC" (the end's date too when it differs). */
function span(started, finished) {
  const [a, b] = [started, finished].map((d) => d.toISOString().slice(0, 16).replace("T", " "));
  return `${a}–${a.slice(0, 10) === b.slice(0, 10) ? b.slice(11) : b} UTC`;
}

/**
 * The block of one section's run, markers included.
 * @param {{ name: string, command: string, commit: string, machine: string, versions: string[],
 *   started: Date, finished: Date, loadStart: string, loadEnd: string, lines: string[], notes: string[], targets: string[] }} run
 *   notes: sentences computed from the run's numbers, printed below the tables
 */
export function renderBlock(run) {
  const about = [
    `Run ${span(run.started, run.finished)}, commit ${run.commit}, ${run.machine};`,
    `load average (1 min) ${run.loadStart} at the start, ${run.loadEnd} at the end.`,
    `Node ${process.version}${run.versions.length ? `; ${run.versions.join(", ")}` : ""}. Command: \`${run.command}\`.`,
  ].join(" ");
  const lines = [...run.lines];
  while (lines.length > 0 && lines[0].trim() === "") lines.shift();
  while (lines.length > 0 && lines.at(-1).trim() === "") lines.pop();
  const parts = [`<!-- bench:${run.name} -->`, about, "", "```", ...lines, "```"];
  if (run.notes.length > 0) parts.push("", ...run.notes);
  if (run.targets.length > 0) parts.push("", "Targets, from this run's numbers:", "", ...run.targets.map((t) => `- ${t}`));
  parts.push(`<!-- /bench:${run.name} -->`);
  return parts.join("\n");
}

/**
 * Replaces the section's block in bench/RESULTS.md (or appends it, under a heading, when the file
 * has no block of that name yet); everything outside the block stays as it is. The new text is
 * written beside the file and renamed over it, so an interrupted run leaves the old file whole.
 * @param {string} name section name
 * @param {string} heading the heading for a new block
 * @param {string} block from `renderBlock`
 * @param {string} [file] the results file (default bench/RESULTS.md)
 */
export function writeBlock(name, heading, block, file = resultsFile) {
  const text = existsSync(file) ? readFileSync(file, "utf8") : "# Benchmark results\n";
  const pattern = new RegExp(`<!-- bench:${name} -->[\\s\\S]*?<!-- /bench:${name} -->`);
  const next = pattern.test(text) ? text.replace(pattern, () => block) : `${text.trimEnd()}\n\n## ${heading}\n\n${block}\n`;
  const partial = `${file}.partial`;
  writeFileSync(partial, next);
  renameSync(partial, file);
}
