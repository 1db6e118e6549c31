import { z } from 'zod';
import { LabelSelectorSchema, ObjectMetaSchema } from './meta.js';
import { PodTemplateSpecSchema } from './pod-template.js';
import { ReplicasSchema, WorkloadStatusSchema } from './workload-status.js';

export const ReplicaSetSchema = z.looseObject({
  apiVersion: z.string().optional(),
  kind: z.literal('ReplicaSet').optional(),
  metadata: ObjectMetaSchema,
  spec: z.looseObject({
    replicas: ReplicasSchema,
    selector: LabelSelectorSchema,
    template: PodTemplateSpecSchema,
  }),
  status: WorkloadStatusSchema.nullish(),
});
export type ReplicaSet = z.infer<typeof ReplicaSetSchema>;
