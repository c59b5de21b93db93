#!/usr/bin/env node
/**
 * Entry point for everything Jupyter in movie-embeddings, always using the project's own .venv
 * (set up by scripts/setup-jupyter.mjs during `npm install`) and its `tslab` kernelspec.
 *
 *   node scripts/jupyter.mjs run-notebooks [--check] [--export] [--timeout S] [--param NAME=VALUE] [NOTEBOOK ...]
 *       executes notebooks/*.ipynb headless (scripts/run_notebooks.py; see its docstring).
 *       npm test → --check, npm run notebooks → --export (into out/notebooks/).
 *   node scripts/jupyter.mjs lab [-- JUPYTER ARGS]
 *       npm start: JupyterLab on notebooks/ with the tslab kernel preselected; prints the URL.
 *   node scripts/jupyter.mjs clean [--check] [NOTEBOOK ...]
 *       npm run clean-notebooks: strips outputs, execution counts and execution metadata from
 *       notebooks/*.ipynb, names the tslab kernelspec and sets tslab's own language_info in their
 *       metadata (so JupyterLab does not see them as modified on open). Plain JSON, written
 *       the way Jupyter writes notebooks (sorted keys, one-space indent). --check only reports.
 *
 * JUPYTER_PATH is set to .venv/share/jupyter so the project's tslab kernelspec wins over any
 * per-user one (e.g. from a global `tslab install`).
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { jupyterStatus, KERNEL_NAME, ROOT, VENV, VENV_BIN, VENV_PYTHON } from "./setup-jupyter.mjs";

const NOTEBOOKS = join(ROOT, "notebooks");
const KERNELSPEC = { display_name: "TypeScript", language: "typescript", name: KERNEL_NAME };
/**
 * The notebook's language_info exactly as tslab's kernel_info_reply gives it. JupyterLab copies
 * the reply into the notebook when the kernel connects, so any other value marks a notebook as
 * modified the moment it is opened ("Save changes?" on close). tslab 1.0.22 hard-codes version
 * "3.7.2" although it compiles with TypeScript 5.0. test/e2e/ checks this against the live kernel.
 */
export const LANGUAGE_INFO = {
  codemirror_mode: { mode: "typescript", name: "javascript", typescript: true },
  file_extension: ".ts",
  mimetype: "text/typescript",
  name: "typescript",
  version: "3.7.2",
};

/** The environment every Jupyter process gets: the project's kernelspecs, and node for the kernel. */
export function jupyterEnv() {
  return {
    ...process.env,
    JUPYTER_PATH: join(VENV, "share", "jupyter"),
    JUPYTER_PLATFORM_DIRS: "1",
    // the kernel (node_modules/.bin/tslab, `#!/usr/bin/env node`) runs on this same node
    PATH: [VENV_BIN, join(ROOT, "node_modules", ".bin"), dirname(process.execPath), process.env.PATH ?? ""].join(":"),
    PYTHONUNBUFFERED: "1",
  };
}

function requireJupyter(what) {
  const status = jupyterStatus();
  if (!status.ok) {
    console.error(`\n${what} needs the project's Jupyter, which is not ready:\n\n${status.message}\n`);
    process.exit(1);
  }
}

function runNotebooks(args) {
  requireJupyter("Running the notebooks");
  const kernel = args.includes("--kernel") ? args[args.indexOf("--kernel") + 1] : "tslab";
  if (kernel === "deno" && !jupyterStatus().deno) {
    console.error("\nRunning the notebooks on Deno needs Deno's kernel, which is not registered in .venv.\nRun:  npm install  (it installs the npm package deno), then  npm run setup-jupyter\n");
    process.exit(1);
  }
  const r = spawnSync(VENV_PYTHON, [join(ROOT, "scripts", "run_notebooks.py"), ...args], {
    cwd: ROOT,
    env: jupyterEnv(),
    stdio: "inherit",
  });
  if (r.error) throw r.error;
  process.exit(r.status ?? 1);
}

/**
 * The arguments to `.venv/bin/python` that start JupyterLab the way `npm start` does: serving
 * `rootDir`, with the project's tslab kernel as the default for new notebooks.
 * The end-to-end test (test/e2e/) starts JupyterLab with these too, plus its own port and token.
 *
 * @param {string} rootDir the folder JupyterLab shows
 * @param {string[]} extra further `jupyter lab` arguments
 * @returns {string[]}
 */
export function labArgs(rootDir, extra = []) {
  return [
    "-m",
    "jupyter",
    "lab",
    `--ServerApp.root_dir=${rootDir}`,
    `--MappingKernelManager.default_kernel_name=${KERNEL_NAME}`,
    // Jupyter refuses to start as root without this; root is common in containers and CI.
    ...(process.getuid?.() === 0 && !extra.includes("--allow-root") ? ["--allow-root"] : []),
    ...extra,
  ];
}

function lab(args) {
  requireJupyter("`npm start`");
  const extra = args[0] === "--" ? args.slice(1) : args;
  mkdirSync(NOTEBOOKS, { recursive: true });
  const jupyterArgs = labArgs(NOTEBOOKS, extra);
  console.log(`Starting JupyterLab on ${NOTEBOOKS} (kernel: ${KERNEL_NAME}); Ctrl+C stops it.`);
  const child = spawn(VENV_PYTHON, jupyterArgs, { cwd: NOTEBOOKS, env: jupyterEnv(), stdio: ["inherit", "inherit", "pipe"] });
  let announced = false;
  let pending = "";
  child.stderr.on("data", (chunk) => {
    process.stderr.write(chunk);
    if (announced) return;
    pending += chunk.toString();
    // Jupyter logs e.g. "    http://localhost:8888/lab?token=abc" (possibly several URLs).
    const m = pending.match(/(https?:\/\/(?:localhost|127\.0\.0\.1)[^\s]*\/lab[^\s]*)/);
    if (m) {
      announced = true;
      console.log(`\n  JupyterLab is running: ${m[1]}\n`);
    }
  });
  for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
}

/** Recursively sorts object keys, like nbformat's json.dumps(sort_keys=True). */
function sortKeys(value) {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortKeys(value[k])]));
  }
  return value;
}

/** Returns the cleaned notebook JSON text for one notebook file. */
function cleanNotebookText(text) {
  const nb = JSON.parse(text);
  for (const cell of nb.cells ?? []) {
    if (cell.cell_type === "code") {
      cell.outputs = [];
      cell.execution_count = null;
    }
    if (cell.metadata) {
      delete cell.metadata.execution; // nbclient / JupyterLab timing
      delete cell.metadata.ExecuteTime;
    }
  }
  nb.metadata = nb.metadata ?? {};
  nb.metadata.kernelspec = { ...KERNELSPEC };
  nb.metadata.language_info = structuredClone(LANGUAGE_INFO);
  return JSON.stringify(sortKeys(nb), null, 1) + "\n";
}

function clean(args) {
  const checkOnly = args.includes("--check");
  const names = args.filter((a) => !a.startsWith("--"));
  const files = names.length
    ? names.map((n) => (existsSync(n) ? resolve(n) : join(NOTEBOOKS, n.endsWith(".ipynb") ? n : `${n}.ipynb`)))
    : existsSync(NOTEBOOKS)
      ? readdirSync(NOTEBOOKS).filter((f) => f.endsWith(".ipynb")).sort().map((f) => join(NOTEBOOKS, f))
      : [];
  let dirty = 0;
  for (const file of files) {
    const before = readFileSync(file, "utf8");
    const after = cleanNotebookText(before);
    // Compare content, not formatting: a clean notebook is left byte for byte as it is.
    if (JSON.stringify(sortKeys(JSON.parse(before))) === JSON.stringify(JSON.parse(after))) continue;
    dirty++;
    if (checkOnly) {
      console.log(`not clean: ${basename(file)}`);
    } else {
      writeFileSync(file, after);
      console.log(`cleaned: ${basename(file)}`);
    }
  }
  console.log(`${files.length} notebooks, ${dirty} ${checkOnly ? "not clean" : "cleaned"}`);
  if (checkOnly && dirty) process.exit(1);
}

const USAGE = "usage: node scripts/jupyter.mjs run-notebooks [--check] [--export] [NOTEBOOK ...] | lab [-- ARGS] | clean [--check] [NOTEBOOK ...]";

function main() {
  const [command, ...rest] = process.argv.slice(2);
  if (command === "run-notebooks") runNotebooks(rest);
  else if (command === "lab") lab(rest);
  else if (command === "clean") clean(rest);
  else {
    console.error(USAGE);
    process.exit(2);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main();
