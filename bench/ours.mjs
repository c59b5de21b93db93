// One benchmark run of our Word2Vec, in its own process: prints a JSON line with timings and peak memory.
// Usage: node bench/ours.mjs '<json: { ratings, options }>'
import { Word2Vec } from "movie-embeddings";
import { readWatchlists } from "./corpus.mjs";

const { ratings, options } = JSON.parse(process.argv[2]);
const { sentences, ratings: words } = readWatchlists(ratings);
const model = await Word2Vec.train(sentences, options);
const { vocabSeconds, trainSeconds } = model.timings;
console.log(
  JSON.stringify({
    vocabSeconds,
    trainSeconds,
    words: words * model.options.epochs,
    vocabulary: model.wv.size,
    peakMB: process.resourceUsage().maxRSS / 1024,
    finalLoss: model.history.at(-1)?.trainLoss ?? null,
  }),
);
