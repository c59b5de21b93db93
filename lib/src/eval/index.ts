export { LeaveLastOutSplit, leaveLastOut } from "./split";
export type { SplitParts } from "./split";
export { hitRate, ndcg, meanReciprocalRank, meanStd } from "./metrics";
export { blendScorer, ratingScorer, vectorScorer } from "./scorer";
export type { BlendPart, OutputLayer, Scorer, ScorerFactory, UserHistory, VectorScorerOptions } from "./scorer";
export { cooccurrenceScorer, itemKnnScorer, onlyTrainingMovies, popularityScorer, randomScorer } from "./baselines";
export type { CooccurrenceOptions, ItemKnnOptions } from "./baselines";
export { Evaluation, METRIC_NAMES, SeededEvaluation, chooseSetting, evaluate, evaluateMethods, evaluateSeeds, hitRateByTrainingCount, resultsTable } from "./evaluate";
export type { Candidate, ColdStartOptions, Method, MetricName, MetricValues, SettingChoice } from "./evaluate";
