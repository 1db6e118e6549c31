import type { AttemptObserver } from '@peapod/engine';
import type { CliEnv, CliIo, OutputStream } from './io.js';

/** A run shorter than this never shows a progress line. */
export const PROGRESS_DELAY_MS = 1000;
/** The line is redrawn at most this often (10 times a second). */
export const PROGRESS_INTERVAL_MS = 100;

/** Moves a progress line: `done` of `total` units finished so far. */
export type ProgressUpdate = (done: number, total: number) => void;

export interface ProgressOptions {
  /** What the line is doing, first on the line: `scheduling`, `replaying`. */
  readonly label: string;
  /** What is counted, plural: `pods`, `attempts`. */
  readonly unit: string;
  readonly delayMs?: number;
  readonly intervalMs?: number;
}

/**
 * One line on a terminal's stderr, redrawn in place with `\r`:
 * `scheduling 1234/5000 pods (24%)  2345 pods/s  ETA 2s`. Nothing is drawn until the run has lasted
 * `delayMs`; after that at most one redraw per `intervalMs`; `end()` blanks the line and leaves the
 * cursor at its start, so what is written next starts on a clean line. Plain text only (no escape
 * sequences), cut to the terminal's width so that it never wraps.
 */
export class ProgressLine {
  private readonly started: number;
  private lastDraw = Number.NEGATIVE_INFINITY;
  /** Characters on screen now (0: nothing drawn, or erased). */
  private width = 0;

  constructor(
    private readonly stream: OutputStream,
    private readonly clock: () => number,
    private readonly options: ProgressOptions,
  ) {
    this.started = clock();
  }

  readonly update: ProgressUpdate = (done, total) => {
    const now = this.clock();
    const elapsed = now - this.started;
    if (elapsed <= (this.options.delayMs ?? PROGRESS_DELAY_MS)) return;
    if (now - this.lastDraw < (this.options.intervalMs ?? PROGRESS_INTERVAL_MS)) return;
    this.lastDraw = now;
    const text = formatProgress(this.options, done, total, elapsed);
    // Read each time: the terminal may have been resized.
    const columns = this.stream.columns;
    const max = columns !== undefined && columns > 1 ? columns - 1 : Number.POSITIVE_INFINITY;
    const line = text.slice(0, max);
    this.stream.write(`\r${line.padEnd(Math.min(this.width, max))}`);
    this.width = line.length;
  };

  /** Erases the line, if one was drawn. Safe to call more than once. */
  end(): void {
    if (this.width === 0) return;
    this.stream.write(`\r${' '.repeat(this.width)}\r`);
    this.width = 0;
  }
}

/** `scheduling 1234/5000 pods (24%)  2345 pods/s  ETA 2s`: counts, rate since the start, time left. */
export function formatProgress(options: ProgressOptions, done: number, total: number, elapsedMs: number): string {
  const { label, unit } = options;
  const percent = total > 0 ? Math.floor((100 * Math.min(done, total)) / total) : 100;
  const rate = elapsedMs > 0 ? (done * 1000) / elapsedMs : 0;
  const eta = rate > 0 ? formatDuration(Math.max(0, total - done) / rate) : '?';
  return `${label} ${done}/${total} ${unit} (${percent}%)  ${formatRate(rate)} ${unit}/s  ETA ${eta}`;
}

function formatRate(rate: number): string {
  return rate >= 10 ? String(Math.round(rate)) : rate.toFixed(1);
}

/** `7s`, `2m05s`, `1h03m` (rounded up: an ETA of 0.2 s reads `1s`, not `0s`, until the end). */
export function formatDuration(seconds: number): string {
  const s = Math.ceil(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/**
 * Whether a progress line may be drawn: stderr is a terminal that understands `\r` (TERM is not
 * `dumb`), the run is not in CI (`CI` set and not `false`), and `--quiet` was not given.
 */
export function progressAllowed(stderr: OutputStream, env: CliEnv, quiet: boolean): boolean {
  if (quiet || stderr.isTTY !== true || env.TERM === 'dumb') return false;
  const ci = env.CI;
  return ci === undefined || ci === '' || ci === 'false' || ci === '0';
}

/**
 * Runs `run` with a progress line when `progressAllowed`, erasing the line afterwards (also when `run`
 * throws, so an error message starts on a clean line). `run` receives the line's update function, or
 * undefined when there is no line, so a quiet run makes no calls at all.
 */
export function withProgress<T>(
  io: CliIo,
  quiet: boolean,
  options: ProgressOptions,
  run: (update: ProgressUpdate | undefined) => T,
): T {
  if (!progressAllowed(io.stderr, io.env ?? {}, quiet)) return run(undefined);
  const line = new ProgressLine(io.stderr, io.clock ?? (() => performance.now()), options);
  try {
    return run(line.update);
  } finally {
    line.end();
  }
}

/**
 * An observer for `Scheduler.run` that counts pods whose first attempt is done, out of the run's queue.
 * With `runs` > 1, that many runs over the same queue share the one observer and line (`peapod compare`).
 * Never ends a run early.
 */
export function countAttempts(update: ProgressUpdate | undefined, runs = 1): AttemptObserver | undefined {
  if (update === undefined) return undefined;
  let done = 0;
  return ({ decision, session }) => {
    if (decision.attempt === 1) done++;
    update(done, session.queue.length * runs);
    return undefined;
  };
}

/** The progress line of the commands that run the batch: pods, as `Scheduler.run` takes them. */
export const SCHEDULING_PROGRESS: ProgressOptions = { label: 'scheduling', unit: 'pods' };
