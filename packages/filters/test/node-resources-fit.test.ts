import type { Pod, Status } from '@peapod/core';
import { makeNode, makePod, runFilter, snapshotOf } from '@peapod/testing';
import { describe, expect, test } from 'vitest';
import { nodeResourcesFitFilter, ReasonTooManyPods, reasonInsufficient } from '../src/index.js';

const node = (pods = '110') =>
  makeNode('n1').allocatable({ cpu: '2', memory: '4Gi', 'ephemeral-storage': '10Gi', pods, 'nvidia.com/gpu': '1' });

const unschedulable = (...reasons: string[]): Status => ({ code: 'Unschedulable', reasons });

interface Case {
  name: string;
  pod: Pod;
  bound?: Pod[];
  pods?: string;
  want: Status | null;
}

// Cases follow upstream fit_test.go: requests against allocatable minus what the node's pods request.
const cases: Case[] = [
  { name: 'pod with no requests fits an empty node', pod: makePod('p').obj(), want: null },
  { name: 'exact fit of cpu and memory', pod: makePod('p').req({ cpu: '2', memory: '4Gi' }).obj(), want: null },
  {
    name: 'cpu over by one millicore',
    pod: makePod('p').req({ cpu: '2001m' }).obj(),
    want: unschedulable(reasonInsufficient('cpu')),
  },
  {
    name: 'bound pods use up the cpu',
    pod: makePod('p').req({ cpu: '1' }).obj(),
    bound: [makePod('a').req({ cpu: '1500m' }).node('n1').obj()],
    want: unschedulable('Insufficient cpu'),
  },
  {
    name: 'cpu and memory both short give two reasons, cpu first',
    pod: makePod('p').req({ cpu: '3', memory: '5Gi' }).obj(),
    want: unschedulable('Insufficient cpu', 'Insufficient memory'),
  },
  {
    name: 'ephemeral-storage is checked',
    pod: makePod('p').req({ 'ephemeral-storage': '11Gi' }).obj(),
    want: unschedulable('Insufficient ephemeral-storage'),
  },
  {
    name: 'extended resource over allocatable',
    pod: makePod('p').req({ 'nvidia.com/gpu': '2' }).obj(),
    want: unschedulable('Insufficient nvidia.com/gpu'),
  },
  {
    name: 'extended resource the node does not have',
    pod: makePod('p').req({ 'example.com/fpga': '1' }).obj(),
    want: unschedulable('Insufficient example.com/fpga'),
  },
  {
    name: 'a zero request of an extended resource the node lacks is not checked',
    pod: makePod('p').req({ 'example.com/fpga': '0' }).obj(),
    want: null,
  },
  {
    name: 'a full node reports Too many pods even for a pod without requests',
    pod: makePod('p').obj(),
    bound: [makePod('a').node('n1').obj()],
    pods: '1',
    want: unschedulable(ReasonTooManyPods),
  },
  {
    name: 'Too many pods comes before resource reasons',
    pod: makePod('p').req({ cpu: '3' }).obj(),
    bound: [makePod('a').node('n1').obj()],
    pods: '1',
    want: unschedulable(ReasonTooManyPods, 'Insufficient cpu'),
  },
  {
    name: 'init container larger than the containers sets the request',
    pod: makePod('p').req({ cpu: '1' }).initContainer({ cpu: '2500m' }).obj(),
    want: unschedulable('Insufficient cpu'),
  },
  {
    name: 'overhead is added to the request',
    pod: makePod('p').req({ cpu: '1900m' }).overhead({ cpu: '200m' }).obj(),
    want: unschedulable('Insufficient cpu'),
  },
  {
    name: 'a zero cpu request still fails on an overcommitted node (v1.26 has no >0 guard)',
    pod: makePod('p').req({ cpu: '0', memory: '1Mi' }).obj(),
    bound: [makePod('a').req({ cpu: '3' }).node('n1').obj()],
    want: unschedulable('Insufficient cpu'),
  },
  {
    name: 'a pod that requests nothing fits an overcommitted node',
    pod: makePod('p').obj(),
    bound: [makePod('a').req({ cpu: '3' }).node('n1').obj()],
    want: null,
  },
];

describe('NodeResourcesFit filter', () => {
  test.each(cases)('$name', ({ pod, bound = [], pods, want }) => {
    const snapshot = snapshotOf([node(pods).obj()], bound);
    const { preFilter, statuses } = runFilter(nodeResourcesFitFilter(), pod, snapshot);
    expect(preFilter).toBeNull();
    expect(statuses).toEqual([want]);
  });

  test('ignoredResources and ignoredResourceGroups skip extended resources only', () => {
    const snapshot = snapshotOf([node().obj()]);
    const pod = makePod('p').req({ 'example.com/fpga': '1', 'vendor.io/nic': '1', cpu: '3' }).obj();
    const plugin = nodeResourcesFitFilter({
      ignoredResources: ['example.com/fpga'],
      ignoredResourceGroups: ['vendor.io'],
    });
    expect(runFilter(plugin, pod, snapshot).statuses).toEqual([unschedulable('Insufficient cpu')]);
  });

  test('returns the same status object for the same failure, so a failing node allocates nothing', () => {
    const snapshot = snapshotOf([node().obj(), makeNode('n2').allocatable({ cpu: '1', pods: '10' }).obj()]);
    const { statuses } = runFilter(nodeResourcesFitFilter(), makePod('p').req({ cpu: '4' }).obj(), snapshot);
    expect(statuses[0]).toBe(statuses[1]);
  });
});
