import {
  type CycleState,
  type FilterPlugin,
  type Handle,
  type MaybeStatus,
  type PodInfo,
  type PreFilterPlugin,
  stateKey,
  unschedulable,
} from '@peapod/core';
import { clusterOf, makeNode, makePod } from '@peapod/testing';
import { describe, expect, test } from 'vitest';
import { createScheduler, defaultSchedulerConfig } from '../src/index.js';

// The example of docs/plugins.md, kept compiling and working here.
const WANTS_SSD = stateKey<boolean>('PreFilterDiskType');
const NO_SSD = unschedulable('node(s) do not have an SSD');

function diskTypeFilter(): PreFilterPlugin & FilterPlugin {
  return {
    name: 'DiskType',
    preFilter(state: CycleState, pod: PodInfo): MaybeStatus {
      state.write(WANTS_SSD, pod.pod.metadata.labels?.['example.com/disk'] === 'ssd');
      return null;
    },
    filter(state: CycleState, _pod: PodInfo, node: number, handle: Handle): MaybeStatus {
      if (!state.read(WANTS_SSD)) return null;
      return handle.snapshot.nodes[node]!.metadata.labels?.['example.com/disk'] === 'ssd' ? null : NO_SSD;
    },
  } satisfies PreFilterPlugin & FilterPlugin;
}

describe('a custom plugin registered like an in-tree one', () => {
  test('runs at the points its profile enables, with its reason in the message', () => {
    const config = defaultSchedulerConfig();
    config.registry.register({ name: 'DiskType', points: new Set(['preFilter', 'filter']), create: diskTypeFilter });
    const spec = config.profiles[0]!;
    const points = {
      ...spec.points,
      preFilter: [...(spec.points.preFilter ?? []), { name: 'DiskType' }],
      filter: [...(spec.points.filter ?? []), { name: 'DiskType' }],
    };
    const scheduler = createScheduler({}, { ...config, profiles: [{ ...spec, points }] });
    const node = (name: string, disk: string) =>
      makeNode(name).allocatable({ cpu: '4', memory: '8Gi', pods: '10' }).label('example.com/disk', disk).obj();
    const result = scheduler.run(
      clusterOf({
        nodes: [node('hdd-1', 'hdd'), node('ssd-1', 'ssd')],
        pods: [makePod('db').label('example.com/disk', 'ssd').obj(), makePod('batch').obj()],
      }),
    );
    expect(result.decisions.map((d) => [d.pod, d.node, d.feasibleNodes])).toEqual([
      ['default/db', 'ssd-1', 1],
      ['default/batch', expect.any(String), 2],
    ]);
    const onlyHdd = scheduler.run(
      clusterOf({ nodes: [node('hdd-1', 'hdd')], pods: [makePod('db').label('example.com/disk', 'ssd').obj()] }),
    );
    expect(onlyHdd.decisions[0]!.message).toBe(
      '0/1 nodes are available: 1 node(s) do not have an SSD. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod..',
    );
  });
});
