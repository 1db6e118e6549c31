import { readFileSync } from 'node:fs';
import {
  type ClusterListers,
  emptyClusterObjects,
  type Node,
  type PersistentVolume,
  type PersistentVolumeClaim,
  type Pod,
  parseManifests,
  type Status,
  type StorageClass,
  type Volume,
} from '@peapod/core';
import { makeNode, makePod, makePV, makePVC, makeStorageClass, runFilter, snapshotOf } from '@peapod/testing';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  ReasonPVNotExist,
  ReasonUnboundImmediatePVC,
  ReasonVolumeBindConflict,
  ReasonVolumeNodeConflict,
  VolumeBindingArgsSchema,
  volumeBindingFilter,
} from '../src/index.js';

const unresolvable = (...reasons: string[]): Status => ({ code: 'UnschedulableAndUnresolvable', reasons });
const HOSTNAME = 'kubernetes.io/hostname';
const ZONE = 'topology.kubernetes.io/zone';

/** Nodes as upstream's volume_binding_test makes them: labelled with their hostname. */
const node = (name: string, labels: Record<string, string> = {}) =>
  makeNode(name).labels({ [HOSTNAME]: name, ...labels });

const withVolumes = (pod: Pod, ...volumes: Volume[]): Pod => ({ ...pod, spec: { ...pod.spec, volumes } });
/** A pod using the named claims, one `persistentVolumeClaim` volume each. */
const podWith = (...claims: string[]): Pod =>
  withVolumes(
    makePod('pod-a').obj(),
    ...claims.map((c, i) => ({ name: `vol-${i}`, persistentVolumeClaim: { claimName: c } })),
  );

const waitSC = makeStorageClass('wait-sc').waitForFirstConsumer().obj();
const waitHDD = makeStorageClass('wait-hdd-sc').waitForFirstConsumer().obj();
const immediateSC = makeStorageClass('immediate-sc').immediate().obj();
const provisioning = makeStorageClass('provisioning-sc', 'example.com/csi').waitForFirstConsumer().obj();
const zonalProvisioning = makeStorageClass('zonal-sc', 'example.com/csi')
  .waitForFirstConsumer()
  .allowedTopologies({ matchLabelExpressions: [{ key: ZONE, values: ['zone-a'] }] })
  .obj();
const CLASSES = [waitSC, waitHDD, immediateSC, provisioning, zonalProvisioning];

/** A claim bound the way upstream's test makes it: volumeName and the bind-completed annotation only. */
const boundPVC = (name: string, pv: string, sc = waitSC.metadata.name) =>
  makePVC(name).storageClass(sc).volumeName(pv).annotation('pv.kubernetes.io/bind-completed', 'true');
const unboundPVC = (name: string, sc = waitSC.metadata.name) => makePVC(name).storageClass(sc);
const localPV = (name: string, onNode: string, capacity: string, sc = waitSC.metadata.name) =>
  makePV(name).storageClass(sc).capacity(capacity).onNode(onNode);

interface Case {
  name: string;
  pod: Pod;
  nodes?: Node[];
  pvcs?: PersistentVolumeClaim[];
  pvs?: PersistentVolume[];
  classes?: StorageClass[];
  wantPreFilter?: Status | null;
  /** One per node, when PreFilter passes. */
  want?: (Status | null)[];
}

const oneNode = [node('node-a').obj()];
const threeNodes = [node('node-a').obj(), node('node-b').obj(), node('node-c').obj()];
const bindConflict = unresolvable(ReasonVolumeBindConflict);

// Cases follow upstream volume_binding_test.go and binder_test.go (v1.26).
const cases: Case[] = [
  {
    name: 'pod has no PVCs: PreFilter passes (v1.26 does not return Skip) and so does Filter',
    pod: makePod('pod-a').obj(),
    want: [null],
  },
  {
    name: 'volumes without claims are ignored',
    pod: withVolumes(makePod('pod-a').obj(), { name: 'tmp', emptyDir: {} }),
    want: [null],
  },
  {
    name: 'all bound',
    pod: podWith('pvc-a'),
    pvcs: [boundPVC('pvc-a', 'pv-a').obj()],
    pvs: [makePV('pv-a').storageClass('wait-sc').obj()],
    want: [null],
  },
  {
    name: 'a claim with volumeName and phase Bound but no annotation counts as bound',
    pod: podWith('pvc-a'),
    pvcs: [makePVC('pvc-a').volumeName('pv-a').phase('Bound').obj()],
    pvs: [makePV('pv-a').obj()],
    want: [null],
  },
  {
    name: 'PVC does not exist',
    pod: podWith('pvc-a'),
    wantPreFilter: unresolvable('persistentvolumeclaim "pvc-a" not found'),
  },
  {
    name: 'part of the PVCs do not exist',
    pod: podWith('pvc-a', 'pvc-b'),
    pvcs: [boundPVC('pvc-a', 'pv-a').obj()],
    wantPreFilter: unresolvable('persistentvolumeclaim "pvc-b" not found'),
  },
  {
    name: 'a claim being deleted',
    pod: podWith('pvc-a'),
    pvcs: [boundPVC('pvc-a', 'pv-a').terminating().obj()],
    wantPreFilter: unresolvable('persistentvolumeclaim "pvc-a" is being deleted'),
  },
  {
    name: 'a lost claim',
    pod: podWith('pvc-a'),
    pvcs: [boundPVC('pvc-a', 'pv-a').phase('Lost').obj()],
    wantPreFilter: unresolvable('persistentvolumeclaim "pvc-a" bound to non-existent persistentvolume "pv-a"'),
  },
  {
    name: 'a claim in another namespace is not found',
    pod: podWith('pvc-a'),
    pvcs: [makePVC('pvc-a', 'other').storageClass('wait-sc').obj()],
    wantPreFilter: unresolvable('persistentvolumeclaim "pvc-a" not found'),
  },
  {
    name: 'immediate claims not bound',
    pod: podWith('pvc-a'),
    pvcs: [unboundPVC('pvc-a', 'immediate-sc').obj()],
    wantPreFilter: unresolvable(ReasonUnboundImmediatePVC),
  },
  {
    name: 'a claim whose class does not exist binds immediately',
    pod: podWith('pvc-a'),
    pvcs: [unboundPVC('pvc-a', 'missing-sc').obj()],
    wantPreFilter: unresolvable(ReasonUnboundImmediatePVC),
  },
  {
    name: 'a claim with class "" binds immediately',
    pod: podWith('pvc-a'),
    pvcs: [unboundPVC('pvc-a', '').obj()],
    wantPreFilter: unresolvable(ReasonUnboundImmediatePVC),
  },
  {
    name: 'a WaitForFirstConsumer claim pre-bound by volumeName (not bind-completed) is treated as immediate',
    pod: podWith('pvc-a'),
    pvcs: [unboundPVC('pvc-a').volumeName('pv-a').obj()],
    pvs: [makePV('pv-a').storageClass('wait-sc').obj()],
    wantPreFilter: unresolvable(ReasonUnboundImmediatePVC),
  },
  {
    name: 'a claim without a class gets the default class (here WaitForFirstConsumer, nothing to bind)',
    pod: podWith('pvc-a'),
    pvcs: [makePVC('pvc-a').obj()],
    classes: [
      makeStorageClass('old').default('2020-01-01T00:00:00Z').obj(),
      makeStorageClass('new').waitForFirstConsumer().default('2023-01-01T00:00:00Z').obj(),
    ],
    want: [bindConflict],
  },
  {
    name: 'unbound claims, no matches',
    pod: podWith('pvc-a'),
    pvcs: [unboundPVC('pvc-a').obj()],
    want: [bindConflict],
  },
  {
    name: 'bound and unbound unsatisfied',
    pod: podWith('pvc-a', 'pvc-b'),
    nodes: [node('node-a', { foo: 'barbar' }).obj()],
    pvcs: [boundPVC('pvc-a', 'pv-a').obj(), unboundPVC('pvc-b').obj()],
    pvs: [
      makePV('pv-a')
        .storageClass('wait-sc')
        .nodeAffinityTerm({ key: 'foo', operator: 'In', values: ['bar'] })
        .obj(),
    ],
    want: [unresolvable(ReasonVolumeNodeConflict, ReasonVolumeBindConflict)],
  },
  {
    name: 'PV of a bound claim not found',
    pod: podWith('pvc-a'),
    pvcs: [boundPVC('pvc-a', 'pv-a').obj()],
    want: [unresolvable(ReasonPVNotExist)],
  },
  {
    name: 'bound claims stop at the first failure: node conflict before a missing PV',
    pod: podWith('pvc-a', 'pvc-b'),
    pvcs: [boundPVC('pvc-a', 'pv-a').obj(), boundPVC('pvc-b', 'pv-b').obj()],
    pvs: [makePV('pv-a').onNode('node-b').obj()],
    nodes: [node('node-a').obj(), node('node-b').obj()],
    want: [unresolvable(ReasonVolumeNodeConflict), unresolvable(ReasonPVNotExist)],
  },
  {
    name: 'bound PV node affinity picks the nodes',
    pod: podWith('pvc-a'),
    nodes: threeNodes,
    pvcs: [boundPVC('pvc-a', 'pv-a').obj()],
    pvs: [
      makePV('pv-a')
        .nodeAffinityTerm({ key: HOSTNAME, operator: 'In', values: ['node-a', 'node-c'] })
        .obj(),
    ],
    want: [null, unresolvable(ReasonVolumeNodeConflict), null],
  },
  {
    name: 'PV matchFields are ignored (upstream checks a node with labels only)',
    pod: podWith('pvc-a'),
    nodes: [node('node-a').obj(), node('node-b').obj()],
    pvcs: [boundPVC('pvc-a', 'pv-a').obj()],
    pvs: [
      {
        ...makePV('pv-a').obj(),
        spec: {
          nodeAffinity: {
            required: {
              nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-a'] }] }],
            },
          },
        },
      },
    ],
    want: [null, null],
  },
  {
    name: 'local volumes: nodes with a big enough available PV pass',
    pod: podWith('pvc-a'),
    nodes: threeNodes,
    pvcs: [unboundPVC('pvc-a').request('50Gi').obj()],
    pvs: [
      localPV('pv-a-0', 'node-a', '200Gi').obj(),
      localPV('pv-a-1', 'node-a', '200Gi').obj(),
      localPV('pv-b-0', 'node-b', '100Gi').obj(),
      localPV('pv-b-1', 'node-b', '100Gi').obj(),
    ],
    want: [null, null, bindConflict],
  },
  {
    name: 'local volumes, two claims of two classes',
    pod: podWith('pvc-0', 'pvc-1'),
    nodes: threeNodes,
    pvcs: [unboundPVC('pvc-0').request('50Gi').obj(), unboundPVC('pvc-1', 'wait-hdd-sc').request('100Gi').obj()],
    pvs: [
      localPV('pv-a-0', 'node-a', '200Gi').obj(),
      localPV('pv-a-2', 'node-a', '200Gi', 'wait-hdd-sc').obj(),
      localPV('pv-b-0', 'node-b', '100Gi').obj(),
      localPV('pv-b-2', 'node-b', '100Gi', 'wait-hdd-sc').obj(),
      localPV('pv-c-0', 'node-c', '100Gi').obj(),
    ],
    want: [null, null, bindConflict],
  },
  {
    name: 'each PV binds one claim: two claims need two PVs on the node',
    pod: podWith('pvc-0', 'pvc-1'),
    nodes: [node('node-a').obj(), node('node-b').obj()],
    pvcs: [unboundPVC('pvc-0').request('1Gi').obj(), unboundPVC('pvc-1').request('1Gi').obj()],
    pvs: [
      localPV('pv-a-0', 'node-a', '1Gi').obj(),
      localPV('pv-a-1', 'node-a', '5Gi').obj(),
      localPV('pv-b-0', 'node-b', '5Gi').obj(),
    ],
    want: [null, bindConflict],
  },
  {
    name: 'smallest claims first: the big claim still finds the big PV',
    pod: podWith('big', 'small'),
    pvcs: [unboundPVC('big').request('10Gi').obj(), unboundPVC('small').request('1Gi').obj()],
    pvs: [localPV('pv-10', 'node-a', '10Gi').obj(), localPV('pv-1', 'node-a', '1Gi').obj()],
    want: [null],
  },
  {
    name: 'PV too small, wrong access modes, wrong volume mode, wrong class, claimed or not available do not match',
    pod: podWith('pvc-a'),
    pvcs: [unboundPVC('pvc-a').request('5Gi').accessModes('ReadWriteOnce').obj()],
    pvs: [
      localPV('small', 'node-a', '1Gi').accessModes('ReadWriteOnce').obj(),
      localPV('rox', 'node-a', '5Gi').accessModes('ReadOnlyMany').obj(),
      localPV('block', 'node-a', '5Gi').accessModes('ReadWriteOnce').volumeMode('Block').obj(),
      localPV('other-class', 'node-a', '5Gi', 'wait-hdd-sc').accessModes('ReadWriteOnce').obj(),
      localPV('claimed', 'node-a', '5Gi').accessModes('ReadWriteOnce').claimRef('someone-else').obj(),
      localPV('released', 'node-a', '5Gi').accessModes('ReadWriteOnce').phase('Released').obj(),
      localPV('deleting', 'node-a', '5Gi').accessModes('ReadWriteOnce').terminating().obj(),
    ],
    want: [bindConflict],
  },
  {
    name: 'a PV offering more access modes matches; one without status counts as Available',
    pod: podWith('pvc-a'),
    pvcs: [unboundPVC('pvc-a').request('5Gi').accessModes('ReadWriteOnce').obj()],
    pvs: [{ ...localPV('rwx', 'node-a', '5Gi').accessModes('ReadWriteOnce', 'ReadWriteMany').obj(), status: null }],
    want: [null],
  },
  {
    name: 'the claim selector filters PVs by label',
    pod: podWith('pvc-a'),
    nodes: [node('node-a').obj(), node('node-b').obj()],
    pvcs: [
      unboundPVC('pvc-a')
        .selector({ matchLabels: { tier: 'gold' } })
        .obj(),
    ],
    pvs: [localPV('pv-a', 'node-a', '1Gi').label('tier', 'gold').obj(), localPV('pv-b', 'node-b', '1Gi').obj()],
    want: [null, bindConflict],
  },
  {
    name: 'an invalid claim selector is an error where matching runs',
    pod: podWith('pvc-a'),
    pvcs: [
      unboundPVC('pvc-a')
        .selector({ matchExpressions: [{ key: 'tier', operator: 'In', values: [] }] })
        .obj(),
    ],
    want: [
      {
        code: 'Error',
        reasons: [
          `error creating internal label selector for claim: default/pvc-a: key "tier": for 'In', 'NotIn' operators, values set can't be empty`,
        ],
      },
    ],
  },
  {
    name: 'a PV pre-bound to the claim decides alone, by its node affinity',
    pod: podWith('pvc-a'),
    nodes: [node('node-a').obj(), node('node-b').obj()],
    pvcs: [unboundPVC('pvc-a').obj()],
    pvs: [
      localPV('free-a', 'node-a', '1Gi').obj(),
      localPV('mine-b', 'node-b', '9Gi').claimRef('pvc-a').phase('Pending').obj(),
    ],
    want: [bindConflict, null],
  },
  {
    name: 'dynamic provisioning: a class with a provisioner fits every node',
    pod: podWith('pvc-a'),
    nodes: threeNodes,
    pvcs: [unboundPVC('pvc-a', 'provisioning-sc').obj()],
    want: [null, null, null],
  },
  {
    name: 'dynamic provisioning is limited to the allowed topologies',
    pod: podWith('pvc-a'),
    nodes: [
      node('node-a', { [ZONE]: 'zone-a' }).obj(),
      node('node-b', { [ZONE]: 'zone-b' }).obj(),
      node('node-c').obj(),
    ],
    pvcs: [unboundPVC('pvc-a', 'zonal-sc').obj()],
    want: [null, bindConflict, bindConflict],
  },
  {
    name: 'a claim with no matching PV falls back to provisioning, which decides',
    pod: podWith('pvc-a', 'pvc-b'),
    nodes: [node('node-a', { [ZONE]: 'zone-a' }).obj(), node('node-b', { [ZONE]: 'zone-a' }).obj()],
    pvcs: [unboundPVC('pvc-a').obj(), unboundPVC('pvc-b', 'zonal-sc').obj()],
    pvs: [localPV('pv-a', 'node-a', '1Gi').obj()],
    want: [null, bindConflict],
  },
  {
    name: 'a claim whose provisioning already targets another node rules the node out',
    pod: podWith('pvc-a'),
    nodes: [node('node-a').obj(), node('node-b').obj()],
    pvcs: [unboundPVC('pvc-a', 'provisioning-sc').annotation('volume.kubernetes.io/selected-node', 'node-b').obj()],
    want: [bindConflict, null],
  },
  {
    name: 'a selected node with a class that cannot provision',
    pod: podWith('pvc-a'),
    pvcs: [unboundPVC('pvc-a').annotation('volume.kubernetes.io/selected-node', 'node-a').obj()],
    pvs: [localPV('pv-a', 'node-a', '1Gi').obj()],
    want: [bindConflict],
  },
  {
    name: 'generic ephemeral volume whose claim is not created yet',
    pod: withVolumes(makePod('pod-a').obj(), { name: 'scratch', ephemeral: { volumeClaimTemplate: {} } }),
    wantPreFilter: unresolvable(
      'waiting for ephemeral volume controller to create the persistentvolumeclaim "pod-a-scratch"',
    ),
  },
  {
    name: 'generic ephemeral volume whose claim the pod does not own',
    pod: withVolumes(makePod('pod-a').uid('u1').obj(), { name: 'scratch', ephemeral: { volumeClaimTemplate: {} } }),
    pvcs: [unboundPVC('pod-a-scratch', 'provisioning-sc').ownedByPod('pod-a', 'u2').obj()],
    wantPreFilter: unresolvable('PVC default/pod-a-scratch was not created for pod default/pod-a (pod is not owner)'),
  },
  {
    name: 'generic ephemeral volume owned by the pod is provisioned',
    pod: withVolumes(makePod('pod-a').uid('u1').obj(), { name: 'scratch', ephemeral: { volumeClaimTemplate: {} } }),
    pvcs: [unboundPVC('pod-a-scratch', 'provisioning-sc').ownedByPod('pod-a', 'u1').obj()],
    want: [null],
  },
];

function cluster(c: Pick<Case, 'pvcs' | 'pvs' | 'classes'>): Partial<ClusterListers> {
  return { persistentVolumeClaims: c.pvcs ?? [], persistentVolumes: c.pvs ?? [], storageClasses: c.classes ?? CLASSES };
}

describe('VolumeBinding filter', () => {
  test.each(cases)('$name', (c) => {
    const { preFilter, statuses } = runFilter(volumeBindingFilter(), c.pod, snapshotOf(c.nodes ?? oneNode), cluster(c));
    expect(preFilter).toEqual(c.wantPreFilter ?? null);
    if (c.want !== undefined) expect(statuses).toEqual(c.want);
  });

  test('failing nodes share one status object', () => {
    const c = { pvcs: [unboundPVC('pvc-a').obj()] };
    const { statuses } = runFilter(volumeBindingFilter(), podWith('pvc-a'), snapshotOf(threeNodes), cluster(c));
    expect(statuses[0]).toBe(statuses[2]);
  });

  test('args: defaults, and shape is rejected while VolumeCapacityPriority is off', () => {
    expect(VolumeBindingArgsSchema.parse({})).toEqual({ bindTimeoutSeconds: 600 });
    expect(VolumeBindingArgsSchema.safeParse({ bindTimeoutSeconds: -1 }).success).toBe(false);
    expect(VolumeBindingArgsSchema.safeParse({ shape: [{ utilization: 0, score: 0 }] }).success).toBe(false);
    expect(VolumeBindingArgsSchema.safeParse({ unknown: 1 }).success).toBe(false);
  });
});

describe('VolumeBinding with the real storage manifests', () => {
  const dir = new URL('../../core/test/fixtures/real/apps/storage/', import.meta.url);
  const load = (...files: string[]) => {
    const objects = emptyClusterObjects();
    for (const f of files) parseManifests(readFileSync(new URL(f, dir), 'utf8'), f, objects);
    return objects;
  };

  test('task-pv-claim names class "manual", which does not exist: immediate binding, not bound yet', () => {
    const objects = load('pv-pod.yaml', 'pv-claim.yaml', 'pv-volume.yaml');
    const { preFilter } = runFilter(volumeBindingFilter(), objects.pods[0]!, snapshotOf(oneNode), objects);
    expect(preFilter).toEqual(unresolvable(ReasonUnboundImmediatePVC));
  });

  test('with a WaitForFirstConsumer "manual" class, the 10Gi hostPath PV (no status) satisfies the 3Gi claim', () => {
    const objects = load('pod-volume-binding.yaml', 'pv-claim.yaml', 'pv-volume.yaml');
    objects.storageClasses.push(makeStorageClass('manual').waitForFirstConsumer().obj());
    const { preFilter, statuses } = runFilter(volumeBindingFilter(), objects.pods[0]!, snapshotOf(threeNodes), objects);
    expect(preFilter).toBeNull();
    expect(statuses).toEqual([null, null, null]);
  });

  test('mysql-pv: the 20Gi claim fits the 20Gi PV exactly; a 21Gi claim does not', () => {
    const objects = load('mysql-pv.yaml');
    objects.storageClasses.push(makeStorageClass('manual').waitForFirstConsumer().obj());
    const pod = podWith('mysql-pv-claim');
    expect(runFilter(volumeBindingFilter(), pod, snapshotOf(oneNode), objects).statuses).toEqual([null]);
    objects.persistentVolumeClaims[0]!.spec.resources = { requests: { storage: '21Gi' } };
    expect(runFilter(volumeBindingFilter(), pod, snapshotOf(oneNode), objects).statuses).toEqual([bindConflict]);
  });

  test('storageclass-topology: provisioning only in us-central-1a and us-central-1b', () => {
    const objects = load('storageclass-topology.yaml', 'storageclass-local.yaml');
    objects.persistentVolumeClaims.push(
      unboundPVC('data', 'standard').obj(),
      unboundPVC('local', 'local-storage').obj(),
    );
    const nodes = ['us-central-1a', 'us-central-1b', 'us-central-1c'].map((z) => node(`n-${z}`, { [ZONE]: z }).obj());
    const statuses = (claim: string) =>
      runFilter(volumeBindingFilter(), podWith(claim), snapshotOf(nodes), objects).statuses;
    expect(statuses('data')).toEqual([null, null, bindConflict]);
    // local-storage has no provisioner and there is no PV.
    expect(statuses('local')).toEqual([bindConflict, bindConflict, bindConflict]);
  });
});

describe('VolumeBinding properties', () => {
  test('one unbound claim: a node passes iff some available PV of the class is big enough and on the node', () => {
    const pvArb = fc.record({
      node: fc.integer({ min: 0, max: 3 }),
      gi: fc.integer({ min: 1, max: 8 }),
      sameClass: fc.boolean(),
      available: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(pvArb, { maxLength: 6 }), fc.integer({ min: 1, max: 8 }), (specs, requestGi) => {
        const nodes = [0, 1, 2, 3].map((i) => node(`node-${i}`).obj());
        const pvs = specs.map((s, i) =>
          localPV(`pv-${i}`, `node-${s.node}`, `${s.gi}Gi`, s.sameClass ? 'wait-sc' : 'wait-hdd-sc')
            .phase(s.available ? 'Available' : 'Bound')
            .obj(),
        );
        const c = { pvcs: [unboundPVC('pvc-a').request(`${requestGi}Gi`).obj()], pvs };
        const { statuses } = runFilter(volumeBindingFilter(), podWith('pvc-a'), snapshotOf(nodes), cluster(c));
        nodes.forEach((_, n) => {
          const fits = specs.some((s) => s.node === n && s.sameClass && s.available && s.gi >= requestGi);
          expect(statuses[n]).toEqual(fits ? null : bindConflict);
        });
      }),
    );
  });
});
