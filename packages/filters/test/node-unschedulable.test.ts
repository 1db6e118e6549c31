import { type Node, type Pod, type Status, type Toleration, tolerationsTolerateTaint } from '@peapod/core';
import { makeNode, makePod, runFilter, snapshotOf } from '@peapod/testing';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { nodeUnschedulableFilter, ReasonNodeUnschedulable, TAINT_NODE_UNSCHEDULABLE } from '../src/index.js';

const UNSCHEDULABLE: Status = { code: 'UnschedulableAndUnresolvable', reasons: [ReasonNodeUnschedulable] };
const KEY = 'node.kubernetes.io/unschedulable';

interface Case {
  name: string;
  pod: Pod;
  node: Node;
  want: Status | null;
}

// Cases follow upstream node_unschedulable_test.go, plus toleration forms.
const cases: Case[] = [
  { name: 'schedulable node', pod: makePod('p').obj(), node: makeNode('n').unschedulable(false).obj(), want: null },
  { name: 'spec.unschedulable unset', pod: makePod('p').obj(), node: makeNode('n').obj(), want: null },
  {
    name: 'cordoned node rejects a pod without tolerations',
    pod: makePod('p').obj(),
    node: makeNode('n').unschedulable().obj(),
    want: UNSCHEDULABLE,
  },
  {
    name: 'a pod tolerating the unschedulable taint fits a cordoned node',
    pod: makePod('p').toleration({ key: KEY, operator: 'Exists', effect: 'NoSchedule' }).obj(),
    node: makeNode('n').unschedulable().obj(),
    want: null,
  },
  {
    name: 'a toleration with an empty key and Exists tolerates everything',
    pod: makePod('p').toleration({ operator: 'Exists' }).obj(),
    node: makeNode('n').unschedulable().obj(),
    want: null,
  },
  {
    name: 'Equal with an empty value matches the taint, which has no value',
    pod: makePod('p').toleration({ key: KEY, operator: 'Equal', effect: 'NoSchedule' }).obj(),
    node: makeNode('n').unschedulable().obj(),
    want: null,
  },
  {
    name: 'Equal with a value does not match the taint',
    pod: makePod('p').toleration({ key: KEY, operator: 'Equal', value: 'true', effect: 'NoSchedule' }).obj(),
    node: makeNode('n').unschedulable().obj(),
    want: UNSCHEDULABLE,
  },
  {
    name: 'a NoExecute toleration does not tolerate the NoSchedule taint',
    pod: makePod('p').toleration({ key: KEY, operator: 'Exists', effect: 'NoExecute' }).obj(),
    node: makeNode('n').unschedulable().obj(),
    want: UNSCHEDULABLE,
  },
  {
    name: 'a toleration of another key does not help',
    pod: makePod('p').toleration({ key: 'dedicated', operator: 'Exists' }).obj(),
    node: makeNode('n').unschedulable().obj(),
    want: UNSCHEDULABLE,
  },
  {
    name: 'the taint on a schedulable node is not this plugin’s business (TaintToleration handles it)',
    pod: makePod('p').obj(),
    node: makeNode('n').taint(KEY, '', 'NoSchedule').obj(),
    want: null,
  },
];

describe('NodeUnschedulable filter', () => {
  test.each(cases)('$name', ({ pod, node, want }) => {
    const { preFilter, statuses } = runFilter(nodeUnschedulableFilter(), pod, snapshotOf([node]));
    expect(preFilter).toBeNull();
    expect(statuses).toEqual([want]);
  });

  const toleration: fc.Arbitrary<Toleration> = fc.record(
    {
      key: fc.constantFrom(KEY, 'other', ''),
      operator: fc.constantFrom('Exists' as const, 'Equal' as const),
      value: fc.constantFrom('', 'true'),
      effect: fc.constantFrom('' as const, 'NoSchedule' as const, 'NoExecute' as const),
    },
    { requiredKeys: [] },
  );

  test('property: a cordoned node rejects exactly the pods that do not tolerate the unschedulable taint', () => {
    fc.assert(
      fc.property(fc.array(toleration, { maxLength: 3 }), fc.boolean(), (tolerations, cordoned) => {
        const pod = tolerations.reduce((b, t) => b.toleration(t), makePod('p')).obj();
        const node = makeNode('n').unschedulable(cordoned).obj();
        const [got] = runFilter(nodeUnschedulableFilter(), pod, snapshotOf([node])).statuses;
        const rejected = cordoned && !tolerationsTolerateTaint(tolerations, TAINT_NODE_UNSCHEDULABLE);
        expect(got).toEqual(rejected ? UNSCHEDULABLE : null);
      }),
    );
  });
});
