import { type FilterPlugin, PeapodError, type Pod, type PriorityClass } from '@peapod/core';
import { clusterOf, makeNode, makePod } from '@peapod/testing';
import { describe, expect, test } from 'vitest';
import { createScheduler, defaultSchedulerConfig, fitErrorMessage, scheduleCluster } from '../src/index.js';

const node = (name: string, cpu = '4', pods = '110') => makeNode(name).allocatable({ cpu, memory: '8Gi', pods }).obj();

describe('fitErrorMessage', () => {
  test('sorts "<count> <reason>" as strings, as Go sort.Strings does', () => {
    expect(fitErrorMessage(12, { 'Insufficient cpu': 2, 'Too many pods': 10 })).toBe(
      '0/12 nodes are available: 10 Too many pods, 2 Insufficient cpu.',
    );
  });
  test('appends the PostFilter message after a space, then a `.` (upstream SeparatorFormat)', () => {
    expect(fitErrorMessage(1, { 'Insufficient cpu': 1 }, 'preemption: x.')).toBe(
      '0/1 nodes are available: 1 Insufficient cpu. preemption: x..',
    );
  });
});

describe('scheduleCluster', () => {
  test('places a pod on the least allocated node and accounts it before the next pod', () => {
    const objects = clusterOf({
      nodes: [node('node-a'), node('node-b')],
      pods: [
        makePod('busy').req({ cpu: '2', memory: '1Gi' }).node('node-a').obj(),
        makePod('web-1').req({ cpu: '1', memory: '1Gi' }).obj(),
        makePod('web-2').req({ cpu: '1', memory: '1Gi' }).obj(),
        makePod('web-3').req({ cpu: '1', memory: '1Gi' }).obj(),
      ],
    });
    const result = scheduleCluster(objects, { tieBreak: 'lowest-name' });
    // web-1: a = (25+75)/2 = 50, b = (75+87)/2 = 81 -> b; web-2: a 50, b (50+75)/2 = 62 -> b;
    // web-3: a 50, b (25+62)/2 = 43 -> a.
    expect(result.decisions.map((d) => [d.pod, d.node])).toEqual([
      ['default/web-1', 'node-b'],
      ['default/web-2', 'node-b'],
      ['default/web-3', 'node-a'],
    ]);
    expect(result.decisions[0]).toMatchObject({
      seq: 0,
      index: 0,
      attempt: 1,
      scheduled: true,
      evaluatedNodes: 2,
      feasibleNodes: 2,
      topNodes: ['node-b'],
      scores: expect.objectContaining({ NodeResourcesFit: 81 }),
    });
    expect(result.summary).toEqual({
      nodes: 2,
      gated: 0,
      otherScheduler: 0,
      boundPods: 1,
      pendingPods: 3,
      attempts: 3,
      scheduled: 3,
      unschedulable: 0,
      preemptions: 0,
      victims: 0,
    });
    expect(result.nodes.map((n) => n.requested.cpu)).toEqual([3000, 2000]);
  });

  test('reports an unschedulable pod with upstream message, reason counts and plugins', () => {
    const objects = clusterOf({
      nodes: [node('n1', '1'), node('n2', '1'), node('n3', '8', '1')],
      pods: [makePod('full').node('n3').obj(), makePod('big').req({ cpu: '2' }).obj()],
    });
    const [d] = scheduleCluster(objects).decisions;
    expect(d).toEqual({
      seq: 0,
      index: 0,
      pod: 'default/big',
      attempt: 1,
      scheduled: false,
      node: null,
      evaluatedNodes: 3,
      feasibleNodes: 0,
      reason: 'Unschedulable',
      message:
        '0/3 nodes are available: 1 Too many pods, 2 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod..',
      reasonCounts: { 'Insufficient cpu': 2, 'Too many pods': 1 },
      unschedulablePlugins: ['NodeResourcesFit'],
    });
  });

  test('one feasible node is chosen without scoring', () => {
    const objects = clusterOf({
      nodes: [node('n1', '1'), node('n2', '4')],
      pods: [makePod('p').req({ cpu: '2' }).obj()],
    });
    const [d] = scheduleCluster(objects).decisions;
    expect(d).toMatchObject({ node: 'n2', feasibleNodes: 1, topNodes: ['n2'], topScore: 0 });
    expect(d!.scores).toBeUndefined();
  });

  test('no nodes at all', () => {
    const [d] = scheduleCluster(clusterOf({ pods: [makePod('p').obj()] })).decisions;
    expect(d).toMatchObject({ scheduled: false, message: 'no nodes available to schedule pods' });
  });

  test('pending pods go in PrioritySort order: priority, then creation time, then input order', () => {
    const pods: Pod[] = [
      makePod('low').priority(1).created('2024-01-01T00:00:00Z').obj(),
      makePod('late-high').priority(10).created('2024-01-01T00:00:05Z').obj(),
      makePod('early-high').priority(10).created('2024-01-01T00:00:01Z').obj(),
      makePod('same-1').priority(5).obj(),
      makePod('same-2').priority(5).obj(),
    ];
    const order = scheduleCluster(clusterOf({ nodes: [node('n1')], pods })).decisions.map((d) => d.pod);
    expect(order).toEqual([
      'default/early-high',
      'default/late-high',
      'default/same-1',
      'default/same-2',
      'default/low',
    ]);
  });

  test('skips terminal pods and counts pods bound to nodes', () => {
    const done: Pod = { ...makePod('done').node('n1').req({ cpu: '4' }).obj(), status: { phase: 'Succeeded' } };
    const result = scheduleCluster(
      clusterOf({ nodes: [node('n1')], pods: [done, makePod('p').req({ cpu: '4' }).obj()] }),
    );
    expect(result.decisions[0]).toMatchObject({ scheduled: true, node: 'n1' });
    expect(result.summary.boundPods).toBe(0);
  });

  test('resolves priority from PriorityClass and globalDefault, and rejects an unknown class', () => {
    const classes = [
      { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'high' }, value: 1000 },
      {
        apiVersion: 'scheduling.k8s.io/v1',
        kind: 'PriorityClass',
        metadata: { name: 'dflt' },
        value: 7,
        globalDefault: true,
      },
    ] as PriorityClass[];
    const pods = [
      makePod('plain').obj(),
      { ...makePod('classy').obj(), spec: { ...makePod('classy').obj().spec, priorityClassName: 'high' } },
      { ...makePod('crit').obj(), spec: { ...makePod('crit').obj().spec, priorityClassName: 'system-node-critical' } },
    ];
    const order = scheduleCluster(clusterOf({ nodes: [node('n1')], pods, priorityClasses: classes })).decisions;
    expect(order.map((d) => d.pod)).toEqual(['default/crit', 'default/classy', 'default/plain']);

    const bad = [{ ...makePod('x').obj(), spec: { ...makePod('x').obj().spec, priorityClassName: 'nope' } }];
    expect(() => scheduleCluster(clusterOf({ nodes: [node('n1')], pods: bad }))).toThrow(
      new PeapodError(
        'PEAPOD_INPUT_INCONSISTENT',
        'Pod default/x: spec.priorityClassName: no PriorityClass with name nope was found',
      ),
    );
  });

  test('random tie-break is seeded: same seed, same choices; choices spread over the tied nodes', () => {
    const nodes = ['n1', 'n2', 'n3', 'n4'].map((n) => node(n, '100'));
    const pods = Array.from({ length: 40 }, (_, i) => makePod(`p${i}`).req({ cpu: '0', memory: '0' }).obj());
    const run = (seed: number) => scheduleCluster(clusterOf({ nodes, pods }), { seed }).decisions.map((d) => d.node);
    expect(run(7)).toEqual(run(7));
    expect(new Set(run(7)).size).toBe(4);
    expect(run(7)).not.toEqual(run(8));
    const lowest = scheduleCluster(clusterOf({ nodes, pods }), { tieBreak: 'lowest-name' }).decisions;
    expect(new Set(lowest.map((d) => d.node))).toEqual(new Set(['n1']));
    expect(lowest[0]!.topNodes).toEqual(['n1', 'n2', 'n3', 'n4']);
  });

  test('quantities too large for exact integers are input errors naming the object', () => {
    const hugeNode = makeNode('n1').allocatable({ cpu: '4', memory: '100E', pods: '10' }).obj();
    expect(() => scheduleCluster(clusterOf({ nodes: [hugeNode] }))).toThrow(
      'Node n1: status.allocatable.memory: memory quantity "100E" is too large (over 2^53 units)',
    );
    const hugePod = makePod('p').req({ cpu: '1e15' }).obj();
    expect(() => scheduleCluster(clusterOf({ nodes: [node('n1')], pods: [hugePod] }))).toThrow(PeapodError);
  });

  test('a filter plugin that throws becomes an error naming the plugin and extension point', () => {
    const broken: FilterPlugin = {
      name: 'Broken',
      filter() {
        throw new Error('boom');
      },
    };
    const config = defaultSchedulerConfig();
    config.registry.register({ name: 'Broken', points: new Set(['filter']), create: () => broken });
    const spec = config.profiles[0]!;
    const profiles = [
      { ...spec, points: { ...spec.points, filter: [...(spec.points.filter ?? []), { name: 'Broken' }] } },
    ];
    const scheduler = createScheduler({}, { ...config, profiles });
    const [d] = scheduler.run(clusterOf({ nodes: [node('n1')], pods: [makePod('p').obj()] })).decisions;
    expect(d).toMatchObject({
      scheduled: false,
      reason: 'SchedulerError',
      message: 'running "Broken" filter plugin: boom',
    });
  });
});
