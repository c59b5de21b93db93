/**
 * The method registry: named methods (baselines and embeddings), each trained over its seeds and
 * evaluated on one split, in registry order.
 */
import { OptionsError } from "../errors";
import { Evaluation } from "./evaluate";
import { SeededEvaluation, evaluateStarted, startTraining } from "./seeds";
import type { ScorerFactory } from "./scorer";
import type { LeaveLastOutSplit } from "./leave-last-out";

/** One row of a method registry: a name, how to train it, and its seeds. */
export interface Method {
  /** The name shown in tables and charts. */
  readonly name: string;
  /** "baseline" (drawn as a reference line) or "embedding". */
  readonly kind: "baseline" | "embedding";
  /** Trains the method on a split for a seed. */
  readonly factory: ScorerFactory;
  /** Seeds to train with (default [0, 1, 2]; [0] for a deterministic method). */
  readonly seeds?: readonly number[];
}

/**
 * Evaluates every method of a registry on a split, in order, each over its seeds. Every run's
 * factory is started at once, so models that train in worker threads (EvalRecipes) train side by
 * side while the first runs are evaluated; the results do not depend on that order.
 *
 * @param split the split to train on and evaluate
 * @param methods the registry
 * @param onResult called after each method (for a progress line)
 * @returns one seeded evaluation per method, named as in the registry
 */
export async function evaluateMethods(
  split: LeaveLastOutSplit,
  methods: readonly Method[],
  onResult?: (result: SeededEvaluation) => void,
): Promise<SeededEvaluation[]> {
  const results: SeededEvaluation[] = [];
  const seedsOf = (method: Method) => method.seeds ?? [0, 1, 2];
  for (const method of methods) if (seedsOf(method).length === 0) throw new OptionsError(`evaluateMethods: ${method.name} has no seeds`);
  // every run's training starts now; the runs are evaluated in registry order as they are ready
  const started = methods.map((method) => startTraining(split, method.factory, seedsOf(method)));
  for (const [i, method] of methods.entries()) {
    const seeds = seedsOf(method);
    const runs = (await evaluateStarted(split, started[i], seeds)).runs.map((run) => new Evaluation(method.name, run.ranks));
    const result = new SeededEvaluation(method.name, runs, seeds);
    results.push(result);
    onResult?.(result);
  }
  return results;
}
