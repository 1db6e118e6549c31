import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { fixture, runCli } from './run-cli.js';

const cluster = fixture('what-if/cluster.yaml');
const most = fixture('what-if/most-allocated.yaml');
const least = fixture('what-if/least-allocated.yaml');
const basic1 = fileURLToPath(new URL('../../testing/fidelity/basic-1/cluster.json.gz', import.meta.url));
const packVsSpread = ['compare', '-f', cluster, '--config', most, '--config', least, '--tie-break', 'lowest-name'];

describe('peapod compare', () => {
  test('MostAllocated packs, LeastAllocated spreads: metrics side by side, then the pods placed differently', async () => {
    const { code, stdout, stderr } = await runCli(packVsSpread);
    expect(code).toBe(0);
    expect(stdout).toBe(
      [
        `A: ${most}`,
        `B: ${least}`,
        '',
        'METRIC                      A       B',
        'scheduled                   3/3     3/3',
        'unschedulable               0       0',
        'preemptions                 0       0',
        'nodes with pods             1       2',
        'cpu requested (mean)        25.0%   25.0%',
        'cpu requested (stddev)      35.4%   20.4%',
        'memory requested (mean)     12.5%   12.5%',
        'memory requested (stddev)   17.7%   10.2%',
        '',
        'NAMESPACE   NAME    NODE (A)   NODE (B)',
        'shop        api-1   node-a     node-b',
        'shop        api-2   node-a     node-b',
        '',
      ].join('\n'),
    );
    expect(stderr).toBe('2 pods placed differently\n');
  });

  test('-o json: every field, the same bytes on every run', async () => {
    const first = await runCli([...packVsSpread, '-o', 'json']);
    const second = await runCli([...packVsSpread, '-o', 'json']);
    expect(first.code).toBe(0);
    expect(first.stderr).toBe('');
    expect(second.stdout).toBe(first.stdout);
    const doc = JSON.parse(first.stdout);
    expect(Object.keys(doc)).toEqual(['apiVersion', 'kind', 'a', 'b', 'differences', 'nodes']);
    expect(doc.a).toEqual({
      config: most,
      summary: {
        nodes: 3,
        boundPods: 1,
        pendingPods: 3,
        gated: 0,
        otherScheduler: 0,
        attempts: 3,
        scheduled: 3,
        unschedulable: 0,
        preemptions: 0,
        victims: 0,
      },
      utilisation: {
        cpu: { mean: 0.25, stddev: 0.353553 },
        memory: { mean: 0.125, stddev: 0.176777 },
        nodesWithPods: 1,
      },
    });
    expect(doc.b.utilisation.nodesWithPods).toBe(2);
    expect(doc.differences).toEqual([
      { pod: 'shop/api-1', a: { status: 'scheduled', node: 'node-a' }, b: { status: 'scheduled', node: 'node-b' } },
      { pod: 'shop/api-2', a: { status: 'scheduled', node: 'node-a' }, b: { status: 'scheduled', node: 'node-b' } },
    ]);
    expect(doc.nodes[0]).toEqual({
      name: 'node-a',
      a: {
        allocatable: { cpu: 4000, memory: 8589934592, pods: 110 },
        requested: { cpu: 3000, memory: 3221225472, pods: 4 },
      },
      b: {
        allocatable: { cpu: 4000, memory: 8589934592, pods: 110 },
        requested: { cpu: 2000, memory: 2147483648, pods: 2 },
      },
    });
  });

  test("'default' is upstream's default profile (LeastAllocated): nothing differs from least-allocated.yaml", async () => {
    const { code, stdout, stderr } = await runCli(['compare', '-f', cluster, '--config', least, '--config', 'default']);
    expect(code).toBe(0);
    expect(stdout).toContain('B: default\n');
    expect(stdout).not.toContain('NAMESPACE');
    expect(stderr).toBe('No pod placed differently.\n');
  });

  test('on the fidelity corpus (basic-1), bin packing leaves more pods Pending and the nodes less even', async () => {
    const { code, stdout } = await runCli([
      'compare',
      '-f',
      basic1,
      '--config',
      most,
      '--config',
      'default',
      '-o',
      'json',
    ]);
    expect(code).toBe(0);
    const { a, b, differences } = JSON.parse(stdout);
    expect(a.summary.unschedulable).toBeGreaterThan(b.summary.unschedulable);
    expect(a.utilisation.cpu.stddev).toBeGreaterThan(b.utilisation.cpu.stddev);
    expect(a.utilisation.memory.stddev).toBeGreaterThan(b.utilisation.memory.stddev);
    expect(differences.length).toBeGreaterThan(100);
    expect(differences.some((d: { a: { status: string } }) => d.a.status === 'unschedulable')).toBe(true);
  });
});

describe('peapod compare: bad input and usage', () => {
  test.each([
    {
      name: 'an unknown configuration file',
      configs: ['no-such-config.yaml', 'default'],
      message: 'no-such-config.yaml: no such file or directory',
    },
    {
      name: 'an invalid configuration (B)',
      configs: ['default', fixture('what-if/bad-config.yaml')],
      message: `${fixture('what-if/bad-config.yaml')}: invalid KubeSchedulerConfiguration (1 problem):\n  profiles[0].pluginConfig[0].args.scoringStrategy.type: unsupported value "Tightest", expected one of "LeastAllocated", "MostAllocated", "RequestedToCapacityRatio"`,
    },
  ])('$name: exit 1 naming the file', async ({ configs, message }) => {
    const args = ['compare', '-f', cluster, '--config', configs[0]!, '--config', configs[1]!];
    const { code, stdout, stderr } = await runCli(args);
    expect({ code, stdout, stderr }).toEqual({ code: 1, stdout: '', stderr: `error: ${message}\n` });
  });

  test('a missing cluster file: exit 1', async () => {
    const { code, stderr } = await runCli([
      'compare',
      '-f',
      'no-such-cluster.yaml',
      '--config',
      most,
      '--config',
      least,
    ]);
    expect(code).toBe(1);
    expect(stderr).toBe('error: no-such-cluster.yaml: no such file or directory\n');
  });

  test.each([
    {
      args: ['-f', cluster, '--config', most],
      message: "must specify --config exactly twice (configuration A, then B; a file or 'default'), got 1",
    },
    {
      args: ['-f', cluster, '--config', most, '--config', least, '--config', most],
      message: "must specify --config exactly twice (configuration A, then B; a file or 'default'), got 3",
    },
    { args: ['-f', cluster, '--config', '', '--config', least], message: 'flag --config must not be empty' },
    {
      args: ['--config', most, '--config', least],
      message: 'must specify -f/--filename (a file, a folder, or - for stdin)',
    },
    {
      args: ['-f', cluster, '--config', most, '--config', least, '-o', 'jsonl'],
      message: 'invalid value "jsonl" for --output: must be one of table, json',
    },
  ])('$message: exit 2', async ({ args, message }) => {
    const { code, stdout, stderr } = await runCli(['compare', ...args]);
    expect({ code, stdout, stderr }).toEqual({
      code: 2,
      stdout: '',
      stderr: `error: ${message}\nSee 'peapod compare --help'.\n`,
    });
  });

  test('--help documents both configurations and not the shared --config entry', async () => {
    const { code, stdout } = await runCli(['compare', '-h']);
    expect(code).toBe(0);
    expect(stdout).toContain('peapod compare -f PATH... --config A --config B [flags]\n');
    expect(stdout.match(/--config FILE/g)).toHaveLength(1);
    expect(stdout).toContain('--seed N');
  });
});
