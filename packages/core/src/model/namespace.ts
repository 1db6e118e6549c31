import { z } from 'zod';
import { ObjectMetaSchema } from './meta.js';

export const NamespaceSchema = z.looseObject({
  apiVersion: z.string().optional(),
  kind: z.literal('Namespace').optional(),
  metadata: ObjectMetaSchema,
  spec: z.looseObject({ finalizers: z.array(z.string()).nullish() }).nullish(),
  status: z.looseObject({ phase: z.enum(['Active', 'Terminating']).nullish() }).nullish(),
});
export type Namespace = z.infer<typeof NamespaceSchema>;
