/**
 * Passage-level matching: two long texts compared by their most similar pair of passages, so a
 * match anywhere in the texts counts, not only in their first window of tokens.
 */
import { OptionsError } from "../errors";
import { checkOptions } from "../options";
import { scoreRows } from "../vectors/topk";
import type { EmbedProgress, TextEmbedder } from "./embedder";
import { splitPassages } from "./passages";

/** Options of {@link bestPassageSimilarities}. */
export interface BestPassageOptions {
  /** Passages per model call (default 32). */
  batchSize?: number;
  /** Called after each batch of passages. */
  onProgress?: (progress: EmbedProgress) => void;
}

/**
 * Scores candidate texts against a query text by their best pair of passages: every text is
 * split at sentence boundaries into passages that fit the encoder's window (as `longTexts:
 * "chunk"` splits them), every passage is encoded, and a candidate's score is the largest cosine
 * between one of the query's passages and one of its own.
 *
 * @param embedder the sentence encoder
 * @param query the query text, for example a movie's full plot
 * @param candidates the texts to score
 * @param options `batchSize` (32), `onProgress` (counts passages)
 * @returns one score per candidate, in candidate order, in [−1, 1]
 * @throws OptionsError for an empty query or candidate, or a bad option
 * @example
 * const scores = await bestPassageSimilarities(embedder, departed.plot, candidates.map((m) => m.plot));
 */
export async function bestPassageSimilarities(
  embedder: TextEmbedder,
  query: string,
  candidates: readonly string[],
  options: BestPassageOptions = {},
): Promise<Float64Array> {
  const { batchSize = 32, onProgress } = checkOptions("bestPassageSimilarities", options, { batchSize: "positiveInt", onProgress: "function" });
  const texts = [query, ...candidates];
  const passages: string[] = [];
  const first: number[] = [];
  texts.forEach((text, i) => {
    if (typeof text !== "string" || text.trim() === "") {
      throw new OptionsError(`bestPassageSimilarities: ${i === 0 ? "the query" : `candidate ${i - 1}`} is empty; every text needs some words`);
    }
    first.push(passages.length);
    for (const passage of splitPassages(text, (piece) => embedder.countTokens(piece), embedder.maxLength - 2)) passages.push(passage.text);
  });
  first.push(passages.length);
  const dim = embedder.vectorSize;
  const vectors = await embedder.embed(passages, { batchSize, onProgress });
  // One pass of the library's dot scorer per query passage (the vectors are unit length, so a
  // dot product is the cosine), then each candidate keeps its best passage.
  const scores = new Float64Array(candidates.length).fill(-Infinity);
  for (let q = first[0]; q < first[1]; q++) {
    const dots = scoreRows(vectors, passages.length, dim, vectors.subarray(q * dim, (q + 1) * dim), { metric: "dot" });
    for (let c = 0; c < candidates.length; c++) {
      for (let p = first[c + 1]; p < first[c + 2]; p++) if (dots[p] > scores[c]) scores[c] = dots[p];
    }
  }
  return scores;
}
