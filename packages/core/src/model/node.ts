import { z } from 'zod';
import { ObjectMetaSchema, ResourceListSchema, TaintSchema } from './meta.js';

export const ContainerImageSchema = z.looseObject({
  names: z.array(z.string()).nullish(),
  sizeBytes: z.number().int().min(0).nullish(),
});
export type ContainerImage = z.infer<typeof ContainerImageSchema>;

export const NodeSpecSchema = z.looseObject({
  unschedulable: z.boolean().nullish(),
  taints: z.array(TaintSchema).nullish(),
  podCIDR: z.string().nullish(),
  podCIDRs: z.array(z.string()).nullish(),
});

export const NodeStatusSchema = z.looseObject({
  capacity: ResourceListSchema.nullish(),
  allocatable: ResourceListSchema.nullish(),
  images: z.array(ContainerImageSchema).nullish(),
  conditions: z.array(z.looseObject({ type: z.string(), status: z.string(), reason: z.string().nullish() })).nullish(),
});

export const NodeSchema = z.looseObject({
  apiVersion: z.string().optional(),
  kind: z.literal('Node').optional(),
  metadata: ObjectMetaSchema,
  // kwok writes `spec:` with a null value; open-simulator nodes have no spec at all.
  spec: NodeSpecSchema.nullish(),
  status: NodeStatusSchema.nullish(),
});
export type Node = z.infer<typeof NodeSchema>;
