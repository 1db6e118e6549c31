import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parseManifests } from '@peapod/core';
import { WORKLOADS } from '@peapod/engine';
import { describe, expect, test } from 'vitest';
import { runCli } from './run-cli.js';

const small = ['--nodes', '6', '--pods', '10', '--existing-pods', '4'];

describe('peapod gen', () => {
  test('--list: every workload with its default sizes and a description', async () => {
    const { code, stdout, stderr } = await runCli(['gen', '--list']);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^WORKLOAD +NODES +PODS +EXISTING +DESCRIPTION$/);
    expect(lines.slice(1).map((l) => l.split(' ')[0])).toEqual(WORKLOADS.map((w) => w.name));
    expect(stdout).toMatch(/\nSchedulingBasic +5000 +1000 +1000 +pod-default pods/);
    expect(stdout).toMatch(/\nUnschedulable +5000 +5000 +200 pending +/);
  });

  test('stdout: a kind: List that loads, the same bytes for the same seed, a summary on stderr', async () => {
    const first = await runCli(['gen', 'SchedulingPodAffinity', ...small, '--seed', '9']);
    const second = await runCli(['gen', 'SchedulingPodAffinity', ...small, '--seed', '9']);
    expect(first.code).toBe(0);
    expect(second.stdout).toBe(first.stdout);
    expect(first.stderr).toMatch(
      /^generated SchedulingPodAffinity: 6 nodes, 4 existing pods, 10 pending pods, seed 9 -> stdout \([\d.]+ KiB\)\n$/,
    );
    const objects = parseManifests(first.stdout, 'gen.json');
    expect(objects.nodes).toHaveLength(6);
    expect(objects.pods).toHaveLength(14);
    const other = await runCli(['gen', 'basic', ...small, '--seed', '9', '-q']);
    expect(other.stderr).toBe('');
    expect(other.stdout).not.toBe(first.stdout);
  });

  test('names are matched in any case', async () => {
    const { code, stdout } = await runCli(['gen', 'schedulingbasic', ...small, '-q']);
    expect(code).toBe(0);
    expect(parseManifests(stdout, 'gen.json').nodes).toHaveLength(6);
  });

  test('-o FILE, gzipped with --gzip or a .gz name; what schedule reads', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'peapod-gen-'));
    const plain = join(dir, 'mixed.json');
    const zipped = join(dir, 'mixed.json.gz');
    const flagged = join(dir, 'mixed.data');
    expect((await runCli(['gen', 'mixed', ...small, '-o', plain, '-q'])).code).toBe(0);
    expect((await runCli(['gen', 'mixed', ...small, '-o', zipped, '-q'])).code).toBe(0);
    expect((await runCli(['gen', 'mixed', ...small, '-o', flagged, '--gzip', '-q'])).code).toBe(0);
    const text = readFileSync(plain, 'utf8');
    expect(gunzipSync(readFileSync(zipped)).toString('utf8')).toBe(text);
    expect(gunzipSync(readFileSync(flagged)).toString('utf8')).toBe(text);
    const { code, stderr } = await runCli(['schedule', '-f', zipped, '-o', 'jsonl']);
    expect(code).toBe(0);
    expect(stderr).toBe('');
  });

  test.each([
    {
      name: 'no workload',
      args: ['gen'],
      error: "must name a workload: peapod gen WORKLOAD (see 'peapod gen --list')",
    },
    {
      name: 'flags first',
      args: ['gen', '--nodes', '3', 'basic'],
      error: 'unexpected argument "basic" (the workload name comes first: peapod gen WORKLOAD [flags])',
    },
    {
      name: 'unknown workload',
      args: ['gen', 'Nope'],
      error: 'unknown workload "Nope": must be one of SchedulingBasic,',
    },
    {
      name: 'bad count',
      args: ['gen', 'basic', '--pods', '1e3'],
      error: 'invalid value "1e3" for --pods: must be an integer from 0 to 10000000',
    },
    { name: 'bad seed', args: ['gen', 'basic', '--seed', '-1'], error: 'flag needs an argument: --seed' },
    { name: 'empty output', args: ['gen', 'basic', '-o', ''], error: 'flag -o/--output must not be empty' },
  ])('$name: usage error, exit 2', async ({ args, error }) => {
    const { code, stdout, stderr } = await runCli(args);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(`error: ${error}`);
    expect(stderr).toContain("See 'peapod gen --help'.");
  });

  test('an output file that cannot be written: exit 1, naming it', async () => {
    const { code, stderr } = await runCli(['gen', 'basic', ...small, '-o', '/nonexistent-dir/out.json']);
    expect(code).toBe(1);
    expect(stderr).toBe('error: cannot write /nonexistent-dir/out.json: no such file or directory\n');
  });

  test('--help', async () => {
    const { code, stdout } = await runCli(['gen', '--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('peapod gen WORKLOAD [flags]');
  });
});
