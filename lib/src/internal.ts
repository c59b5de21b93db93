/**
 * movie-embeddings/internal: everything the library's folders export, the public surface
 * (`movie-embeddings`, ./index.ts) included, plus the pieces tests, scripts and benchmarks reach
 * into (display channel, kernels, file helpers, metric functions, option checks). Not a stable
 * API: a notebook or a user imports from `movie-embeddings`.
 *
 * @packageDocumentation
 */
export * from "./random";
export * from "./errors";
export * from "./closest";
export * from "./key-index";
export * from "./options";
export * from "./data";
export * from "./notebook";
export * from "./word2vec";
export * from "./vectors";
export * from "./diagnostics";
export * from "./recommend";
export * from "./train";
export * from "./cbow";
export * from "./eval";
export * from "./ncf";
export * from "./maps";
export * from "./explorer";
export * from "./text";
