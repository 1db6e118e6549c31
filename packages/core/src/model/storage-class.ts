import { z } from 'zod';
import { ObjectMetaSchema } from './meta.js';

/** One allowed topology: every expression must match (the terms of `allowedTopologies` are ORed). */
export const TopologySelectorTermSchema = z.looseObject({
  matchLabelExpressions: z.array(z.looseObject({ key: z.string(), values: z.array(z.string()) })).nullish(),
});
export type TopologySelectorTerm = z.infer<typeof TopologySelectorTermSchema>;

export const StorageClassSchema = z.looseObject({
  apiVersion: z.string().optional(),
  kind: z.literal('StorageClass').optional(),
  metadata: ObjectMetaSchema,
  provisioner: z.string().min(1, 'provisioner is required'),
  parameters: z.record(z.string(), z.string()).nullish(),
  /** Defaults to `Immediate`; `WaitForFirstConsumer` delays binding until a pod is scheduled. */
  volumeBindingMode: z.enum(['Immediate', 'WaitForFirstConsumer']).nullish(),
  allowedTopologies: z.array(TopologySelectorTermSchema).nullish(),
  reclaimPolicy: z.enum(['Retain', 'Delete']).nullish(),
  allowVolumeExpansion: z.boolean().nullish(),
});
export type StorageClass = z.infer<typeof StorageClassSchema>;
