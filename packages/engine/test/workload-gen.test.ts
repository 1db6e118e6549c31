import { type ClusterObjects, type Pod, parseManifests } from '@peapod/core';
import { describe, expect, test } from 'vitest';
import {
  createScheduler,
  generateWorkload,
  listJsonChunks,
  resolveWorkloadOptions,
  WORKLOADS,
  type WorkloadOptions,
  workloadJson,
} from '../src/index.js';

const SMALL: WorkloadOptions = { nodes: 12, pods: 30, existingPods: 8, seed: 5 };

function load(name: string, options: WorkloadOptions = SMALL): ClusterObjects {
  return parseManifests(workloadJson(name, options), `${name}.json`);
}

const pending = (objects: ClusterObjects): Pod[] => objects.pods.filter((p) => !p.spec.nodeName);
const bound = (objects: ClusterObjects): Pod[] => objects.pods.filter((p) => p.spec.nodeName);

describe('workload generator', () => {
  test('knows upstream scheduler_perf shapes plus basic and mixed', () => {
    expect(WORKLOADS.map((w) => w.name)).toEqual([
      'SchedulingBasic',
      'SchedulingNodeAffinity',
      'TopologySpreading',
      'PreferredTopologySpreading',
      'SchedulingPodAntiAffinity',
      'SchedulingPodAffinity',
      'PreemptionBasic',
      'Unschedulable',
      'basic',
      'mixed',
    ]);
  });

  test.each(WORKLOADS.map((w) => ({ name: w.name })))(
    '$name: same seed, same bytes; loads and schedules',
    ({ name }) => {
      const text = workloadJson(name, SMALL);
      expect(workloadJson(name, SMALL)).toBe(text);
      const objects = parseManifests(text, `${name}.json`);
      expect(objects.warnings).toEqual([]);
      expect(objects.ignoredKinds).toEqual({});
      expect(objects.nodes).toHaveLength(12);
      expect(pending(objects)).toHaveLength(name === 'Unschedulable' ? 30 + 8 : 30);
      const result = createScheduler({ percentageOfNodesToScore: 100 }).run(objects);
      expect(result.summary.pendingPods).toBe(pending(objects).length);
      expect(result.summary.scheduled).toBeGreaterThan(0);
    },
  );

  test('another seed gives another cluster; the nodes do not depend on the pod counts', () => {
    expect(workloadJson('basic', { ...SMALL, seed: 6 })).not.toBe(workloadJson('basic', SMALL));
    const few = load('basic', { ...SMALL, pods: 3, existingPods: 0 });
    expect(few.nodes).toEqual(load('basic').nodes);
  });

  test('defaults are upstream 5000Nodes parameters, existing pods scale with nodes', () => {
    const basic = WORKLOADS.find((w) => w.name === 'SchedulingBasic')!;
    expect(resolveWorkloadOptions(basic)).toEqual({ nodes: 5000, pods: 1000, existingPods: 1000, seed: 0 });
    expect(resolveWorkloadOptions(basic, { nodes: 500 })).toMatchObject({ nodes: 500, existingPods: 100 });
    expect(() => resolveWorkloadOptions(basic, { nodes: -1 })).toThrow(/nodes: expected a non-negative integer/);
    expect(() => generateWorkload('NoSuchWorkload')).toThrow(/unknown workload "NoSuchWorkload"/);
  });

  test('chunks of any size make the same document', () => {
    const whole = workloadJson('mixed', SMALL);
    expect([...listJsonChunks(generateWorkload('mixed', SMALL), 1000)].join('')).toBe(whole);
    const empty = [...listJsonChunks([])].join('');
    expect(JSON.parse(empty)).toEqual({ apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: '' }, items: [] });
  });
});

describe('scheduler_perf shapes', () => {
  test('SchedulingBasic: node-default nodes, pod-default pods, init pods bound round-robin', () => {
    const objects = load('SchedulingBasic');
    expect(objects.nodes[0]!.status?.allocatable).toEqual({ cpu: '4', memory: '32Gi', pods: '110' });
    const pod = pending(objects)[0]!;
    expect(pod.spec.containers[0]!.resources?.requests).toEqual({ cpu: '100m', memory: '500Mi' });
    const all = load('SchedulingBasic', { ...SMALL, existingPods: 13 });
    expect(bound(all).map((p) => p.spec.nodeName)).toEqual([
      ...all.nodes.map((n) => n.metadata.name),
      all.nodes[0]!.metadata.name,
    ]);
  });

  test('SchedulingPodAntiAffinity: every pod carries the hostname anti-affinity term, init and measured in their namespaces', () => {
    const objects = load('SchedulingPodAntiAffinity');
    expect(objects.namespaces.map((n) => n.metadata.name)).toEqual(['sched-0', 'sched-1']);
    for (const pod of objects.pods) {
      expect(pod.metadata.labels).toEqual({ color: 'green' });
      expect(pod.spec.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution).toEqual([
        {
          labelSelector: { matchLabels: { color: 'green' } },
          topologyKey: 'kubernetes.io/hostname',
          namespaces: ['sched-0', 'sched-1'],
        },
      ]);
    }
    expect(new Set(bound(objects).map((p) => p.metadata.namespace))).toEqual(new Set(['sched-0']));
    expect(new Set(pending(objects).map((p) => p.metadata.namespace))).toEqual(new Set(['sched-1']));
    // 12 nodes, 8 of them with a green init pod: 4 measured pods fit, one per free node.
    const result = createScheduler().run(objects);
    expect(result.summary.scheduled).toBe(4);
  });

  test('SchedulingPodAffinity and SchedulingNodeAffinity: every node in zone1', () => {
    for (const name of ['SchedulingPodAffinity', 'SchedulingNodeAffinity']) {
      const objects = load(name);
      expect(new Set(objects.nodes.map((n) => n.metadata.labels?.['topology.kubernetes.io/zone']))).toEqual(
        new Set(['zone1']),
      );
    }
    const affinity = load('SchedulingPodAffinity');
    expect(
      pending(affinity)[0]!.spec.affinity?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.[0],
    ).toMatchObject({
      topologyKey: 'topology.kubernetes.io/zone',
    });
    const nodeAffinity = load('SchedulingNodeAffinity');
    expect(
      pending(nodeAffinity)[0]!.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution,
    ).toEqual({
      nodeSelectorTerms: [
        { matchExpressions: [{ key: 'topology.kubernetes.io/zone', operator: 'In', values: ['zone1', 'zone2'] }] },
      ],
    });
  });

  test('TopologySpreading and PreferredTopologySpreading: moon zones, maxSkew 5 by zone', () => {
    for (const [name, when] of [
      ['TopologySpreading', 'DoNotSchedule'],
      ['PreferredTopologySpreading', 'ScheduleAnyway'],
    ] as const) {
      const objects = load(name);
      const zones = new Set(objects.nodes.map((n) => n.metadata.labels?.['topology.kubernetes.io/zone']));
      expect([...zones].every((z) => ['moon-1', 'moon-2', 'moon-3'].includes(z!))).toBe(true);
      expect(pending(objects)[0]!.spec.topologySpreadConstraints).toEqual([
        {
          maxSkew: 5,
          topologyKey: 'topology.kubernetes.io/zone',
          whenUnsatisfiable: when,
          labelSelector: { matchLabels: { color: 'blue' } },
        },
      ]);
      expect(bound(objects)[0]!.spec.topologySpreadConstraints).toBeUndefined();
    }
  });

  test('PreemptionBasic: priority-10 pods preempt the 900m priority-0 pods', () => {
    const objects = load('PreemptionBasic', { nodes: 4, pods: 6, existingPods: 16 });
    expect(pending(objects).every((p) => p.spec.priority === 10)).toBe(true);
    expect(bound(objects).every((p) => p.spec.priority === undefined)).toBe(true);
    const result = createScheduler({ tieBreak: 'lowest-name' }).run(objects);
    expect(result.summary.preemptions).toBe(4);
    expect(result.summary.scheduled).toBe(4);
  });

  test('Unschedulable: 9-cpu pods pending and queued first, then pod-default pods that fit', () => {
    const objects = load('Unschedulable', { nodes: 5, pods: 10, existingPods: 3 });
    expect(bound(objects)).toEqual([]);
    const result = createScheduler().run(objects);
    expect(result.decisions.slice(0, 3).map((d) => d.scheduled)).toEqual([false, false, false]);
    expect(result.decisions[0]!.message).toBe(
      '0/5 nodes are available: 5 Insufficient cpu. preemption: 0/5 nodes are available: 5 No preemption victims found for incoming pod..',
    );
    expect(result.summary).toMatchObject({ scheduled: 10, unschedulable: 3 });
  });
});

describe('basic and mixed', () => {
  const options: WorkloadOptions = { nodes: 60, pods: 200, existingPods: 300, seed: 2 };

  test('basic: node pools over 3 zones, owned pods with Services, pending pods in PrioritySort order', () => {
    const objects = load('basic', options);
    expect(new Set(objects.nodes.map((n) => n.metadata.labels?.['topology.kubernetes.io/zone'])).size).toBe(3);
    expect(objects.nodes.some((n) => n.spec?.taints?.some((t) => t.key === 'nvidia.com/gpu'))).toBe(true);
    // 300 application pods plus one daemon pod per node.
    expect(bound(objects)).toHaveLength(300 + 60);
    expect(pending(objects)).toHaveLength(200);
    expect(objects.services.length).toBeGreaterThan(0);
    expect(objects.replicaSets.length).toBeGreaterThan(0);
    expect(objects.priorityClasses.length).toBe(9);
    const priorities = pending(objects).map((p) => p.spec.priority ?? 0);
    expect(priorities).toEqual([...priorities].sort((a, b) => b - a));
    const specs = pending(objects).map((p) => p.spec);
    expect(specs.some((s) => s.nodeSelector)).toBe(true);
    expect(specs.some((s) => s.affinity?.nodeAffinity)).toBe(true);
    expect(specs.some((s) => s.tolerations && s.tolerations.length > 2)).toBe(true);
    expect(
      specs.some((s) => s.topologySpreadConstraints || s.affinity?.podAffinity || s.affinity?.podAntiAffinity),
    ).toBe(false);
    // Bound pods sit on nodes that exist, and never on a node they could not tolerate.
    const names = new Set(objects.nodes.map((n) => n.metadata.name));
    expect(bound(objects).every((p) => names.has(p.spec.nodeName!))).toBe(true);
    const result = createScheduler({ percentageOfNodesToScore: 100 }).run(objects);
    expect(result.summary.scheduled).toBeGreaterThan(150);
  });

  test('mixed: two regions, topology spread and inter-pod affinity, more taints', () => {
    const objects = load('mixed', options);
    expect(new Set(objects.nodes.map((n) => n.metadata.labels?.['topology.kubernetes.io/region']))).toEqual(
      new Set(['us-east-1', 'us-west-2']),
    );
    expect(bound(objects)).toHaveLength(300 + 3 * 60);
    const specs = objects.pods.map((p) => p.spec);
    expect(specs.some((s) => s.topologySpreadConstraints)).toBe(true);
    expect(specs.some((s) => s.affinity?.podAffinity)).toBe(true);
    expect(specs.some((s) => s.affinity?.podAntiAffinity)).toBe(true);
    expect(objects.nodes.some((n) => n.spec?.taints?.some((t) => t.key === 'example.com/spot'))).toBe(true);
    const result = createScheduler({ percentageOfNodesToScore: 100 }).run(objects);
    expect(result.summary.scheduled).toBeGreaterThan(100);
  });
});
