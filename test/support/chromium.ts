/**
 * Debian's Chromium for the browser tests, driven by playwright-core: found at run time with
 * `which chromium`, launched headless with flags that keep it offline and quiet. No browser is
 * ever downloaded (playwright-core has no download step; `executablePath` is always set).
 */
import { spawnSync } from "node:child_process";
import { chromium, type Browser } from "playwright-core";

/** Flags for a headless, sandbox-less (containers, root), offline Chromium. */
export const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
  "--disable-sync",
  "--disable-quic",
];

/** True when run by CI (`CI` set and not "false"): a missing browser then fails instead of skipping. */
export const inCI = !!process.env.CI && process.env.CI !== "false";

/**
 * The path of Debian's chromium binary, or undefined when it is not installed.
 *
 * @returns what `which chromium` prints, or undefined
 */
export function findChromium(): string | undefined {
  const r = spawnSync("which", ["chromium"], { encoding: "utf8" });
  const found = r.status === 0 ? r.stdout.trim() : "";
  return found || undefined;
}

/**
 * Starts headless Chromium.
 *
 * @param executablePath the chromium binary (see {@link findChromium})
 * @returns the browser; close it when done
 */
export function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({ executablePath, headless: true, args: CHROMIUM_FLAGS });
}
