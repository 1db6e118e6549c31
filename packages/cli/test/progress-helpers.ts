import { Readable } from 'node:stream';
import type { CliEnv } from '../src/io.js';
import { main } from '../src/main.js';
import type { CliRun } from './run-cli.js';

/** A clock that moves `stepMs` forward each time it is read: a run "lasts" stepMs per reading. */
export function steppingClock(stepMs: number): () => number {
  let now = 0;
  return () => {
    now += stepMs;
    return now;
  };
}

export interface TerminalSetup {
  /** Whether stderr is a terminal (default true). */
  readonly isTTY?: boolean;
  readonly columns?: number;
  readonly env?: CliEnv;
  /**
   * Milliseconds the clock moves per reading (default 600: the start and one reading per update, so every
   * update from the third on draws).
   */
  readonly stepMs?: number;
}

/** Runs `peapod <argv...>` in-process as on a terminal: stderr with isTTY and columns, a fake clock. */
export async function runOnTerminal(argv: readonly string[], setup: TerminalSetup = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: { write: (chunk: string) => (stdout += chunk) },
    stderr: {
      write: (chunk: string) => (stderr += chunk),
      isTTY: setup.isTTY ?? true,
      columns: setup.columns ?? 120,
    },
    stdin: Readable.from(['']),
    env: setup.env ?? {},
    clock: steppingClock(setup.stepMs ?? 600),
  });
  return { code, stdout, stderr };
}

/** A run of progress frames (`\r` + text each) ended by the erase (`\r` + spaces + `\r`). */
const PROGRESS_RUN = /(?:\r[^\r\n]*)*?\r +\r/g;

/**
 * `stderr` without the progress line: every `\r`-drawn frame and the final erase. What is left is what a
 * terminal shows once the run is over (and what a pipe gets).
 */
export function withoutProgress(stderr: string): string {
  return stderr.replace(PROGRESS_RUN, '');
}

/** The progress frames drawn, in order, without their `\r` and padding. */
export function progressFrames(stderr: string): string[] {
  return [...stderr.matchAll(PROGRESS_RUN)].flatMap((run) =>
    run[0]
      .split('\r')
      .map((frame) => frame.trimEnd())
      .filter((frame) => frame !== ''),
  );
}
