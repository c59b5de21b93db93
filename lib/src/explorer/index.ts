export { Explorer, movieExplorer } from "./explorer";
export type { ExplorerNeighbour, ExplorerOptions, ExplorerQuery, SideBySideRow } from "./explorer";
export { dequantizedVectors, packExplorerData } from "./pack";
export type { ExplorerDtype, ExplorerModel, PackOptions, PackedExplorer, PackedModel } from "./pack";
export { explorerPageHtml } from "./page";
export type { PageSettings } from "./page";
export { loadPageCore } from "./page-runner";
export type { PageCore, PageModel } from "./page-runner";
