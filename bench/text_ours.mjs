// One timed run of our TextEmbedder, in its own process: prints a JSON line { seconds }, and
// writes the vectors for the reference side to compare. Usage: node bench/text_ours.mjs payload.json
import { readFileSync, writeFileSync } from "node:fs";
import { TextEmbedder } from "movie-embeddings";

const { texts, batchSize, threads, vectorsFile } = JSON.parse(readFileSync(process.argv[2], "utf8"));
const embedder = await TextEmbedder.load({ threads });
await embedder.embed(texts.slice(0, 4), { batchSize }); // warm-up
const start = process.hrtime.bigint();
const vectors = await embedder.embed(texts, { batchSize });
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
writeFileSync(vectorsFile, Buffer.from(vectors.buffer, vectors.byteOffset, vectors.byteLength));
console.log(JSON.stringify({ seconds }));
