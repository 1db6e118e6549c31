import { ErrorCodes, type Pod } from '@peapod/core';
import { clusterOf, makeNode, makePod } from '@peapod/testing';
import { describe, expect, test } from 'vitest';
import {
  createScheduler,
  EXPLAIN_OPTIONS,
  type ExplainSettings,
  explainAll,
  explainPod,
  nodeVerdict,
  type PodExplanation,
  type ScheduleOptions,
} from '../src/index.js';

const node = (name: string, cpu = '4', pods = '110') => makeNode(name).allocatable({ cpu, memory: '8Gi', pods }).obj();
const FILTERS = [
  'NodeUnschedulable',
  'NodeName',
  'TaintToleration',
  'NodeAffinity',
  'NodePorts',
  'NodeResourcesFit',
  'VolumeRestrictions',
  'VolumeBinding',
  'VolumeZone',
  'PodTopologySpread',
  'InterPodAffinity',
];

function explain(pods: Pod[], nodes = [node('a'), node('b')], pod = 'default/p', settings: ScheduleOptions = {}) {
  const scheduler = createScheduler({ ...EXPLAIN_OPTIONS, tieBreak: 'lowest-name', ...settings });
  const rules: ExplainSettings = { tieBreak: settings.tieBreak ?? 'lowest-name', seed: settings.seed ?? 0 };
  return explainPod(scheduler, clusterOf({ nodes, pods }), pod, rules);
}

const filterRows = (e: PodExplanation) => e.filters.map((f) => [f.node, f.result, f.plugin, f.reasons]);

describe('explainPod: Filter verdicts', () => {
  test('an unschedulable pod: every node with its rejecting plugin, reasons and code; later plugins not evaluated', () => {
    const e = explain(
      [makePod('p').req({ cpu: '3' }).obj()],
      [node('c', '2'), node('a', '2', '0'), makeNode('b').allocatable({ cpu: '8', pods: '9' }).unschedulable().obj()],
    );
    expect(e).toMatchObject({ result: 'Unschedulable', node: null, nodes: { total: 3, evaluated: 3, feasible: 0 } });
    expect(e.message).toBe(
      '0/3 nodes are available: 1 Too many pods, 1 node(s) were unschedulable, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod..',
    );
    expect(filterRows(e)).toEqual([
      ['a', 'fail', 'NodeResourcesFit', ['Too many pods', 'Insufficient cpu']],
      ['b', 'fail', 'NodeUnschedulable', ['node(s) were unschedulable']],
      ['c', 'fail', 'NodeResourcesFit', ['Insufficient cpu']],
    ]);
    expect(e.filters[1]!.code).toBe('UnschedulableAndUnresolvable');
    const a = e.filters[0]!.plugins;
    expect(a.map((p) => p.plugin)).toEqual(FILTERS);
    expect(a.map((p) => p.result)).toEqual([...Array(5).fill('pass'), 'fail', ...Array(5).fill('not-evaluated')]);
    expect(e.scores).toEqual([]);
    expect(e.selection).toBeUndefined();
  });

  test('a scheduled pod keeps its failing nodes too; the feasible ones pass every plugin', () => {
    const e = explain([makePod('p').req({ cpu: '3' }).obj()], [node('a', '2'), node('b'), node('c')]);
    expect(filterRows(e)).toEqual([
      ['a', 'fail', 'NodeResourcesFit', ['Insufficient cpu']],
      ['b', 'pass', undefined, undefined],
      ['c', 'pass', undefined, undefined],
    ]);
    expect(e.filters[1]!.plugins.every((p) => p.result === 'pass')).toBe(true);
  });

  test('nodes outside the PreFilter result are not evaluated, and say so', () => {
    const pinned = makePod('p')
      .req({ cpu: '3' })
      .affinity({
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['a'] }] }],
          },
        },
      })
      .obj();
    const e = explain([pinned], [node('a', '2'), node('b')]);
    expect(e.message).toMatch(/^0\/2 nodes are available: 1 Insufficient cpu\./);
    expect(filterRows(e)).toEqual([
      ['a', 'fail', 'NodeResourcesFit', ['Insufficient cpu']],
      ['b', 'not-evaluated', undefined, undefined],
    ]);
    expect(e.filters[1]!.note).toBe('not among the nodes PreFilter narrowed the cycle to');
    expect(nodeVerdict(e, 'b')).toMatchObject({ verdict: 'not-evaluated' });
  });

  test('nodes Filter never reached once it had found enough feasible nodes (percentageOfNodesToScore)', () => {
    const nodes = Array.from({ length: 150 }, (_, i) => node(`n-${String(i).padStart(3, '0')}`));
    const e = explain([makePod('p').obj()], nodes, 'default/p', { percentageOfNodesToScore: 10 });
    expect(e.nodes).toEqual({ total: 150, evaluated: 150, feasible: 100 });
    expect(e.filters.filter((f) => f.result === 'pass')).toHaveLength(100);
    const skipped = e.filters.filter((f) => f.result === 'not-evaluated');
    expect(skipped).toHaveLength(50);
    expect(skipped[0]!.note).toMatch(/enough feasible nodes \(percentageOfNodesToScore\)/);
  });
});

describe('explainPod: scores and the choice', () => {
  test('the best total wins; the runner-up and the plugins that made the difference', () => {
    const e = explain([makePod('busy').req({ cpu: '3' }).node('a').obj(), makePod('p').req({ cpu: '1' }).obj()]);
    expect(e.node).toBe('b');
    expect(e.scores.map((s) => [s.rank, s.node])).toEqual([
      [1, 'b'],
      [2, 'a'],
    ]);
    const fit = e.scores[0]!.plugins.find((p) => p.plugin === 'NodeResourcesFit')!;
    expect(fit).toMatchObject({ weight: 1, raw: fit.normalized, weighted: fit.normalized });
    expect(e.scores[0]!.total).toBe(e.scores[0]!.plugins.reduce((t, p) => t + p.weighted, 0));
    const { selection } = e;
    expect(selection).toMatchObject({ node: 'b', by: 'highest-score', tiedNodes: ['b'], runnerUp: { node: 'a' } });
    expect(selection!.runnerUp!.margin).toBe(e.scores[0]!.total - e.scores[1]!.total);
    expect(selection!.runnerUp!.plugins[0]!.plugin).toBe('NodeResourcesFit');
    expect(selection!.summary).toMatch(/^b has the highest total score, \d+\. The best other total is a's \d+/);
    const why = nodeVerdict(e, 'a');
    expect(why).toMatchObject({ verdict: 'lower-score', score: { node: 'a', rank: 2 } });
    expect(why.comparison!.reduce((t, c) => t + c.difference, 0)).toBe(selection!.runnerUp!.margin);
    expect(nodeVerdict(e, 'b')).toMatchObject({ verdict: 'chosen' });
  });

  test.each([
    {
      name: 'lowest-name',
      settings: { tieBreak: 'lowest-name' } as const,
      tieBreak: { mode: 'lowest-name' },
      rule: /lowest-name tie-break/,
    },
    {
      name: 'random',
      settings: { tieBreak: 'random', seed: 7 } as const,
      tieBreak: { mode: 'random', seed: 7 },
      rule: /random tie-break \(seed 7;/,
    },
  ])('a tie is broken by the $name rule, and the loser lost the tie-break', ({ settings, tieBreak, rule }) => {
    const e = explain([makePod('p').obj()], [node('b'), node('a')], 'default/p', settings);
    expect(e.selection).toMatchObject({ by: 'tie-break', tiedNodes: ['a', 'b'] });
    expect(e.selection!.tieBreak).toEqual(tieBreak);
    expect(e.selection!.runnerUp).toBeUndefined();
    expect(e.selection!.summary).toMatch(rule);
    const loser = e.node === 'a' ? 'b' : 'a';
    expect(nodeVerdict(e, loser)).toMatchObject({ verdict: 'lost-tie-break' });
    if (settings.tieBreak === 'lowest-name') expect(e.node).toBe('a');
  });

  test('the only feasible node is taken without scoring', () => {
    const e = explain([makePod('p').req({ cpu: '3' }).obj()], [node('a', '2'), node('b')]);
    expect(e.scores).toEqual([]);
    expect(e.selection).toMatchObject({ node: 'b', by: 'only-feasible', total: 0 });
  });
});

describe('explainPod: the replay', () => {
  test('earlier pods in queue order are bound first, so the pod sees them', () => {
    const pods = [makePod('p').req({ cpu: '3' }).obj(), makePod('first').priority(10).req({ cpu: '3' }).obj()];
    const e = explain(pods, [node('a')]);
    expect(e).toMatchObject({ seq: 1, index: 0, result: 'Unschedulable' });
    expect(e.message).toMatch(/^0\/1 nodes are available: 1 Insufficient cpu\./);
  });

  test('a preempting pod: attempt 1 is explained, with the nomination and victims', () => {
    const pods = [
      makePod('low').priority(1).req({ cpu: '3' }).node('a').obj(),
      makePod('p').priority(100).req({ cpu: '3' }).obj(),
    ];
    const e = explain(pods, [node('a')]);
    expect(e).toMatchObject({ attempt: 1, result: 'Unschedulable', nominatedNode: 'a', victims: ['default/low'] });
    expect(nodeVerdict(e, 'a').summary).toMatch(/Preemption then nominated a, evicting default\/low/);
    const all = explainAll(createScheduler({ ...EXPLAIN_OPTIONS }), clusterOf({ nodes: [node('a')], pods }));
    expect(all.map((x) => [x.pod, x.attempt, x.result, x.node])).toEqual([
      ['default/p', 1, 'Unschedulable', null],
      ['default/p', 2, 'Scheduled', 'a'],
    ]);
    expect(all[1]!.filters[0]).toMatchObject({ result: 'pass' });
  });

  test('explainAll: one replay, the attempts `select` keeps, in attempt order', () => {
    const pods = ['x', 'y', 'z'].map((n) => makePod(n).req({ cpu: '3' }).obj());
    const objects = clusterOf({ nodes: [node('a'), node('b')], pods });
    const failed = explainAll(createScheduler({ ...EXPLAIN_OPTIONS }), objects, {}, (d) => !d.scheduled);
    expect(failed.map((x) => [x.pod, x.result])).toEqual([['default/z', 'Unschedulable']]);
  });

  test("Scheduler.run's observer sees each attempt and can end the run", () => {
    const pods = ['x', 'y', 'z'].map((n) => makePod(n).obj());
    const seen: string[] = [];
    const result = createScheduler().run(clusterOf({ nodes: [node('a')], pods }), ({ decision }) => {
      seen.push(decision.pod);
      return decision.pod === 'default/y';
    });
    expect(seen).toEqual(['default/x', 'default/y']);
    expect(result.summary).toMatchObject({ attempts: 2, scheduled: 2, unschedulable: 0 });
  });
});

describe('explainPod: pods it cannot explain', () => {
  const gated: Pod = { ...makePod('p').obj(), spec: { ...makePod('p').obj().spec, schedulingGates: [{ name: 'g' }] } };
  test.each([
    { name: 'unknown pod', pods: [makePod('q').obj()], message: 'pod "default/p" not found' },
    {
      name: 'bound pod',
      pods: [makePod('p').node('a').obj()],
      message: 'pod default/p is already bound to node a (spec.nodeName)',
    },
    {
      name: 'finished pod',
      pods: [makePod('p').phase('Succeeded').obj()],
      message: 'pod default/p has finished (status.phase Succeeded): the scheduler does not schedule it',
    },
    {
      name: 'gated pod',
      pods: [gated],
      message: 'pod default/p is gated and gets no scheduling attempt: waiting for scheduling gates: [g]',
    },
    {
      name: 'pod for another scheduler',
      pods: [makePod('p').schedulerName('other').obj()],
      message:
        'pod default/p is for another scheduler and gets no scheduling attempt: no profile for schedulerName "other" (pass its configuration with --config)',
    },
  ])('$name', ({ pods, message }) => {
    expect(() => explain(pods)).toThrow(expect.objectContaining({ code: ErrorCodes.InputInvalid, message }));
  });

  test('nodeVerdict: an unknown node', () => {
    const e = explain([makePod('p').obj()]);
    expect(() => nodeVerdict(e, 'zz')).toThrow(expect.objectContaining({ message: 'node "zz" not found' }));
  });

  test('a Scheduler created without EXPLAIN_OPTIONS is a bug, not bad input', () => {
    const objects = clusterOf({ nodes: [node('a')], pods: [makePod('p').obj()] });
    expect(() => explainPod(createScheduler(), objects, 'default/p')).toThrow(
      expect.objectContaining({ code: ErrorCodes.Internal }),
    );
  });
});
