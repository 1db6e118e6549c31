import { z } from 'zod';
import { IntOrPercentSchema } from './int-or-string.js';
import { LabelSelectorSchema, ObjectMetaSchema } from './meta.js';
import { PodTemplateSpecSchema } from './pod-template.js';
import { ReplicasSchema, WorkloadStatusSchema } from './workload-status.js';

export const DeploymentStrategySchema = z.looseObject({
  type: z.enum(['RollingUpdate', 'Recreate']).nullish(),
  rollingUpdate: z
    .looseObject({ maxSurge: IntOrPercentSchema.nullish(), maxUnavailable: IntOrPercentSchema.nullish() })
    .nullish(),
});
export type DeploymentStrategy = z.infer<typeof DeploymentStrategySchema>;

export const DeploymentSchema = z.looseObject({
  apiVersion: z.string().optional(),
  kind: z.literal('Deployment').optional(),
  metadata: ObjectMetaSchema,
  spec: z.looseObject({
    replicas: ReplicasSchema,
    selector: LabelSelectorSchema,
    template: PodTemplateSpecSchema,
    strategy: DeploymentStrategySchema.nullish(),
    paused: z.boolean().nullish(),
  }),
  status: WorkloadStatusSchema.nullish(),
});
export type Deployment = z.infer<typeof DeploymentSchema>;
