import type { Pod } from '@peapod/core';
import { makeNode, makePod, podInfo, runScore, snapshotOf } from '@peapod/testing';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  brokenLinearFunction,
  leastRequestedScore,
  mostRequestedScore,
  nodeResourcesFitScore,
  type ResourceWeight,
  requestedToCapacityRatioScorer,
  scoringCpuRequest,
  type UtilizationShapePoint,
} from '../src/index.js';

describe('leastRequestedScore / mostRequestedScore', () => {
  test.each([
    { name: 'empty node', requested: 0, capacity: 4000, least: 100, most: 0 },
    { name: 'truncates like Go', requested: 1000, capacity: 3000, least: 66, most: 33 },
    { name: 'full', requested: 4000, capacity: 4000, least: 0, most: 100 },
    { name: 'over capacity', requested: 5000, capacity: 4000, least: 0, most: 100 },
    { name: 'zero capacity', requested: 10, capacity: 0, least: 0, most: 0 },
  ])('$name', ({ requested, capacity, least, most }) => {
    expect(leastRequestedScore(requested, capacity)).toBe(least);
    expect(mostRequestedScore(requested, capacity)).toBe(most);
  });
});

interface Case {
  name: string;
  pod: Pod;
  bound?: Pod[];
  want: number[];
}

const nodes = () => [
  makeNode('small').allocatable({ cpu: '4', memory: '10000', pods: '110' }).obj(),
  makeNode('big').allocatable({ cpu: '6', memory: '10000', pods: '110' }).obj(),
];

// Cases follow upstream least_allocated_test.go.
const cases: Case[] = [
  {
    // cpu: (4000-0)/4000 -> but the pod's missing requests count as 100m / 200Mi; memory 10000 < 200Mi -> 0.
    name: 'missing requests count as 100m cpu and 200Mi memory',
    pod: makePod('p').obj(),
    want: [Math.trunc((97 + 0) / 2), Math.trunc((98 + 0) / 2)],
  },
  {
    name: 'explicit zero requests stay zero',
    pod: makePod('p').req({ cpu: '0', memory: '0' }).obj(),
    want: [100, 100],
  },
  {
    // small: cpu (4000-3000)*100/4000=25, mem (10000-5000)*100/10000=50 -> 37; big: cpu 50, mem 50 -> 50
    name: 'requested resources on nodes with different capacity',
    pod: makePod('p').req({ cpu: '3000m', memory: '5000' }).obj(),
    want: [37, 50],
  },
  {
    // bound pod on big: cpu 3000+3000 of 6000 -> 0, mem 5000+5000 of 10000 -> 0
    name: 'bound pods count',
    pod: makePod('p').req({ cpu: '3000m', memory: '5000' }).obj(),
    bound: [makePod('a').req({ cpu: '3000m', memory: '5000' }).node('big').obj()],
    want: [37, 0],
  },
  {
    name: 'a bound pod without requests counts with its non-zero defaults',
    pod: makePod('p').req({ cpu: '0', memory: '0' }).obj(),
    bound: [makePod('a').req({ memory: '0' }).node('small').obj()],
    // small cpu: (4000-100)*100/4000 = 97, memory 100 -> 98
    want: [98, 100],
  },
];

describe('NodeResourcesFit score (LeastAllocated)', () => {
  test.each(cases)('$name', ({ pod, bound = [], want }) => {
    const { scores } = runScore(nodeResourcesFitScore(), pod, snapshotOf(nodes(), bound));
    expect(scores).toEqual(want);
  });

  test('an extended resource in the strategy counts only when the pod requests it', () => {
    const plugin = nodeResourcesFitScore({
      scoringStrategy: {
        type: 'LeastAllocated',
        resources: [
          { name: 'cpu', weight: 1 },
          { name: 'nvidia.com/gpu', weight: 3 },
        ],
      },
    });
    const gpuNodes = [makeNode('g').allocatable({ cpu: '4', 'nvidia.com/gpu': '4', pods: '10' }).obj()];
    // cpu only: (4000-1000)*100/4000 = 75
    expect(runScore(plugin, makePod('p').req({ cpu: '1' }).obj(), snapshotOf(gpuNodes)).scores).toEqual([75]);
    // cpu 75*1 + gpu (4-1)*100/4=75*3 -> (75+225)/4 = 75; with 2 gpus: (75 + 50*3)/4 = 56
    expect(
      runScore(plugin, makePod('p').req({ cpu: '1', 'nvidia.com/gpu': '2' }).obj(), snapshotOf(gpuNodes)).scores,
    ).toEqual([56]);
  });

  test("v1.26 adds the incoming pod's cpu overhead in whole cores (Quantity.Value), not millicores", () => {
    const pod = makePod('p').req({ cpu: '1', memory: '5000' }).overhead({ cpu: '250m' }).obj();
    // small: cpu (4000-1001)*100/4000 = 74, mem 50 -> 62 (with 1250m it would be (68+50)/2 = 59)
    expect(runScore(nodeResourcesFitScore(), pod, snapshotOf(nodes())).scores[0]).toBe(62);
    expect(scoringCpuRequest(podInfo(pod))).toBe(1001);
  });

  test('MostAllocated favours the fuller node', () => {
    const plugin = nodeResourcesFitScore({ scoringStrategy: { type: 'MostAllocated' } });
    const { scores } = runScore(plugin, makePod('p').req({ cpu: '3000m', memory: '5000' }).obj(), snapshotOf(nodes()));
    // small: cpu 75, mem 50 -> 62; big: cpu 50, mem 50 -> 50
    expect(scores).toEqual([62, 50]);
  });
});

describe('brokenLinearFunction (upstream TestBrokenLinearFunction)', () => {
  test.each([
    {
      points: [
        { utilization: 10, score: 1 },
        { utilization: 90, score: 9 },
      ],
      assertions: [
        [-10, 1],
        [0, 1],
        [9, 1],
        [10, 1],
        [15, 1],
        [19, 1],
        [20, 2],
        [89, 8],
        [90, 9],
        [99, 9],
        [100, 9],
        [110, 9],
      ],
    },
    {
      points: [
        { utilization: 0, score: 2 },
        { utilization: 40, score: 10 },
        { utilization: 100, score: 0 },
      ],
      // 71: 10 + (-10 * 31) / 60 = 10 + trunc(-5.17) = 5 (Go truncates toward zero, not down)
      assertions: [
        [-10, 2],
        [0, 2],
        [20, 6],
        [30, 8],
        [40, 10],
        [70, 5],
        [71, 5],
        [100, 0],
        [110, 0],
      ],
    },
    {
      points: [
        { utilization: 0, score: 2 },
        { utilization: 40, score: 2 },
        { utilization: 100, score: 2 },
      ],
      assertions: [
        [-10, 2],
        [0, 2],
        [40, 2],
        [70, 2],
        [110, 2],
      ],
    },
  ])('shape %#', ({ points, assertions }) => {
    const f = brokenLinearFunction(points);
    for (const [p, want] of assertions) expect([p, f(p!)]).toEqual([p, want]);
  });
});

function rtcr(shape: UtilizationShapePoint[], resources?: ResourceWeight[]) {
  return nodeResourcesFitScore({
    scoringStrategy: {
      type: 'RequestedToCapacityRatio',
      requestedToCapacityRatio: { shape },
      ...(resources ? { resources } : {}),
    },
  });
}

const leastShape = [
  { utilization: 0, score: 10 },
  { utilization: 100, score: 0 },
];
const binPackingShape = [
  { utilization: 0, score: 0 },
  { utilization: 100, score: 1 },
];

// Cases follow upstream requested_to_capacity_ratio_test.go (cpu "4000" is 4000 cores there too).
describe('NodeResourcesFit score (RequestedToCapacityRatio)', () => {
  const zero = (name: string) => makePod(name).req({ cpu: '0', memory: '0' });
  const bigNodes = () => [
    makeNode('node1').allocatable({ cpu: '4000', memory: '10000' }).obj(),
    makeNode('node2').allocatable({ cpu: '6000', memory: '10000' }).obj(),
  ];
  test.each([
    {
      // Upstream's pods have no containers; a pod always has one here, so explicit zeros stand in.
      name: 'nothing scheduled, nothing requested',
      pod: zero('p').obj(),
      bound: [zero('a').node('node1').obj(), zero('b').node('node1').obj()],
      want: [100, 100],
    },
    {
      // node1: cpu 3000/4000 -> util 75 -> 25, memory 50 -> 50: (25 + 50) / 2 = 37.5 rounds to 38
      name: 'nothing scheduled, resources requested, differently sized nodes: the average is rounded',
      pod: makePod('p').req({ cpu: '1000', memory: '2000' }).container({ cpu: '2000', memory: '3000' }).obj(),
      bound: [zero('a').node('node1').obj()],
      want: [38, 50],
    },
    {
      name: 'no resources requested, pods scheduled with resources',
      pod: zero('p').obj(),
      bound: [
        makePod('a').req({ cpu: '3000', memory: '5000' }).node('node1').obj(),
        makePod('b').req({ cpu: '3000', memory: '5000' }).node('node2').obj(),
      ],
      want: [38, 50],
    },
    {
      name: 'a resource scoring 0 is left out of the weighted average',
      pod: makePod('p').container().obj(),
      bound: [],
      want: [100, 100],
    },
  ])('$name', ({ pod, bound, want }) => {
    expect(runScore(rtcr(leastShape), pod, snapshotOf(bigNodes(), bound)).scores).toEqual(want);
  });

  const fooNodes = () => [
    makeNode('node1').allocatable({ cpu: '4', memory: '10000Mi', 'intel.com/foo': '8', 'intel.com/bar': '4' }).obj(),
    makeNode('node2').allocatable({ cpu: '4', memory: '10000Mi', 'intel.com/foo': '4', 'intel.com/bar': '8' }).obj(),
  ];
  test.each([
    { name: 'nothing requested: the extended resource is skipped', pod: makePod('p').obj(), bound: [], want: [0, 0] },
    {
      // node1: 2/8 -> util 25 -> trunc(2.5) = 2 (shape score 1 scaled to 10); node2: 2/4 -> 5
      name: 'resources requested, pods scheduled with less resources',
      pod: makePod('p').req({ 'intel.com/foo': '2' }).obj(),
      bound: [],
      want: [2, 5],
    },
    {
      name: 'resources requested, on a node with an existing pod running',
      pod: makePod('p').req({ 'intel.com/foo': '2' }).obj(),
      bound: [makePod('a').req({ 'intel.com/foo': '2' }).node('node2').obj()],
      want: [2, 10],
    },
    {
      name: 'resources requested, pods scheduled with more resources',
      pod: makePod('p').req({ 'intel.com/foo': '4' }).obj(),
      bound: [],
      want: [5, 10],
    },
  ])('single extended resource: $name', ({ pod, bound, want }) => {
    const plugin = rtcr(binPackingShape, [{ name: 'intel.com/foo', weight: 1 }]);
    expect(runScore(plugin, pod, snapshotOf(fooNodes(), bound)).scores).toEqual(want);
  });

  test('multiple extended resources: weighted and rounded', () => {
    const plugin = rtcr(binPackingShape, [
      { name: 'intel.com/foo', weight: 3 },
      { name: 'intel.com/bar', weight: 5 },
    ]);
    const pod = makePod('p').req({ 'intel.com/foo': '2', 'intel.com/bar': '2' }).obj();
    // node1: foo 25 -> 2, bar 50 -> 5: (2*3 + 5*5) / 8 = 3.875 -> 4; node2: (5*3 + 2*5) / 8 = 3.125 -> 3
    expect(runScore(plugin, pod, snapshotOf(fooNodes())).scores).toEqual([4, 3]);
  });

  test('over capacity scores f(100)', () => {
    const plugin = rtcr(binPackingShape, [{ name: 'intel.com/foo', weight: 1 }]);
    const pod = makePod('p').req({ 'intel.com/foo': '6' }).obj();
    // node1: 6/8 -> 75 -> 7; node2: 6 > 4 -> f(100) = 10
    expect(runScore(plugin, pod, snapshotOf(fooNodes())).scores).toEqual([7, 10]);
  });

  test('the scorer: Go rounding half away from zero, zero weight sum gives 0', () => {
    const scorer = requestedToCapacityRatioScorer([1, 1], leastShape);
    expect(scorer([3000, 5000], [4000, 10000])).toBe(38);
    expect(scorer([4000, 10000], [4000, 10000])).toBe(0);
    expect(scorer([1, 1], [0, 0])).toBe(0);
  });

  test('property: an integer within the scaled shape range, and the shape score at each point', () => {
    const shapeArb = fc
      .uniqueArray(fc.integer({ min: 0, max: 100 }), { minLength: 1, maxLength: 5 })
      .chain((us) =>
        fc
          .array(fc.integer({ min: 0, max: 10 }), { minLength: us.length, maxLength: us.length })
          .map((ss) => [...us].sort((a, b) => a - b).map((utilization, i) => ({ utilization, score: ss[i]! }))),
      );
    const pair = fc.tuple(fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 0, max: 4000 }));
    fc.assert(
      fc.property(shapeArb, fc.array(pair, { maxLength: 4 }), (shape, pairs) => {
        const f = brokenLinearFunction(shape);
        for (const p of shape) expect(f(p.utilization)).toBe(p.score);
        const weights = pairs.map((_, i) => i + 1);
        const s = requestedToCapacityRatioScorer(weights, shape)(
          pairs.map((p) => p[0]),
          pairs.map((p) => p[1]),
        );
        const scaled = shape.map((p) => p.score * 10);
        expect(Number.isInteger(s)).toBe(true);
        expect(s === 0 || (s >= Math.min(...scaled) && s <= Math.max(...scaled))).toBe(true);
      }),
    );
  });
});
