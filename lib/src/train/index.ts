export { Adam } from "./adam";
export type { AdamOptions } from "./adam";
export { EarlyStopping } from "./early-stopping";
export type { EarlyStoppingDecision, EarlyStoppingOptions } from "./early-stopping";
export { heNormal, normalInit, truncatedNormal, uniformInit } from "./init";
export { miniBatches } from "./batches";
export { TrainingLog } from "./training-log";
export type { EpochRecord, StepRecord } from "./training-log";
