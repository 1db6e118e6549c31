import { parseManifests } from '@peapod/core';
import { clusterOf, makeNode, makePod } from '@peapod/testing';
import { describe, expect, test } from 'vitest';
import {
  balanceOf,
  compareResults,
  createDefaultRegistry,
  createScheduler,
  defaultSchedulerConfig,
  loadSchedulerConfiguration,
  type ScheduleResult,
  schedulerConfigFrom,
  utilisationOf,
} from '../src/index.js';

const node = (name: string) => makeNode(name).allocatable({ cpu: '4', memory: '8Gi', pods: '110' }).obj();

function mostAllocated() {
  const registry = createDefaultRegistry();
  const text = `
apiVersion: kubescheduler.config.k8s.io/v1
kind: KubeSchedulerConfiguration
profiles:
- pluginConfig:
  - name: NodeResourcesFit
    args: { scoringStrategy: { type: MostAllocated } }
`;
  return schedulerConfigFrom(loadSchedulerConfiguration(text, 'most.yaml', registry), registry);
}

describe('balanceOf', () => {
  test.each([
    { name: 'no values', values: [], want: { mean: 0, stddev: 0 } },
    { name: 'equal values', values: [0.5, 0.5, 0.5], want: { mean: 0.5, stddev: 0 } },
    { name: 'population stddev', values: [0, 1], want: { mean: 0.5, stddev: 0.5 } },
    { name: 'four values', values: [0.2, 0.4, 0.4, 0.6], want: { mean: 0.4, stddev: Math.sqrt(0.02) } },
  ])('$name', ({ values, want }) => {
    const got = balanceOf(values);
    expect(got.mean).toBeCloseTo(want.mean, 12);
    expect(got.stddev).toBeCloseTo(want.stddev, 12);
  });
});

describe('utilisationOf', () => {
  test('ratios per node, nodes without allocatable left out, nodes with pods counted', () => {
    const usage = (cpu: [number, number], memory: [number, number], pods: number) => ({
      name: 'n',
      allocatable: { cpu: cpu[1], memory: memory[1], pods: 110 },
      requested: { cpu: cpu[0], memory: memory[0], pods },
    });
    const u = utilisationOf([usage([1000, 4000], [1, 4], 1), usage([3000, 4000], [0, 0], 2), usage([0, 0], [0, 4], 0)]);
    expect(u).toEqual({ cpu: { mean: 0.5, stddev: 0.25 }, memory: { mean: 0.125, stddev: 0.125 }, nodesWithPods: 2 });
  });
});

describe('compareResults', () => {
  const objects = clusterOf({
    nodes: [node('a'), node('b')],
    pods: [makePod('p1').req({ cpu: '1', memory: '1Gi' }).obj(), makePod('p2').req({ cpu: '1', memory: '1Gi' }).obj()],
  });
  const run = (config = defaultSchedulerConfig()): ScheduleResult =>
    createScheduler({ tieBreak: 'lowest-name' }, config).run(objects);

  test('MostAllocated packs, LeastAllocated spreads: the differing pod and the balance of each run', () => {
    const comparison = compareResults(objects, run(mostAllocated()), run());
    expect(comparison.differences).toEqual([
      { pod: 'default/p2', a: { status: 'scheduled', node: 'a' }, b: { status: 'scheduled', node: 'b' } },
    ]);
    expect(comparison.a.utilisation).toEqual({
      cpu: { mean: 0.25, stddev: 0.25 },
      memory: { mean: 0.125, stddev: 0.125 },
      nodesWithPods: 1,
    });
    expect(comparison.b.utilisation).toEqual({
      cpu: { mean: 0.25, stddev: 0 },
      memory: { mean: 0.125, stddev: 0 },
      nodesWithPods: 2,
    });
    expect(comparison.a.summary.scheduled).toBe(2);
  });

  test('the same configuration twice differs nowhere', () => {
    expect(compareResults(objects, run(), run()).differences).toEqual([]);
  });

  test('unschedulable, gated and preempted pods, and a bound pod only one run evicted', () => {
    const result = (decisions: Partial<ScheduleResult>): ScheduleResult => ({ ...run(), ...decisions });
    const withBound = parseManifests(
      'apiVersion: v1\nkind: Pod\nmetadata: { name: old }\nspec: { nodeName: a, containers: [{ name: c }] }\n',
      'x.yaml',
    );
    const base = { seq: 0, attempt: 1, evaluatedNodes: 2, feasibleNodes: 0 };
    const a = result({
      decisions: [
        { ...base, index: 0, pod: 'default/p1', scheduled: false, node: null },
        { ...base, seq: 1, index: 1, pod: 'default/p2', scheduled: true, node: 'b', victims: ['default/old'] },
      ],
      skipped: [],
    });
    const b = result({
      decisions: [{ ...base, index: 1, pod: 'default/p2', scheduled: true, node: 'b' }],
      skipped: [{ index: 0, pod: 'default/p1', reason: 'gated', message: 'waiting for scheduling gates: [g]' }],
    });
    expect(compareResults(withBound, a, b).differences).toEqual([
      { pod: 'default/p1', a: { status: 'unschedulable' }, b: { status: 'gated' } },
      { pod: 'default/old', a: { status: 'preempted' }, b: { status: 'bound', node: 'a' } },
    ]);
  });
});
