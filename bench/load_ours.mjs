// One side of the loading benchmark: loadMovieLens + buildWatchlists on a dataset folder, timed,
// with the import of the library and this process's peak memory. Prints one JSON line. Usage: node bench/load_ours.mjs <dir>
const importStarted = performance.now();
const { buildWatchlists, loadMovieLens } = await import("movie-embeddings");
const importSeconds = (performance.now() - importStarted) / 1000;

const dir = process.argv[2];
const cpu = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};
let started = performance.now();
let cpuStarted = cpu();
const data = loadMovieLens(dir);
const loadSeconds = (performance.now() - started) / 1000;
const loadCpuSeconds = cpu() - cpuStarted;
started = performance.now();
cpuStarted = cpu();
const watchlists = buildWatchlists(data);
const groupSeconds = (performance.now() - started) / 1000;
const groupCpuSeconds = cpu() - cpuStarted;
console.log(JSON.stringify({
  engine: "ours",
  ratings: data.ratingColumns.length,
  users: watchlists.lists.length,
  importSeconds,
  loadSeconds,
  groupSeconds,
  loadCpuSeconds,
  groupCpuSeconds,
  peakMB: process.resourceUsage().maxRSS / 1024,
}));
