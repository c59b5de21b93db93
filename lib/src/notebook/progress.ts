/**
 * Progress lines: one line that updates in place, in a notebook output or on a terminal.
 */
import { emitDisplay, newDisplayId, notebookSink } from "./channel";
import { checkOptions, type OptionChecks } from "../options";
import type { EpochReport, TrainingProgress } from "../train/progress";
import { formatCompact } from "./format";

/** A line of progress text that updates in place. */
export interface ProgressLine {
  /** Shows `text` in place of the previous text (at most once per `intervalMs`). */
  update(text: string): void;
  /** Shows the final `text` (or the last one given), and ends the line. */
  done(text?: string): void;
}

/** Options of {@link progressLine}. */
export interface ProgressLineOptions {
  /** Least time between two updates shown in place (default 200 ms). */
  intervalMs?: number;
  /** Least time between two lines when the output cannot update in place, as a log file (default 5000 ms). */
  logIntervalMs?: number;
}

/** The checks of {@link ProgressLineOptions}, which every progress callback below also takes. */
const LINE_CHECKS: OptionChecks<ProgressLineOptions> = { intervalMs: "nonNegative", logIntervalMs: "nonNegative" };

/** Only the line's own options, for the callbacks that take more. */
function lineOptions({ intervalMs, logIntervalMs }: ProgressLineOptions): ProgressLineOptions {
  return { intervalMs, logIntervalMs };
}

/**
 * Starts a line that updates in place: in a notebook one output updated by display id; in a
 * terminal a `\r` line on stderr; otherwise (stderr is a file or pipe) a log line now and then.
 * Updates faster than the interval are skipped, except the one given to `done`.
 *
 * @param options update intervals
 * @returns the line, to `update(text)` and finally `done()`
 * @example
 * const line = progressLine();
 * for (let i = 1; i <= 100; i++) line.update(`step ${i}/100`);
 * line.done("finished");
 */
export function progressLine(options: ProgressLineOptions = {}): ProgressLine {
  checkOptions("progressLine", options, LINE_CHECKS);
  const inNotebook = notebookSink() !== null;
  const inPlace = inNotebook || process.stderr.isTTY === true;
  const interval = inPlace ? (options.intervalMs ?? 200) : (options.logIntervalMs ?? 5000);
  const displayId = newDisplayId();
  let shown = false;
  let ended = false;
  let last = "";
  let lastTime = -Infinity;

  const write = (text: string): void => {
    if (inNotebook) {
      emitDisplay({ "text/plain": text }, displayId, shown);
    } else if (inPlace) {
      process.stderr.write(`\r${text}\x1b[K`);
    } else {
      process.stderr.write(`${text}\n`);
    }
    shown = true;
    lastTime = Date.now();
  };

  return {
    update(text) {
      if (ended) return;
      last = text;
      if (Date.now() - lastTime >= interval) write(text);
    },
    done(text) {
      if (ended) return;
      ended = true;
      write(text ?? last);
      if (inPlace && !inNotebook) process.stderr.write("\n");
    },
  };
}

/**
 * @deprecated every trainer now reports {@link TrainingProgress} (Word2Vec adds `wordsPerSecond`),
 * which {@link trainingProgress} takes; this old name is kept for one release.
 */
export type TrainingStatus = TrainingProgress<number | null> & { readonly wordsPerSecond?: number };

/** Options of {@link trainingProgress}. */
export interface TrainingProgressOptions extends ProgressLineOptions {
  /** Text before the progress, for example the model's name. */
  label?: string;
}

/**
 * Formats training progress as one line (the speed when the trainer reports one, as Word2Vec).
 *
 * @param p the progress, as any trainer's `onProgress` gets it
 * @returns for example "epoch 3/5 · 62% · 1.2 M words/s · loss 4.21"
 * @example
 * formatTrainingProgress({ epoch: 3, epochs: 5, progress: 0.62, loss: 4.21 }); // "epoch 3/5 · 62% · loss 4.21"
 */
export function formatTrainingProgress(p: TrainingProgress<number | null> & { readonly wordsPerSecond?: number }): string {
  const parts = [`epoch ${p.epoch}/${p.epochs}`, `${Math.floor(Math.min(Math.max(p.progress, 0), 1) * 100)}%`];
  if (p.wordsPerSecond !== undefined) parts.push(`${formatCompact(p.wordsPerSecond)} words/s`);
  if (typeof p.loss === "number") parts.push(`loss ${p.loss.toFixed(Math.abs(p.loss) >= 100 ? 1 : Math.abs(p.loss) >= 0.01 ? 2 : 4)}`);
  return parts.join(" · ");
}

/**
 * A ready-made `onProgress` callback for any trainer (Word2Vec, CBOW, the rating model): shows
 * one line updating in place, and ends it when training reports its finished state (progress 1
 * at the last epoch run).
 *
 * @param options `label`, update intervals
 * @returns the callback
 * @example
 * const model = await Word2Vec.train(watchlists, { epochs: 5, onProgress: trainingProgress({ label: "word2vec" }) });
 */
export function trainingProgress(options: TrainingProgressOptions = {}): (progress: TrainingProgress<number | null> & { readonly wordsPerSecond?: number }) => void {
  checkOptions("trainingProgress", options, { ...LINE_CHECKS, label: "string" });
  const line = progressLine(lineOptions(options));
  return (progress) => {
    const text = `${options.label ? `${options.label} · ` : ""}${formatTrainingProgress(progress)}`;
    if (progress.progress >= 1 && progress.epoch >= progress.epochs) line.done(text);
    else line.update(text);
  };
}

/** Options of {@link progressBar}. */
export interface ProgressBarOptions extends ProgressLineOptions {
  /** Text before the bar, for example "plots". */
  label?: string;
  /** What is counted, shown after the rate (default "items"). */
  unit?: string;
}

/** Counts done out of a total, as `TextEmbedder.embed` reports them. */
export interface CountProgress {
  readonly done: number;
  readonly total: number;
}

/**
 * Formats a count as a bar: "plots ███████░░░░░░░ 52% · 4,440/8,538 · 31.2 items/s · 2m 11s left".
 *
 * @param p done and total
 * @param seconds time since the start
 * @param options label and unit
 */
export function formatProgressBar(p: CountProgress, seconds: number, options: ProgressBarOptions = {}): string {
  const share = p.total > 0 ? Math.min(Math.max(p.done / p.total, 0), 1) : 1;
  const width = 20;
  const filled = Math.round(share * width);
  const bar = "█".repeat(filled) + "░".repeat(width - filled);
  const n = (x: number) => x.toLocaleString("en-US");
  const parts = [`${options.label ? `${options.label} ` : ""}${bar} ${Math.floor(share * 100)}%`, `${n(p.done)}/${n(p.total)}`];
  if (seconds > 0 && p.done > 0) {
    const rate = p.done / seconds;
    parts.push(`${formatCompact(rate)} ${options.unit ?? "items"}/s`);
    const left = (p.total - p.done) / rate;
    parts.push(p.done >= p.total ? `${formatDuration(seconds)}` : `${formatDuration(left)} left`);
  }
  return parts.join(" · ");
}

function formatDuration(seconds: number): string {
  const s = Math.round(seconds);
  return s >= 60 ? `${Math.floor(s / 60)}m ${s % 60}s` : `${s}s`;
}

/**
 * A ready-made `onProgress` callback for counted work (encoding texts, scanning items): one bar
 * updating in place, ended when `done` reaches `total`.
 *
 * @param options label, unit, update intervals
 * @returns the callback
 * @example
 * await embedder.embed(plots, { onProgress: progressBar({ label: "plots", unit: "passages" }) });
 */
export function progressBar(options: ProgressBarOptions = {}): (progress: CountProgress) => void {
  checkOptions("progressBar", options, { ...LINE_CHECKS, label: "string", unit: "string" });
  const line = progressLine(lineOptions(options));
  const start = Date.now();
  return (progress) => {
    const text = formatProgressBar(progress, (Date.now() - start) / 1000, options);
    if (progress.done >= progress.total) line.done(text);
    else line.update(text);
  };
}

/** Options of {@link epochProgress}. */
export interface EpochProgressOptions extends ProgressLineOptions {
  /** Text before the progress, for example the model's name. */
  label?: string;
  /**
   * @deprecated each report carries its `epochs` (the line ends on the run's last report); kept
   * for one release: shown as "epoch 3/15" instead of the report's number, and the line also ends
   * at this epoch.
   */
  epochs?: number;
}

/** Fields of an epoch report that the line shows in its own way or leaves out. */
const NOT_METRICS = new Set(["epoch", "epochs", "progress", "loss", "seconds", "cpuSeconds", "decision"]);

/**
 * A ready-made `onEpochEnd` callback for any trainer: one line updating in place with the epoch,
 * its seconds and every metric of its report (losses, RMSEs…). Every report is shown (no interval
 * by default: epochs are far apart), and the line ends on the run's last epoch (progress 1), also
 * when early stopping ends training before `epochs`.
 *
 * @param options `label`, update intervals
 * @returns the callback
 * @example
 * await RatingModel.train(train, { validation, onEpochEnd: epochProgress({ label: "NCF" }) });
 * // "NCF · epoch 4/15 · 0.6 s · trainLoss 0.55 · trainRmse 0.70 · validationLoss 0.69 · validationRmse 0.83"
 */
export function epochProgress(options: EpochProgressOptions = {}): (report: EpochReport<number | null>) => void {
  checkOptions("epochProgress", options, { ...LINE_CHECKS, label: "string", epochs: "positiveInt" });
  const line = progressLine({ intervalMs: options.intervalMs ?? 0, logIntervalMs: options.logIntervalMs ?? 0 });
  return (report) => {
    const parts = [`epoch ${report.epoch}/${options.epochs ?? report.epochs}`, `${report.seconds.toFixed(1)} s`];
    for (const [name, value] of Object.entries(report)) {
      if (!NOT_METRICS.has(name) && typeof value === "number") parts.push(`${name} ${value.toFixed(3)}`);
    }
    const text = `${options.label ? `${options.label} · ` : ""}${parts.join(" · ")}`;
    if (report.progress >= 1 || (options.epochs !== undefined && report.epoch >= options.epochs)) line.done(text);
    else line.update(text);
  };
}

/**
 * One updating line for a t-SNE run (`tsne(…, { onProgress: tsneProgress("t-SNE of 2,269 movies") })`):
 * the step (t-SNE's progress counts gradient steps as epochs), whether early exaggeration is
 * still on, and the KL divergence (its `loss`); the last call (the finished map, progress 1)
 * leaves the line on the run's final state.
 *
 * @param label what is being mapped, first on the line
 * @param options how often the line may update
 * @returns the callback for `tsne`'s `onProgress`
 * @example
 * const map = tsne(vectors, dim, { seed: 42, onProgress: tsneProgress("t-SNE of 2,269 movies") });
 * // t-SNE of 2,269 movies · step 300/750 · KL 2.412   …then   t-SNE of 2,269 movies · 750 steps · KL 2.180
 */
export function tsneProgress(label: string, options: ProgressLineOptions = {}): (progress: TrainingProgress & { readonly exaggerated?: boolean }) => void {
  checkOptions("tsneProgress", options, LINE_CHECKS);
  const line = progressLine(options);
  return ({ epoch, epochs, progress, loss, exaggerated }) => {
    if (progress < 1) {
      line.update(`${label} · step ${epoch}/${epochs}${exaggerated ? " (early exaggeration)" : ""} · KL ${loss.toFixed(3)}`);
    } else {
      line.done(`${label} · ${epochs} steps · KL ${loss.toFixed(3)}`);
    }
  };
}
