export { tsne } from "./tsne";
export type { TsneOptions } from "./tsne";
export { umap } from "./umap";
export type { UmapOptions } from "./umap";
export type { Layout2D } from "./layout";
export { moviePoints, neighbourGroupAgreement, primaryGenres } from "./movie-points";
export type { MoviePoint } from "./movie-points";
