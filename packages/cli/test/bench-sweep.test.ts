import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { runCli } from './run-cli.js';

const workload = ['--workload', 'SchedulingBasic', '--nodes', '8', '--pods', '12', '--existing-pods', '4'];

describe('peapod bench --sweep', () => {
  test('a table per seed; --compare runs them in-thread too and finds the same decisions', async () => {
    const { code, stdout, stderr } = await runCli([
      'bench',
      ...workload,
      '--sweep',
      '3',
      '--workers',
      '2',
      '--compare',
    ]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines[0]).toMatch(/^SEED {2}SCHEDULED {2}UNSCHEDULABLE {2}PODS\/S +DECISIONS \(sha256\)$/);
    expect(lines.slice(1, 4).map((l) => l.split(/ +/).slice(0, 2))).toEqual([
      ['0', '12'],
      ['1', '12'],
      ['2', '12'],
    ]);
    expect(stdout).toMatch(/3 runs on 2 workers: [\d.]+ s wall\n/);
    expect(stdout).toMatch(/one after another \(measured, --compare\): [\d.]+ s; speed-up [\d.]+x; same decisions\n/);
  });

  test('--json: the hash is the sha256 of `peapod schedule -o jsonl` with that seed', async () => {
    const { code, stdout } = await runCli(['bench', ...workload, '--sweep', '4,7', '--workers', '0', '--json']);
    expect(code).toBe(0);
    const doc = JSON.parse(stdout);
    expect(doc).toMatchObject({ kind: 'BenchSweep', seeds: [4, 7], sequential: null, speedUp: null });
    expect(doc.parallel.workers).toBe(0);
    // The sweep varies the scheduling seed; the workload keeps its seed (--workload-seed, else --seed: 0).
    const gen = await runCli(['gen', 'SchedulingBasic', '--nodes', '8', '--pods', '12', '--existing-pods', '4']);
    const jsonl = await runCli(['schedule', '-f', '-', '-o', 'jsonl', '--seed', '7', '-q'], gen.stdout);
    expect(jsonl.code).toBe(0);
    const hash = createHash('sha256').update(jsonl.stdout).digest('hex');
    expect(doc.parallel.runs[1]).toMatchObject({ ok: true, index: 1, decisionsHash: hash, place: 'in-thread' });
  });

  test('a run that fails: its error in the table, exit 1', async () => {
    const { code, stdout } = await runCli(['bench', '-f', '/nonexistent/c.yaml', '--sweep', '2', '--workers', '1']);
    expect(code).toBe(1);
    expect(stdout).toContain('0     -          -              -       error: /nonexistent/c.yaml');
  });

  test.each([
    { args: ['--sweep', '0'], error: 'invalid value "0" for --sweep' },
    { args: ['--sweep', '2', '--workers', 'many'], error: 'invalid value "many" for --workers' },
    { args: ['--workers', '2', '--profile-plugins'], error: '--profile-plugins times plugins in this thread' },
    { args: ['--compare'], error: 'flag --compare needs --sweep' },
    { args: ['--sweep', '2', '--runs', '3'], error: 'give either --sweep or --runs, not both' },
    { args: ['--sweep', '2', '--profile-plugins'], error: '--profile-plugins does not work with --sweep' },
  ])('$args: usage error, exit 2', async ({ args, error }) => {
    const { code, stderr } = await runCli(['bench', ...workload, ...args]);
    expect(code).toBe(2);
    expect(stderr).toContain(`error: ${error}`);
  });
});
