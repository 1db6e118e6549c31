import { z } from 'zod';

/** The replica counts every workload controller reports; peapod only reads them for display. */
export const WorkloadStatusSchema = z.looseObject({
  replicas: z.number().int().min(0).nullish(),
  readyReplicas: z.number().int().min(0).nullish(),
  availableReplicas: z.number().int().min(0).nullish(),
});
export type WorkloadStatus = z.infer<typeof WorkloadStatusSchema>;

/** `spec.replicas`: defaults to 1 when absent. */
export const ReplicasSchema = z.number().int().min(0).nullish();
