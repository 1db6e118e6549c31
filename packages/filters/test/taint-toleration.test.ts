import {
  DO_NOT_SCHEDULE_TAINTS,
  type Node,
  type Pod,
  type Status,
  type TaintEffect,
  type Toleration,
  tolerationsTolerateTaint,
} from '@peapod/core';
import { makeNode, makePod, runFilter, snapshotOf } from '@peapod/testing';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { reasonUntoleratedTaint, taintTolerationFilter } from '../src/index.js';

const untolerated = (key: string, value: string): Status => ({
  code: 'UnschedulableAndUnresolvable',
  reasons: [reasonUntoleratedTaint(key, value)],
});

interface Case {
  name: string;
  pod: Pod;
  node: Node;
  want: Status | null;
}

const pod = (...tolerations: Toleration[]) => tolerations.reduce((b, t) => b.toleration(t), makePod('p')).obj();

// Cases follow upstream taint_toleration_test.go TestTaintTolerationFilter, then node-order and format details.
const cases: Case[] = [
  {
    name: 'a pod having no tolerations cannot be scheduled onto a node with nonempty taints',
    pod: pod(),
    node: makeNode('n').taint('dedicated', 'user1', 'NoSchedule').obj(),
    want: untolerated('dedicated', 'user1'),
  },
  {
    name: 'a pod tolerating the dedicated=user1 NoSchedule taint fits',
    pod: pod({ key: 'dedicated', value: 'user1', effect: 'NoSchedule' }),
    node: makeNode('n').taint('dedicated', 'user1', 'NoSchedule').obj(),
    want: null,
  },
  {
    name: 'a pod tolerating dedicated=user2 does not fit a node dedicated to user1',
    pod: pod({ key: 'dedicated', operator: 'Equal', value: 'user2', effect: 'NoSchedule' }),
    node: makeNode('n').taint('dedicated', 'user1', 'NoSchedule').obj(),
    want: untolerated('dedicated', 'user1'),
  },
  {
    name: 'a toleration with operator Exists tolerates the taint whatever its value',
    pod: pod({ key: 'foo', operator: 'Exists', effect: 'NoSchedule' }),
    node: makeNode('n').taint('foo', 'bar', 'NoSchedule').obj(),
    want: null,
  },
  {
    name: 'multiple tolerations tolerate all of multiple taints',
    pod: pod(
      { key: 'dedicated', operator: 'Equal', value: 'user2', effect: 'NoSchedule' },
      { key: 'foo', operator: 'Exists', effect: 'NoSchedule' },
    ),
    node: makeNode('n').taint('dedicated', 'user2', 'NoSchedule').taint('foo', 'bar', 'NoSchedule').obj(),
    want: null,
  },
  {
    name: 'key and value match but a non-empty effect does not',
    pod: pod({ key: 'foo', operator: 'Equal', value: 'bar', effect: 'PreferNoSchedule' }),
    node: makeNode('n').taint('foo', 'bar', 'NoSchedule').obj(),
    want: untolerated('foo', 'bar'),
  },
  {
    name: 'an empty toleration effect matches every effect',
    pod: pod({ key: 'foo', operator: 'Equal', value: 'bar' }),
    node: makeNode('n').taint('foo', 'bar', 'NoSchedule').obj(),
    want: null,
  },
  {
    name: 'an untolerated PreferNoSchedule taint does not filter',
    pod: pod({ key: 'dedicated', operator: 'Equal', value: 'user2', effect: 'NoSchedule' }),
    node: makeNode('n').taint('dedicated', 'user1', 'PreferNoSchedule').obj(),
    want: null,
  },
  {
    name: 'no tolerations and only a PreferNoSchedule taint',
    pod: pod(),
    node: makeNode('n').taint('dedicated', 'user1', 'PreferNoSchedule').obj(),
    want: null,
  },
  {
    name: 'an untolerated NoExecute taint filters',
    pod: pod(),
    node: makeNode('n').taint('node.kubernetes.io/not-ready', '', 'NoExecute').obj(),
    want: untolerated('node.kubernetes.io/not-ready', ''),
  },
  {
    name: 'a taint without value prints as {key: }',
    pod: pod(),
    node: makeNode('n').taint('node-role.kubernetes.io/control-plane', '', 'NoSchedule').obj(),
    want: untolerated('node-role.kubernetes.io/control-plane', ''),
  },
  {
    name: 'the first untolerated hard taint in node order is reported',
    pod: pod({ key: 'a', operator: 'Exists' }),
    node: makeNode('n')
      .taint('a', '1', 'NoSchedule')
      .taint('p', '1', 'PreferNoSchedule')
      .taint('b', '2', 'NoExecute')
      .taint('c', '3', 'NoSchedule')
      .obj(),
    want: untolerated('b', '2'),
  },
  {
    name: 'an empty key with Exists tolerates every taint',
    pod: pod({ operator: 'Exists' }),
    node: makeNode('n').taint('nvidia.com/gpu', 'present', 'NoSchedule').taint('x', '', 'NoExecute').obj(),
    want: null,
  },
  {
    name: 'the cordon taint is an ordinary taint here',
    pod: pod(),
    node: makeNode('n').taint('node.kubernetes.io/unschedulable', '', 'NoSchedule').obj(),
    want: untolerated('node.kubernetes.io/unschedulable', ''),
  },
  { name: 'a node without taints', pod: pod(), node: makeNode('n').obj(), want: null },
];

describe('TaintToleration filter', () => {
  test.each(cases)('$name', ({ pod, node, want }) => {
    const { preFilter, statuses } = runFilter(taintTolerationFilter(), pod, snapshotOf([node]));
    expect(preFilter).toBeNull();
    expect(statuses).toEqual([want]);
  });

  test('nodes with the same untolerated taint share one status object', () => {
    const nodes = ['a', 'b', 'c'].map((n) => makeNode(n).taint('nvidia.com/gpu', 'present', 'NoSchedule').obj());
    const { statuses } = runFilter(taintTolerationFilter(), pod(), snapshotOf(nodes));
    expect(statuses[0]).toEqual(untolerated('nvidia.com/gpu', 'present'));
    expect(statuses[1]).toBe(statuses[0]);
    expect(statuses[2]).toBe(statuses[0]);
  });

  const effect = fc.constantFrom<TaintEffect>('NoSchedule', 'PreferNoSchedule', 'NoExecute');
  const taint = fc.record({ key: fc.constantFrom('a', 'b', 'c'), value: fc.constantFrom('', 'x', 'y'), effect });
  const toleration: fc.Arbitrary<Toleration> = fc.record(
    {
      key: fc.constantFrom('a', 'b', ''),
      operator: fc.constantFrom('Exists' as const, 'Equal' as const),
      value: fc.constantFrom('', 'x'),
      effect: fc.oneof(fc.constant('' as const), effect),
    },
    { requiredKeys: [] },
  );

  test('property: a pod is never accepted on a node with an untolerated NoSchedule/NoExecute taint', () => {
    fc.assert(
      fc.property(fc.array(taint, { maxLength: 4 }), fc.array(toleration, { maxLength: 3 }), (taints, tolerations) => {
        const node = taints.reduce((b, t) => b.taint(t.key, t.value, t.effect), makeNode('n')).obj();
        const [got] = runFilter(taintTolerationFilter(), pod(...tolerations), snapshotOf([node])).statuses;
        const hard = taints.filter((t) => DO_NOT_SCHEDULE_TAINTS(t) && !tolerationsTolerateTaint(tolerations, t));
        expect(got).toEqual(hard.length === 0 ? null : untolerated(hard[0]!.key, hard[0]!.value));
      }),
    );
  });
});
