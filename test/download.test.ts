// The whole download path (fetch → verify → extract → move into place) against a local HTTP
// server on 127.0.0.1 serving zips built here. No test touches the internet.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as http from "node:http";
import { spawn, spawnSync } from "node:child_process";
import type { AddressInfo } from "node:net";
import { setTimeout as delay } from "node:timers/promises";
import * as os from "node:os";
import * as path from "node:path";
import { DownloadError, MOVIELENS_RELEASES, downloadMovieLens, downloadRelease, loadMovieLens } from "movie-embeddings/internal";
import type { MovieLensRelease } from "movie-embeddings";
import { makeZip } from "./zip-fixture";

const TINY = path.join(__dirname, "fixtures", "movielens-tiny");
const tinyEntries = fs.readdirSync(TINY).map((file) => ({ name: `ml-fixture/${file}`, data: fs.readFileSync(path.join(TINY, file)), deflate: true }));
const zips: Record<string, Buffer> = {
  good: makeZip([{ name: "ml-fixture/" }, ...tinyEntries]),
  traversal: makeZip([...tinyEntries, { name: "ml-fixture/../../escaped.txt", data: "owned" }]),
  symlink: makeZip([...tinyEntries, { name: "ml-fixture/link", data: "/etc/passwd", symlink: true }]),
  bomb: makeZip([...tinyEntries, { name: "ml-fixture/zeros.csv", data: Buffer.alloc(20 << 20), deflate: true }]),
};
const md5 = (bytes: Buffer) => createHash("md5").update(bytes).digest("hex");

let requests = 0;
const sockets = new Set<import("node:net").Socket>();
const server = http.createServer((request, response) => {
  requests++;
  const name = request.url!.slice(1).replace(/\.zip$/, "");
  if (name === "stall") {
    response.writeHead(200, { "content-length": "1000" });
    response.write("PK"); // then nothing: the client must give up by itself
    return;
  }
  if (name === "trickle") {
    // one byte every 20 ms: the idle timeout never fires, only the overall deadline can end it
    response.writeHead(200, { "content-length": "100000" });
    const timer = setInterval(() => response.write("P"), 20);
    response.on("close", () => clearInterval(timer));
    return;
  }
  if (name === "endless") {
    // no content-length, and data for as long as the client reads
    response.writeHead(200);
    const chunk = Buffer.alloc(64 << 10, 0x50);
    const pump = () => {
      while (!response.destroyed && response.write(chunk));
    };
    response.on("drain", pump);
    pump();
    return;
  }
  if (name === "huge") {
    response.writeHead(200, { "content-length": String(1e12) });
    response.write("PK");
    return;
  }
  if (name === "truncated") {
    response.writeHead(200, { "content-length": String(zips.good.length) });
    response.end(zips.good.subarray(0, zips.good.length >> 1)); // a shorter body than promised
    response.socket?.destroy();
    return;
  }
  if (name === "redirect") {
    response.writeHead(302, { location: "/good.zip" });
    response.end();
    return;
  }
  const body = zips[name];
  if (!body) {
    response.writeHead(404).end();
    return;
  }
  response.writeHead(200, { "content-length": String(body.length) });
  response.end(body);
});
server.on("connection", (socket) => {
  sockets.add(socket);
  socket.on("close", () => sockets.delete(socket));
});
const listening = new Promise<string>((resolve) => server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
after(() => {
  for (const socket of sockets) socket.destroy();
  server.close();
});

function release(file: string, checksum = md5(zips.good)): MovieLensRelease {
  return { name: "ml-fixture", url: `${file}`, md5: checksum, bytes: null, files: ["ratings.csv", "movies.csv", "tags.csv", "links.csv"] };
}
const freshDataDir = () => fs.mkdtempSync(path.join(os.tmpdir(), "movielens-download-"));
/** What a failed download left behind: nothing but the data folder itself. */
const leftovers = (dataDir: string) => fs.readdirSync(dataDir);

async function rejectsWith(promise: Promise<unknown>, pattern: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof DownloadError, `expected a DownloadError, got ${error}`);
    assert.match(error.message, pattern);
    return true;
  });
}

test("a good zip is downloaded, verified, extracted into data/<name> and loads; a second run skips it", async () => {
  const base = await listening;
  const dataDir = freshDataDir();
  const progress: number[] = [];
  const result = await downloadRelease(release(`${base}/good.zip`), { dataDir, onProgress: ({ received }) => progress.push(received) });
  assert.equal(result.action, "downloaded");
  assert.equal(result.dir, path.join(dataDir, "ml-fixture"));
  assert.equal(progress.at(-1), zips.good.length);
  assert.deepEqual(leftovers(dataDir), ["ml-fixture"]);
  assert.equal(loadMovieLens(result.dir).ratingColumns.length, loadMovieLens(TINY).ratingColumns.length);

  const before = requests;
  const again = await downloadRelease(release(`${base}/good.zip`), { dataDir });
  assert.equal(again.action, "present");
  assert.equal(requests, before, "a verified dataset is not fetched again");
});

test("redirects are followed", async () => {
  const base = await listening;
  const dataDir = freshDataDir();
  assert.equal((await downloadRelease(release(`${base}/redirect.zip`), { dataDir })).action, "downloaded");
});

test("a wrong checksum is refused and leaves nothing behind", async () => {
  const base = await listening;
  const dataDir = freshDataDir();
  await rejectsWith(downloadRelease(release(`${base}/good.zip`, "0".repeat(32)), { dataDir }), /MD5 [0-9a-f]{32}; expected MD5 0{32}, the checksum GroupLens publishes/);
  assert.deepEqual(leftovers(dataDir), []);
});

test("a truncated download is refused and leaves nothing behind", async () => {
  const base = await listening;
  const dataDir = freshDataDir();
  await rejectsWith(downloadRelease(release(`${base}/truncated.zip`), { dataDir }), /broke off after|ended after/);
  assert.deepEqual(leftovers(dataDir), []);
});

test("a stalling server is given up on after the timeout", async () => {
  const base = await listening;
  const dataDir = freshDataDir();
  const started = Date.now();
  await rejectsWith(downloadRelease(release(`${base}/stall.zip`), { dataDir, timeoutMs: 300 }), /stalled: no data for 0\.3 s after 2 of 1,000 bytes/);
  assert.ok(Date.now() - started < 5000);
  assert.deepEqual(leftovers(dataDir), []);
});

test("a server that trickles a byte at a time is given up on at the overall deadline", async () => {
  const base = await listening;
  const dataDir = freshDataDir();
  await rejectsWith(
    downloadRelease(release(`${base}/trickle.zip`), { dataDir, timeoutMs: 2000, deadlineMs: 400 }),
    /trickle\.zip: the download did not finish within 0\.4 s \(deadlineMs\): \d+ of 100,000 bytes received; expected a faster connection; try again/,
  );
  assert.deepEqual(leftovers(dataDir), []);
});

test("a server that streams without end is cut off at the byte cap: maxBytes, or the release's known size", async () => {
  const base = await listening;
  const dataDir = freshDataDir();
  await rejectsWith(
    downloadRelease(release(`${base}/endless.zip`), { dataDir, maxBytes: 1 << 20 }),
    /endless\.zip: the server sent more than 1,048,576 bytes; expected at most 1,048,576 bytes \(maxBytes\)/,
  );
  assert.deepEqual(leftovers(dataDir), []);
  await rejectsWith(
    downloadRelease({ ...release(`${base}/endless.zip`), bytes: 5000 }, { dataDir }),
    /endless\.zip: the server sent more than 5,000 bytes; expected 5,000 bytes, the release's size/,
  );
  await rejectsWith(
    downloadRelease(release(`${base}/huge.zip`), { dataDir }),
    /huge\.zip: the server announces 1,000,000,000,000 bytes; expected at most 1,073,741,824 bytes \(maxBytes\)/,
  );
  assert.deepEqual(leftovers(dataDir), []);
});

for (const signal of ["SIGTERM", "SIGINT"] as const) {
  test(`a download interrupted by ${signal} removes its temporary folder`, async () => {
    const base = await listening;
    const dataDir = freshDataDir();
    const lib = path.join(__dirname, "..", "lib", "dist", "internal.js");
    const script = `require(${JSON.stringify(lib)}).downloadRelease(${JSON.stringify(release(`${base}/stall.zip`))}, { dataDir: ${JSON.stringify(dataDir)}, timeoutMs: 60000 })`;
    const child = spawn(process.execPath, ["-e", script], { stdio: "ignore" });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on("exit", (_code, sig) => resolve(sig)));
    // wait for the temporary folder and its partial zip, then interrupt
    for (let i = 0; i < 200 && !leftovers(dataDir).some((name) => fs.existsSync(path.join(dataDir, name, "ml-fixture.zip"))); i++) await delay(25);
    assert.equal(leftovers(dataDir).length, 1, "the download should be under way");
    child.kill(signal);
    assert.equal(await exited, signal, "the process still ends by the signal");
    assert.deepEqual(leftovers(dataDir), []);
  });
}

test("a release name that is a path is refused before anything is written", async () => {
  const base = await listening;
  const dataDir = freshDataDir();
  await rejectsWith(
    downloadRelease({ ...release(`${base}/good.zip`), name: "../escaped" }, { dataDir }),
    /^\.\.\/escaped: not a dataset folder name; expected letters, digits, '\.', '_' or '-'/,
  );
  assert.deepEqual(leftovers(dataDir), []);
  assert.ok(!fs.existsSync(path.join(dataDir, "..", "escaped")));
});

test("a temporary folder left by a killed download is removed at the next run; one of a live download is not", async () => {
  const base = await listening;
  const dataDir = freshDataDir();
  const dead = spawnSync(process.execPath, ["-e", "process.pid"]).pid!;
  for (const [folder, pid] of [[".download-ml-fixture-killed", dead], [".download-ml-fixture-running", process.pid]] as const) {
    fs.mkdirSync(path.join(dataDir, folder));
    fs.writeFileSync(path.join(dataDir, folder, "owner.pid"), String(pid));
    fs.writeFileSync(path.join(dataDir, folder, "ml-fixture.zip"), "half a zip");
  }
  await downloadRelease(release(`${base}/good.zip`), { dataDir });
  assert.deepEqual(leftovers(dataDir).sort(), [".download-ml-fixture-running", "ml-fixture"]);
});

test("hostile archives are refused before anything is written outside the target", async () => {
  const base = await listening;
  for (const [name, pattern] of [
    ["traversal", /unsafe archive: .*\.\.\/\.\.\/escaped\.txt/],
    ["symlink", /unsafe archive: entry "ml-fixture\/link" is a symbolic link/],
    ["bomb", /unsafe archive: entry "ml-fixture\/zeros\.csv" expands \d+ times \(limit 200\)/],
  ] as const) {
    const dataDir = freshDataDir();
    await rejectsWith(downloadRelease(release(`${base}/${name}.zip`, md5(zips[name])), { dataDir }), pattern);
    assert.deepEqual(leftovers(dataDir), [], name);
    assert.ok(!fs.existsSync(path.join(dataDir, "..", "escaped.txt")) && !fs.existsSync(path.join(os.tmpdir(), "escaped.txt")));
  }
  const dataDir = freshDataDir();
  await rejectsWith(downloadRelease(release(`${base}/good.zip`), { dataDir, maxExtractedBytes: 100 }), /would extract to more than 100 bytes/);
});

test("offline: no connection fails fast and says where to put the zip by hand, which is then used", async () => {
  const dataDir = freshDataDir();
  const closed = http.createServer();
  await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
  const port = (closed.address() as AddressInfo).port;
  closed.close();
  const started = Date.now();
  await rejectsWith(
    downloadRelease(release(`http://127.0.0.1:${port}/ml-fixture.zip`), { dataDir }),
    new RegExp(`cannot connect \\(ECONNREFUSED\\).*put it at ${path.join(dataDir, "ml-fixture.zip").replace(/[/.]/g, "\\$&")}`),
  );
  assert.ok(Date.now() - started < 5000);
  fs.writeFileSync(path.join(dataDir, "ml-fixture.zip"), zips.good);
  const result = await downloadRelease(release(`http://127.0.0.1:${port}/ml-fixture.zip`), { dataDir });
  assert.equal(result.action, "extracted");
  assert.equal(loadMovieLens(result.dir).movieList.length, loadMovieLens(TINY).movieList.length);
});

test("an existing folder that was not verified is not overwritten without force", async () => {
  const base = await listening;
  const dataDir = freshDataDir();
  fs.mkdirSync(path.join(dataDir, "ml-fixture"));
  fs.writeFileSync(path.join(dataDir, "ml-fixture", "ratings.csv"), "half a dataset");
  await rejectsWith(downloadRelease(release(`${base}/good.zip`), { dataDir }), /exists but was not installed .* pass --force/);
  const result = await downloadRelease(release(`${base}/good.zip`), { dataDir, force: true });
  assert.equal(loadMovieLens(result.dir).ratingColumns.length, loadMovieLens(TINY).ratingColumns.length);
  assert.deepEqual(leftovers(dataDir), ["ml-fixture"]);
});

test("known releases: GroupLens URLs with checksums; the shipped ml-latest-small counts as verified", async () => {
  for (const name of ["ml-20m", "ml-25m", "ml-32m", "ml-1m", "ml-100k"]) {
    assert.match(MOVIELENS_RELEASES[name].url, new RegExp(`^https://files\\.grouplens\\.org/datasets/movielens/${name}\\.zip$`));
    assert.match(MOVIELENS_RELEASES[name].md5 ?? "", /^[0-9a-f]{32}$/);
  }
  const shipped = await downloadMovieLens("ml-latest-small");
  assert.equal(shipped.action, "present");
  await rejectsWith(downloadMovieLens("ml-26m"), /unknown dataset "ml-26m" \(did you mean "ml-20m"\?\); expected one of ml-latest-small, ml-100k/);
});
