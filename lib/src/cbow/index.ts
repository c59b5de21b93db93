export { CbowExamples, TokenIndex, cbowWindows, middlePositions } from "./examples";
export type { CbowWindow } from "./examples";
export { CbowModel } from "./model";
export type { CbowGradients, MiddlePrediction } from "./model";
export { baselineLosses } from "./baselines";
export type { CbowBaselines } from "./baselines";
export { trainCbow } from "./trainer";
export type { CbowEpochStats, CbowOptions, CbowProgress, CbowTraining } from "./trainer";
