import type { Node, Pod, TaintEffect, Toleration } from '@peapod/core';
import { makeNode, makePod, runScore, snapshotOf } from '@peapod/testing';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  countIntolerablePreferNoScheduleTaints,
  defaultNormalizeScore,
  goIntDiv,
  preferNoScheduleTolerations,
  taintTolerationScore,
} from '../src/index.js';

const tolerate = (key: string, value: string, effect: Toleration['effect']): Toleration => ({
  key,
  operator: 'Equal',
  value,
  effect,
});

const node = (name: string, ...taints: [string, string, TaintEffect][]): Node => {
  const n = makeNode(name);
  for (const [k, v, e] of taints) n.taint(k, v, e);
  return n.obj();
};

interface Case {
  name: string;
  pod: Pod;
  nodes: Node[];
  want: number[];
}

// Cases from upstream taint_toleration_test.go (TestTaintTolerationScore).
const cases: Case[] = [
  {
    name: 'a node whose taints the pod tolerates scores higher than one with intolerable taints',
    pod: makePod('p')
      .toleration(tolerate('foo', 'bar', 'PreferNoSchedule'))
      .obj(),
    nodes: [node('a', ['foo', 'bar', 'PreferNoSchedule']), node('b', ['foo', 'blah', 'PreferNoSchedule'])],
    want: [100, 0],
  },
  {
    name: 'nodes whose taints are all tolerated score the same, however many taints they have',
    pod: makePod('p')
      .toleration(tolerate('cpu-type', 'arm64', 'PreferNoSchedule'))
      .toleration(tolerate('disk-type', 'ssd', 'PreferNoSchedule'))
      .obj(),
    nodes: [
      node('a'),
      node('b', ['cpu-type', 'arm64', 'PreferNoSchedule']),
      node('c', ['cpu-type', 'arm64', 'PreferNoSchedule'], ['disk-type', 'ssd', 'PreferNoSchedule']),
    ],
    want: [100, 100, 100],
  },
  {
    name: 'the more intolerable taints a node has, the lower it scores',
    pod: makePod('p')
      .toleration(tolerate('foo', 'bar', 'PreferNoSchedule'))
      .obj(),
    nodes: [
      node('a'),
      node('b', ['cpu-type', 'arm64', 'PreferNoSchedule']),
      node('c', ['cpu-type', 'arm64', 'PreferNoSchedule'], ['disk-type', 'ssd', 'PreferNoSchedule']),
    ],
    want: [100, 50, 0],
  },
  {
    name: 'only PreferNoSchedule taints count, and NoSchedule tolerations do not tolerate them',
    pod: makePod('p')
      .toleration(tolerate('cpu-type', 'arm64', 'NoSchedule'))
      .toleration(tolerate('disk-type', 'ssd', 'NoSchedule'))
      .obj(),
    nodes: [
      node('a'),
      node('b', ['cpu-type', 'arm64', 'NoSchedule']),
      node('c', ['cpu-type', 'arm64', 'PreferNoSchedule'], ['disk-type', 'ssd', 'PreferNoSchedule']),
    ],
    want: [100, 100, 0],
  },
  {
    name: 'no taints anywhere: every node 100 (reverse normalisation of all zeros)',
    pod: makePod('p').obj(),
    nodes: [node('a'), node('b', ['x', 'y', 'NoExecute'])],
    want: [100, 100],
  },
  {
    name: 'a toleration with an empty effect tolerates PreferNoSchedule taints',
    pod: makePod('p').toleration({ key: 'foo', operator: 'Exists' }).obj(),
    nodes: [node('a', ['foo', 'bar', 'PreferNoSchedule']), node('b', ['baz', '', 'PreferNoSchedule'])],
    want: [100, 0],
  },
  {
    name: 'an empty key with Exists tolerates every PreferNoSchedule taint',
    pod: makePod('p').toleration({ operator: 'Exists', effect: 'PreferNoSchedule' }).obj(),
    nodes: [node('a', ['foo', 'bar', 'PreferNoSchedule']), node('b')],
    want: [100, 100],
  },
  {
    name: 'Go integer division: 1 of 3 intolerable taints gives 100 - 33',
    pod: makePod('p').obj(),
    nodes: [
      node('a', ['k1', '', 'PreferNoSchedule']),
      node('b', ['k1', '', 'PreferNoSchedule'], ['k2', '', 'PreferNoSchedule'], ['k3', '', 'PreferNoSchedule']),
    ],
    want: [67, 0],
  },
];

describe('TaintToleration score', () => {
  test.each(cases)('$name', ({ pod, nodes, want }) => {
    expect(runScore(taintTolerationScore(), pod, snapshotOf(nodes)).scores).toEqual(want);
  });

  test('PreScore keeps only tolerations with effect PreferNoSchedule or empty', () => {
    const tolerations: Toleration[] = [
      tolerate('a', '1', 'NoSchedule'),
      tolerate('b', '2', 'PreferNoSchedule'),
      { key: 'c', operator: 'Exists' },
      { key: 'd', operator: 'Exists', effect: '' },
      tolerate('e', '5', 'NoExecute'),
    ];
    expect(preferNoScheduleTolerations(tolerations).map((t) => t.key)).toEqual(['b', 'c', 'd']);
    expect(preferNoScheduleTolerations(undefined)).toEqual([]);
  });

  test('property: the count is the number of PreferNoSchedule taints with no matching toleration', () => {
    const taintArb = fc.record({
      key: fc.constantFrom('a', 'b', 'c'),
      value: fc.constantFrom('', 'x', 'y'),
      effect: fc.constantFrom<TaintEffect>('NoSchedule', 'PreferNoSchedule', 'NoExecute'),
    });
    const tolerationArb = fc.record({
      key: fc.constantFrom('a', 'b', 'c'),
      operator: fc.constantFrom<'Exists' | 'Equal'>('Exists', 'Equal'),
      value: fc.constantFrom('', 'x', 'y'),
      effect: fc.constantFrom<Toleration['effect']>('', 'PreferNoSchedule', 'NoSchedule'),
    });
    fc.assert(
      fc.property(fc.array(taintArb, { maxLength: 6 }), fc.array(tolerationArb, { maxLength: 4 }), (taints, tols) => {
        const count = countIntolerablePreferNoScheduleTaints(taints, preferNoScheduleTolerations(tols));
        const pns = taints.filter((t) => t.effect === 'PreferNoSchedule');
        expect(count).toBeGreaterThanOrEqual(0);
        expect(count).toBeLessThanOrEqual(pns.length);
        // Without tolerations every PreferNoSchedule taint counts.
        expect(countIntolerablePreferNoScheduleTaints(taints, [])).toBe(pns.length);
      }),
    );
  });
});

describe('defaultNormalizeScore', () => {
  test.each([
    { name: 'all zero, not reversed: left as is', scores: [0, 0], reverse: false, want: [0, 0] },
    { name: 'all zero, reversed: every node max', scores: [0, 0], reverse: true, want: [100, 100] },
    { name: 'scaled to the max, truncating', scores: [1, 2, 3], reverse: false, want: [33, 66, 100] },
    { name: 'reversed after scaling', scores: [1, 2, 3], reverse: true, want: [67, 34, 0] },
    { name: 'negative scores never raise the max', scores: [-5, 0], reverse: false, want: [-5, 0] },
  ])('$name', ({ scores, reverse, want }) => {
    const s = Float64Array.from(scores);
    defaultNormalizeScore(100, reverse, s);
    expect([...s]).toEqual(want);
  });

  test('property: results lie in [0, 100], the max maps to 100, and reverse mirrors it', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 10_000 }), { minLength: 1, maxLength: 30 }), (raw) => {
        const plain = Float64Array.from(raw);
        const reversed = Float64Array.from(raw);
        defaultNormalizeScore(100, false, plain);
        defaultNormalizeScore(100, true, reversed);
        const max = Math.max(...raw);
        for (let i = 0; i < raw.length; i++) {
          expect(plain[i]).toBeGreaterThanOrEqual(0);
          expect(plain[i]).toBeLessThanOrEqual(100);
          expect(reversed[i]).toBe(max === 0 ? 100 : 100 - plain[i]!);
          if (max > 0 && raw[i] === max) expect(plain[i]).toBe(100);
        }
      }),
    );
  });

  test('property: goIntDiv is int64 division (truncation toward zero)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -(2 ** 52), max: 2 ** 52 }),
        fc.integer({ min: -(2 ** 40), max: 2 ** 40 }).filter((b) => b !== 0),
        (a, b) => {
          expect(goIntDiv(a, b)).toBe(Number(BigInt(a) / BigInt(b)));
        },
      ),
    );
  });
});
