/**
 * Settings chosen on the validation split only, never on the test targets.
 */
import { OptionsError } from "../errors";
import type { MetricValues } from "./evaluate";
import { evaluateStarted, startTraining } from "./seeds";
import type { ScorerFactory } from "./scorer";
import type { LeaveLastOutSplit } from "./leave-last-out";

/** One candidate setting of a {@link chooseSetting} search. */
export interface Candidate<S> {
  /** The setting, as the factory reads it. */
  readonly setting: S;
  /** Trains the method with this setting on a split, for a seed. */
  readonly factory: ScorerFactory;
}

/** The outcome of {@link chooseSetting}: every candidate's validation metrics and the chosen one. */
export interface SettingChoice<S> {
  /** The setting with the best validation HitRate@10 (ties: better NDCG@10, then the earlier candidate). */
  readonly best: S;
  /** One row per candidate: the setting's fields, then its mean validation metrics. */
  readonly table: Record<string, string | number>[];
}

/**
 * Chooses a setting on the validation split only: trains and evaluates every candidate there and
 * keeps the one with the best HitRate@10 (NDCG@10 breaks ties). The test targets are never seen.
 *
 * @param validation the validation split (`split.validation()`)
 * @param candidates the settings, each with the factory that trains it
 * @param seeds seeds per candidate (default [0])
 * @returns the chosen setting and a table of every candidate's validation metrics
 * @example
 * const choice = await chooseSetting(split.validation(), [5, 10, 20].map((window) => ({
 *   setting: { window }, factory: (s: LeaveLastOutSplit) => cooccurrenceScorer(s, { window }),
 * })));
 * choice.best; // { window: 10 }
 */
export async function chooseSetting<S extends object>(
  validation: LeaveLastOutSplit,
  candidates: readonly Candidate<S>[],
  seeds: readonly number[] = [0],
): Promise<SettingChoice<S>> {
  if (candidates.length === 0) throw new OptionsError("chooseSetting: give at least one candidate");
  if (seeds.length === 0) throw new OptionsError("chooseSetting: give at least one seed");
  let best = 0;
  const scores: MetricValues[] = [];
  const started = candidates.map((candidate) => startTraining(validation, candidate.factory, seeds));
  for (const [i] of candidates.entries()) {
    scores.push((await evaluateStarted(validation, started[i], seeds)).metrics());
    const [a, b] = [scores[i], scores[best]];
    if (a["HitRate@10"] > b["HitRate@10"] || (a["HitRate@10"] === b["HitRate@10"] && a["NDCG@10"] > b["NDCG@10"])) best = i;
  }
  const table = candidates.map((candidate, i) => ({ ...(candidate.setting as Record<string, string | number>), ...scores[i] }));
  return { best: candidates[best].setting, table };
}
