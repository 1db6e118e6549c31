import { describe, expect, test } from 'vitest';
import { fixture, runCli } from './run-cli.js';

const small = fixture('small-cluster.yaml');
const ties = fixture('ties.yaml');

describe('peapod explain', () => {
  test('an unschedulable pod: the header, then every node with its rejecting plugin and reasons', async () => {
    const { code, stdout, stderr } = await runCli(['explain', '-f', small, '--pod', 'shop/batch-big']);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toBe(
      [
        'Pod:       shop/batch-big',
        'Scheduler: default-scheduler',
        'Priority:  0',
        'Attempt:   1 (attempt 3 of the run, in queue order)',
        'Result:    Unschedulable',
        'Message:   0/2 nodes are available: 1 Too many pods, 2 Insufficient cpu. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod..',
        'Nodes:     2 in the cluster, 2 evaluated, 0 feasible',
        '',
        'Filter:',
        '  Plugins, in the order they run: NodeUnschedulable, NodeName, TaintToleration, NodeAffinity, NodePorts, NodeResourcesFit, VolumeRestrictions, VolumeBinding, VolumeZone, PodTopologySpread, InterPodAffinity.',
        '  A node stops at its first rejection: the plugins after it are not evaluated there, as upstream.',
        '',
        '  NODES   RESULT   PLUGIN             REASON',
        '  1       fail     NodeResourcesFit   Insufficient cpu',
        '  1       fail     NodeResourcesFit   Too many pods, Insufficient cpu',
        '',
        '  NODE     RESULT   PLUGIN             REASON',
        '  node-a   fail     NodeResourcesFit   Insufficient cpu',
        '  node-b   fail     NodeResourcesFit   Too many pods, Insufficient cpu',
        '',
      ].join('\n'),
    );
  });

  test('a scheduled pod: why the chosen node won, and the score table of the scored nodes', async () => {
    const { code, stdout } = await runCli(['explain', '-f', small, '--pod', 'shop/api-2']);
    expect(code).toBe(0);
    expect(stdout).toContain('Result:         Scheduled on node-b\n');
    expect(stdout).toContain(
      "Chosen because: node-b has the highest total score, 669. The best other total is node-a's 649, 20 less (NodeResourcesFit +12, NodeResourcesBalancedAllocation +8).\n",
    );
    expect(stdout).toContain(
      [
        '  RANK   NODE       TOTAL   NodeResourcesBalancedAllocation   NodeResourcesFit   PodTopologySpread   TaintToleration',
        '  1      node-b *   669     89                                80                 200                 300',
        '  2      node-a     649     81                                68                 200                 300',
        '',
      ].join('\n'),
    );
    expect(stdout).toContain('Not shown, 0 on every scored node: ImageLocality, InterPodAffinity (skipped');
  });

  test('--wide: every plugin column, and raw, normalised and weighted scores per node and plugin', async () => {
    const { stdout } = await runCli(['explain', '-f', small, '--pod', 'shop/api-2', '--wide']);
    expect(stdout).toContain(
      'RANK   NODE     PLUGIN                            WEIGHT   RAW   NORMALIZED   WEIGHTED\n',
    );
    expect(stdout).toMatch(/ {2}1 {6}node-b {3}TaintToleration {19}3 {8}0 {5}100 {10}300\n/);
    expect(stdout).not.toContain('Not shown');
  });

  test('--node: why not this node, plugin by plugin against the chosen one', async () => {
    const { code, stdout } = await runCli(['explain', '-f', small, '--pod', 'shop/api-1', '--node', 'node-b']);
    expect(code).toBe(0);
    expect(stdout).toContain('Verdict: lower-score\n');
    expect(stdout).toContain(
      [
        '  PLUGIN                            WEIGHT   node-a   node-b   DIFFERENCE',
        '  NodeResourcesFit                  1        84       80       +4',
        '  NodeResourcesBalancedAllocation   1        90       89       +1',
      ].join('\n'),
    );
    expect(stdout).toContain('  TOTAL                                      674      669      +5\n');
    expect(stdout).not.toContain('Filter:\n');
  });

  test('--node on a tie: the node lost the tie-break', async () => {
    const args = ['explain', '-f', ties, '--pod', 'default/worker-1', '--tie-break', 'lowest-name'];
    const { stdout } = await runCli([...args, '--node', 'node-2']);
    expect(stdout).toContain('Chosen because: 3 nodes tie for the highest total score');
    expect(stdout).toContain('Verdict: lost-tie-break\n');
    expect(stdout).toContain('the lowest-name tie-break takes node-1, whose name sorts first');
  });

  test('-o json: one PodExplanation document with every field', async () => {
    const args = ['explain', '-f', small, '--pod', 'shop/batch-big', '-o', 'json', '--node', 'node-b'];
    const { code, stdout, stderr } = await runCli(args);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    const doc = JSON.parse(stdout);
    expect(Object.keys(doc).slice(0, 4)).toEqual(['apiVersion', 'kind', 'pod', 'seq']);
    expect(doc).toMatchObject({
      apiVersion: 'peapod.dev/v1alpha1',
      kind: 'PodExplanation',
      pod: 'shop/batch-big',
      attempt: 1,
      result: 'Unschedulable',
      node: null,
      reasonCounts: { 'Insufficient cpu': 2, 'Too many pods': 1 },
      nodes: { total: 2, evaluated: 2, feasible: 0 },
      scores: [],
      nodeVerdict: { node: 'node-b', verdict: 'filtered' },
    });
    expect(doc.filters[1]).toMatchObject({
      node: 'node-b',
      result: 'fail',
      plugin: 'NodeResourcesFit',
      code: 'Unschedulable',
      reasons: ['Too many pods', 'Insufficient cpu'],
    });
    expect(doc.filters[1].plugins[5]).toEqual({ plugin: 'NodeResourcesFit', result: 'fail' });
    expect(doc.filters[1].plugins[6]).toEqual({ plugin: 'VolumeRestrictions', result: 'not-evaluated' });
    expect(doc.scorePlugins).toContainEqual({ plugin: 'TaintToleration', weight: 3 });
  });

  test('-o json of a scheduled pod: ranked scores and the selection', async () => {
    const { stdout } = await runCli(['explain', '-f', small, '--pod', 'shop/api-2', '-o', 'json']);
    const doc = JSON.parse(stdout);
    expect(doc.scores.map((s: { rank: number; node: string; total: number }) => [s.rank, s.node, s.total])).toEqual([
      [1, 'node-b', 669],
      [2, 'node-a', 649],
    ]);
    expect(doc.selection).toMatchObject({
      node: 'node-b',
      by: 'highest-score',
      runnerUp: { node: 'node-a', margin: 20 },
    });
  });
});

const gated = `
apiVersion: v1
kind: Node
metadata: { name: n1 }
status: { allocatable: { cpu: "2", memory: 4Gi, pods: "10" } }
---
apiVersion: v1
kind: Pod
metadata: { name: held, namespace: ns }
spec: { schedulingGates: [{ name: example.com/wait }], containers: [{ name: c }] }
---
apiVersion: v1
kind: Pod
metadata: { name: other, namespace: ns }
spec: { schedulerName: my-scheduler, containers: [{ name: c }] }
`;

describe('peapod explain: what it cannot explain', () => {
  test.each([
    { name: 'unknown pod', args: ['-f', small, '--pod', 'shop/nope'], message: 'pod "shop/nope" not found' },
    {
      name: 'bound pod',
      args: ['-f', small, '--pod', 'kube-system/agent-b'],
      message: 'pod kube-system/agent-b is already bound to node node-b (spec.nodeName)',
    },
    { name: 'unknown node', args: ['-f', small, '--pod', 'shop/api-1', '--node', 'x'], message: 'node "x" not found' },
    {
      name: 'gated pod',
      args: ['-f', '-', '--pod', 'ns/held'],
      message: 'pod ns/held is gated and gets no scheduling attempt: waiting for scheduling gates: [example.com/wait]',
    },
    {
      name: 'pod for another scheduler',
      args: ['-f', '-', '--pod', 'ns/other'],
      message:
        'pod ns/other is for another scheduler and gets no scheduling attempt: no profile for schedulerName "my-scheduler" (pass its configuration with --config)',
    },
    {
      name: 'missing file',
      args: ['-f', 'nope.yaml', '--pod', 'a/b'],
      message: 'nope.yaml: no such file or directory',
    },
  ])('$name: exit 1 and one line on stderr', async ({ args, message }) => {
    const { code, stdout, stderr } = await runCli(['explain', ...args], gated);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe(`error: ${message}\n`);
  });

  test.each([
    { name: 'no --pod', args: ['-f', small], message: 'must specify --pod NAMESPACE/NAME' },
    { name: 'no -f', args: ['--pod', 'a/b'], message: 'must specify -f/--filename (a file, a folder, or - for stdin)' },
    {
      name: 'a pod without namespace',
      args: ['-f', small, '--pod', 'api-1'],
      message: 'invalid value "api-1" for --pod: must be NAMESPACE/NAME',
    },
    {
      name: 'bad output',
      args: ['-f', small, '--pod', 'a/b', '-o', 'yaml'],
      message: 'invalid value "yaml" for --output: must be one of text, json',
    },
  ])('$name: exit 2', async ({ args, message }) => {
    const { code, stderr } = await runCli(['explain', ...args]);
    expect(code).toBe(2);
    expect(stderr).toBe(`error: ${message}\nSee 'peapod explain --help'.\n`);
  });

  test('--help prints the help, exit 0; the root help lists explain', async () => {
    const help = await runCli(['explain', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Explain why a pod lands where it does/);
    const root = await runCli(['--help']);
    expect(root.stdout).toContain('explain');
  });
});
