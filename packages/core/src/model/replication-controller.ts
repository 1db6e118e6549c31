import { z } from 'zod';
import { ObjectMetaSchema } from './meta.js';
import { PodTemplateSpecSchema } from './pod-template.js';
import { ReplicasSchema, WorkloadStatusSchema } from './workload-status.js';

export const ReplicationControllerSchema = z.looseObject({
  apiVersion: z.string().optional(),
  kind: z.literal('ReplicationController').optional(),
  metadata: ObjectMetaSchema,
  spec: z.looseObject({
    replicas: ReplicasSchema,
    /** A plain equality map (not a LabelSelector); when absent it defaults to the template's labels. */
    selector: z.record(z.string(), z.string()).nullish(),
    template: PodTemplateSpecSchema.nullish(),
  }),
  status: WorkloadStatusSchema.nullish(),
});
export type ReplicationController = z.infer<typeof ReplicationControllerSchema>;
