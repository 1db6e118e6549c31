import { z } from 'zod';
import { ObjectMetaSchema } from './meta.js';

/** `value` is an int32; user classes stay at or below one billion, the system classes sit above it. */
const INT32_MAX = 2_147_483_647;

export const PriorityClassSchema = z.looseObject({
  apiVersion: z.string().optional(),
  kind: z.literal('PriorityClass').optional(),
  metadata: ObjectMetaSchema,
  value: z
    .number()
    .int()
    .min(-INT32_MAX - 1)
    .max(INT32_MAX),
  globalDefault: z.boolean().nullish(),
  preemptionPolicy: z.enum(['PreemptLowerPriority', 'Never']).nullish(),
  description: z.string().nullish(),
});
export type PriorityClass = z.infer<typeof PriorityClassSchema>;
