import type { Node, PreFilterPlugin } from '@peapod/core';
import { clusterOf, makeNode, makePod } from '@peapod/testing';
import { describe, expect, test } from 'vitest';
import {
  createScheduler,
  defaultSchedulerConfig,
  nodeTreeOrder,
  numFeasibleNodesToFind,
  type SchedulerConfig,
  scheduleCluster,
} from '../src/index.js';

const node = (name: string, cpu = '4', labels: Record<string, string> = {}): Node =>
  makeNode(name).allocatable({ cpu, memory: '8Gi', pods: '110' }).labels(labels).obj();

const zoned = (name: string, zone: string) => node(name, '4', { 'topology.kubernetes.io/zone': zone });

/** The default configuration plus extra PreFilter plugins. */
function withPreFilters(...plugins: PreFilterPlugin[]): SchedulerConfig {
  const config = defaultSchedulerConfig();
  const spec = config.profiles[0]!;
  for (const p of plugins) config.registry.register({ name: p.name, points: new Set(['preFilter']), create: () => p });
  const preFilter = [...(spec.points.preFilter ?? []), ...plugins.map((p) => ({ name: p.name }))];
  return { ...config, profiles: [{ ...spec, points: { ...spec.points, preFilter } }] };
}

const narrowTo = (name: string, ...nodes: string[]): PreFilterPlugin => ({
  name,
  preFilter: () => ({ nodeNames: new Set(nodes) }),
});

describe('nodeTreeOrder (upstream nodeTree.list)', () => {
  test('zones in order of first appearance, one node per zone per round', () => {
    const nodes = [
      zoned('a1', 'a'),
      zoned('a2', 'a'),
      zoned('b1', 'b'),
      node('x1'),
      zoned('b2', 'b'),
      zoned('a3', 'a'),
    ];
    expect([...nodeTreeOrder(nodes)].map((i) => nodes[i]!.metadata.name)).toEqual(['a1', 'b1', 'x1', 'a2', 'b2', 'a3']);
  });
});

describe('numFeasibleNodesToFind', () => {
  test.each([
    { name: 'fewer than 100 nodes: all', percentage: 0, nodes: 50, want: 50 },
    { name: 'adaptive at 100 nodes: 50% but at least 100', percentage: 0, nodes: 100, want: 100 },
    { name: 'adaptive at 1000 nodes: 42%', percentage: 0, nodes: 1000, want: 420 },
    { name: 'adaptive at 5000 nodes: 10%', percentage: 0, nodes: 5000, want: 500 },
    { name: 'adaptive floor of 5%', percentage: 0, nodes: 10000, want: 500 },
    { name: 'explicit 100%', percentage: 100, nodes: 1000, want: 1000 },
    { name: 'explicit 10% of 500 is raised to 100', percentage: 10, nodes: 500, want: 100 },
  ])('$name', ({ percentage, nodes, want }) => {
    expect(numFeasibleNodesToFind(percentage, nodes)).toBe(want);
  });
});

describe('percentageOfNodesToScore and the rotating start index', () => {
  test('stops after enough feasible nodes and starts the next pod where the last one stopped', () => {
    const nodes = Array.from({ length: 200 }, (_, i) => node(`n${String(i).padStart(3, '0')}`));
    const pods = [makePod('a').req({ cpu: '0', memory: '0' }).obj(), makePod('b').req({ cpu: '0', memory: '0' }).obj()];
    const result = scheduleCluster(clusterOf({ nodes, pods }), {
      tieBreak: 'lowest-name',
      percentageOfNodesToScore: 50,
    });
    expect(result.decisions.map((d) => [d.node, d.evaluatedNodes, d.feasibleNodes])).toEqual([
      ['n000', 200, 100],
      ['n100', 200, 100],
    ]);
  });

  test('with 100% every node is filtered and scored', () => {
    const nodes = Array.from({ length: 150 }, (_, i) => node(`n${i}`));
    const [d] = scheduleCluster(clusterOf({ nodes, pods: [makePod('a').obj()] }), {
      percentageOfNodesToScore: 100,
    }).decisions;
    expect(d!.feasibleNodes).toBe(150);
  });
});

describe('PreFilter node narrowing', () => {
  test('only the named nodes are filtered; the message still counts all nodes', () => {
    const nodes = [node('n1', '1'), node('n2', '1'), node('n3', '8')];
    const config = withPreFilters(narrowTo('Pin', 'n1', 'n2'));
    const ok = createScheduler({}, config).run(
      clusterOf({ nodes, pods: [makePod('small').req({ cpu: '500m' }).obj()] }),
    );
    expect(ok.decisions[0]).toMatchObject({ scheduled: true, evaluatedNodes: 2, feasibleNodes: 2 });
    const big = createScheduler({}, config).run(clusterOf({ nodes, pods: [makePod('big').req({ cpu: '2' }).obj()] }));
    expect(big.decisions[0]).toMatchObject({
      scheduled: false,
      evaluatedNodes: 3,
      // The node outside the PreFilter set has no status: preemption dry-runs it too.
      message:
        '0/3 nodes are available: 2 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod..',
    });
  });

  test('node sets that do not intersect reject the pod on every node', () => {
    const nodes = [node('n1'), node('n2')];
    const config = withPreFilters(narrowTo('A', 'n1'), narrowTo('B', 'n2'));
    const [d] = createScheduler({}, config).run(clusterOf({ nodes, pods: [makePod('p').obj()] })).decisions;
    expect(d).toMatchObject({
      scheduled: false,
      message:
        "0/2 nodes are available: 2 node(s) didn't satisfy plugin(s) [A B] simultaneously. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod..",
      unschedulablePlugins: ['B'],
    });
  });
});

describe('nominated pods', () => {
  const nodes = [node('n1', '4'), node('n2', '2')];

  test('a lower-priority pod sees higher-priority pods nominated to a node as already there', () => {
    const scheduler = createScheduler({ tieBreak: 'lowest-name' });
    const objects = clusterOf({
      nodes,
      pods: [
        makePod('preemptor').priority(100).req({ cpu: '3' }).obj(),
        makePod('low').priority(1).req({ cpu: '2' }).obj(),
        makePod('high').priority(1000).req({ cpu: '2' }).obj(),
      ],
    });
    const session = scheduler.session(objects);
    const [high, preemptor, low] = session.queue.map((q) => q.podInfo);
    expect([high!.key, preemptor!.key, low!.key]).toEqual(['default/high', 'default/preemptor', 'default/low']);
    session.nominate(high!, 'n1');
    // "preemptor" (priority 100) is lower than the nominated "high" (1000): n1 has 4 - 2 = 2 cpu left for it.
    expect(session.attempt(high!)).toMatchObject({ node: 0, evaluatedNodes: 1, feasibleNodes: 1 });
    expect(session.attempt(preemptor!)).toMatchObject({
      node: -1,
      message:
        '0/2 nodes are available: 2 Insufficient cpu. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod..',
    });
    // Once "high" is bound, the nomination is gone; "preemptor" still does not fit, "low" fits both nodes.
    session.bind(high!, 0);
    expect(session.nominator.size).toBe(0);
    expect(session.attempt(preemptor!)).toMatchObject({ node: -1 });
    expect(session.attempt(low!)).toMatchObject({ feasibleNodes: 2 });
  });

  test('the nominated node is evaluated first and taken when it fits, without scoring', () => {
    const session = createScheduler().session(clusterOf({ nodes, pods: [makePod('p').req({ cpu: '1' }).obj()] }));
    const pod = session.queue[0]!.podInfo;
    session.nominate(pod, 'n2');
    expect(session.attempt(pod)).toEqual({
      node: 1,
      evaluatedNodes: 1,
      feasibleNodes: 1,
      topNodes: ['n2'],
      topScore: 0,
    });
  });
});

describe('pods that get no attempt', () => {
  test('scheduling gates hold a pod back; another schedulerName is not ours', () => {
    const gated = makePod('gated').obj();
    gated.spec.schedulingGates = [{ name: 'example.com/quota' }, { name: 'example.com/review' }];
    const other = makePod('other').obj();
    other.spec.schedulerName = 'volcano';
    const result = scheduleCluster(clusterOf({ nodes: [node('n1')], pods: [gated, other, makePod('ok').obj()] }));
    expect(result.decisions.map((d) => d.pod)).toEqual(['default/ok']);
    expect(result.skipped).toEqual([
      {
        index: 0,
        pod: 'default/gated',
        reason: 'gated',
        message: 'waiting for scheduling gates: [example.com/quota example.com/review]',
      },
      { index: 1, pod: 'default/other', reason: 'other-scheduler', message: 'no profile for schedulerName "volcano"' },
    ]);
    expect(result.summary).toMatchObject({ gated: 1, otherScheduler: 1, pendingPods: 3, attempts: 1 });
  });
});

describe('explain', () => {
  test('records every failing node with the plugin and reasons, by node name', () => {
    const nodes = [node('n2', '1'), node('n1', '1')];
    const [d] = scheduleCluster(clusterOf({ nodes, pods: [makePod('p').req({ cpu: '2' }).obj()] }), {
      explain: true,
    }).decisions;
    expect(d!.nodeStatuses).toEqual([
      { node: 'n1', plugin: 'NodeResourcesFit', code: 'Unschedulable', reasons: ['Insufficient cpu'] },
      { node: 'n2', plugin: 'NodeResourcesFit', code: 'Unschedulable', reasons: ['Insufficient cpu'] },
    ]);
    const [quiet] = scheduleCluster(clusterOf({ nodes, pods: [makePod('p').req({ cpu: '2' }).obj()] })).decisions;
    expect(quiet!.nodeStatuses).toBeUndefined();
  });
});

describe('explainScores', () => {
  test('every feasible node with raw, normalised and weighted scores per plugin, best first, and the top 3', () => {
    const nodes = [node('n1', '4'), node('n2', '8'), node('n3', '2'), node('n4', '8')];
    const [d] = scheduleCluster(clusterOf({ nodes, pods: [makePod('p').req({ cpu: '1', memory: '1Gi' }).obj()] }), {
      explainScores: true,
      tieBreak: 'lowest-name',
    }).decisions;
    expect(d!.top3Nodes).toEqual(['n2', 'n4', 'n1']);
    expect(d!.nodeScores!.map((s) => s.node)).toEqual(['n2', 'n4', 'n1', 'n3']);
    const fit = d!.nodeScores![0]!.plugins.find((p) => p.plugin === 'NodeResourcesFit')!;
    // cpu (8000-1000)*100/8000 = 87, memory (8Gi-1Gi)*100/8Gi = 87 -> 87, weight 1
    expect(fit).toEqual({ plugin: 'NodeResourcesFit', raw: 87, normalized: 87, weighted: 87 });
    expect(d!.nodeScores![0]!.total).toBe(d!.topScore);
    const quiet = scheduleCluster(clusterOf({ nodes, pods: [makePod('p').obj()] })).decisions[0]!;
    expect(quiet.nodeScores).toBeUndefined();
  });
});
