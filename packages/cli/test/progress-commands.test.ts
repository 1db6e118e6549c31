import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadManifests } from '@peapod/core';
import { createScheduler, parseDecisionLog, verifyDecisions } from '@peapod/engine';
import { describe, expect, test } from 'vitest';
import { progressFrames, runOnTerminal, withoutProgress } from './progress-helpers.js';
import { fixture, runCli } from './run-cli.js';

const small = fixture('small-cluster.yaml');
const corpus = (file: string) => fileURLToPath(new URL(`../../testing/fidelity/basic-1/${file}`, import.meta.url));
const basic1 = corpus('cluster.json.gz');

describe('the progress line of real runs', () => {
  test.each([
    { name: 'schedule, table', argv: ['schedule', '-f', small] },
    { name: 'schedule, jsonl, fidelity basic-1', argv: ['schedule', '-f', basic1, '-o', 'jsonl'] },
    { name: 'schedule, json, fidelity basic-1', argv: ['schedule', '-f', basic1, '-o', 'json', '--seed', '7'] },
    {
      name: 'verify --follow, fidelity basic-1',
      argv: ['verify', '-f', basic1, '--expected', corpus('expected.jsonl'), '--follow'],
    },
    {
      name: 'compare, fidelity basic-1',
      argv: ['compare', '-f', basic1, '--config', fixture('what-if/most-allocated.yaml'), '--config', 'default'],
    },
  ])('$name: stdout byte-identical, stderr identical once the line is erased', async ({ argv }) => {
    const plain = await runCli(argv);
    const shown = await runOnTerminal(argv);
    expect(shown.code).toBe(plain.code);
    expect(shown.stdout).toBe(plain.stdout);
    expect(progressFrames(shown.stderr).length).toBeGreaterThan(0);
    expect(withoutProgress(shown.stderr)).toBe(plain.stderr);
    expect(withoutProgress(shown.stderr)).not.toContain('\r');
  });

  test('schedule: pods done of the queue, pods/s and ETA; the last frame before the erase', async () => {
    // The clock moves 600 ms per reading: the start, then one reading per attempt (3 attempts).
    const { stderr } = await runOnTerminal(['schedule', '-f', small], { stepMs: 600 });
    expect(progressFrames(stderr)).toEqual([
      'scheduling 2/3 pods (66%)  1.7 pods/s  ETA 1s',
      'scheduling 3/3 pods (100%)  1.7 pods/s  ETA 0s',
    ]);
    expect(stderr.startsWith('\rscheduling 2/3 pods')).toBe(true);
    expect(stderr).toMatch(/^\r[^\r]+\r[^\r]+\r +\rscheduled 2\/3 pods on 2 nodes, 1 unschedulable\n$/);
  });

  test('verify counts the log lines replayed', async () => {
    const { stderr } = await runOnTerminal([
      'verify',
      '-f',
      basic1,
      '--expected',
      corpus('expected.jsonl'),
      '--follow',
    ]);
    const frames = progressFrames(stderr);
    expect(frames[0]).toMatch(/^replaying \d+\/251 attempts \(\d+%\) {2}[\d.]+ attempts\/s {2}ETA (\d+m)?\d+s$/);
  });

  test("verifyDecisions' progress callback: before each line, the lines done and the log's length", async () => {
    const objects = await loadManifests([basic1]);
    const log = parseDecisionLog(readFileSync(corpus('expected.jsonl'), 'utf8'), 'expected.jsonl');
    const calls: [number, number][] = [];
    const scheduler = createScheduler({ tieBreak: 'lowest-name' });
    verifyDecisions(scheduler, objects, log, { follow: true, progress: (done, total) => calls.push([done, total]) });
    expect(calls).toEqual(log.map((_, i) => [i, log.length]));
  });

  test('compare: one line over both runs', async () => {
    const argv = ['compare', '-f', basic1, '--config', 'default', '--config', 'default'];
    const { stderr } = await runOnTerminal(argv);
    const totals = new Set(progressFrames(stderr).map((f) => /\/(\d+) pods/.exec(f)?.[1]));
    expect(totals.size).toBe(1);
    const last = progressFrames(stderr).at(-1)!;
    const [done, total] = /(\d+)\/(\d+)/.exec(last)!.slice(1).map(Number);
    expect(done).toBe(total);
    const plain = await runCli(['schedule', '-f', basic1, '-o', 'json']);
    expect(total).toBe(2 * (JSON.parse(plain.stdout) as { summary: { pendingPods: number } }).summary.pendingPods);
  });
});

describe('no progress line', () => {
  test.each([
    { name: 'stderr is not a terminal', argv: ['schedule', '-f', basic1], setup: { isTTY: false } },
    { name: '--quiet', argv: ['schedule', '-f', basic1, '--quiet'], setup: {} },
    { name: '-q', argv: ['schedule', '-f', basic1, '-q', '-o', 'jsonl'], setup: {} },
    { name: 'CI', argv: ['schedule', '-f', basic1], setup: { env: { CI: 'true' } } },
    { name: 'TERM=dumb', argv: ['schedule', '-f', basic1], setup: { env: { TERM: 'dumb' } } },
    { name: 'a run shorter than a second', argv: ['schedule', '-f', basic1], setup: { stepMs: 0.001 } },
    { name: 'verify --quiet', argv: ['verify', '-f', basic1, '--expected', corpus('expected.jsonl'), '-q'], setup: {} },
  ])('$name', async ({ argv, setup }) => {
    const { stderr } = await runOnTerminal(argv, setup);
    expect(stderr).not.toContain('\r');
  });

  test('--quiet also drops the summary lines; stdout is unchanged', async () => {
    for (const argv of [
      ['schedule', '-f', small],
      ['compare', '-f', small, '--config', 'default', '--config', fixture('config-most-allocated.yaml')],
    ]) {
      const plain = await runCli(argv);
      const quiet = await runOnTerminal([...argv, '--quiet']);
      expect(plain.stderr).not.toBe('');
      expect(quiet).toEqual({ ...plain, stderr: '' });
    }
    expect((await runCli(['schedule', '-f', fixture('no-pending.yaml')])).stderr).toContain('No pending pods');
    const none = await runCli(['schedule', '-f', fixture('no-pending.yaml'), '--quiet']);
    expect(none.stderr).not.toContain('No pending pods');
  });

  test('--quiet keeps warnings', async () => {
    const { stderr } = await runCli(['schedule', '-f', fixture('warnings.yaml'), '--quiet']);
    expect(stderr).toMatch(/^Warning: /);
  });

  test('every command that schedules takes --quiet', async () => {
    for (const command of ['schedule', 'verify', 'capacity', 'compare', 'explain']) {
      const { stdout } = await runCli([command, '--help']);
      expect(stdout).toContain('-q, --quiet');
    }
  });
});
