import { z } from 'zod';
import { LabelSelectorSchema, ObjectMetaSchema } from './meta.js';
import { PersistentVolumeClaimTemplateSchema } from './persistent-volume-claim.js';
import { PodTemplateSpecSchema } from './pod-template.js';
import { ReplicasSchema, WorkloadStatusSchema } from './workload-status.js';

export const StatefulSetSchema = z.looseObject({
  apiVersion: z.string().optional(),
  kind: z.literal('StatefulSet').optional(),
  metadata: ObjectMetaSchema,
  spec: z.looseObject({
    replicas: ReplicasSchema,
    selector: LabelSelectorSchema,
    template: PodTemplateSpecSchema,
    /** Each replica `<name>-<ordinal>` gets a claim `<template name>-<name>-<ordinal>` per template. */
    volumeClaimTemplates: z.array(PersistentVolumeClaimTemplateSchema).nullish(),
    serviceName: z.string().nullish(),
    podManagementPolicy: z.enum(['OrderedReady', 'Parallel']).nullish(),
  }),
  status: WorkloadStatusSchema.nullish(),
});
export type StatefulSet = z.infer<typeof StatefulSetSchema>;
