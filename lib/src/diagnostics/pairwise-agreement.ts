/**
 * Where models agree: for every pair of models, the share of top-k neighbours they have in common
 * (over the movies both know), beside what chance would give. The explorer shows agreement for one
 * query; this is the same question asked of every movie at once.
 */
import { OptionsError } from "../errors";
import type { KeyedVectors } from "../vectors/keyed-vectors";
import { neighbourOverlap } from "./neighbour-overlap";

/** How much two models agree on their neighbours. */
export interface PairAgreement {
  readonly a: string;
  readonly b: string;
  /** Movies both models have a vector for (neighbours are searched among them). */
  readonly sharedMovies: number;
  /** Mean share of each shared movie's top-k neighbours the two models have in common (see neighbourOverlap). */
  readonly overlap: number;
  /** The overlap two unrelated models would have: k / (sharedMovies − 1). */
  readonly chance: number;
}

/**
 * The neighbour agreement of every pair of models, as table rows.
 *
 * @param models named vectors (keys must mean the same thing in all, e.g. movieIds)
 * @param topn neighbours per movie (default 10)
 * @returns one row per pair, in the order the models are given
 * @throws OptionsError for fewer than two models, or a pair sharing too few keys
 * @example
 * showTable(pairwiseAgreement([{ name: "item2vec", wv: model.wv }, { name: "plots", wv: plots }]));
 */
export function pairwiseAgreement(models: readonly { readonly name: string; readonly wv: KeyedVectors }[], topn = 10): PairAgreement[] {
  if (!Array.isArray(models) || models.length < 2) throw new OptionsError("pairwiseAgreement: give at least two models ({ name, wv })");
  const rows: PairAgreement[] = [];
  for (let i = 0; i < models.length; i++) {
    for (let j = i + 1; j < models.length; j++) {
      const shared = models[i].wv.keys.filter((key: string) => models[j].wv.has(key)).length;
      rows.push({ a: models[i].name, b: models[j].name, sharedMovies: shared, overlap: neighbourOverlap(models[i].wv, models[j].wv, topn), chance: topn / (shared - 1) });
    }
  }
  return rows;
}
