import type { Pod } from '@peapod/core';
import { makeNode, makePod, podInfo, runScore, snapshotOf } from '@peapod/testing';
import { describe, expect, test } from 'vitest';
import { leastRequestedScore, mostRequestedScore, nodeResourcesFitScore, scoringCpuRequest } from '../src/index.js';

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
