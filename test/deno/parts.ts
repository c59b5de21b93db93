/**
 * One small use of each part of the library that depends on the runtime: data files, danfojs
 * frames, worker threads, the WebAssembly SIMD kernels, onnxruntime-node under transformers.js,
 * the file system and the notebook channel. test/slow/deno.test.ts runs it in node and in Deno
 * (test/deno/smoke.ts) and compares the two results.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  buildWatchlists,
  loadMovieLens,
  loadWord2VecFormat,
  runningKernel,
  saveWord2VecFormat,
  searchableMatrix,
  TextEmbedder,
  topK,
  Word2Vec,
} from "movie-embeddings";

export interface PartsResult {
  ratings: number;
  head: unknown[][];
  vocabulary: number;
  workersVocabulary: number;
  neighbours: string[];
  topRows: number[];
  reloadedSame: boolean;
  embedding: number[];
  kernel: string | null;
}

export async function exerciseParts(): Promise<PartsResult> {
  const data = await loadMovieLens("ml-latest-small");
  const head = data.ratingsHead(3).values as unknown[][];
  const sentences = buildWatchlists(data, { minRating: 4 }).lists.slice(0, 200);
  // one worker: bit-for-bit reproducible, so node and Deno must agree exactly
  const model = await Word2Vec.train(sentences, { vectorSize: 16, epochs: 2, minCount: 5, workers: 1, seed: 7 });
  // two workers: worker threads run (Hogwild, so only the vocabulary is compared)
  const parallel = await Word2Vec.train(sentences, { vectorSize: 16, epochs: 1, minCount: 5, workers: 2, seed: 7 });
  const wv = model.wv;
  const first = wv.keys[0];
  const neighbours = wv.mostSimilar({ positive: [first], topn: 5 }).map((s) => String(s.key));

  // the WebAssembly SIMD dot kernel behind the one top-k
  const rows = wv.keys.length;
  const matrix = searchableMatrix(rows, wv.vectorSize);
  matrix.set(wv.normedVectors().subarray(0, rows * wv.vectorSize));
  const topRows = topK(matrix, rows, wv.vectorSize, wv.normedVectors().subarray(0, wv.vectorSize), 5).map((r) => r.index);

  const folder = mkdtempSync(path.join(tmpdir(), "me-parts-"));
  let reloadedSame = false;
  try {
    const file = path.join(folder, "vectors.w2v.txt");
    saveWord2VecFormat(wv, file);
    const reloaded = loadWord2VecFormat(file);
    reloadedSame = reloaded.mostSimilar({ positive: [first], topn: 5 }).map((s) => String(s.key)).join() === neighbours.join();
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }

  const embedder = await TextEmbedder.load();
  const embedding = Array.from((await embedder.embed("A heist in Los Angeles.")).subarray(0, 8));

  return {
    ratings: data.ratingColumns.length,
    head,
    vocabulary: wv.keys.length,
    workersVocabulary: parallel.wv.keys.length,
    neighbours,
    topRows,
    reloadedSame,
    embedding,
    kernel: runningKernel(),
  };
}
