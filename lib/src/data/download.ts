/**
 * Downloads the full-size MovieLens releases from GroupLens: stream to a temporary file, verify
 * the published checksum, extract safely into a temporary folder, and only then move the folder
 * into data/<name>, so an interrupted or corrupted download never leaves a half dataset behind.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as http from "node:http";
import * as https from "node:https";
import * as path from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import * as yauzl from "yauzl";
import { closestKeys } from "../closest";
import { DownloadError } from "../errors";
import { checkOptions, type OptionChecks } from "../options";
import { DATA_DIR } from "./movielens";

/** A dataset release: where it is, how to check it, what it must contain. */
export interface MovieLensRelease {
  /** The folder name under data/ and the zip's name: "ml-25m". */
  name: string;
  /** Where the zip is published. */
  url: string;
  /**
   * The zip's MD5 as GroupLens publishes it next to the zip (`<url>.md5`), or null when no
   * published value is known; then `fileSha256` must say what the extracted files are.
   */
  md5: string | null;
  /** The zip's size in bytes, when known (checked before the checksum, for a clearer error). */
  bytes: number | null;
  /** Files the extracted folder must hold. */
  files: readonly string[];
  /** SHA-256 of extracted files, checked after extraction (for releases without a published MD5). */
  fileSha256?: Readonly<Record<string, string>>;
}

const BASE = "https://files.grouplens.org/datasets/movielens";
const CSV_FILES = ["ratings.csv", "movies.csv", "tags.csv", "links.csv"];

/**
 * The releases `npm run data` knows. MD5s are the values GroupLens publishes as `<zip>.md5`
 * beside each zip (see data/README.md for where each was read); sizes are the zips' byte counts
 * where they were found published.
 */
export const MOVIELENS_RELEASES: Readonly<Record<string, MovieLensRelease>> = {
  "ml-latest-small": {
    name: "ml-latest-small",
    url: `${BASE}/ml-latest-small.zip`,
    md5: null,
    bytes: null,
    files: [...CSV_FILES, "README.txt"],
    // no published MD5 was found for this zip: its files are checked against the shipped copy's SHA256SUMS
    fileSha256: {
      "ratings.csv": "80da8b3393dae325bbba5a31f291a6ba55d8d4f4396de3c456f2c1635b1b70e8",
      "movies.csv": "c47b783f23eb304413307e1bb05335e427737da20ec8d3c0e96335567dd5f3dc",
      "tags.csv": "68eec00a0820c2faa8863a6df7032f13d5899a4462bce9a97213905297ff3d34",
      "links.csv": "028a4a1d17751ca9276e0e0718cfc22356350f224a996e1ec348c23274b9209d",
      "README.txt": "569448aba20b7eb111dbaa271231a51a9c25add372ededf84256dc592a1fceaf",
    },
  },
  "ml-100k": { name: "ml-100k", url: `${BASE}/ml-100k.zip`, md5: "0e33842e24a9c977be4e0107933c0723", bytes: null, files: ["u.data", "u.item"] },
  "ml-1m": { name: "ml-1m", url: `${BASE}/ml-1m.zip`, md5: "c4d9eecfca2ab87c1945afe126590906", bytes: null, files: ["ratings.dat", "movies.dat"] },
  "ml-20m": { name: "ml-20m", url: `${BASE}/ml-20m.zip`, md5: "cd245b17a1ae2cc31bb14903e1204af3", bytes: 198_702_078, files: CSV_FILES },
  "ml-25m": { name: "ml-25m", url: `${BASE}/ml-25m.zip`, md5: "6b51fb2759a8657d3bfcbfc42b592ada", bytes: 261_978_986, files: CSV_FILES },
  "ml-32m": { name: "ml-32m", url: `${BASE}/ml-32m.zip`, md5: "d472be332d4daa821edc399621853b57", bytes: 238_950_008, files: CSV_FILES },
};

/** Progress of a download, for a progress bar. */
export interface DownloadProgress {
  /** Bytes received so far. */
  received: number;
  /** Bytes expected (Content-Length), or null when the server does not say. */
  total: number | null;
}

/** Options of {@link downloadMovieLens} and {@link downloadRelease}. */
export interface DownloadOptions {
  /** The folder datasets go into (default: the repository's data/). */
  dataDir?: string;
  /** Replace a dataset that is already there (default false: a verified dataset is skipped). */
  force?: boolean;
  /** Give up when no byte arrives for this long, in milliseconds (default 30,000). */
  timeoutMs?: number;
  /**
   * Give up when the whole download (all redirects included) takes longer than this, in
   * milliseconds (default 3,600,000: an hour). Catches a server that trickles a byte at a time,
   * which the idle timeout never sees.
   */
  deadlineMs?: number;
  /**
   * Refuse a download larger than this many bytes, for releases whose size is not known (default
   * 1 GiB). A release with a known size is refused as soon as it exceeds that size.
   */
  maxBytes?: number;
  /** Called as bytes arrive. */
  onProgress?: (progress: DownloadProgress) => void;
  /** Refuse archives that would extract to more than this many bytes (default 8 GiB). */
  maxExtractedBytes?: number;
  /** Refuse entries that expand more than this many times their compressed size (default 200). */
  maxRatio?: number;
  /** Refuse archives with more entries than this (default 10,000). */
  maxEntries?: number;
}

const DOWNLOAD_CHECKS: OptionChecks<DownloadOptions> = {
  dataDir: "string",
  force: "boolean",
  timeoutMs: "positive",
  deadlineMs: "positive",
  maxBytes: "positiveInt",
  onProgress: "function",
  maxExtractedBytes: "positive",
  maxRatio: "positive",
  maxEntries: "positiveInt",
};

const EXTRACT_CHECKS: OptionChecks<Pick<DownloadOptions, "maxExtractedBytes" | "maxRatio" | "maxEntries">> = {
  maxExtractedBytes: DOWNLOAD_CHECKS.maxExtractedBytes,
  maxRatio: DOWNLOAD_CHECKS.maxRatio,
  maxEntries: DOWNLOAD_CHECKS.maxEntries,
};

/** What {@link downloadMovieLens} did. */
export interface DownloadResult {
  /** The dataset's folder. */
  dir: string;
  /** "downloaded", "extracted" (from a zip put in data/ by hand) or "present" (already verified; nothing done). */
  action: "downloaded" | "extracted" | "present";
}

const MARKER = ".movielens-release.json";

/**
 * Downloads a MovieLens release into data/<name> (`npm run data -- <name>` calls this). Safe to
 * re-run: a dataset verified earlier is left alone. Without internet, put the zip at
 * data/<name>.zip by hand and run it again: it verifies and extracts that file.
 *
 * @param name one of {@link MOVIELENS_RELEASES}: "ml-latest-small", "ml-100k", "ml-1m",
 *   "ml-20m", "ml-25m", "ml-32m"
 * @param options see {@link DownloadOptions}
 * @returns the folder and what was done
 * @throws DownloadError naming the URL or file and what to do: unknown name, no connection
 *   (with where to put the files by hand), a stalled, too slow (deadlineMs), oversized (the
 *   release's size or maxBytes) or truncated download, a checksum mismatch, an unsafe or
 *   oversized archive. The temporary folder is removed on failure, on SIGINT/SIGTERM, and (if the
 *   process was killed outright) at the next run.
 *
 * @example
 * await downloadMovieLens("ml-25m", { onProgress: ({ received, total }) => … });
 * const data = loadMovieLens("ml-25m");
 */
export async function downloadMovieLens(name: string, options: DownloadOptions = {}): Promise<DownloadResult> {
  // own names only: "constructor" or "toString" are properties of every object, not releases
  if (typeof name !== "string" || !Object.prototype.hasOwnProperty.call(MOVIELENS_RELEASES, name)) {
    const closest = typeof name === "string" ? closestKeys(name, Object.keys(MOVIELENS_RELEASES), 1, 0.5)[0] : undefined;
    throw new DownloadError(String(name), `unknown dataset ${JSON.stringify(name)}${closest ? ` (did you mean "${closest}"?)` : ""}`, `one of ${Object.keys(MOVIELENS_RELEASES).join(", ")}`);
  }
  return downloadRelease(MOVIELENS_RELEASES[name], options);
}

/**
 * {@link downloadMovieLens} for any release description (a mirror, or a test server).
 * @param release what to fetch and how to check it
 * @param options see {@link DownloadOptions}
 */
export async function downloadRelease(release: MovieLensRelease, options: DownloadOptions = {}): Promise<DownloadResult> {
  checkOptions("downloadMovieLens", options, DOWNLOAD_CHECKS);
  if (typeof release?.name !== "string" || !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(release.name)) {
    throw new DownloadError(String(release?.name), "not a dataset folder name", "letters, digits, '.', '_' or '-' (the release's folder under data/, never a path)");
  }
  if (release.md5 === null && !release.fileSha256) {
    throw new DownloadError(release.url, "the release has neither an MD5 nor file checksums", "a checksum to verify the download against");
  }
  const dataDir = path.resolve(options.dataDir ?? DATA_DIR);
  const target = path.join(dataDir, release.name);
  if (!options.force && fs.existsSync(target)) {
    if (isVerified(target, release)) return { dir: target, action: "present" };
    throw new DownloadError(
      target,
      "the folder exists but was not installed (and verified) by `npm run data`",
      `no folder there: delete it, or pass --force (force: true) to replace it with a verified download`,
    );
  }
  fs.mkdirSync(dataDir, { recursive: true });
  removeAbandonedDownloads(dataDir);
  const byHand = path.join(dataDir, `${release.name}.zip`);
  const work = fs.mkdtempSync(path.join(dataDir, `${WORK_PREFIX}${release.name}-`));
  fs.writeFileSync(path.join(work, OWNER_FILE), String(process.pid));
  const stopCleanup = removeOnSignal(work);
  try {
    let zip = byHand;
    let action: DownloadResult["action"] = "extracted";
    if (!fs.existsSync(byHand)) {
      zip = path.join(work, `${release.name}.zip`);
      await fetchTo(release.url, zip, options, offlineHint(release, byHand, target), release.bytes);
      action = "downloaded";
    }
    verifyZip(zip, release);
    const extracted = path.join(work, "extracted");
    const { maxExtractedBytes, maxRatio, maxEntries } = options;
    await extractZip(zip, extracted, { maxExtractedBytes, maxRatio, maxEntries });
    const root = datasetRoot(extracted, release);
    verifyFiles(root, release, zip);
    fs.writeFileSync(path.join(root, MARKER), JSON.stringify({ name: release.name, url: release.url, md5: release.md5, files: release.files }, null, 1) + "\n");
    if (fs.existsSync(target)) {
      const old = path.join(work, "replaced");
      fs.renameSync(target, old);
    }
    fs.renameSync(root, target);
    return { dir: target, action };
  } finally {
    stopCleanup();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** Temporary download folders are `data/.download-<name>-XXXXXX`, holding the owner's pid. */
const WORK_PREFIX = ".download-";
const OWNER_FILE = "owner.pid";

/** Whether process `pid` is still running. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Removes the temporary folders of downloads whose process is gone (killed before its own
 * cleanup could run). A folder without an owner file counts as abandoned after a minute.
 */
function removeAbandonedDownloads(dataDir: string): void {
  for (const entry of fs.readdirSync(dataDir, { withFileTypes: true })) {
    if (!entry.isDirectory() || !entry.name.startsWith(WORK_PREFIX)) continue;
    const folder = path.join(dataDir, entry.name);
    let abandoned: boolean;
    try {
      const owner = Number(fs.readFileSync(path.join(folder, OWNER_FILE), "utf8"));
      abandoned = !Number.isInteger(owner) || owner <= 0 || !isAlive(owner);
    } catch {
      abandoned = Date.now() - fs.statSync(folder).mtimeMs > 60_000;
    }
    if (abandoned) fs.rmSync(folder, { recursive: true, force: true });
  }
}

/**
 * Removes `work` if the process is interrupted (SIGINT, SIGTERM) during the download, then lets
 * the signal do what it would have done: when no other listener handles it, the process ends as
 * if the signal had been sent without ours.
 *
 * @returns a function that stops watching
 */
function removeOnSignal(work: string): () => void {
  const signals = ["SIGINT", "SIGTERM"] as const;
  const handlers = signals.map((signal) => {
    const handler = () => {
      fs.rmSync(work, { recursive: true, force: true });
      stop();
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    };
    process.once(signal, handler);
    return handler;
  });
  const stop = () => signals.forEach((signal, i) => process.removeListener(signal, handlers[i]));
  return stop;
}

function offlineHint(release: MovieLensRelease, byHand: string, target: string): string {
  return (
    `Without internet: download ${release.url} elsewhere and put it at ${byHand}, then run \`npm run data -- ${release.name}\` ` +
    `again (it verifies and extracts it); or unzip it yourself so that ${path.join(target, release.files[0])} exists.`
  );
}

/** Whether `dir` was installed by a verified download of this release, or matches its file checksums. */
function isVerified(dir: string, release: MovieLensRelease): boolean {
  if (!release.files.every((file) => fs.existsSync(path.join(dir, file)))) return false;
  const marker = path.join(dir, MARKER);
  if (fs.existsSync(marker)) {
    try {
      const recorded = JSON.parse(fs.readFileSync(marker, "utf8")) as { md5?: string | null };
      if (release.md5 !== null && recorded.md5 === release.md5) return true;
    } catch {
      return false;
    }
  }
  if (!release.fileSha256) return false;
  return Object.entries(release.fileSha256).every(([file, sum]) => fs.existsSync(path.join(dir, file)) && hashFile(path.join(dir, file), "sha256") === sum);
}

/** The hex digest of a file, read in 1 MB pieces (zips of hundreds of MB never sit in memory). */
function hashFile(file: string, algorithm: "sha256" | "md5"): string {
  const hash = createHash(algorithm);
  const fd = fs.openSync(file, "r");
  const buffer = Buffer.allocUnsafe(1 << 20);
  try {
    for (let read; (read = fs.readSync(fd, buffer, 0, buffer.length, null)) > 0; ) hash.update(buffer.subarray(0, read));
  } finally {
    fs.closeSync(fd);
  }
  return hash.digest("hex");
}

function verifyZip(zip: string, release: MovieLensRelease): void {
  const size = fs.statSync(zip).size;
  if (release.bytes !== null && size !== release.bytes) {
    throw new DownloadError(zip, `${size.toLocaleString("en-US")} bytes`, `${release.bytes.toLocaleString("en-US")} bytes, the size of ${release.url} (a truncated or different file; delete it and download again)`);
  }
  if (release.md5 !== null) {
    const md5 = hashFile(zip, "md5");
    if (md5 !== release.md5) {
      throw new DownloadError(zip, `MD5 ${md5}`, `MD5 ${release.md5}, the checksum GroupLens publishes for ${path.basename(release.url)} (a corrupted or different file; delete it and download again)`);
    }
  }
}

/** The folder inside the extracted tree that holds the dataset: `<name>/` in GroupLens zips. */
function datasetRoot(extracted: string, release: MovieLensRelease): string {
  const nested = path.join(extracted, release.name);
  return fs.existsSync(path.join(nested, release.files[0])) ? nested : extracted;
}

function verifyFiles(root: string, release: MovieLensRelease, zip: string): void {
  const missing = release.files.filter((file) => !fs.existsSync(path.join(root, file)));
  if (missing.length) {
    throw new DownloadError(zip, `the archive has no ${missing.join(", ")}`, `${release.files.join(", ")} in ${release.name}/`);
  }
  for (const [file, sum] of Object.entries(release.fileSha256 ?? {})) {
    const actual = hashFile(path.join(root, file), "sha256");
    if (actual !== sum) throw new DownloadError(zip, `${file} has SHA-256 ${actual}`, `SHA-256 ${sum}, the GroupLens release's`);
  }
}

const OFFLINE_CODES = new Set(["ENOTFOUND", "EAI_AGAIN", "ECONNREFUSED", "ENETUNREACH", "EHOSTUNREACH", "ECONNRESET", "ETIMEDOUT", "EPROTO", "CERT_HAS_EXPIRED"]);

/** Streams `url` to `file`, following redirects, with an idle timeout, an overall deadline and a byte cap. */
async function fetchTo(
  url: string,
  file: string,
  options: DownloadOptions,
  hint: string,
  expectedBytes: number | null,
  redirects = 5,
  deadline = Date.now() + (options.deadlineMs ?? 3_600_000),
): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const cap = expectedBytes ?? options.maxBytes ?? 2 ** 30;
  const capText = expectedBytes === null ? `at most ${cap.toLocaleString("en-US")} bytes (maxBytes)` : `${cap.toLocaleString("en-US")} bytes, the release's size`;
  const deadlineText = `${(options.deadlineMs ?? 3_600_000) / 1000} s (deadlineMs)`;
  const get = url.startsWith("https:") ? https.get : url.startsWith("http:") ? http.get : null;
  if (!get) throw new DownloadError(url, "not an http(s) URL", "an http:// or https:// address");
  // the request, then the response: what the deadline cuts off
  let active: { destroy(error: Error): void } | null = null;
  const late = setTimeout(() => active?.destroy(Object.assign(new Error("too slow"), { code: "DEADLINE" })), Math.max(0, deadline - Date.now()));
  try {
    return await fetchWithin();
  } finally {
    clearTimeout(late);
  }

  async function fetchWithin(): Promise<void> {
    const response = await new Promise<http.IncomingMessage>((resolve, reject) => {
      const request = get!(url, resolve);
      active = request;
      request.setTimeout(timeoutMs, () => request.destroy(Object.assign(new Error("stalled"), { code: "STALLED" })));
      request.on("error", reject);
    }).catch((error: NodeJS.ErrnoException) => {
      if (error.code === "STALLED") throw new DownloadError(url, `no answer within ${timeoutMs / 1000} s`, `a server that answers. ${hint}`);
      if (error.code === "DEADLINE") throw new DownloadError(url, `no answer within the deadline of ${deadlineText}`, `a server that answers. ${hint}`);
      if (OFFLINE_CODES.has(error.code ?? "")) throw new DownloadError(url, `cannot connect (${error.code})`, `a network connection to ${new URL(url).host}. ${hint}`);
      throw new DownloadError(url, `request failed (${error.message})`, hint);
    });
    const status = response.statusCode ?? 0;
    if (status >= 300 && status < 400 && response.headers.location) {
      response.resume();
      if (redirects === 0) throw new DownloadError(url, "too many redirects", "at most 5 redirects");
      return fetchTo(new URL(response.headers.location, url).href, file, options, hint, expectedBytes, redirects - 1, deadline);
    }
    if (status !== 200) {
      response.resume();
      throw new DownloadError(url, `HTTP ${status} ${response.statusMessage ?? ""}`.trim(), `HTTP 200 with the zip. ${hint}`);
    }
    const lengthHeader = response.headers["content-length"];
    const total = lengthHeader === undefined ? null : Number(lengthHeader);
    if (total !== null && (total > cap || (expectedBytes !== null && total !== expectedBytes))) {
      response.destroy();
      throw new DownloadError(url, `the server announces ${total.toLocaleString("en-US")} bytes`, `${capText}. ${hint}`);
    }
    let received = 0;
    active = response;
    response.setTimeout(timeoutMs, () => response.destroy(Object.assign(new Error("stalled"), { code: "STALLED" })));
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        received += chunk.length;
        if (received > cap) return callback(Object.assign(new Error("too big"), { code: "TOO_BIG" }));
        options.onProgress?.({ received, total });
        callback(null, chunk);
      },
    });
    try {
      await pipeline(response, counter, fs.createWriteStream(file));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const got = `${received.toLocaleString("en-US")}${total === null ? "" : ` of ${total.toLocaleString("en-US")}`} bytes`;
      if (code === "STALLED") throw new DownloadError(url, `the download stalled: no data for ${timeoutMs / 1000} s after ${got}`, `a steady download; try again. ${hint}`);
      if (code === "DEADLINE") throw new DownloadError(url, `the download did not finish within ${deadlineText}: ${got} received`, `a faster connection; try again. ${hint}`);
      if (code === "TOO_BIG") throw new DownloadError(url, `the server sent more than ${cap.toLocaleString("en-US")} bytes`, `${capText}. ${hint}`);
      throw new DownloadError(url, `the download broke off after ${got} (${(error as Error).message})`, `the whole file; try again. ${hint}`);
    }
    if (total !== null && received !== total) {
      throw new DownloadError(url, `the download ended after ${received.toLocaleString("en-US")} of ${total.toLocaleString("en-US")} bytes`, `the whole file; try again. ${hint}`);
    }
  }
}

/**
 * Extracts `zip` into the new folder `into`, refusing (before anything escapes) entries with
 * absolute paths or `..`, links, more than `maxEntries` entries, and archives that would
 * expand beyond `maxExtractedBytes` or `maxRatio` times an entry's compressed size.
 */
export async function extractZip(zip: string, into: string, options: Pick<DownloadOptions, "maxExtractedBytes" | "maxRatio" | "maxEntries"> = {}): Promise<void> {
  checkOptions("extractZip", options, EXTRACT_CHECKS);
  const maxBytes = options.maxExtractedBytes ?? 8 * 2 ** 30;
  const maxRatio = options.maxRatio ?? 200;
  const maxEntries = options.maxEntries ?? 10_000;
  const refuse = (problem: string) => new DownloadError(zip, `unsafe archive: ${problem}`, "a MovieLens zip (plain files under one folder, of sensible size)");
  fs.mkdirSync(into, { recursive: true });
  const root = fs.realpathSync(into);
  let zipfile: yauzl.ZipFile;
  try {
    zipfile = await yauzl.openPromise(zip, { lazyEntries: true, autoClose: true, validateEntrySizes: true, strictFileNames: true });
  } catch (error) {
    throw new DownloadError(zip, `not a readable zip (${(error as Error).message})`, "a zip archive");
  }
  if (zipfile.entryCount > maxEntries) {
    zipfile.close();
    throw refuse(`${zipfile.entryCount} entries (limit ${maxEntries})`);
  }
  let total = 0;
  await new Promise<void>((resolve, reject) => {
    const fail = (error: Error) => {
      zipfile.close();
      reject(error instanceof DownloadError ? error : refuse(error.message));
    };
    zipfile.on("error", fail);
    zipfile.on("end", () => resolve());
    zipfile.on("entry", (entry: yauzl.Entry) => {
      const name = entry.fileName;
      const destination = path.resolve(root, name);
      if (path.isAbsolute(name) || name.split("/").includes("..") || (destination !== root && !destination.startsWith(root + path.sep))) {
        return fail(refuse(`entry "${name}" would be written outside the target folder`));
      }
      const type = (entry.externalFileAttributes >>> 16) & 0o170000;
      if (type === 0o120000) return fail(refuse(`entry "${name}" is a symbolic link`));
      if (type !== 0 && type !== 0o100000 && type !== 0o040000) return fail(refuse(`entry "${name}" is not a plain file or folder`));
      if (name.endsWith("/")) {
        fs.mkdirSync(destination, { recursive: true });
        zipfile.readEntry();
        return;
      }
      total += entry.uncompressedSize;
      if (total > maxBytes) return fail(refuse(`it would extract to more than ${maxBytes.toLocaleString("en-US")} bytes`));
      if (entry.uncompressedSize > 1 << 20 && entry.uncompressedSize > maxRatio * Math.max(1, entry.compressedSize)) {
        return fail(refuse(`entry "${name}" expands ${Math.round(entry.uncompressedSize / Math.max(1, entry.compressedSize))} times (limit ${maxRatio})`));
      }
      if (entry.isEncrypted()) return fail(refuse(`entry "${name}" is encrypted`));
      fs.mkdirSync(path.dirname(destination), { recursive: true });
      zipfile.openReadStream(entry, (error, stream) => {
        if (error) return fail(error);
        // "wx": never follow or overwrite something already there
        pipeline(stream, fs.createWriteStream(destination, { flags: "wx" })).then(() => zipfile.readEntry(), fail);
      });
    });
    zipfile.readEntry();
  });
}
