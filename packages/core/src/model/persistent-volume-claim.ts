import { z } from 'zod';
import { LabelSelectorSchema, ObjectMetaSchema, ResourceListSchema } from './meta.js';

export const AccessModeSchema = z.enum(['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod']);
export type AccessMode = z.infer<typeof AccessModeSchema>;

export const VolumeModeSchema = z.enum(['Filesystem', 'Block']);

export const PersistentVolumeClaimSpecSchema = z.looseObject({
  /** `""` asks for a PV with no class (no dynamic provisioning); absent means the default class. */
  storageClassName: z.string().nullish(),
  accessModes: z.array(AccessModeSchema).nullish(),
  resources: z
    .looseObject({
      requests: ResourceListSchema.nullish(),
      limits: ResourceListSchema.nullish(),
    })
    .nullish(),
  /** Set once the claim is bound (or pre-bound by the user) to that PersistentVolume. */
  volumeName: z.string().nullish(),
  volumeMode: VolumeModeSchema.nullish(),
  selector: LabelSelectorSchema.nullish(),
});
export type PersistentVolumeClaimSpec = z.infer<typeof PersistentVolumeClaimSpecSchema>;

export const PersistentVolumeClaimSchema = z.looseObject({
  apiVersion: z.string().optional(),
  kind: z.literal('PersistentVolumeClaim').optional(),
  metadata: ObjectMetaSchema,
  spec: PersistentVolumeClaimSpecSchema,
  status: z
    .looseObject({
      phase: z.enum(['Pending', 'Bound', 'Lost']).nullish(),
      capacity: ResourceListSchema.nullish(),
      accessModes: z.array(AccessModeSchema).nullish(),
    })
    .nullish(),
});
export type PersistentVolumeClaim = z.infer<typeof PersistentVolumeClaimSchema>;

/** A StatefulSet `volumeClaimTemplates` entry; its name is part of every claim made from it. */
export const PersistentVolumeClaimTemplateSchema = z.looseObject({
  metadata: ObjectMetaSchema,
  spec: PersistentVolumeClaimSpecSchema,
});
export type PersistentVolumeClaimTemplate = z.infer<typeof PersistentVolumeClaimTemplateSchema>;
