import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { fixture, runCli } from './run-cli.js';

const cluster = fixture('what-if/cluster.yaml');
const web = fixture('what-if/web-deployment.yaml');
const extraNode = fixture('what-if/node.yaml');
const service = fixture('what-if/service.yaml');
const basic1 = fileURLToPath(new URL('../../testing/fidelity/basic-1/cluster.json.gz', import.meta.url));
const frontend = fixture('what-if/frontend-pod.json');
const base = ['capacity', '-f', cluster, '--pod-template', web, '--tie-break', 'lowest-name'];

describe('peapod capacity', () => {
  test('table: how many fit, why the next did not, and where they landed', async () => {
    const { code, stdout, stderr } = await runCli(base);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toBe(
      [
        'Template:     Deployment shop/web',
        'Pending:      3/3 pending pods of the cluster scheduled first, 0 unschedulable',
        'Fit:          5 more replicas',
        "Stopped by:   replica 6 (shop/web-capacity-6): 0/3 nodes are available: 1 Insufficient cpu, 2 node(s) didn't match pod topology spread constraints. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod..",
        '',
        'NODE     REPLICAS   PODS',
        'node-a   2          4',
        'node-b   2          4',
        'node-c   1          1',
        '',
      ].join('\n'),
    );
  });

  test('--max stops early and says so', async () => {
    const { code, stdout } = await runCli([...base, '--max', '2']);
    expect(code).toBe(0);
    expect(stdout).toContain('Fit:          2 more replicas\nStopped by:   --max 2\n');
  });

  test('a cluster without pending pods: replicas only', async () => {
    const { code, stdout } = await runCli(['capacity', '-f', extraNode, '--pod-template', web]);
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /^Template: {5}Deployment shop\/web\nPending: {6}no pending pods in the cluster\nFit: {10}2 more replicas\n/,
    );
  });

  test('-o json: every field, the same bytes on every run', async () => {
    const first = await runCli([...base, '-o', 'json']);
    const second = await runCli([...base, '-o', 'json']);
    expect(first.code).toBe(0);
    expect(second.stdout).toBe(first.stdout);
    const doc = JSON.parse(first.stdout);
    expect(Object.keys(doc)).toEqual(['apiVersion', 'kind', 'template', 'pending', 'max', 'replicas', 'stop', 'nodes']);
    expect(doc).toMatchObject({
      apiVersion: 'peapod.dev/v1alpha1',
      kind: 'CapacityResult',
      template: { kind: 'Deployment', namespace: 'shop', name: 'web' },
      pending: { pendingPods: 3, scheduled: 3, unschedulable: 0 },
      max: 10000,
      replicas: 5,
      stop: {
        replica: 6,
        pod: 'shop/web-capacity-6',
        reason: 'Unschedulable',
        reasonCounts: { 'Insufficient cpu': 1, "node(s) didn't match pod topology spread constraints": 2 },
        unschedulablePlugins: ['NodeResourcesFit', 'PodTopologySpread'],
      },
      nodes: [
        { name: 'node-a', replicas: 2, pods: 4 },
        { name: 'node-b', replicas: 2, pods: 4 },
        { name: 'node-c', replicas: 1, pods: 1 },
      ],
    });
  });

  test('--node-template --replicas: the nodes to add, every run of the search, and the placement', async () => {
    const args = [...base, '--node-template', extraNode, '--replicas', '8'];
    const { code, stdout } = await runCli(args);
    expect(code).toBe(0);
    expect(stdout).toBe(
      [
        'Template:        Deployment shop/web',
        'Node template:   Node node-a-extra (copies named node-a-extra-1, node-a-extra-2, ...)',
        'Wanted:          8 more replicas',
        'Nodes to add:    1',
        'Runs:            +0: 5, +1: 8 (nodes added: replicas that fit)',
        'Pending:         3/3 pending pods of the cluster scheduled first, 0 unschedulable',
        'Fit:             8 more replicas with 1 node added',
        '',
        'NODE             REPLICAS   PODS',
        'node-a           3          4',
        'node-b           2          4',
        'node-c           2          2',
        'node-a-extra-1   1          2',
        '',
      ].join('\n'),
    );
    const doc = JSON.parse((await runCli([...args, '-o', 'json'])).stdout);
    expect(doc.nodeSearch).toEqual({
      nodeTemplate: 'node-a-extra',
      target: 8,
      maxNodes: 1000,
      status: 'found',
      nodesToAdd: 1,
      addedNodes: 1,
      steps: [
        { nodes: 0, replicas: 5 },
        { nodes: 1, replicas: 8 },
      ],
    });
    expect(doc.stop).toBeUndefined();
  });

  test('--max-nodes bounds the search', async () => {
    const args = [...base, '--node-template', extraNode, '--replicas', '100', '--max-nodes', '2'];
    const { code, stdout } = await runCli(args);
    expect(code).toBe(0);
    expect(stdout).toContain('Nodes to add:    more than 2 (--max-nodes)\n');
    expect(stdout).toMatch(/\nStopped by: {6}replica \d+ \(shop\/web-capacity-\d+\): 0\/5 nodes are available: /);
  });

  test('a pod of the fidelity corpus (basic-1) as the template', async () => {
    const { code, stdout } = await runCli(['capacity', '-f', basic1, '--pod-template', frontend]);
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /^Template: {5}Pod default\/frontend-26-lhs9w55p4b-hjl4x\nPending: {6}239\/250 pending pods of the cluster scheduled first, 11 unschedulable\nFit: {10}42 more replicas\nStopped by: {3}replica 43 \(default\/frontend-26-lhs9w55p4b-hjl4x-capacity-43\): 0\/50 nodes are available: .*Insufficient cpu/,
    );
    const doc = JSON.parse((await runCli(['capacity', '-f', basic1, '--pod-template', frontend, '-o', 'json'])).stdout);
    expect(doc.nodes).toHaveLength(50);
    expect(doc.nodes.reduce((sum: number, n: { replicas: number }) => sum + n.replicas, 0)).toBe(42);
  });
});

describe('peapod capacity: bad input and usage', () => {
  test.each([
    {
      name: 'a template file that does not exist',
      args: ['--pod-template', 'no-such-template.yaml'],
      message: 'no-such-template.yaml: no such file or directory',
    },
    {
      name: 'a template that is not a pod or workload',
      args: ['--pod-template', service],
      message: `${service}: expected one Pod, Deployment, ReplicaSet or StatefulSet, found Service shop/web`,
    },
    {
      name: 'a node template that is not a Node',
      args: ['--pod-template', web, '--node-template', web, '--replicas', '3'],
      message: `${web}: expected one Node, found Deployment shop/web`,
    },
    {
      name: 'a node template named like an existing node',
      args: [
        '-f',
        fixture('what-if/node-1.yaml'),
        '--pod-template',
        web,
        '--node-template',
        fixture('what-if/node-clash.yaml'),
        '--replicas',
        '30',
      ],
      message: 'Node node-1: the cluster already has a node of that name (rename the node template)',
    },
    {
      name: 'an unknown configuration file',
      args: ['--pod-template', web, '--config', 'no-such-config.yaml'],
      message: 'no-such-config.yaml: no such file or directory',
    },
  ])('$name: exit 1 with the message', async ({ args, message }) => {
    const { code, stdout, stderr } = await runCli(['capacity', '-f', cluster, ...args]);
    expect({ code, stdout, stderr }).toEqual({ code: 1, stdout: '', stderr: `error: ${message}\n` });
  });

  test.each([
    { args: ['-f', cluster], message: 'must specify --pod-template (a Pod, Deployment, ReplicaSet or StatefulSet)' },
    { args: ['--pod-template', web], message: 'must specify -f/--filename (a file, a folder, or - for stdin)' },
    {
      args: ['-f', cluster, '--pod-template', '-'],
      message: '--pod-template must name a file (stdin is not supported)',
    },
    { args: ['-f', cluster, '--pod-template', web, '--replicas', '3'], message: '--replicas needs --node-template' },
    {
      args: ['-f', cluster, '--pod-template', web, '--node-template', extraNode],
      message: '--node-template needs --replicas N',
    },
    {
      args: ['-f', cluster, '--pod-template', web, '--node-template', extraNode, '--replicas', '3', '--max', '3'],
      message: '--max cannot be used with --node-template (use --replicas)',
    },
    {
      args: ['-f', cluster, '--pod-template', web, '--max', '0'],
      message: 'invalid value "0" for --max: must be an integer from 1 to 1000000',
    },
    {
      args: ['-f', cluster, '--pod-template', web, '-o', 'jsonl'],
      message: 'invalid value "jsonl" for --output: must be one of table, json',
    },
  ])('$message: exit 2', async ({ args, message }) => {
    const { code, stdout, stderr } = await runCli(['capacity', ...args]);
    expect({ code, stdout, stderr }).toEqual({
      code: 2,
      stdout: '',
      stderr: `error: ${message}\nSee 'peapod capacity --help'.\n`,
    });
  });

  test('--help prints the usage', async () => {
    const { code, stdout } = await runCli(['capacity', '--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('peapod capacity -f PATH... --pod-template FILE [flags]\n');
  });
});

describe('examples/what-if (the outputs docs/cli.md shows)', () => {
  const example = (name: string) => fileURLToPath(new URL(`../../../examples/${name}`, import.meta.url));
  const args = [
    'capacity',
    '-f',
    example('cluster.yaml'),
    '--pod-template',
    example('what-if/storefront-deployment.yaml'),
  ];
  const search = ['--node-template', example('what-if/worker-node.yaml'), '--replicas'];

  test('capacity: 14 more storefront replicas', async () => {
    const { code, stdout } = await runCli(args);
    expect(code).toBe(0);
    expect(stdout).toContain('Fit:          14 more replicas\n');
    expect(stdout).toContain('\nworker-3   5          8\n');
  });

  test('node search: 1 node for 18; no number for 20, zone spreading caps the new zone', async () => {
    const eighteen = await runCli([...args, ...search, '18']);
    expect(eighteen.stdout).toContain('Nodes to add:    1\nRuns:            +0: 14, +1: 18 (');
    const twenty = await runCli([...args, ...search, '20']);
    expect(twenty.stdout).toContain(
      'Nodes to add:    no number: with 16 nodes added, worker-c-1 stayed empty and a replica still did not fit\n',
    );
    expect(twenty.stdout).toContain('Runs:            +0: 14, +1: 19, +2: 14, +4: 19, +8: 19, +16: 19 (');
  });

  test('compare: MostAllocated puts five pods on worker-3', async () => {
    const config = example('what-if/most-allocated.yaml');
    const { code, stdout, stderr } = await runCli([
      'compare',
      '-f',
      example('cluster.yaml'),
      '--config',
      config,
      '--config',
      'default',
    ]);
    expect(code).toBe(0);
    expect(stdout).toContain('cpu requested (stddev)      21.1%   8.0%\n');
    expect(stderr).toBe('5 pods placed differently\n');
  });
});
