export { Word2Vec } from "./word2vec";
export type { Word2VecTimings } from "./word2vec";
export type { EpochStats, Word2VecEpochReport, Word2VecOptions, Word2VecProgress, ResolvedWord2VecOptions } from "./options";
export { buildVocabulary, sampleThresholds } from "./vocab";
export type { Sentences, Word2VecVocabulary, VocabularyOptions, EncodedCorpus } from "./vocab";
