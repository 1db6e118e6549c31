import { describe, expect, test } from 'vitest';
import type { z } from 'zod';
import { PersistentVolumeClaimSchema, PersistentVolumeSchema, StorageClassSchema } from '../src/model/index.js';

function issuePaths(schema: z.ZodType, input: unknown): string[] {
  const result = schema.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => i.path.join('.'));
}

const zoneAffinity = {
  required: {
    nodeSelectorTerms: [{ matchExpressions: [{ key: 'topology.kubernetes.io/zone', operator: 'In', values: ['a'] }] }],
  },
};

describe('storage schemas', () => {
  test.each<{ name: string; schema: z.ZodType; input: unknown; want: string[] }>([
    {
      name: 'a bound local PersistentVolume',
      schema: PersistentVolumeSchema,
      input: {
        metadata: { name: 'pv-1' },
        spec: {
          capacity: { storage: '10Gi' },
          accessModes: ['ReadWriteOnce'],
          storageClassName: 'local',
          claimRef: { namespace: 'default', name: 'data-0' },
          nodeAffinity: zoneAffinity,
          persistentVolumeReclaimPolicy: 'Retain',
          local: { path: '/mnt/disk' },
        },
        status: { phase: 'Bound' },
      },
      want: [],
    },
    {
      name: 'a PersistentVolume with a bad capacity and access mode',
      schema: PersistentVolumeSchema,
      input: { metadata: { name: 'pv' }, spec: { capacity: { storage: 'lots' }, accessModes: ['ReadWriteSometimes'] } },
      want: ['spec.capacity.storage', 'spec.accessModes.0'],
    },
    {
      name: 'a PersistentVolume with an unknown phase',
      schema: PersistentVolumeSchema,
      input: { metadata: { name: 'pv' }, spec: {}, status: { phase: 'Gone' } },
      want: ['status.phase'],
    },
    {
      name: 'a pending PersistentVolumeClaim',
      schema: PersistentVolumeClaimSchema,
      input: {
        metadata: { name: 'data' },
        spec: { storageClassName: '', accessModes: ['ReadWriteOncePod'], resources: { requests: { storage: '3Gi' } } },
        status: { phase: 'Pending' },
      },
      want: [],
    },
    {
      name: 'a pre-bound PersistentVolumeClaim',
      schema: PersistentVolumeClaimSchema,
      input: { metadata: { name: 'data' }, spec: { volumeName: 'pv-1' } },
      want: [],
    },
    {
      name: 'a PersistentVolumeClaim without spec',
      schema: PersistentVolumeClaimSchema,
      input: { metadata: { name: 'data' } },
      want: ['spec'],
    },
    {
      name: 'a StorageClass with topology',
      schema: StorageClassSchema,
      input: {
        metadata: { name: 'standard' },
        provisioner: 'kubernetes.io/gce-pd',
        volumeBindingMode: 'WaitForFirstConsumer',
        reclaimPolicy: 'Delete',
        allowedTopologies: [{ matchLabelExpressions: [{ key: 'topology.kubernetes.io/zone', values: ['a', 'b'] }] }],
      },
      want: [],
    },
    {
      name: 'a StorageClass without provisioner',
      schema: StorageClassSchema,
      input: { metadata: { name: 'x' }, volumeBindingMode: 'Later' },
      want: ['provisioner', 'volumeBindingMode'],
    },
  ])('$name', ({ schema, input, want }) => {
    expect(issuePaths(schema, input)).toEqual(want);
  });

  test('unknown fields are kept', () => {
    const parsed = StorageClassSchema.parse({ metadata: { name: 'x' }, provisioner: 'p', mountOptions: ['debug'] });
    expect(parsed).toMatchObject({ mountOptions: ['debug'] });
  });
});
