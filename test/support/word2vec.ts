// A corpus with planted groups, shared by word2vec.test.ts and slow/word2vec.test.ts.
import { Random } from "movie-embeddings/internal";

/** Sentences drawn within planted groups: group g holds items "g<g>-<i>". */
export function plantedCorpus(groups: number, itemsPerGroup: number, sentences: number, length: number, seed: number): string[][] {
  const random = new Random(seed);
  const corpus: string[][] = [];
  for (let s = 0; s < sentences; s++) {
    const group = random.int(groups);
    const sentence: string[] = [];
    for (let t = 0; t < length; t++) sentence.push(`g${group}-${random.int(itemsPerGroup)}`);
    corpus.push(sentence);
  }
  return corpus;
}
