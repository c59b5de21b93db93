/**
 * One small use of each part of the library that depends on the runtime: data files, danfojs
 * frames, worker threads, the WebAssembly SIMD kernels, onnxruntime-node under transformers.js,
 * the file system and the notebook channel. test/slow/deno.test.ts runs it in node and in Deno
 * (test/deno/smoke.ts) and compares the two results.
 */
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  buildWatchlists,
  loadMovieLens,
  loadWord2VecFormat,
  ratingTriples,
  RatingModel,
  runningKernel,
  saveWord2VecFormat,
  searchableMatrix,
  TextEmbedder,
  topK,
  trainCbow,
  Word2Vec,
} from "movie-embeddings";

/** SHA-1 of the bytes of some float arrays: equal weights, bit for bit. */
const weightsHash = (arrays: readonly Float32Array[]): string => {
  const hash = createHash("sha1");
  for (const array of arrays) hash.update(new Uint8Array(array.buffer, array.byteOffset, array.byteLength));
  return hash.digest("hex");
};

export interface PartsResult {
  ratings: number;
  head: unknown[][];
  vocabulary: number;
  workersVocabulary: number;
  neighbours: string[];
  topRows: number[];
  reloadedSame: boolean;
  embedding: number[];
  /** The Adam kernel (dense and lazy rating models) and the CBOW kernel, as weight hashes. */
  trainedWeights: { ratingDense: string; ratingLazy: string; cbow: string };
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

  // the Adam kernel (rating model, dense and lazy) and the CBOW kernel: same seed, same weights
  const triples = ratingTriples(data, { minRatingsPerMovie: 50 });
  const ratingDense = await RatingModel.train(triples, { vectorSize: 8, epochs: 1, optimizer: "dense", seed: 3 });
  const ratingLazy = await RatingModel.train(triples, { vectorSize: 8, epochs: 1, optimizer: "lazy", seed: 3 });
  const cbow = await trainCbow(sentences.slice(0, 150), sentences.slice(150), { vectorSize: 8, epochs: 1, seed: 3 });
  const trainedWeights = {
    ratingDense: weightsHash(ratingDense.parameters),
    ratingLazy: weightsHash(ratingLazy.parameters),
    cbow: weightsHash(cbow.model.parameters),
  };

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
    trainedWeights,
    kernel: runningKernel(),
  };
}
