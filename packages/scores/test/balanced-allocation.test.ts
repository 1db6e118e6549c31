import type { Node, Pod, ResourceList } from '@peapod/core';
import { makeNode, makePod, runScore, snapshotOf } from '@peapod/testing';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  balancedResourceScore,
  type NodeResourcesBalancedAllocationArgs,
  nodeResourcesBalancedAllocationScore,
} from '../src/index.js';

// Pod specs of upstream balanced_allocation_test.go.
const cpuOnly = (name: string, node?: string) => {
  const w = makePod(name).req({ cpu: '1000m', memory: '0' }).container({ cpu: '2000m', memory: '0' });
  return (node ? w.node(node) : w).obj();
};
const cpuAndMemory = (name: string, node?: string) => {
  const w = makePod(name).req({ cpu: '1000m', memory: '2000' }).container({ cpu: '2000m', memory: '3000' });
  return (node ? w.node(node) : w).obj();
};
const cpuAndMemoryAndGpu = (name: string, node: string) =>
  makePod(name)
    .req({ cpu: '1000m', memory: '2000' })
    .container({ cpu: '2000m', memory: '3000', 'nvidia.com/gpu': '3' })
    .node(node)
    .obj();

const node = (name: string, cpu: number, memory: number, scalar: ResourceList = {}) =>
  makeNode(name)
    .allocatable({ cpu: `${cpu}m`, memory: String(memory), pods: '110', ...scalar })
    .obj();

const withGpu = ['cpu', 'memory', 'nvidia.com/gpu'].map((name) => ({ name, weight: 1 }));

interface Case {
  name: string;
  pod: Pod;
  nodes: Node[];
  bound?: Pod[];
  args?: NodeResourcesBalancedAllocationArgs;
  want: number[];
}

const cases: Case[] = [
  {
    // v1.26 has no best-effort skip (kubernetes#129138 came later): fractions 0 and 0, std 0.
    name: 'nothing scheduled, nothing requested: scored, not skipped',
    pod: makePod('p').obj(),
    nodes: [node('node1', 4000, 10000), node('node2', 4000, 10000)],
    want: [100, 100],
  },
  {
    // node1: cpu 3000/4000 = 0.75, memory 5000/10000 = 0.5, std 0.125 -> 87; node2: 0.5, 0.5 -> 100
    name: 'nothing scheduled, resources requested, differently sized nodes',
    pod: cpuAndMemory('p'),
    nodes: [node('node1', 4000, 10000), node('node2', 6000, 10000)],
    want: [87, 100],
  },
  {
    // node1: cpu 6000/10000, memory 5000/20000, std 0.175 -> 82; node2: 0.6, 0.5, std 0.05 -> 95
    name: 'resources requested, pods scheduled with resources',
    pod: cpuAndMemory('p'),
    nodes: [node('node1', 10000, 20000), node('node2', 10000, 20000)],
    bound: [cpuOnly('a', 'node1'), cpuAndMemory('b', 'node2')],
    want: [82, 95],
  },
  {
    // node2: cpu 0.6, memory 10000/50000 = 0.2, std 0.2 -> 80
    name: 'resources requested, pods scheduled with resources, differently sized nodes',
    pod: cpuAndMemory('p'),
    nodes: [node('node1', 10000, 20000), node('node2', 10000, 50000)],
    bound: [cpuOnly('a', 'node1'), cpuAndMemory('b', 'node2')],
    want: [82, 80],
  },
  {
    // node1: cpu 6000/6000 = 1, memory 0, std 0.5 -> 50; node2: cpu 6000/6000 = 1, memory 0.5, std 0.25 -> 75
    name: 'requested resources at node capacity',
    pod: cpuOnly('p'),
    nodes: [node('node1', 6000, 10000), node('node2', 6000, 10000)],
    bound: [cpuOnly('a', 'node1'), cpuAndMemory('b', 'node2')],
    want: [50, 75],
  },
  {
    // node1: cpu 3000/3500, memory 5000/40000, gpu 4/8: population std 0.2989 -> 70.1 -> 70
    // node2: cpu 3000/3500, memory 5000/40000, gpu 1/8: std 0.3452 -> 65
    name: 'include scalar resource on a node for balanced resource allocation',
    pod: makePod('p').req({ memory: '0', 'nvidia.com/gpu': '1' }).obj(),
    nodes: [
      node('node1', 3500, 40000, { 'nvidia.com/gpu': '8' }),
      node('node2', 3500, 40000, { 'nvidia.com/gpu': '8' }),
    ],
    bound: [cpuAndMemory('a', 'node2'), cpuAndMemoryAndGpu('b', 'node1')],
    args: { resources: withGpu },
    want: [70, 65],
  },
  {
    // The pod does not request the gpu: skipped on both nodes. cpu 3000/3500, memory 5000/40000 -> 63
    name: 'a scalar resource the pod does not request is skipped',
    pod: cpuAndMemory('p'),
    nodes: [node('node1', 3500, 40000, { 'nvidia.com/gpu': '8' }), node('node2', 3500, 40000)],
    args: { resources: withGpu },
    want: [63, 63],
  },
  {
    // node2 lacks the gpu (allocatable 0): only cpu and memory there.
    // node1: cpu 1000/3500, memory 0, gpu 1/8: mean 0.1369, std 0.1183 -> 88; node2: std (0.2857 - 0) / 2 -> 85
    name: 'a requested scalar resource the node lacks is skipped on that node',
    pod: makePod('p').req({ cpu: '1', memory: '0', 'nvidia.com/gpu': '1' }).obj(),
    nodes: [node('node1', 3500, 40000, { 'nvidia.com/gpu': '8' }), node('node2', 3500, 40000)],
    args: { resources: withGpu },
    want: [88, 85],
  },
  {
    // Real requests, no 100m / 200Mi defaults: the bound pod adds nothing, the pod 2000/4000 and 5000/10000.
    name: 'missing requests count as zero, on the node and for the pod',
    pod: makePod('p').req({ cpu: '2', memory: '5000' }).container().obj(),
    nodes: [node('node1', 4000, 10000)],
    bound: [makePod('a').container().node('node1').obj()],
    want: [100],
  },
  {
    // cpu max(1000, 3000) = 3000 of 4000, memory max(1000, 500) = 1000 of 10000: std (0.75 - 0.1) / 2 -> 67
    name: 'init containers: the max of the containers sum and each init container',
    pod: makePod('p').req({ cpu: '1', memory: '1000' }).initContainer({ cpu: '3', memory: '500' }).obj(),
    nodes: [node('node1', 4000, 10000)],
    want: [67],
  },
  {
    // cpu 1000m + 250m overhead counted as Value() = 1 -> 1001/4000, memory 5000/10000: std 0.124875 -> 87
    // (with 1250m it would be 0.3125 vs 0.5 -> 90).
    name: "v1.26 adds the pod's cpu overhead in whole cores (Quantity.Value)",
    pod: makePod('p').req({ cpu: '1', memory: '5000' }).overhead({ cpu: '250m' }).obj(),
    nodes: [node('node1', 4000, 10000)],
    want: [87],
  },
  {
    // A bound pod's overhead is booked exactly: 1250m + 1000m of 4000, memory 5000 of 10000 -> std 0.03125 -> 96
    name: "a bound pod's cpu overhead counts in millicores",
    pod: makePod('p').req({ cpu: '1', memory: '2500' }).obj(),
    nodes: [node('node1', 4000, 10000)],
    bound: [makePod('a').req({ cpu: '1', memory: '2500' }).overhead({ cpu: '250m' }).node('node1').obj()],
    want: [96],
  },
  {
    // ephemeral-storage is not scalar: counted even unrequested. cpu 0.5, memory 0.5, storage 0 -> std 0.2357 -> 76
    name: 'ephemeral-storage as a third resource',
    pod: makePod('p').req({ cpu: '2', memory: '5000' }).obj(),
    nodes: [
      makeNode('node1').allocatable({ cpu: '4', memory: '10000', 'ephemeral-storage': '1000', pods: '10' }).obj(),
    ],
    args: { resources: ['cpu', 'memory', 'ephemeral-storage'].map((name) => ({ name, weight: 1 })) },
    want: [76],
  },
];

describe('NodeResourcesBalancedAllocation', () => {
  test.each(cases)('$name', ({ pod, nodes, bound = [], args, want }) => {
    const { preScore, scores } = runScore(nodeResourcesBalancedAllocationScore(args), pod, snapshotOf(nodes, bound));
    expect(preScore).toBeNull();
    expect(scores).toEqual(want);
  });

  test('an empty resource list means the default cpu and memory', () => {
    const pod = cpuAndMemory('p');
    const nodes = [node('node1', 4000, 10000)];
    expect(runScore(nodeResourcesBalancedAllocationScore({ resources: [] }), pod, snapshotOf(nodes)).scores).toEqual([
      87,
    ]);
  });
});

describe('balancedResourceScore', () => {
  test.each([
    { name: 'no resource', requested: [], allocatable: [], want: 100 },
    { name: 'one resource: std 0', requested: [3], allocatable: [4], want: 100 },
    { name: 'allocatable 0 is skipped', requested: [3, 5], allocatable: [4, 0], want: 100 },
    { name: 'two: |f1 - f2| / 2', requested: [3, 1], allocatable: [4, 4], want: 75 },
    { name: 'fractions capped at 1', requested: [8, 0], allocatable: [4, 4], want: 50 },
    // fractions 1, 0, 0: mean 1/3, std sqrt(2/9) = 0.4714 -> 52
    { name: 'three: population std', requested: [4, 0, 0], allocatable: [4, 4, 4], want: 52 },
    // (1 - 0.68 / 2) * 100 = 65.99999999999999 in float64: truncated to 65, as Go's int64() does
    { name: 'float64 then truncation', requested: [68, 0], allocatable: [100, 100], want: 65 },
    // Three equal fractions 0.667: the float64 mean is 0.6670000000000001, std ~1e-16, (1 - std) * 100 just
    // under 100 -> 99. Go computes the same.
    { name: 'float64 mean of equal fractions', requested: [667, 667, 667], allocatable: [1000, 1000, 1000], want: 99 },
  ])('$name', ({ requested, allocatable, want }) => {
    expect(balancedResourceScore(requested, allocatable)).toBe(want);
  });

  const fraction = fc.integer({ min: 0, max: 2000 });
  test('two resources score (1 - |f1 - f2| / 2) * 100 truncated, between 50 and 100, symmetric', () => {
    fc.assert(
      fc.property(fraction, fraction, fc.integer({ min: 1, max: 1000 }), (r1, r2, alloc) => {
        const s = balancedResourceScore([r1, r2], [alloc, alloc]);
        const f1 = Math.min(1, r1 / alloc);
        const f2 = Math.min(1, r2 / alloc);
        expect(s).toBe(Math.trunc((1 - Math.abs((f1 - f2) / 2)) * 100));
        expect(s).toBeGreaterThanOrEqual(50);
        expect(s).toBeLessThanOrEqual(100);
        expect(balancedResourceScore([r2, r1], [alloc, alloc])).toBe(s);
      }),
    );
  });

  test('any number of resources: an integer in [50, 100]; equal fractions give 100 (99 by float64 error for 3+)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fraction, fc.integer({ min: 0, max: 1000 })), { maxLength: 6 }),
        fc.integer({ min: 0, max: 1000 }),
        (pairs, same) => {
          const s = balancedResourceScore(
            pairs.map((p) => p[0]),
            pairs.map((p) => p[1]),
          );
          expect(Number.isInteger(s)).toBe(true);
          expect(s).toBeGreaterThanOrEqual(50);
          expect(s).toBeLessThanOrEqual(100);
          const n = pairs.length;
          const equal = balancedResourceScore(new Array(n).fill(same), new Array(n).fill(1000));
          expect(equal).toBeGreaterThanOrEqual(n <= 2 ? 100 : 99);
        },
      ),
    );
  });
});
