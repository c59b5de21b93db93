// `movie-embeddings/internal` for TypeScript's Node10 resolution (tslab compiles notebook cells
// with it), which ignores package.json "exports"; node, tsx and Deno follow "exports" to
// dist/internal.js. Tests, scripts and benchmarks only: see src/internal.ts.
export * from "./dist/internal";
