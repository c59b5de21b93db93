#!/usr/bin/env node
/**
 * Sets up the project's own Jupyter in `.venv` (run by `npm install` through `postinstall`).
 *
 *   1. creates `.venv` in the repository root with `python3 -m venv`;
 *   2. `pip install -r requirements-jupyter.txt` into it, skipped when a stamp file in `.venv`
 *      records the same requirements hash (so a rerun is fast and harmless);
 *   3. registers the tslab kernel into `.venv/share/jupyter/kernels/tslab/kernel.json`, pointing
 *      at this checkout's own `node_modules/.bin/tslab` (absolute path);
 *   4. registers Deno's Jupyter kernel, the second kernel ("TypeScript (Deno)"), into
 *      `.venv/share/jupyter/kernels/deno/kernel.json`, pointing at the Deno binary that npm
 *      installed from the registry (`node_modules/.bin/deno`); written here rather than by
 *      `deno jupyter --install`, which writes into the user's own Jupyter folder.
 *
 * Nothing is installed globally or per user. When python3 or its venv module is missing, it
 * prints what to install and exits 0 so `npm install` still succeeds; `npm test` and `npm start`
 * then repeat that message (see `jupyterStatus()`, shared with scripts/jupyter.mjs).
 *
 * Environment:
 *   PYTHON=/path/to/python3          interpreter used to create .venv (default: python3)
 *   MOVIE_EMBEDDINGS_SKIP_JUPYTER=1  skip this setup entirely
 *
 * Usage: node scripts/setup-jupyter.mjs [--force]   (--force reinstalls the requirements)
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const VENV = join(ROOT, ".venv");
export const VENV_PYTHON = join(VENV, "bin", "python");
export const VENV_BIN = join(VENV, "bin");
export const REQUIREMENTS = join(ROOT, "requirements-jupyter.txt");
export const TSLAB_BIN = join(ROOT, "node_modules", ".bin", "tslab");
export const KERNEL_NAME = "tslab";
export const KERNEL_JSON = join(VENV, "share", "jupyter", "kernels", KERNEL_NAME, "kernel.json");
export const DENO_BIN = join(ROOT, "node_modules", ".bin", "deno");
export const DENO_KERNEL_NAME = "deno";
export const DENO_KERNEL_JSON = join(VENV, "share", "jupyter", "kernels", DENO_KERNEL_NAME, "kernel.json");
const STAMP = join(VENV, ".movie-embeddings-jupyter.stamp");

const INSTALL_HINT =
  "Install Python 3 with its venv module, e.g. on Debian/Ubuntu:\n" +
  "    sudo apt-get install python3 python3-venv\n" +
  "then run:  npm run setup-jupyter";

/** Hash of the requirements file plus the venv's Python version: what the stamp records. */
function requirementsHash(pythonVersion) {
  const hash = createHash("sha256");
  hash.update(readFileSync(REQUIREMENTS));
  hash.update(`\npython ${pythonVersion}\n`);
  return hash.digest("hex");
}

function run(cmd, args, opts = {}) {
  return spawnSync(cmd, args, { encoding: "utf8", ...opts });
}

function pythonVersion(python) {
  const r = run(python, ["-c", "import sys; print('%d.%d.%d' % sys.version_info[:3])"]);
  return r.status === 0 ? r.stdout.trim() : null;
}

/** The kernelspec argv this checkout wants: its own tslab, by absolute path. */
function wantedKernelArgv() {
  return [TSLAB_BIN, "kernel", "--config-path", "{connection_file}"];
}

/**
 * Deno's kernelspec: this checkout's Deno binary, with no update check or prompt (nothing may
 * reach the network or wait for a key at run time).
 */
function wantedDenoKernelSpec() {
  return {
    argv: [DENO_BIN, "jupyter", "--kernel", "--conn", "{connection_file}"],
    display_name: "TypeScript (Deno)",
    language: "typescript",
    env: { DENO_NO_UPDATE_CHECK: "1", DENO_NO_PROMPT: "1", NO_COLOR: "1" },
  };
}

function denoKernelSpecOk() {
  try {
    return JSON.stringify(JSON.parse(readFileSync(DENO_KERNEL_JSON, "utf8"))) === JSON.stringify(wantedDenoKernelSpec());
  } catch {
    return false;
  }
}

function kernelSpecOk() {
  try {
    const spec = JSON.parse(readFileSync(KERNEL_JSON, "utf8"));
    return JSON.stringify(spec.argv) === JSON.stringify(wantedKernelArgv());
  } catch {
    return false;
  }
}

/**
 * Whether the Jupyter setup is complete: `{ ok: true }` or `{ ok: false, message }` where the
 * message says what to do. Cheap (no pip, no network); used by scripts/jupyter.mjs.
 */
export function jupyterStatus() {
  if (!existsSync(VENV_PYTHON) || !pythonVersion(VENV_PYTHON)) {
    const py = findPython();
    if (!py.ok) return { ok: false, message: py.message };
    return {
      ok: false,
      message: "The project's Jupyter is not set up (.venv is missing).\nRun:  npm run setup-jupyter",
    };
  }
  let stamp = "";
  try {
    stamp = readFileSync(STAMP, "utf8").trim();
  } catch {}
  if (stamp !== requirementsHash(pythonVersion(VENV_PYTHON))) {
    return {
      ok: false,
      message:
        "requirements-jupyter.txt is not installed in .venv (new or changed since the last install).\n" +
        "Run:  npm run setup-jupyter",
    };
  }
  if (!kernelSpecOk()) {
    return {
      ok: false,
      message: `The tslab kernel is not registered in .venv (${KERNEL_JSON}).\nRun:  npm run setup-jupyter`,
    };
  }
  return { ok: true, deno: denoKernelSpecOk() };
}

/** Finds a python3 that can create a venv with pip: `{ ok, python, message }`. */
function findPython() {
  const python = process.env.PYTHON || "python3";
  const version = run(python, ["--version"]);
  if (version.error || version.status !== 0) {
    return { ok: false, message: `python3 was not found (tried \`${python}\`).\n${INSTALL_HINT}` };
  }
  // `python3 -m venv` needs both venv and ensurepip (Debian ships ensurepip in python3-venv).
  const venv = run(python, ["-c", "import venv, ensurepip"]);
  if (venv.status !== 0) {
    return {
      ok: false,
      message: `${version.stdout.trim() || python} has no working venv module (venv/ensurepip missing).\n${INSTALL_HINT}`,
    };
  }
  return { ok: true, python };
}

function step(msg) {
  console.log(`[setup-jupyter] ${msg}`);
}

function fail(msg) {
  console.error(`[setup-jupyter] ERROR: ${msg}`);
  process.exit(1);
}

function main() {
  const force = process.argv.includes("--force");
  if (process.env.MOVIE_EMBEDDINGS_SKIP_JUPYTER === "1") {
    step("MOVIE_EMBEDDINGS_SKIP_JUPYTER=1: skipping the Jupyter setup.");
    return;
  }
  if (!existsSync(TSLAB_BIN)) fail(`${TSLAB_BIN} is missing: run npm install first.`);

  // 1. the venv
  if (!existsSync(VENV_PYTHON) || !pythonVersion(VENV_PYTHON)) {
    const py = findPython();
    if (!py.ok) {
      console.warn(`\n[setup-jupyter] Jupyter was NOT set up: ${py.message}\n`);
      return; // exit 0: the npm part of the install is fine without Jupyter
    }
    const existing = existsSync(VENV);
    step(`${existing ? "repairing" : "creating"} .venv with ${py.python} -m venv`);
    // --clear only when the venv exists but its python is broken (e.g. interpreter removed)
    const r = run(py.python, ["-m", "venv", ...(existing ? ["--clear"] : []), VENV], { stdio: "inherit" });
    if (r.status !== 0 || !pythonVersion(VENV_PYTHON)) {
      fail(`\`${py.python} -m venv ${VENV}\` did not make a working ${VENV_PYTHON}.\n${INSTALL_HINT}`);
    }
  }

  // 2. the requirements, skipped when the stamp matches
  const version = pythonVersion(VENV_PYTHON);
  const hash = requirementsHash(version);
  let stamp = "";
  try {
    stamp = readFileSync(STAMP, "utf8").trim();
  } catch {}
  if (force || stamp !== hash) {
    step(`pip install -r requirements-jupyter.txt into .venv (Python ${version}); this takes a minute the first time`);
    const r = run(
      VENV_PYTHON,
      ["-m", "pip", "install", "--disable-pip-version-check", "--progress-bar", "off", "-q", "-r", REQUIREMENTS],
      { stdio: "inherit", cwd: ROOT },
    );
    if (r.status !== 0) fail("pip install -r requirements-jupyter.txt failed (see above).");
    writeFileSync(STAMP, hash + "\n");
  } else {
    step("requirements-jupyter.txt already installed in .venv");
  }

  // 3. the tslab kernelspec, pointing at this checkout's tslab
  if (force || !kernelSpecOk()) {
    step(`registering the tslab kernel in .venv (binary ${TSLAB_BIN})`);
    const r = run(
      TSLAB_BIN,
      ["install", "--prefix", VENV, "--python", VENV_PYTHON, "--binary", TSLAB_BIN],
      { stdio: "inherit", cwd: ROOT },
    );
    if (r.status !== 0) fail("`tslab install` failed (see above).");
    if (!kernelSpecOk()) {
      fail(`${KERNEL_JSON} does not run ${TSLAB_BIN} after \`tslab install\`.`);
    }
  } else {
    step(`tslab kernel registered: ${KERNEL_JSON}`);
  }

  // 4. the Deno kernelspec, the second kernel
  if (!existsSync(DENO_BIN)) {
    console.warn(`[setup-jupyter] ${DENO_BIN} is missing (the npm package deno did not install): the Deno kernel is not registered.`);
  } else if (force || !denoKernelSpecOk()) {
    step(`registering the Deno kernel in .venv (binary ${DENO_BIN})`);
    mkdirSync(dirname(DENO_KERNEL_JSON), { recursive: true });
    writeFileSync(DENO_KERNEL_JSON, JSON.stringify(wantedDenoKernelSpec(), null, 1) + "\n");
  } else {
    step(`Deno kernel registered: ${DENO_KERNEL_JSON}`);
  }
  step("Jupyter is ready: `npm start` opens JupyterLab, `npm run notebooks` runs the notebooks.");
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main();
}
