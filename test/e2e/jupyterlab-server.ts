/**
 * A throwaway JupyterLab for the end-to-end test: the project's .venv, started with the same
 * arguments as `npm start` (scripts/jupyter.mjs `labArgs`), plus 127.0.0.1, a random free port, a
 * random token, and fresh config, data, settings, workspace and runtime folders. Stopped by its
 * process id (kernels first, through Jupyter's own shutdown), its temporary folders removed, even
 * when a test fails or the test process is interrupted.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";

// scripts/ is plain ESM JavaScript, shared with `npm start`.
import { jupyterEnv, labArgs } from "../../scripts/jupyter.mjs";
import { VENV_PYTHON } from "../../scripts/setup-jupyter.mjs";

/** JupyterLab user settings, keyed by plugin id, e.g. `"@jupyterlab/apputils-extension:notification"`. */
export type LabSettings = Record<string, Record<string, unknown>>;

/** Options of {@link startJupyterLab}. */
export interface StartOptions {
  /** The folder JupyterLab serves (its file browser root and the kernels' working directory). */
  rootDir: string;
  /** User settings written into the throwaway settings folder before start. */
  settings?: LabSettings;
  /** How long to wait for the server to answer (default 60 s). */
  startTimeoutMs?: number;
}

/** A running JupyterLab. */
export interface JupyterLab {
  /** e.g. `http://127.0.0.1:43817` */
  readonly baseUrl: string;
  /** The token every request needs. */
  readonly token: string;
  /** The server's process id. */
  readonly pid: number;
  /** A URL under the server with the token added, e.g. `labUrl("/lab/tree/00.ipynb")`. */
  labUrl(pathname: string): string;
  /** GETs a Jupyter REST endpoint (e.g. "/api/kernelspecs") and returns its JSON. */
  api(pathname: string, init?: RequestInit): Promise<unknown>;
  /** The last lines JupyterLab logged, for failure messages. */
  logTail(lines?: number): string;
  /** Shuts the kernels and the server down, then removes the temporary folders. Safe to call twice. */
  stop(): Promise<void>;
}

const LOG_LINES_KEPT = 400;

/** A port that was free a moment ago on 127.0.0.1 (Jupyter is told not to try others). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Process ids whose parent is `pid` (Linux /proc; empty elsewhere): the kernels a server started. */
function childPids(pid: number): number[] {
  if (!existsSync("/proc")) return [];
  const children: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      // "pid (comm) state ppid ..."; comm may hold spaces and parentheses, so split after the last ")".
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === pid) children.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return children;
}

function isRunning(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

function killQuietly(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}

/**
 * Starts JupyterLab and waits until its REST API answers.
 *
 * @param options the folder to serve, user settings, the start time limit
 * @returns the running server; call `stop()` in a `finally`
 * @throws Error naming the time limit and showing JupyterLab's log tail when it does not come up
 */
export async function startJupyterLab(options: StartOptions): Promise<JupyterLab> {
  const temp = mkdtempSync(path.join(os.tmpdir(), "me-e2e-jupyter-"));
  const dirs = {
    config: path.join(temp, "config"),
    data: path.join(temp, "data"),
    settings: path.join(temp, "settings"),
    workspaces: path.join(temp, "workspaces"),
    runtime: path.join(temp, "runtime"),
  };
  for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true });
  for (const [plugin, values] of Object.entries(options.settings ?? {})) {
    // "@scope/package:plugin" is stored as settings/@scope/package/plugin.jupyterlab-settings
    const [pkg, name] = plugin.split(":");
    mkdirSync(path.join(dirs.settings, pkg), { recursive: true });
    writeFileSync(path.join(dirs.settings, pkg, `${name}.jupyterlab-settings`), JSON.stringify(values, null, 2));
  }

  const port = await freePort();
  const token = randomBytes(24).toString("hex");
  const baseUrl = `http://127.0.0.1:${port}`;
  const log: string[] = [];
  const child = spawn(
    VENV_PYTHON,
    labArgs(options.rootDir, [
      "--no-browser",
      "--ServerApp.ip=127.0.0.1",
      `--ServerApp.port=${port}`,
      "--ServerApp.port_retries=0",
      `--IdentityProvider.token=${token}`,
    ]),
    {
      cwd: options.rootDir,
      env: {
        ...jupyterEnv(),
        JUPYTER_CONFIG_DIR: dirs.config,
        JUPYTER_DATA_DIR: dirs.data,
        JUPYTER_RUNTIME_DIR: dirs.runtime,
        JUPYTERLAB_SETTINGS_DIR: dirs.settings,
        JUPYTERLAB_WORKSPACES_DIR: dirs.workspaces,
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start JupyterLab (${VENV_PYTHON})`);
  for (const stream of [child.stdout, child.stderr]) {
    let partial = "";
    stream?.on("data", (chunk: Buffer) => {
      const lines = (partial + chunk.toString()).split("\n");
      partial = lines.pop() ?? "";
      log.push(...lines);
      if (log.length > LOG_LINES_KEPT) log.splice(0, log.length - LOG_LINES_KEPT);
    });
  }

  let stopped = false;
  /** Last resort, synchronous: kill the kernels and the server by pid, remove the folders. */
  const cleanupNow = () => {
    if (isRunning(child)) {
      for (const kernel of childPids(pid)) killQuietly(kernel, "SIGKILL");
      killQuietly(pid, "SIGKILL");
    }
    rmSync(temp, { recursive: true, force: true });
  };
  const onSignal = (signal: NodeJS.Signals) => {
    cleanupNow();
    process.exit(signal === "SIGINT" ? 130 : 143);
  };
  process.on("exit", cleanupNow);
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);

  const logTail = (lines = 30) => log.slice(-lines).map((line) => `  | ${line}`).join("\n");
  const labUrl = (pathname: string) => `${baseUrl}${pathname}${pathname.includes("?") ? "&" : "?"}token=${token}`;
  const api = async (pathname: string, init: RequestInit = {}) => {
    const response = await fetch(`${baseUrl}${pathname}`, {
      ...init,
      headers: { Authorization: `token ${token}`, ...(init.headers ?? {}) },
    });
    if (!response.ok) throw new Error(`${init.method ?? "GET"} ${pathname}: HTTP ${response.status}`);
    const text = await response.text();
    return text ? (JSON.parse(text) as unknown) : null;
  };

  const stop = async () => {
    if (stopped) return;
    stopped = true;
    try {
      if (isRunning(child)) {
        // Jupyter's own shutdown stops the kernels, then the server.
        await api("/api/shutdown", { method: "POST" }).catch(() => undefined);
        const exited = await waitForExit(child, 15_000);
        if (!exited) {
          for (const kernel of childPids(pid)) killQuietly(kernel, "SIGKILL");
          killQuietly(pid, "SIGTERM");
          if (!(await waitForExit(child, 5_000))) killQuietly(pid, "SIGKILL");
        }
      }
    } finally {
      rmSync(temp, { recursive: true, force: true });
      process.off("exit", cleanupNow);
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
    }
  };

  const limit = options.startTimeoutMs ?? 60_000;
  const started = Date.now();
  try {
    for (;;) {
      if (!isRunning(child)) {
        throw new Error(`JupyterLab exited during start-up (code ${child.exitCode}); its log:\n${logTail()}`);
      }
      const ready = await fetch(`${baseUrl}/api/status`, { headers: { Authorization: `token ${token}` } })
        .then((r) => r.ok)
        .catch(() => false);
      if (ready) break;
      if (Date.now() - started > limit) {
        throw new Error(`JupyterLab did not answer on ${baseUrl} within ${limit / 1000} s; its log:\n${logTail()}`);
      }
      await sleep(250);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { baseUrl, token, pid, labUrl, api, logTail, stop };
}

function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (!isRunning(child)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}
