/**
 * The display channel: the only module that knows how rich outputs reach a Jupyter front end.
 *
 * In a tslab kernel a display is sent through tslab's own `lastWriteDisplayData`, which (unlike
 * tslab's public `display.raw`) carries several mimetypes in one output and can update an output
 * in place by display id. In Deno's Jupyter kernel the same message goes out through
 * `Deno.jupyter.broadcast("display_data" | "update_display_data", …)`, so both kernels show the
 * same multi-mimetype outputs. The kernel is looked up lazily at call time, so the library loads
 * and works in plain node, where a display prints its `text/plain` form to stdout.
 */
import { randomBytes } from "node:crypto";

/** A JSON value, as carried by JSON mimetypes and Plotly figures. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A JSON object. */
export type JsonObject = { [key: string]: JsonValue };

/** One output in several representations, keyed by mimetype (for example `text/html`). */
export type MimeBundle = { [mimetype: string]: string | JsonObject };

/** One display message, as handed to a {@link DisplaySink}. */
export interface DisplayMessage {
  /** The output, one entry per mimetype. */
  readonly data: MimeBundle;
  /** The id of the output; messages with the same id address the same output. */
  readonly displayId: string;
  /** `false` for a new output, `true` to replace the output shown earlier under `displayId`. */
  readonly update: boolean;
}

/** Where display messages go: a notebook front end, or a test that records them. */
export type DisplaySink = (message: DisplayMessage) => void;

interface TslabDisplayData {
  data: MimeBundle;
  metadata: Record<string, never>;
  transient: { display_id: string };
}

type TslabWrite = (data: TslabDisplayData, update: boolean) => void;

let injectedSink: DisplaySink | null = null;

/**
 * Sends displays somewhere else than the notebook, or back to the notebook with `null`.
 * Meant for tests, which record what would be shown.
 *
 * @param sink receives every display message from now on; `null` restores the default
 * @example
 * const shown: DisplayMessage[] = [];
 * setDisplaySink((message) => shown.push(message));
 * show(lineChart({ series: [{ name: "loss", y: [3, 2, 1] }] }));
 * setDisplaySink(null);
 */
export function setDisplaySink(sink: DisplaySink | null): void {
  injectedSink = sink;
}

function hasTslabWrite(value: unknown): value is { lastWriteDisplayData: TslabWrite } {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { lastWriteDisplayData?: unknown }).lastWriteDisplayData === "function"
  );
}

/**
 * tslab's writer of the cell being run, or null outside a kernel. A kernel has always loaded
 * its own `tslab/dist/jupyter.js`, so it is found among loaded modules, whichever copy of tslab
 * runs the kernel; nothing is required, so plain node never loads tslab.
 */
function tslabWrite(): TslabWrite | null {
  if (typeof require === "undefined" || !require.cache) return null;
  for (const [file, loaded] of Object.entries(require.cache)) {
    const moduleExports: unknown = loaded?.exports;
    if (/[\\/]tslab[\\/]dist[\\/]jupyter\.js$/.test(file) && hasTslabWrite(moduleExports)) {
      return moduleExports.lastWriteDisplayData;
    }
  }
  return null;
}

type DenoBroadcast = (messageType: string, content: Record<string, unknown>) => Promise<void>;

/**
 * Deno's `Deno.jupyter.broadcast` when this runs in Deno's Jupyter kernel, else null. Outside a
 * kernel (plain `deno run`) reading `Deno.jupyter` throws, which also means "no kernel".
 */
function denoBroadcast(): DenoBroadcast | null {
  const deno = (globalThis as { Deno?: { jupyter?: { broadcast?: unknown } } }).Deno;
  if (!deno) return null;
  try {
    const broadcast = deno.jupyter?.broadcast;
    return typeof broadcast === "function" ? (broadcast as DenoBroadcast) : null;
  } catch {
    return null;
  }
}

/** The Jupyter kernel this code runs in: "tslab", "deno", or null outside a notebook. */
export function runningKernel(): "tslab" | "deno" | null {
  if (tslabWrite()) return "tslab";
  if (denoBroadcast()) return "deno";
  return null;
}

/**
 * The sink that reaches a notebook: the one set with {@link setDisplaySink}, else the running
 * kernel's (tslab or Deno), else null (plain node).
 */
export function notebookSink(): DisplaySink | null {
  if (injectedSink) return injectedSink;
  const write = tslabWrite();
  if (write) {
    return ({ data, displayId, update }) => write({ data, metadata: {}, transient: { display_id: displayId } }, update);
  }
  const broadcast = denoBroadcast();
  if (broadcast) {
    return ({ data, displayId, update }) =>
      void broadcast(update ? "update_display_data" : "display_data", { data, metadata: {}, transient: { display_id: displayId } });
  }
  return null;
}

/** A fresh display id, unique across kernel restarts so saved outputs never share one. */
export function newDisplayId(): string {
  return `me-${randomBytes(6).toString("hex")}`;
}

/**
 * Shows one output: in a notebook as a rich display, in plain node as its `text/plain` line.
 *
 * @param data the output, one entry per mimetype; should hold `text/plain`
 * @param displayId the output's id (see {@link newDisplayId})
 * @param update replace the output shown earlier under `displayId` instead of adding one
 */
export function emitDisplay(data: MimeBundle, displayId: string = newDisplayId(), update = false): void {
  const sink = notebookSink();
  if (sink) {
    sink({ data, displayId, update });
    return;
  }
  const text = data["text/plain"];
  if (typeof text === "string") process.stdout.write(`${text}\n`);
}
