import type { ClusterListers, Node, Pod, Status } from '@peapod/core';
import { makeNode, makePod, makePV, makePVC, makeStorageClass, runFilter, snapshotOf } from '@peapod/testing';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { labelZonesToSet, ReasonVolumeZoneConflict, volumeZoneFilter } from '../src/index.js';

const unresolvable = (...reasons: string[]): Status => ({ code: 'UnschedulableAndUnresolvable', reasons });
const conflict = unresolvable(ReasonVolumeZoneConflict);

const BETA_ZONE = 'failure-domain.beta.kubernetes.io/zone';
const BETA_REGION = 'failure-domain.beta.kubernetes.io/region';
const ZONE = 'topology.kubernetes.io/zone';
const REGION = 'topology.kubernetes.io/region';

const podWith = (...claims: string[]): Pod => {
  const pod = makePod('pod').obj();
  const volumes = claims.map((c, i) => ({ name: `vol-${i}`, persistentVolumeClaim: { claimName: c } }));
  return { ...pod, spec: { ...pod.spec, volumes } };
};

// After upstream volume_zone_test.go: PVs with beta or GA zone/region labels, claims bound to them.
const pvs = [
  makePV('Vol_1').label(BETA_ZONE, 'us-west1-a').obj(),
  makePV('Vol_2').label(BETA_REGION, 'us-west1').label(BETA_ZONE, 'us-west1-b').obj(),
  makePV('Vol_3').label(BETA_REGION, 'us-west1-c').obj(),
  makePV('Vol_Stable_1').label(ZONE, 'us-west1-a').obj(),
  makePV('Vol_Stable_2').label(REGION, 'us-west1').label(ZONE, 'us-west1-b').obj(),
  makePV('Vol_Multi').label(ZONE, 'us-west1-a__us-west1-b').obj(),
  makePV('Vol_Bad').label(ZONE, 'us-west1-a__').obj(),
  makePV('Vol_NoZone').label('other', 'x').obj(),
];
const pvcs = [
  ...['Vol_1', 'Vol_2', 'Vol_3', 'Vol_Stable_1', 'Vol_Stable_2', 'Vol_Multi', 'Vol_Bad', 'Vol_NoZone'].map((v) =>
    makePVC(`PVC_${v}`).boundTo(v).obj(),
  ),
  makePVC('PVC_missing_pv').boundTo('Vol_not_exist').obj(),
  makePVC('PVC_EmptySC').storageClass('').obj(),
  makePVC('PVC_NoSC').storageClass('Class_0').obj(),
  makePVC('PVC_Immediate').storageClass('Class_Immediate').obj(),
  makePVC('PVC_Wait').storageClass('Class_Wait').obj(),
];
const classes = [
  makeStorageClass('Class_Immediate').immediate().obj(),
  makeStorageClass('Class_Wait').waitForFirstConsumer().obj(),
];
const cluster: Partial<ClusterListers> = {
  persistentVolumes: pvs,
  persistentVolumeClaims: pvcs,
  storageClasses: classes,
};

const nodeWith = (labels: Record<string, string>): Node =>
  makeNode('host1')
    .labels({ uselessLabel: 'none', ...labels })
    .obj();

interface Case {
  name: string;
  pod: Pod;
  node: Node;
  want: Status | null;
}

const cases: Case[] = [
  { name: 'pod without volume', pod: makePod('pod').obj(), node: nodeWith({ [BETA_ZONE]: 'us-west1-a' }), want: null },
  { name: 'node without zone labels', pod: podWith('PVC_Vol_1'), node: nodeWith({}), want: null },
  {
    name: 'beta zone label matched',
    pod: podWith('PVC_Vol_1'),
    node: nodeWith({ [BETA_ZONE]: 'us-west1-a' }),
    want: null,
  },
  {
    name: 'beta region and zone labels matched',
    pod: podWith('PVC_Vol_2'),
    node: nodeWith({ [BETA_REGION]: 'us-west1', [BETA_ZONE]: 'us-west1-b' }),
    want: null,
  },
  {
    name: 'beta region label does not match',
    pod: podWith('PVC_Vol_2'),
    node: nodeWith({ [BETA_REGION]: 'no_us-west1', [BETA_ZONE]: 'us-west1-b' }),
    want: conflict,
  },
  {
    name: 'beta zone label does not match',
    pod: podWith('PVC_Vol_1'),
    node: nodeWith({ [BETA_ZONE]: 'no_us-west1-a' }),
    want: conflict,
  },
  {
    name: 'GA zone label matched',
    pod: podWith('PVC_Vol_Stable_1'),
    node: nodeWith({ [ZONE]: 'us-west1-a' }),
    want: null,
  },
  {
    name: 'GA region label does not match',
    pod: podWith('PVC_Vol_Stable_2'),
    node: nodeWith({ [REGION]: 'no_us-west1', [ZONE]: 'us-west1-b' }),
    want: conflict,
  },
  {
    name: 'v1.26 compares the same key only: a beta PV label against a node with only the GA label conflicts',
    pod: podWith('PVC_Vol_1'),
    node: nodeWith({ [ZONE]: 'us-west1-a' }),
    want: conflict,
  },
  {
    name: 'a node with more zone labels than the PV is fine',
    pod: podWith('PVC_Vol_Stable_1'),
    node: nodeWith({ [ZONE]: 'us-west1-a', [REGION]: 'us-west1', [BETA_ZONE]: 'x' }),
    want: null,
  },
  {
    name: 'multi-zone PV, first zone',
    pod: podWith('PVC_Vol_Multi'),
    node: nodeWith({ [ZONE]: 'us-west1-a' }),
    want: null,
  },
  {
    name: 'multi-zone PV, second zone',
    pod: podWith('PVC_Vol_Multi'),
    node: nodeWith({ [ZONE]: 'us-west1-b' }),
    want: null,
  },
  {
    name: 'multi-zone PV, other zone',
    pod: podWith('PVC_Vol_Multi'),
    node: nodeWith({ [ZONE]: 'us-west1-c' }),
    want: conflict,
  },
  {
    name: 'an unparsable PV zone label is ignored',
    pod: podWith('PVC_Vol_Bad'),
    node: nodeWith({ [ZONE]: 'us-west1-c' }),
    want: null,
  },
  { name: 'a PV without zone labels', pod: podWith('PVC_Vol_NoZone'), node: nodeWith({ [ZONE]: 'z' }), want: null },
  {
    name: 'second volume conflicts',
    pod: podWith('PVC_Vol_Stable_1', 'PVC_Vol_Stable_2'),
    node: nodeWith({ [ZONE]: 'us-west1-a', [REGION]: 'us-west1' }),
    want: conflict,
  },
  {
    name: 'missing claim on a zoned node',
    pod: podWith('PVC_nope'),
    node: nodeWith({ [ZONE]: 'z' }),
    want: unresolvable('persistentvolumeclaim "PVC_nope" not found'),
  },
  { name: 'missing claim on a node without zone labels', pod: podWith('PVC_nope'), node: nodeWith({}), want: null },
  {
    name: 'missing PV',
    pod: podWith('PVC_missing_pv'),
    node: nodeWith({ [ZONE]: 'z' }),
    want: unresolvable('persistentvolume "Vol_not_exist" not found'),
  },
  {
    name: 'unbound claim with class ""',
    pod: podWith('PVC_EmptySC'),
    node: nodeWith({ [ZONE]: 'z' }),
    want: unresolvable('PersistentVolumeClaim had no pv name and storageClass name'),
  },
  {
    name: 'unbound claim whose class does not exist',
    pod: podWith('PVC_NoSC'),
    node: nodeWith({ [ZONE]: 'z' }),
    want: unresolvable('storageclass.storage.k8s.io "Class_0" not found'),
  },
  {
    name: 'unbound claim with an Immediate class',
    pod: podWith('PVC_Immediate'),
    node: nodeWith({ [ZONE]: 'z' }),
    want: unresolvable('PersistentVolume had no name'),
  },
  {
    name: 'unbound WaitForFirstConsumer claim is skipped',
    pod: podWith('PVC_Wait'),
    node: nodeWith({ [ZONE]: 'z' }),
    want: null,
  },
  {
    name: 'volumes are walked in order: a conflict before a missing claim',
    pod: podWith('PVC_Vol_Stable_1', 'PVC_nope'),
    node: nodeWith({ [ZONE]: 'us-west1-b' }),
    want: conflict,
  },
  {
    name: 'volumes are walked in order: a missing claim after a match',
    pod: podWith('PVC_Vol_Stable_1', 'PVC_nope'),
    node: nodeWith({ [ZONE]: 'us-west1-a' }),
    want: unresolvable('persistentvolumeclaim "PVC_nope" not found'),
  },
];

describe('VolumeZone filter', () => {
  test.each(cases)('$name', ({ pod, node, want }) => {
    const { preFilter, statuses } = runFilter(volumeZoneFilter(), pod, snapshotOf([node]), cluster);
    expect(preFilter).toBeNull();
    expect(statuses).toEqual([want]);
  });

  test('ephemeral volumes are not checked (v1.26 reads persistentVolumeClaim volumes only)', () => {
    const pod = makePod('pod').obj();
    pod.spec.volumes = [{ name: 'e', ephemeral: { volumeClaimTemplate: {} } }];
    expect(runFilter(volumeZoneFilter(), pod, snapshotOf([nodeWith({ [ZONE]: 'z' })]), cluster).statuses).toEqual([
      null,
    ]);
  });

  test.each([
    ['us-west1-a', ['us-west1-a']],
    ['us-west1-a__us-west1-b', ['us-west1-a', 'us-west1-b']],
    [' a __ b ', ['a', 'b']],
    ['a____b', undefined],
    ['', undefined],
  ])('labelZonesToSet(%j)', (value, want) => {
    const set = labelZonesToSet(value);
    expect(set === undefined ? undefined : [...set]).toEqual(want);
  });
});

describe('VolumeZone properties', () => {
  test('a zoned node passes iff its value for every zone key of the PV is in the PV set', () => {
    const keys = [ZONE, REGION, BETA_ZONE];
    const zones = ['a', 'b', 'c'];
    const labelsArb = fc.dictionary(fc.constantFrom(...keys), fc.constantFrom(...zones));
    const pvLabelsArb = fc.dictionary(
      fc.constantFrom(...keys),
      fc.uniqueArray(fc.constantFrom(...zones), { minLength: 1, maxLength: 3 }),
    );
    fc.assert(
      fc.property(pvLabelsArb, labelsArb, (pvLabels, nodeLabels) => {
        const pv = makePV('pv');
        for (const [k, v] of Object.entries(pvLabels)) pv.label(k, v.join('__'));
        const c = { persistentVolumes: [pv.obj()], persistentVolumeClaims: [makePVC('c').boundTo('pv').obj()] };
        const { statuses } = runFilter(volumeZoneFilter(), podWith('c'), snapshotOf([nodeWith(nodeLabels)]), c);
        const zoned = Object.keys(nodeLabels).length > 0;
        const fits = !zoned || Object.entries(pvLabels).every(([k, v]) => v.includes(nodeLabels[k] ?? ''));
        expect(statuses).toEqual([fits ? null : conflict]);
      }),
    );
  });
});
