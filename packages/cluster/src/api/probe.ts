import { IntOrNameSchema } from '@peapod/core';
import { z } from 'zod';

/** corev1.Probe: the handler and the timing the kubelet's prober reads. */
export const ProbeSchema = z.looseObject({
  exec: z.looseObject({ command: z.array(z.string()).nullish() }).nullish(),
  httpGet: z.looseObject({ path: z.string().nullish(), port: IntOrNameSchema }).nullish(),
  tcpSocket: z.looseObject({ port: IntOrNameSchema }).nullish(),
  grpc: z.looseObject({ port: z.number().int(), service: z.string().nullish() }).nullish(),
  initialDelaySeconds: z.number().int().min(0).nullish(),
  periodSeconds: z.number().int().min(1).nullish(),
  timeoutSeconds: z.number().int().min(1).nullish(),
  successThreshold: z.number().int().min(1).nullish(),
  failureThreshold: z.number().int().min(1).nullish(),
});
export type Probe = z.infer<typeof ProbeSchema>;

export const VolumeMountSchema = z.looseObject({
  name: z.string().min(1),
  mountPath: z.string().min(1),
  readOnly: z.boolean().nullish(),
});

/** The container fields the kubelet reads beyond those of the core schema. */
export const ContainerRuntimeFieldsSchema = z.looseObject({
  imagePullPolicy: z.enum(['Always', 'IfNotPresent', 'Never']).nullish(),
  livenessProbe: ProbeSchema.nullish(),
  readinessProbe: ProbeSchema.nullish(),
  startupProbe: ProbeSchema.nullish(),
  volumeMounts: z.array(VolumeMountSchema).nullish(),
});
export type ContainerRuntimeFields = z.infer<typeof ContainerRuntimeFieldsSchema>;

/** Probe timing with upstream's defaults filled in. */
export interface ProbeTiming {
  readonly initialDelayMs: number;
  readonly periodMs: number;
  readonly successThreshold: number;
  readonly failureThreshold: number;
}

export function probeTiming(probe: Probe): ProbeTiming {
  return {
    initialDelayMs: (probe.initialDelaySeconds ?? 0) * 1000,
    periodMs: (probe.periodSeconds ?? 10) * 1000,
    successThreshold: probe.successThreshold ?? 1,
    failureThreshold: probe.failureThreshold ?? 3,
  };
}
