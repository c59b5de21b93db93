export { RatingTriples, ratingTriples } from "./ratings";
export type { RatingTriplesOptions } from "./ratings";
export { BiasBaseline, GlobalMean, rmse } from "./baselines";
export type { BiasBaselineOptions, RatingPredictor } from "./baselines";
export { RatingModel } from "./model";
export type { LayerSummary, RatingGradients } from "./model";
export type { RatingModelOptions, ResolvedRatingModelOptions } from "./options";
export type { RatingEpochMetrics, RatingEpochReport } from "./trainer";
