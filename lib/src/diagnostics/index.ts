// How far to trust what an embedding shows: random-pair spread, neighbour overlap between two
// models (and between every pair of several), agreement of two metrics, genre agreement of neighbours against chance. (A map's own
// faithfulness, mapFaithfulness, lives with the maps it measures.)
export { randomPairSimilarities } from "./spread";
export { neighbourOverlap } from "./neighbour-overlap";
export { pairwiseAgreement } from "./pairwise-agreement";
export type { PairAgreement } from "./pairwise-agreement";
export { topKOverlap } from "./metric-agreement";
export { genreAgreement, randomNeighbours } from "./genre-agreement";
export type { GenreAgreement } from "./genre-agreement";
