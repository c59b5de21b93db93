/**
 * Notebook output for Jupyter on the tslab kernel: offline Plotly figures, pandas-like tables,
 * progress lines and recorded metrics. The only part of the library that knows about Jupyter;
 * everything also works in plain node, printing text instead.
 */
export { setDisplaySink, emitDisplay, newDisplayId, runningKernel } from "./channel";
export type { DisplayMessage, DisplaySink, JsonObject, JsonValue, MimeBundle } from "./channel";
export { initPlotly, plotlyBundleHtml, PLOTLY_READY_EVENT } from "./plotly-bundle";
export type { InitPlotlyOptions, PlotlyBundleName } from "./plotly-bundle";
export { Figure, figureBundle, show, PLOTLY_MIMETYPE } from "./figure";
export type { PlotlyTrace } from "./figure";
export { barChart, heatmap, histogram, lineChart, scatter } from "./charts";
export type {
  BarChartOptions,
  ChartOptions,
  HeatmapOptions,
  HistogramOptions,
  LineChartOptions,
  LineSeries,
  ScatterOptions,
  ScatterPoint,
} from "./charts";
export { faithfulnessCaption, mapsSideBySide, movieMap } from "./movie-map";
export type { MapsSideBySideOptions, MovieMapOptions, MovieMapPanel } from "./movie-map";
export { similarityHeatmap, MAX_LABELLED_ROWS } from "./similarity-heatmap";
export type { SimilarityHeatmapOptions } from "./similarity-heatmap";
export { shortTitle } from "./format";
export { showTable, tableBundle } from "./table";
export type { FrameLike, TableInput, TableOptions } from "./table";
export { recordMetrics, METRICS_MIMETYPE } from "./metrics";
export type { Metrics } from "./metrics";
export { epochProgress, formatTrainingProgress, progressLine, trainingProgress, tsneProgress } from "./progress";
export type { EpochProgressOptions, ProgressLine, ProgressLineOptions, TrainingProgressOptions, TrainingStatus } from "./progress";
export { formatProgressBar, progressBar } from "./progress";
export type { CountProgress, ProgressBarOptions } from "./progress";
export { withSummary } from "./summary";
export { showSource, sourceBundle, sourceOf, SOURCE_DIR } from "./source";
export type { SourceExcerpt, SourceOptions } from "./source";
export { pageBundle, showPage } from "./page";
export type { HtmlPage, ShowPageOptions } from "./page";
