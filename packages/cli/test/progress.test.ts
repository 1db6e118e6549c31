import { describe, expect, test } from 'vitest';
import {
  countAttempts,
  formatDuration,
  formatProgress,
  PROGRESS_DELAY_MS,
  ProgressLine,
  progressAllowed,
  withProgress,
} from '../src/progress.js';
import { steppingClock, withoutProgress } from './progress-helpers.js';

/** A terminal stream that records each write, and a clock the test sets by hand. */
function terminal(columns = 200) {
  const writes: string[] = [];
  let now = 0;
  return {
    writes,
    stream: { write: (chunk: string) => writes.push(chunk), isTTY: true, columns },
    clock: () => now,
    at(ms: number) {
      now = ms;
    },
  };
}

const OPTIONS = { label: 'scheduling', unit: 'pods' };

describe('ProgressLine', () => {
  test('draws nothing during the first second, then at most every 100 ms', () => {
    const t = terminal();
    const line = new ProgressLine(t.stream, t.clock, OPTIONS);
    for (const [ms, done] of [
      [500, 100],
      [PROGRESS_DELAY_MS, 200],
      [1001, 201],
      [1050, 250],
      [1100, 300],
      [1101, 301],
      [1300, 400],
    ] as const) {
      t.at(ms);
      line.update(done, 1000);
    }
    expect(t.writes).toEqual([
      '\rscheduling 201/1000 pods (20%)  201 pods/s  ETA 4s',
      '\rscheduling 301/1000 pods (30%)  273 pods/s  ETA 3s',
      '\rscheduling 400/1000 pods (40%)  308 pods/s  ETA 2s',
    ]);
  });

  test('pads over a longer previous frame; end() blanks the text, once', () => {
    const t = terminal();
    const line = new ProgressLine(t.stream, t.clock, { ...OPTIONS, delayMs: 0, intervalMs: 0 });
    t.at(1000);
    line.update(10, 100_000);
    t.at(2000);
    line.update(5, 10);
    line.end();
    line.end();
    const first = 'scheduling 10/100000 pods (0%)  10 pods/s  ETA 2h46m';
    const second = 'scheduling 5/10 pods (50%)  2.5 pods/s  ETA 2s';
    expect(first.length).toBeGreaterThan(second.length);
    expect(t.writes).toEqual([`\r${first}`, `\r${second.padEnd(first.length)}`, `\r${' '.repeat(second.length)}\r`]);
  });

  test('a short run writes nothing at all, not even the erase', () => {
    const t = terminal();
    const line = new ProgressLine(t.stream, t.clock, OPTIONS);
    t.at(999);
    line.update(5000, 5000);
    line.end();
    expect(t.writes).toEqual([]);
  });

  test('is cut to one less than the terminal width, so it never wraps', () => {
    const t = terminal(20);
    const line = new ProgressLine(t.stream, t.clock, { ...OPTIONS, delayMs: 0 });
    t.at(2000);
    line.update(1, 10);
    line.end();
    expect(t.writes).toEqual(['\rscheduling 1/10 pod', `\r${' '.repeat(19)}\r`]);
  });
});

describe('formatting', () => {
  test.each([
    { name: 'start, no rate yet', done: 0, total: 50, ms: 1500, want: 'scheduling 0/50 pods (0%)  0.0 pods/s  ETA ?' },
    { name: 'slow: one decimal', done: 3, total: 50, ms: 2000, want: 'scheduling 3/50 pods (6%)  1.5 pods/s  ETA 32s' },
    {
      name: 'fast',
      done: 12_345,
      total: 50_000,
      ms: 1234,
      want: 'scheduling 12345/50000 pods (24%)  10004 pods/s  ETA 4s',
    },
    { name: 'empty queue', done: 0, total: 0, ms: 2000, want: 'scheduling 0/0 pods (100%)  0.0 pods/s  ETA ?' },
  ])('$name', ({ done, total, ms, want }) => {
    expect(formatProgress(OPTIONS, done, total, ms)).toBe(want);
  });

  test.each([
    { seconds: 0, want: '0s' },
    { seconds: 0.2, want: '1s' },
    { seconds: 59.5, want: '1m00s' },
    { seconds: 125, want: '2m05s' },
    { seconds: 3599, want: '59m59s' },
    { seconds: 3600 + 3 * 60 + 30, want: '1h03m' },
  ])('duration $seconds s: $want', ({ seconds, want }) => {
    expect(formatDuration(seconds)).toBe(want);
  });
});

describe('progressAllowed', () => {
  const tty = { write: () => true, isTTY: true };
  test.each([
    { name: 'a terminal', stream: tty, env: {}, quiet: false, want: true },
    { name: '--quiet', stream: tty, env: {}, quiet: true, want: false },
    { name: 'a pipe', stream: { write: () => true }, env: {}, quiet: false, want: false },
    { name: 'isTTY false', stream: { write: () => true, isTTY: false }, env: {}, quiet: false, want: false },
    { name: 'TERM=dumb', stream: tty, env: { TERM: 'dumb' }, quiet: false, want: false },
    { name: 'CI=true', stream: tty, env: { CI: 'true' }, quiet: false, want: false },
    { name: 'CI=1', stream: tty, env: { CI: '1' }, quiet: false, want: false },
    { name: 'CI=false', stream: tty, env: { CI: 'false' }, quiet: false, want: true },
    { name: 'CI empty', stream: tty, env: { CI: '' }, quiet: false, want: true },
  ])('$name: $want', ({ stream, env, quiet, want }) => {
    expect(progressAllowed(stream, env, quiet)).toBe(want);
  });
});

describe('withProgress', () => {
  test('no line: run gets no update function and nothing is written', () => {
    const writes: string[] = [];
    const io = {
      stdout: { write: () => true },
      stderr: { write: (c: string) => writes.push(c) },
      stdin: process.stdin,
    };
    expect(withProgress(io, false, OPTIONS, (update) => update)).toBeUndefined();
    expect(writes).toEqual([]);
  });

  test('a run that throws still erases the line, before the error is reported', () => {
    let stderr = '';
    const io = {
      stdout: { write: () => true },
      stderr: { write: (c: string) => (stderr += c), isTTY: true },
      stdin: process.stdin,
      clock: steppingClock(600),
    };
    expect(() =>
      withProgress(io, false, OPTIONS, (update) => {
        for (let i = 1; i <= 5; i++) update?.(i, 10);
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(stderr).toMatch(/^\rscheduling \d\/10 pods/);
    expect(stderr.endsWith(' \r')).toBe(true);
    expect(withoutProgress(stderr)).toBe('');
  });

  test('countAttempts counts first attempts only, against the queue times the runs', () => {
    const seen: [number, number][] = [];
    const observe = countAttempts((done, total) => seen.push([done, total]), 2);
    const session = { queue: { length: 3 } };
    for (const attempt of [1, 1, 2, 1]) {
      // Only the fields the observer reads.
      const observed = { decision: { attempt }, session } as unknown as Parameters<NonNullable<typeof observe>>[0];
      expect(observe?.(observed)).toBeUndefined();
    }
    expect(seen).toEqual([
      [1, 6],
      [2, 6],
      [2, 6],
      [3, 6],
    ]);
    expect(countAttempts(undefined)).toBeUndefined();
  });
});
