import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { fixture, runCli } from './run-cli.js';

// 600 nodes: two shards of at least 256 nodes, so `--workers 2` fans out with the default shard size.
const dir = mkdtempSync(join(tmpdir(), 'peapod-workers-'));
const cluster = join(dir, 'cluster.json');
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeAll(async () => {
  const gen = await runCli([
    'gen',
    'mixed',
    '--nodes',
    '600',
    '--pods',
    '120',
    '--existing-pods',
    '900',
    '-o',
    cluster,
    '-q',
  ]);
  expect(gen.code).toBe(0);
});

describe('--workers', () => {
  test.each([
    ['schedule', '-o', 'jsonl'],
    ['schedule', '-o', 'json', '--percentage-of-nodes-to-score', '100'],
  ])(
    '%s %s %s: the same output with 2 threads as in this thread',
    async (...args) => {
      const inThread = await runCli([...args, '-f', cluster, '--workers', '0']);
      const threads = await runCli([...args, '-f', cluster, '--workers', '2']);
      expect(inThread.code).toBe(0);
      expect(threads.stderr).toBe(inThread.stderr);
      expect(threads.stdout).toBe(inThread.stdout);
      expect(threads.code).toBe(0);
    },
    60_000,
  );

  test('bench says how many threads evaluated', async () => {
    const { code, stdout } = await runCli(['bench', '-f', cluster, '--workers', '1', '--seed', '2']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/\nscheduler .*, seed 2, 1 evaluator thread\(s\)\n/);
  }, 60_000);

  test('simulate: the same timeline with threads', async () => {
    const scenario = fixture('../../../../examples/simulate/rollout.yaml');
    const inThread = await runCli(['simulate', scenario, '-o', 'jsonl', '--workers', '0']);
    const threads = await runCli(['simulate', scenario, '-o', 'jsonl', '--workers', '1']);
    expect(inThread.code).toBe(0);
    expect(threads.stdout).toBe(inThread.stdout);
  }, 60_000);

  test.each([['schedule'], ['verify', '--expected', 'x.jsonl'], ['simulate'], ['bench']])(
    '%s: a bad --workers is a usage error',
    async (command, ...rest) => {
      const target = command === 'simulate' ? [fixture('../../../../examples/simulate/rollout.yaml')] : ['-f', cluster];
      const { code, stderr } = await runCli([command, ...rest, ...target, '--workers', 'lots']);
      expect(code).toBe(2);
      expect(stderr).toContain('invalid value "lots" for --workers: must be auto or 0 to 256');
    },
  );
});
