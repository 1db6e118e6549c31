import { z } from 'zod';
import { NodeSelectorSchema, ObjectMetaSchema, ResourceListSchema } from './meta.js';
import { AccessModeSchema, VolumeModeSchema } from './persistent-volume-claim.js';

/** The claim a PersistentVolume is bound (or reserved) to. */
export const ClaimReferenceSchema = z.looseObject({
  kind: z.string().nullish(),
  namespace: z.string().nullish(),
  name: z.string().nullish(),
  uid: z.string().nullish(),
});
export type ClaimReference = z.infer<typeof ClaimReferenceSchema>;

export const PersistentVolumeSpecSchema = z.looseObject({
  capacity: ResourceListSchema.nullish(),
  accessModes: z.array(AccessModeSchema).nullish(),
  storageClassName: z.string().nullish(),
  claimRef: ClaimReferenceSchema.nullish(),
  /** Nodes the volume can be reached from (local volumes, zonal disks). */
  nodeAffinity: z.looseObject({ required: NodeSelectorSchema.nullish() }).nullish(),
  persistentVolumeReclaimPolicy: z.enum(['Retain', 'Delete', 'Recycle']).nullish(),
  volumeMode: VolumeModeSchema.nullish(),
});
export type PersistentVolumeSpec = z.infer<typeof PersistentVolumeSpecSchema>;

export const PersistentVolumeSchema = z.looseObject({
  apiVersion: z.string().optional(),
  kind: z.literal('PersistentVolume').optional(),
  metadata: ObjectMetaSchema,
  spec: PersistentVolumeSpecSchema,
  status: z.looseObject({ phase: z.enum(['Pending', 'Available', 'Bound', 'Released', 'Failed']).nullish() }).nullish(),
});
export type PersistentVolume = z.infer<typeof PersistentVolumeSchema>;
