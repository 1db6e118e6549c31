import { z } from 'zod';
import { IntOrNameSchema } from './int-or-string.js';
import { ObjectMetaSchema } from './meta.js';

export const ServicePortSchema = z.looseObject({
  name: z.string().nullish(),
  protocol: z.enum(['TCP', 'UDP', 'SCTP']).nullish(),
  port: z.number().int().min(1).max(65535),
  targetPort: IntOrNameSchema.nullish(),
  nodePort: z.number().int().min(0).max(65535).nullish(),
});
export type ServicePort = z.infer<typeof ServicePortSchema>;

export const ServiceSpecSchema = z.looseObject({
  /** Plain equality map; a Service with no selector selects no pods (endpoints are managed by hand). */
  selector: z.record(z.string(), z.string()).nullish(),
  clusterIP: z.string().nullish(),
  ports: z.array(ServicePortSchema).nullish(),
  type: z.enum(['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName']).nullish(),
});

export const ServiceSchema = z.looseObject({
  apiVersion: z.string().optional(),
  kind: z.literal('Service').optional(),
  metadata: ObjectMetaSchema,
  spec: ServiceSpecSchema.nullish(),
});
export type Service = z.infer<typeof ServiceSchema>;
