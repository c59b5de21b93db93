export { DEFAULT_TEXT_MODEL, EXPORT_TEXT_MODEL_COMMAND, MODELS_DIR, TextEmbedder } from "./embedder";
export type { EmbedOptions, EmbedProgress, LongTextMode, TextEmbedderOptions, TextModelDtype } from "./embedder";
export { splitPassages } from "./passages";
export type { Passage } from "./passages";
export { meanPoolNormalize } from "./pooling";
export { BUILD_PLOT_EMBEDDINGS_COMMAND, PLOT_EMBEDDINGS_DIR, loadPlotEmbeddings, plotEmbeddingFiles, plotKeyedVectors, savePlotEmbeddings, selectRows } from "./plot-embeddings";
export type { PlotEmbeddings, PlotEmbeddingsOptions } from "./plot-embeddings";
export { PlotSearch } from "./plot-search";
export type { PlotMatch, PlotSearchOptions } from "./plot-search";
