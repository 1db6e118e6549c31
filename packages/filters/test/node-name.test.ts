import type { Pod, Status } from '@peapod/core';
import { makeNode, makePod, runFilter, snapshotOf } from '@peapod/testing';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { nodeNameFilter, ReasonNodeNameMismatch } from '../src/index.js';

const MISMATCH: Status = { code: 'UnschedulableAndUnresolvable', reasons: [ReasonNodeNameMismatch] };

interface Case {
  name: string;
  pod: Pod;
  want: Status | null;
}

// Cases follow upstream node_name_test.go; the node is `foo`.
const cases: Case[] = [
  { name: 'no host specified', pod: makePod('p').obj(), want: null },
  { name: 'host matches', pod: makePod('p').node('foo').obj(), want: null },
  { name: 'host does not match', pod: makePod('p').node('bar').obj(), want: MISMATCH },
  { name: 'an empty nodeName counts as unset', pod: makePod('p').node('').obj(), want: null },
];

describe('NodeName filter', () => {
  test.each(cases)('$name', ({ pod, want }) => {
    const { preFilter, statuses } = runFilter(nodeNameFilter(), pod, snapshotOf([makeNode('foo').obj()]));
    expect(preFilter).toBeNull();
    expect(statuses).toEqual([want]);
  });

  test('property: a pod naming a node passes on that node only; without a name, on every node', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.constantFrom('a', 'b', 'node-1', 'node-10', 'node-2'), { minLength: 1 }),
        fc.option(fc.constantFrom('a', 'b', 'node-1', 'zzz')),
        (names, wanted) => {
          const snapshot = snapshotOf(names.map((n) => makeNode(n).obj()));
          const pod = wanted === null ? makePod('p').obj() : makePod('p').node(wanted).obj();
          const { statuses } = runFilter(nodeNameFilter(), pod, snapshot);
          statuses.forEach((s, i) => {
            expect(s).toEqual(wanted === null || names[i] === wanted ? null : MISMATCH);
          });
        },
      ),
    );
  });
});
