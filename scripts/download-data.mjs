#!/usr/bin/env node
// npm run data -- <name> [--force]: downloads a MovieLens release from GroupLens into data/<name>,
// verified against the published checksum (see downloadMovieLens in lib/src/data/download.ts).
//   npm run data -- ml-25m          ml-20m, ml-25m, ml-32m, ml-1m, ml-100k, ml-latest-small
//   npm run data -- --list          the known releases and whether each is installed
// Without internet, put the zip at data/<name>.zip by hand and run the same command.
// Needs the built library (npm install builds it).
import { existsSync } from "node:fs";
import { join } from "node:path";
import { DATA_DIR, DownloadError, MOVIELENS_RELEASES, downloadMovieLens } from "movie-embeddings/internal";

const args = process.argv.slice(2);
const names = args.filter((a) => !a.startsWith("--"));
const force = args.includes("--force");
const unknownFlags = args.filter((a) => a.startsWith("--") && a !== "--force" && a !== "--list");
// only names of the release table (never "constructor" or other properties every object has)
const unknownNames = names.filter((name) => !Object.prototype.hasOwnProperty.call(MOVIELENS_RELEASES, name));
if (unknownFlags.length || unknownNames.length) {
  const what = [...unknownFlags.map((f) => `unknown flag ${f} (the flags are --force and --list)`), ...unknownNames.map((n) => `unknown dataset "${n}"`)];
  console.error(`npm run data: ${what.join("; ")}; the datasets are ${Object.keys(MOVIELENS_RELEASES).join(", ")}`);
  process.exit(2);
}

if (args.includes("--list") || names.length === 0) {
  console.log("MovieLens releases (npm run data -- <name>):");
  for (const [name, release] of Object.entries(MOVIELENS_RELEASES)) {
    const size = release.bytes ? ` ${(release.bytes / 1e6).toFixed(0)} MB` : "";
    console.log(`  ${name.padEnd(16)}${(existsSync(join(DATA_DIR, name)) ? "installed" : "-").padEnd(10)}${size.padStart(8)}  ${release.url}`);
  }
  process.exit(names.length === 0 && !args.includes("--list") ? 2 : 0);
}

/** A one-line progress bar on stderr, redrawn at most every 200 ms. */
function progressBar(name) {
  let last = 0;
  const started = Date.now();
  return ({ received, total }) => {
    const now = Date.now();
    if (now - last < 200 && received !== total) return;
    last = now;
    const mb = (n) => (n / 1e6).toFixed(1);
    const rate = received / 1e6 / Math.max(0.001, (now - started) / 1000);
    const share = total ? received / total : null;
    const bar = share === null ? "" : `[${"#".repeat(Math.round(share * 30)).padEnd(30, ".")}] ${(share * 100).toFixed(0).padStart(3)}% `;
    process.stderr.write(`\r${name} ${bar}${mb(received)}${total ? `/${mb(total)}` : ""} MB  ${rate.toFixed(1)} MB/s   `);
  };
}

let failed = 0;
for (const name of names) {
  try {
    const { dir, action } = await downloadMovieLens(name, { force, onProgress: progressBar(name) });
    process.stderr.write("\n");
    const what = { downloaded: "downloaded, verified and extracted", extracted: "verified and extracted from the zip in data/", present: "already installed and verified; nothing to do" }[action];
    console.log(`${name}: ${what} → ${dir}`);
  } catch (error) {
    process.stderr.write("\n");
    if (!(error instanceof DownloadError)) throw error;
    console.error(`${name}: ${error.message}`);
    failed++;
  }
}
process.exit(failed ? 1 : 0);
