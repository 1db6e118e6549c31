import { z } from 'zod';
import { IntOrPercentSchema } from './int-or-string.js';
import { LabelSelectorSchema, ObjectMetaSchema } from './meta.js';
import { hasOneBudget } from './refinements.js';

export const PodDisruptionBudgetSpecSchema = z
  .looseObject({
    /** A null selector matches no pod; an empty one matches every pod of the namespace. */
    selector: LabelSelectorSchema.nullish(),
    minAvailable: IntOrPercentSchema.nullish(),
    maxUnavailable: IntOrPercentSchema.nullish(),
    unhealthyPodEvictionPolicy: z.enum(['IfHealthyBudget', 'AlwaysAllow']).nullish(),
  })
  .superRefine((spec, ctx) => {
    if (!hasOneBudget(spec)) {
      ctx.addIssue({ code: 'custom', message: 'minAvailable and maxUnavailable cannot be both set' });
    }
  });

export const PodDisruptionBudgetStatusSchema = z.looseObject({
  disruptionsAllowed: z.number().int().min(0).nullish(),
  // Informational (the scheduler reads only disruptionsAllowed and disruptedPods): kept loose, as real
  // dumps carry values such as desiredHealthy -1.
  currentHealthy: z.number().int().nullish(),
  desiredHealthy: z.number().int().nullish(),
  expectedPods: z.number().int().nullish(),
  /** Pods being evicted right now, by name, with the time the eviction was accepted. */
  disruptedPods: z.record(z.string(), z.string()).nullish(),
});

export const PodDisruptionBudgetSchema = z.looseObject({
  apiVersion: z.string().optional(),
  kind: z.literal('PodDisruptionBudget').optional(),
  metadata: ObjectMetaSchema,
  spec: PodDisruptionBudgetSpecSchema,
  status: PodDisruptionBudgetStatusSchema.nullish(),
});
export type PodDisruptionBudget = z.infer<typeof PodDisruptionBudgetSchema>;
