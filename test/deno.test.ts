/**
 * The second kernel's runtime: the library under Deno (installed from the npm registry into
 * node_modules by `npm install`). The same uses of every runtime-dependent part run in node and
 * in `deno run`, and must give the same results: data files, danfojs frames, worker threads,
 * the WebAssembly SIMD kernels, onnxruntime-node under transformers.js, the file system. The
 * notebook channel's Deno path is checked with a stand-in for `Deno.jupyter.broadcast`.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { emitDisplay, runningKernel, setDisplaySink } from "movie-embeddings/internal";
import { DENO_BIN } from "../scripts/setup-jupyter.mjs";
import { exerciseParts, type PartsResult } from "./deno/parts";

const ROOT = path.resolve(__dirname, "..");
const inCI = process.env.CI === "true";
const skip = !existsSync(DENO_BIN) && !inCI ? `Deno is not installed (${DENO_BIN}); run npm install` : false;
if (skip) console.log(`Deno tests skipped: ${skip}`);

describe("the library in Deno", { skip }, () => {
  it("loads with no flag and gives node's results for every runtime-dependent part", async () => {
    const run = spawnSync(DENO_BIN, ["run", "-A", path.join("test", "deno", "smoke.ts")], {
      cwd: ROOT,
      encoding: "utf8",
      env: { ...process.env, DENO_NO_UPDATE_CHECK: "1", DENO_NO_PROMPT: "1", NO_COLOR: "1" },
      timeout: 180_000,
    });
    assert.equal(run.status, 0, `deno run test/deno/smoke.ts failed:\n${run.stderr}`);
    const inDeno = JSON.parse(run.stdout.trim().split("\n").at(-1)!) as PartsResult;
    const inNode = await exerciseParts();
    assert.equal(inDeno.kernel, null, "outside a kernel, runningKernel() is null in Deno too");
    assert.ok(inDeno.reloadedSame, "word2vec text files written and read back in Deno");
    assert.ok(inDeno.workersVocabulary > 0, "Word2Vec with two worker threads trains in Deno");
    assert.equal(inDeno.embedding.length, 8);
    for (let i = 0; i < 8; i++) assert.ok(Math.abs(inDeno.embedding[i] - inNode.embedding[i]) < 1e-5, `embedding[${i}]: Deno ${inDeno.embedding[i]}, node ${inNode.embedding[i]}`);
    const { embedding: _d, ...deno } = inDeno;
    const { embedding: _n, ...node } = inNode;
    assert.deepEqual(deno, node);
  });
});

describe("the notebook channel in Deno's kernel", () => {
  it("sends each display as display_data, and updates as update_display_data, through Deno.jupyter.broadcast", () => {
    const sent: { type: string; content: Record<string, unknown> }[] = [];
    const global = globalThis as { Deno?: unknown };
    const before = global.Deno;
    setDisplaySink(null);
    global.Deno = { jupyter: { broadcast: async (type: string, content: Record<string, unknown>) => void sent.push({ type, content }) } };
    try {
      assert.equal(runningKernel(), "deno");
      emitDisplay({ "text/plain": "epoch 1/2", "text/html": "<b>epoch 1/2</b>" }, "me-progress");
      emitDisplay({ "text/plain": "epoch 2/2" }, "me-progress", true);
    } finally {
      global.Deno = before;
    }
    assert.deepEqual(sent, [
      { type: "display_data", content: { data: { "text/plain": "epoch 1/2", "text/html": "<b>epoch 1/2</b>" }, metadata: {}, transient: { display_id: "me-progress" } } },
      { type: "update_display_data", content: { data: { "text/plain": "epoch 2/2" }, metadata: {}, transient: { display_id: "me-progress" } } },
    ]);
    assert.equal(runningKernel(), null);
  });

  it("outside a kernel, reading Deno.jupyter that throws (plain `deno run`) means no kernel", () => {
    const global = globalThis as { Deno?: unknown };
    const before = global.Deno;
    global.Deno = Object.defineProperty({}, "jupyter", { get: () => { throw new Error("Deno.jupyter is only available in `deno jupyter`"); } });
    try {
      assert.equal(runningKernel(), null);
    } finally {
      global.Deno = before;
    }
  });
});
