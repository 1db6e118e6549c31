import { describe, expect, test } from 'vitest';
import { fixture, runCli } from './run-cli.js';

const small = fixture('small-cluster.yaml');

describe('peapod schedule on a small cluster', () => {
  test('-o table (default): aligned columns on stdout, summary on stderr, exit 0', async () => {
    const { code, stdout, stderr } = await runCli(['schedule', '-f', small]);
    expect(code).toBe(0);
    expect(stdout).toBe(
      [
        'NAMESPACE   NAME        NODE              REASON',
        'shop        api-1       node-a',
        'shop        api-2       node-b',
        'shop        batch-big   <unschedulable>   0/2 nodes are available: 1 Too many pods, 2 Insufficient cpu. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod..',
        '',
      ].join('\n'),
    );
    expect(stderr).toBe('scheduled 2/3 pods on 2 nodes, 1 unschedulable\n');
  });

  test('-o jsonl: one object per attempt with the Decision fields, nothing else on stdout', async () => {
    const { code, stdout, stderr } = await runCli(['schedule', '-f', small, '-o', 'jsonl']);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    const lines = stdout.trimEnd().split('\n');
    const records = lines.map((line) => JSON.parse(line));
    expect(records.map((r) => [r.pod, r.attempt, r.scheduled, r.node])).toEqual([
      ['shop/api-1', 1, true, 'node-a'],
      ['shop/api-2', 1, true, 'node-b'],
      ['shop/batch-big', 1, false, null],
    ]);
    expect(Object.keys(records[0]).slice(0, 6)).toEqual(['seq', 'index', 'pod', 'attempt', 'scheduled', 'node']);
    expect(records[0].scores).toEqual(expect.any(Object));
    expect(records[0].message).toBeUndefined();
    expect(records[2]).toMatchObject({
      message:
        '0/2 nodes are available: 1 Too many pods, 2 Insufficient cpu. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod..',
      reasonCounts: { 'Insufficient cpu': 2, 'Too many pods': 1 },
    });
  });

  test('-o json: one parseable document', async () => {
    const { code, stdout, stderr } = await runCli(['schedule', '-f', small, '-o', 'json']);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    const doc = JSON.parse(stdout);
    expect(doc).toMatchObject({
      apiVersion: 'peapod.dev/v1alpha1',
      kind: 'ScheduleResult',
      summary: { nodes: 2, boundPods: 1, pendingPods: 3, scheduled: 2, unschedulable: 1 },
    });
    expect(doc.decisions).toHaveLength(3);
    expect(doc.nodes.map((n: { name: string }) => n.name)).toEqual(['node-a', 'node-b']);
    expect(doc.nodes[1].requested.pods).toBe(2);
  });

  test('-f - reads stdin', async () => {
    const { readFile } = await import('node:fs/promises');
    const text = await readFile(small, 'utf8');
    const viaStdin = await runCli(['schedule', '-f', '-', '-o', 'jsonl'], text);
    const viaFile = await runCli(['schedule', '-f', small, '-o', 'jsonl']);
    expect(viaStdin.code).toBe(0);
    expect(viaStdin.stdout).toBe(viaFile.stdout);
  });

  test('--fail-on-unschedulable exits 3 and still prints the result', async () => {
    const { code, stdout } = await runCli(['schedule', '-f', small, '--fail-on-unschedulable']);
    expect(code).toBe(3);
    expect(stdout).toContain('<unschedulable>');
  });

  test('--fail-on-unschedulable exits 0 when everything fits', async () => {
    const { code } = await runCli(['schedule', '-f', fixture('ties.yaml'), '--fail-on-unschedulable']);
    expect(code).toBe(0);
  });

  test('no pending pods: empty stdout, a note and the ignored kinds on stderr', async () => {
    const { code, stdout, stderr } = await runCli(['schedule', '-f', fixture('no-pending.yaml')]);
    expect(code).toBe(0);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      'Warning: ignored 1 object of a kind the scheduler does not use: ConfigMap 1\nNo pending pods.\n',
    );
  });
});

test('load warnings and ignored kinds go to stderr, kubectl style, before the summary', async () => {
  const path = fixture('warnings.yaml');
  const { code, stdout, stderr } = await runCli(['schedule', '-f', path]);
  expect(code).toBe(0);
  expect(stdout).toBe('NAMESPACE   NAME    NODE     REASON\nshop        web-0   node-a\n');
  expect(stderr).toBe(
    `Warning: ${path}: document 2, item 2 (Pod shop/web-0): spec.containers[0].ports[1]: ` +
      'duplicate port definition with spec.containers[0].ports[0]\n' +
      'Warning: ignored 1 object of a kind the scheduler does not use: ConfigMap 1\n' +
      'scheduled 1/1 pod on 1 node, 0 unschedulable\n',
  );
});

describe('determinism', () => {
  test.each(['table', 'json', 'jsonl'])('-o %s: same input and seed give byte-identical stdout', async (format) => {
    const argv = ['schedule', '-f', fixture('ties.yaml'), '-f', small, '-o', format, '--seed', '42'];
    const first = await runCli(argv);
    const second = await runCli(argv);
    expect(first.code).toBe(0);
    expect(second.stdout).toBe(first.stdout);
    expect(second.stderr).toBe(first.stderr);
  });

  test('--tie-break lowest-name fills ties by node name regardless of the seed', async () => {
    const nodes = async (seed: string) => {
      const argv = [
        'schedule',
        '-f',
        fixture('ties.yaml'),
        '-o',
        'jsonl',
        '--tie-break',
        'lowest-name',
        '--seed',
        seed,
      ];
      const { stdout } = await runCli(argv);
      return stdout
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line).node);
    };
    const placed = await nodes('1');
    expect(placed[0]).toBe('node-1');
    expect(await nodes('99')).toEqual(placed);
  });
});
