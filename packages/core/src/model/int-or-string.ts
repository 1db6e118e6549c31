import { z } from 'zod';
import { isIntOrPercent } from './refinements.js';

/**
 * An IntOrString that counts pods: a non-negative integer (`1`) or a percentage (`"25%"`), as in
 * PodDisruptionBudget `minAvailable`/`maxUnavailable` and Deployment `maxSurge`/`maxUnavailable`.
 */
export const IntOrPercentSchema = z.union([z.number(), z.string()]).superRefine((v, ctx) => {
  if (!isIntOrPercent(v)) {
    ctx.addIssue({
      code: 'custom',
      message: `must be a non-negative integer or a percentage like "25%", got ${JSON.stringify(v)}`,
    });
  }
});
export type IntOrPercent = z.infer<typeof IntOrPercentSchema>;

/** An IntOrString that names or numbers a port, as in Service `targetPort`. */
export const IntOrNameSchema = z.union([z.number().int(), z.string()]);
export type IntOrName = z.infer<typeof IntOrNameSchema>;
