/**
 * Trained methods repeated over seeds: mean ± standard deviation per metric, every seed's
 * training started at once so worker-thread factories train side by side.
 */
import { inspect } from "node:util";
import { OptionsError } from "../errors";
import { Evaluation, evaluate, type MetricName, type MetricValues } from "./evaluate";
import { meanStd } from "./metrics";
import type { Scorer, ScorerFactory } from "./scorer";
import type { LeaveLastOutSplit } from "./leave-last-out";

/** One method evaluated once per seed. */
export class SeededEvaluation {
  /**
   * @param name the method's name
   * @param runs one evaluation per seed
   * @param seeds the seeds, in run order
   */
  constructor(
    readonly name: string,
    readonly runs: readonly Evaluation[],
    readonly seeds: readonly number[],
  ) {
    if (runs.length === 0) throw new OptionsError(`SeededEvaluation(${name}): no runs`);
  }

  /** Mean and sample standard deviation of a metric over the seeds. */
  stat(metric: MetricName): { mean: number; std: number } {
    return meanStd(this.runs.map((run) => run.metrics()[metric]));
  }

  /** The mean of every metric over the seeds. */
  metrics(): MetricValues {
    const mean = (metric: MetricName) => this.stat(metric).mean;
    return { "HitRate@10": mean("HitRate@10"), "NDCG@10": mean("NDCG@10"), "HitRate@20": mean("HitRate@20"), "NDCG@20": mean("NDCG@20"), MRR: mean("MRR") };
  }

  /** One line: "SeededEvaluation<item2vec: HitRate@10 0.1060 ± 0.0090 · NDCG@10 … · seeds 0, 1, 2>". */
  [inspect.custom](): string {
    const show = (metric: MetricName) => {
      const { mean, std } = this.stat(metric);
      return `${metric} ${mean.toFixed(4)} ± ${std.toFixed(4)}`;
    };
    return `SeededEvaluation<${this.name}: ${show("HitRate@10")} · ${show("NDCG@10")} · seeds ${this.seeds.join(", ")}>`;
  }
}

/**
 * Trains a method once per seed on the split and evaluates each run.
 *
 * @param split the split to train on and evaluate
 * @param factory trains the method for a seed (see {@link ScorerFactory})
 * @param seeds default [0, 1, 2]
 * @returns the runs, with mean ± sample standard deviation per metric
 */
export async function evaluateSeeds(
  split: LeaveLastOutSplit,
  factory: ScorerFactory,
  seeds: readonly number[] = [0, 1, 2],
): Promise<SeededEvaluation> {
  if (seeds.length === 0) throw new OptionsError("evaluateSeeds: give at least one seed");
  return evaluateStarted(split, startTraining(split, factory, seeds), seeds);
}

/**
 * Starts a factory for every seed at once, so that factories which train in worker threads
 * (EvalRecipes) train side by side while earlier runs are evaluated. A failure is kept for the
 * moment its run is awaited (not reported as unhandled before).
 */
export function startTraining(split: LeaveLastOutSplit, factory: ScorerFactory, seeds: readonly number[]): Promise<Scorer>[] {
  return seeds.map((seed) => {
    const scorer = Promise.resolve().then(() => factory(split, seed));
    scorer.catch(() => undefined);
    return scorer;
  });
}

/** Evaluates started runs in seed order. */
export async function evaluateStarted(split: LeaveLastOutSplit, started: readonly Promise<Scorer>[], seeds: readonly number[]): Promise<SeededEvaluation> {
  const runs: Evaluation[] = [];
  for (const scorer of started) runs.push(evaluate(split, await scorer));
  return new SeededEvaluation(runs[0].name, runs, seeds);
}
