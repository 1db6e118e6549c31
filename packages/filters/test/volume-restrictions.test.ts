import { type Pod, PodSchema, type Status, type Volume } from '@peapod/core';
import { makeNode, makePod, makePVC, runFilter, snapshotOf } from '@peapod/testing';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { ReasonDiskConflict, ReasonReadWriteOncePodConflict, volumeRestrictionsFilter } from '../src/index.js';

const diskConflict: Status = { code: 'Unschedulable', reasons: [ReasonDiskConflict] };

const withVolumes = (pod: Pod, volumes: Volume[]): Pod => ({ ...pod, spec: { ...pod.spec, volumes } });
const pending = (...volumes: Volume[]): Pod => withVolumes(makePod('p').obj(), volumes);
const running = (name: string, ...volumes: Volume[]): Pod => withVolumes(makePod(name).node('n1').obj(), volumes);

const gce = (pdName: string, readOnly = false): Volume => ({
  name: `gce-${pdName}`,
  gcePersistentDisk: { pdName, readOnly },
});
const ebs = (volumeID: string, readOnly = false): Volume => ({
  name: `ebs-${volumeID}`,
  awsElasticBlockStore: { volumeID, readOnly },
});
const iscsi = (iqn: string, readOnly = false): Volume => ({
  name: `iscsi-${iqn}`,
  iscsi: { targetPortal: '127.0.0.1:3260', iqn, lun: 0, readOnly },
});
const rbd = (monitors: string[], image: string, extra: { pool?: string; readOnly?: boolean } = {}): Volume => ({
  name: `rbd-${image}`,
  rbd: { monitors, image, ...extra },
});
const pvc = (claimName: string): Volume => ({ name: `pvc-${claimName}`, persistentVolumeClaim: { claimName } });

interface Case {
  name: string;
  pod: Pod;
  bound: Pod[];
  want: Status | null;
}

// Cases follow upstream volume_restrictions_test.go.
const cases: Case[] = [
  { name: 'a pod without volumes fits', pod: makePod('p').obj(), bound: [running('a', gce('foo'))], want: null },
  {
    name: 'GCE PD: the same disk conflicts',
    pod: pending(gce('foo')),
    bound: [running('a', gce('foo'))],
    want: diskConflict,
  },
  {
    name: 'GCE PD: the same disk among others conflicts',
    pod: pending(gce('foo')),
    bound: [running('a', gce('bar')), running('b', gce('foo'))],
    want: diskConflict,
  },
  { name: 'GCE PD: another disk fits', pod: pending(gce('foo')), bound: [running('a', gce('bar'))], want: null },
  {
    name: 'GCE PD: both read-only fits',
    pod: pending(gce('foo', true)),
    bound: [running('a', gce('foo', true))],
    want: null,
  },
  {
    name: 'GCE PD: one read-only conflicts',
    pod: pending(gce('foo', true)),
    bound: [running('a', gce('foo'))],
    want: diskConflict,
  },
  {
    name: 'AWS EBS: the same volume conflicts',
    pod: pending(ebs('foo')),
    bound: [running('a', ebs('foo'))],
    want: diskConflict,
  },
  {
    name: 'AWS EBS: the same volume conflicts even read-only',
    pod: pending(ebs('foo', true)),
    bound: [running('a', ebs('foo', true))],
    want: diskConflict,
  },
  { name: 'AWS EBS: another volume fits', pod: pending(ebs('foo')), bound: [running('a', ebs('bar'))], want: null },
  {
    name: 'RBD: a shared monitor, same pool and image conflicts',
    pod: pending(rbd(['a', 'b'], 'foo')),
    bound: [running('a', rbd(['b', 'c'], 'foo'))],
    want: diskConflict,
  },
  {
    name: 'RBD: an absent pool is "rbd"',
    pod: pending(rbd(['a'], 'foo', { pool: 'rbd' })),
    bound: [running('a', rbd(['a'], 'foo'))],
    want: diskConflict,
  },
  {
    name: 'RBD: no shared monitor fits',
    pod: pending(rbd(['a'], 'foo')),
    bound: [running('a', rbd(['b'], 'foo'))],
    want: null,
  },
  {
    name: 'RBD: another pool fits',
    pod: pending(rbd(['a'], 'foo', { pool: 'p1' })),
    bound: [running('a', rbd(['a'], 'foo', { pool: 'p2' }))],
    want: null,
  },
  {
    name: 'RBD: another image fits',
    pod: pending(rbd(['a'], 'foo')),
    bound: [running('a', rbd(['a'], 'bar'))],
    want: null,
  },
  {
    name: 'RBD: both read-only fits',
    pod: pending(rbd(['a'], 'foo', { readOnly: true })),
    bound: [running('a', rbd(['a'], 'foo', { readOnly: true }))],
    want: null,
  },
  {
    name: 'iSCSI: the same IQN conflicts',
    pod: pending(iscsi('iqn.a')),
    bound: [running('a', iscsi('iqn.a'))],
    want: diskConflict,
  },
  { name: 'iSCSI: another IQN fits', pod: pending(iscsi('iqn.a')), bound: [running('a', iscsi('iqn.b'))], want: null },
  {
    name: 'iSCSI: both read-only fits',
    pod: pending(iscsi('iqn.a', true)),
    bound: [running('a', iscsi('iqn.a', true))],
    want: null,
  },
  {
    name: 'different kinds never conflict',
    pod: pending(gce('foo'), ebs('bar')),
    bound: [running('a', ebs('foo'), gce('bar'))],
    want: null,
  },
];

describe('VolumeRestrictions filter: disk conflicts', () => {
  test.each(cases)('$name', ({ pod, bound, want }) => {
    const { preFilter, statuses } = runFilter(
      volumeRestrictionsFilter(),
      pod,
      snapshotOf([makeNode('n1').obj()], bound),
    );
    expect(preFilter).toBeNull();
    expect(statuses).toEqual([want]);
  });

  test('only the pods on the node count', () => {
    const nodes = [makeNode('n1').obj(), makeNode('n2').obj()];
    const { statuses } = runFilter(
      volumeRestrictionsFilter(),
      pending(gce('foo')),
      snapshotOf(nodes, [running('a', gce('foo'))]),
    );
    expect(statuses).toEqual([diskConflict, null]);
  });

  test('the disk volume schema loads the fields the check reads', () => {
    const parsed = PodSchema.parse(pending(rbd(['m'], 'img'), iscsi('iqn.x'), gce('pd'), ebs('vol')));
    expect(parsed.spec.volumes?.map((v) => Object.keys(v)[1])).toEqual([
      'rbd',
      'iscsi',
      'gcePersistentDisk',
      'awsElasticBlockStore',
    ]);
  });
});

describe('VolumeRestrictions: ReadWriteOncePod (alpha in v1.26)', () => {
  const rwop = makePVC('shared').accessModes('ReadWriteOncePod').obj();
  const rwo = makePVC('plain').accessModes('ReadWriteOnce').obj();
  const cluster = { persistentVolumeClaims: [rwop, rwo] };
  const nodes = [makeNode('n1').obj(), makeNode('n2').obj()];

  test('off by default (the v1.26 feature gate default): no check', () => {
    const { preFilter, statuses } = runFilter(
      volumeRestrictionsFilter(),
      pending(pvc('shared')),
      snapshotOf(nodes, [running('a', pvc('shared'))]),
      cluster,
    );
    expect(preFilter).toBeNull();
    expect(statuses).toEqual([null, null]);
  });

  test.each<{ name: string; pod: Pod; bound: Pod[]; want: Status | null }>([
    {
      name: 'a claim in use by any pod rejects the pod in PreFilter, for every node',
      pod: pending(pvc('shared')),
      bound: [running('a', pvc('shared'))],
      want: { code: 'UnschedulableAndUnresolvable', reasons: [ReasonReadWriteOncePodConflict] },
    },
    { name: 'an unused claim passes', pod: pending(pvc('shared')), bound: [running('a', pvc('plain'))], want: null },
    {
      name: 'a ReadWriteOnce claim in use passes',
      pod: pending(pvc('plain')),
      bound: [running('a', pvc('plain'))],
      want: null,
    },
    {
      name: 'the same claim name in another namespace is another claim',
      pod: pending(pvc('shared')),
      bound: [withVolumes(makePod('a', 'other').node('n1').obj(), [pvc('shared')])],
      want: null,
    },
    {
      name: 'a missing claim',
      pod: pending(pvc('nope')),
      bound: [],
      want: { code: 'UnschedulableAndUnresolvable', reasons: ['persistentvolumeclaim "nope" not found'] },
    },
  ])('$name', ({ pod, bound, want }) => {
    const plugin = volumeRestrictionsFilter({ enableReadWriteOncePod: true });
    const { preFilter } = runFilter(plugin, pod, snapshotOf(nodes, bound), cluster);
    expect(preFilter).toEqual(want);
  });
});

describe('VolumeRestrictions properties', () => {
  test('EBS: a node fails iff one of its pods mounts one of the pod volume IDs', () => {
    const ids = fc.uniqueArray(fc.constantFrom('v1', 'v2', 'v3', 'v4'), { maxLength: 3 });
    fc.assert(
      fc.property(ids, fc.array(ids, { maxLength: 4 }), (mine, others) => {
        const bound = others.map((v, i) => running(`a${i}`, ...v.map((id) => ebs(id))));
        const { statuses } = runFilter(
          volumeRestrictionsFilter(),
          pending(...mine.map((id) => ebs(id))),
          snapshotOf([makeNode('n1').obj()], bound),
        );
        const clash = others.some((v) => v.some((id) => mine.includes(id)));
        expect(statuses).toEqual([clash ? diskConflict : null]);
      }),
    );
  });
});
