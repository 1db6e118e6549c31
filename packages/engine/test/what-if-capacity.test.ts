import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { type ClusterObjects, type Node, type Pod, parseManifests } from '@peapod/core';
import { clusterOf, makeNode, makePod } from '@peapod/testing';
import { describe, expect, test } from 'vitest';
import { createScheduler, type ReplicaTemplate, replicaTemplateFrom, runCapacity, searchNodes } from '../src/index.js';

const node = (name: string, cpu = '4', pods = '110'): Node =>
  makeNode(name).label('kubernetes.io/hostname', name).allocatable({ cpu, memory: '16Gi', pods }).obj();
const templateOf = (pod: Pod): ReplicaTemplate => replicaTemplateFrom(clusterOf({ pods: [pod] }), 'tmpl.yaml');
const oneCpu = templateOf(makePod('web').label('app', 'web').req({ cpu: '1', memory: '1Gi' }).obj());
const run = (objects: ClusterObjects, template: ReplicaTemplate, max = 10_000) =>
  runCapacity(createScheduler({ tieBreak: 'lowest-name' }), objects, template, max);

describe('SchedulingSession.addPendingPod', () => {
  test('admits a pod after the input: priority resolved, sequence after the input pending pods', () => {
    const objects = clusterOf({
      nodes: [node('n1')],
      pods: [makePod('p0').obj()],
      priorityClasses: [
        { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'hi' }, value: 7 },
      ],
    });
    const session = createScheduler().session(objects);
    const added = session.addPendingPod(makePod('late').priorityClass('hi').cpu('1').obj());
    if (!('podInfo' in added)) throw new Error('expected a queued pod');
    expect(added.sequence).toBe(1);
    expect(added.podInfo.priority).toBe(7);
    expect(session.queue).toHaveLength(1);
    const outcome = session.attempt(added.podInfo);
    expect(outcome.node).toBe(0);
    expect(session.bind(added.podInfo, outcome.node)).toBeNull();
    expect(session.snapshot.requested[0]![0]).toBe(1000);
  });

  test('a gated pod or one of another scheduler gets no attempt; a bound pod is refused', () => {
    const session = createScheduler().session(clusterOf({ nodes: [node('n1')] }));
    const gated = makePod('gated').obj();
    gated.spec.schedulingGates = [{ name: 'wait' }];
    expect(session.addPendingPod(gated)).toMatchObject({ index: 0, reason: 'gated', pod: 'default/gated' });
    expect(session.addPendingPod(makePod('other').schedulerName('x').obj())).toMatchObject({
      index: 1,
      reason: 'other-scheduler',
      message: 'no profile for schedulerName "x"',
    });
    expect(() => session.addPendingPod(makePod('bound').node('n1').obj())).toThrow(
      'Pod default/bound: a pending pod must not have spec.nodeName',
    );
  });
});

describe('runCapacity', () => {
  test('fills the nodes one replica at a time, after the pending pods, and reports why it stopped', () => {
    const objects = clusterOf({
      nodes: [node('n1'), node('n2')],
      pods: [makePod('pending').cpu('2').obj()],
    });
    const result = run(objects, oneCpu);
    expect(result).toEqual({
      max: 10_000,
      replicas: 6,
      stop: {
        replica: 7,
        pod: 'default/web-capacity-7',
        reason: 'Unschedulable',
        message:
          '0/2 nodes are available: 2 Insufficient cpu. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod..',
        reasonCounts: { 'Insufficient cpu': 2 },
        unschedulablePlugins: ['NodeResourcesFit'],
      },
      nodes: [
        { node: 'n1', replicas: 2, pods: 3 },
        { node: 'n2', replicas: 4, pods: 4 },
      ],
      pending: { pendingPods: 1, scheduled: 1, unschedulable: 0 },
    });
  });

  test('stops at max without a stop', () => {
    const result = run(clusterOf({ nodes: [node('n1')] }), oneCpu, 3);
    expect(result.replicas).toBe(3);
    expect(result.stop).toBeUndefined();
  });

  test('replicas see each other: required anti-affinity on the hostname allows one per node', () => {
    const pod = makePod('solo')
      .label('app', 'solo')
      .cpu('100m')
      .affinity({
        podAntiAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: [
            { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { app: 'solo' } } },
          ],
        },
      })
      .obj();
    const result = run(clusterOf({ nodes: [node('n1'), node('n2'), node('n3')] }), templateOf(pod));
    expect(result.replicas).toBe(3);
    expect(result.nodes.map((n) => n.replicas)).toEqual([1, 1, 1]);
    expect(result.stop?.message).toMatch(
      /^0\/3 nodes are available: 3 node\(s\) didn't match pod anti-affinity rules\./,
    );
  });

  test('a gated template stops at the first replica with the gate as the reason', () => {
    const pod = makePod('gated').obj();
    pod.spec.schedulingGates = [{ name: 'example.com/wait' }];
    const result = run(clusterOf({ nodes: [node('n1')] }), templateOf(pod));
    expect(result.replicas).toBe(0);
    expect(result.stop).toMatchObject({ replica: 1, reason: 'gated' });
  });

  test('a replica name already in the cluster is an input error', () => {
    const objects = clusterOf({ nodes: [node('n1')], pods: [makePod('web-capacity-1').node('n1').obj()] });
    expect(() => run(objects, oneCpu)).toThrow(
      'Pod default/web-capacity-1: the cluster already has a pod of that name',
    );
  });
});

describe('runCapacity on the fidelity corpus (basic-1)', () => {
  const path = fileURLToPath(new URL('../../testing/fidelity/basic-1/cluster.json.gz', import.meta.url));
  const objects = parseManifests(gunzipSync(readFileSync(path)).toString('utf8'), path);
  const frontend = objects.pods.find((p) => p.metadata.name === 'frontend-26-lhs9w55p4b-hjl4x')!;
  // Below every class (the lowest, `preemptible`, is -10), so a batch run queues the replicas after every
  // input pod, as capacity adds them.
  const template = templateOf({ ...frontend, spec: { ...frontend.spec, priority: -100 } });

  test('the pending phase is what Scheduler.run does', () => {
    const batch = createScheduler().run(objects);
    const result = runCapacity(createScheduler(), objects, template, 0);
    expect(result.pending).toEqual({
      pendingPods: batch.summary.pendingPods,
      scheduled: batch.summary.scheduled,
      unschedulable: batch.summary.unschedulable,
    });
    expect(result.nodes.map((n) => n.pods)).toEqual(batch.nodes.map((n) => n.requested.pods));
  });

  test('adding replicas to a running session places them as a batch run with them appended does', () => {
    const result = runCapacity(createScheduler(), objects, template, 10_000);
    expect(result.replicas).toBeGreaterThan(10);
    expect(result.stop?.message).toMatch(/^0\/50 nodes are available: .*Insufficient cpu/);
    const replicas = Array.from({ length: result.replicas }, (_, i) => template.replica(i + 1));
    const batch = createScheduler().run({ ...objects, pods: [...objects.pods, ...replicas] });
    const placed = new Map<string, number>();
    for (const d of batch.decisions) {
      if (d.pod.includes('-capacity-')) {
        expect(d.scheduled).toBe(true);
        placed.set(d.node!, (placed.get(d.node!) ?? 0) + 1);
      }
    }
    expect(result.nodes.filter((n) => n.replicas > 0).map((n) => [n.node, n.replicas])).toEqual(
      batch.nodes.filter((n) => placed.has(n.name)).map((n) => [n.name, placed.get(n.name)]),
    );
  });
});

describe('searchNodes', () => {
  const newScheduler = () => createScheduler({ tieBreak: 'lowest-name' });
  const small = clusterOf({ nodes: [node('n1')] });

  test('exponential then binary search for the smallest count', () => {
    const result = searchNodes(newScheduler, small, oneCpu, node('extra', '2'), 10, 100);
    expect(result).toMatchObject({ status: 'found', target: 10, nodesToAdd: 3, addedNodes: 3 });
    expect(result.steps).toEqual([
      { nodes: 0, replicas: 4 },
      { nodes: 1, replicas: 6 },
      { nodes: 2, replicas: 8 },
      { nodes: 4, replicas: 10 },
      { nodes: 3, replicas: 10 },
    ]);
    expect(result.run.nodes.map((n) => [n.node, n.replicas])).toEqual([
      ['n1', 4],
      ['extra-1', 2],
      ['extra-2', 2],
      ['extra-3', 2],
    ]);
  });

  test('0 when the cluster already fits the target', () => {
    expect(searchNodes(newScheduler, small, oneCpu, node('extra'), 4, 100)).toMatchObject({
      status: 'found',
      nodesToAdd: 0,
      steps: [{ nodes: 0, replicas: 4 }],
    });
  });

  test('gives up when an added node stays empty and a replica still does not fit', () => {
    const tainted = makeNode('gpu').allocatable({ cpu: '8', pods: '110' }).taint('gpu', 'yes', 'NoSchedule').obj();
    const result = searchNodes(newScheduler, small, oneCpu, tainted, 10, 100);
    expect(result).toMatchObject({ status: 'template-node-does-not-fit', addedNodes: 1, emptyNode: 'gpu-1' });
    expect(result.nodesToAdd).toBeUndefined();
    expect(result.run.stop?.message).toMatch(/untolerated taint \{gpu: yes\}/);
  });

  test('stops at maxNodes', () => {
    const result = searchNodes(newScheduler, small, oneCpu, node('extra', '1'), 100, 3);
    expect(result).toMatchObject({ status: 'max-nodes-reached', addedNodes: 3, maxNodes: 3 });
    expect(result.steps.map((s) => s.nodes)).toEqual([0, 1, 2, 3]);
  });

  test('a copy named like an existing node is an input error', () => {
    const objects = clusterOf({ nodes: [node('extra-1')] });
    expect(() => searchNodes(newScheduler, objects, oneCpu, node('extra'), 100, 4)).toThrow(
      'Node extra-1: the cluster already has a node of that name (rename the node template)',
    );
  });
});
