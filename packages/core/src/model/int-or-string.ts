import { z } from 'zod';

const PERCENT_RE = /^[0-9]+%$/;

/**
 * An IntOrString that counts pods: a non-negative integer (`1`) or a percentage (`"25%"`), as in
 * PodDisruptionBudget `minAvailable`/`maxUnavailable` and Deployment `maxSurge`/`maxUnavailable`.
 */
export const IntOrPercentSchema = z.union([z.number(), z.string()]).superRefine((v, ctx) => {
  if (typeof v === 'number' ? !Number.isSafeInteger(v) || v < 0 : !PERCENT_RE.test(v)) {
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
