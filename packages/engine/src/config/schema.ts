import { z } from 'zod';
import { EXTENSION_POINTS } from '../registry.js';
import { SCHEDULER_CONFIG_API_VERSIONS } from './types.js';

/**
 * The shape of a KubeSchedulerConfiguration file (v1 / v1beta3), read after `stripNulls`. The parts that
 * decide scheduling (profiles, plugins, pluginConfig) are strict, as upstream's strict decoding is: a
 * misspelt `preFilters:` is an error, not a silently ignored key. The parts peapod does not use
 * (leaderElection, clientConnection, extenders...) are loose: their known fields are type-checked, others
 * are kept. Unknown top-level fields are kept and reported as warnings by the resolver.
 */

const int32 = z.number().int().min(-2147483648).max(2147483647);
const int64 = z.number().int();

export const PluginSchema = z.strictObject({
  name: z.string(),
  weight: int32.optional(),
});

export const PluginSetSchema = z.strictObject({
  enabled: z.array(PluginSchema).optional(),
  disabled: z.array(PluginSchema).optional(),
});

export const PluginsSchema = z.strictObject({
  multiPoint: PluginSetSchema.optional(),
  ...(Object.fromEntries(EXTENSION_POINTS.map((point) => [point, PluginSetSchema.optional()])) as Record<
    (typeof EXTENSION_POINTS)[number],
    z.ZodOptional<typeof PluginSetSchema>
  >),
});

export const PluginConfigSchema = z.strictObject({
  name: z.string(),
  args: z.unknown().optional(),
});

export const ProfileSchema = z.strictObject({
  schedulerName: z.string().optional(),
  /** Per-profile since v1.27; accepted for every version. */
  percentageOfNodesToScore: int32.optional(),
  plugins: PluginsSchema.optional(),
  pluginConfig: z.array(PluginConfigSchema).optional(),
});

export const LeaderElectionSchema = z.looseObject({
  leaderElect: z.boolean().optional(),
  leaseDuration: z.string().optional(),
  renewDeadline: z.string().optional(),
  retryPeriod: z.string().optional(),
  resourceLock: z.string().optional(),
  resourceName: z.string().optional(),
  resourceNamespace: z.string().optional(),
});

export const ClientConnectionSchema = z.looseObject({
  kubeconfig: z.string().optional(),
  acceptContentTypes: z.string().optional(),
  contentType: z.string().optional(),
  qps: z.number().optional(),
  burst: int32.optional(),
});

export const SchedulerConfigurationSchema = z.looseObject({
  apiVersion: z.enum(SCHEDULER_CONFIG_API_VERSIONS),
  kind: z.literal('KubeSchedulerConfiguration'),
  parallelism: int32.optional(),
  leaderElection: LeaderElectionSchema.optional(),
  clientConnection: ClientConnectionSchema.optional(),
  enableProfiling: z.boolean().optional(),
  enableContentionProfiling: z.boolean().optional(),
  percentageOfNodesToScore: int32.optional(),
  podInitialBackoffSeconds: int64.optional(),
  podMaxBackoffSeconds: int64.optional(),
  profiles: z.array(ProfileSchema).optional(),
  extenders: z.array(z.unknown()).optional(),
});

export type RawPlugin = z.infer<typeof PluginSchema>;
export type RawPluginSet = z.infer<typeof PluginSetSchema>;
export type RawPlugins = z.infer<typeof PluginsSchema>;
export type RawProfile = z.infer<typeof ProfileSchema>;
export type RawSchedulerConfiguration = z.infer<typeof SchedulerConfigurationSchema>;

/** The top-level fields of v1 / v1beta3 that the schema above names (anything else draws a warning). */
export const KNOWN_TOP_LEVEL_FIELDS: ReadonlySet<string> = new Set(Object.keys(SchedulerConfigurationSchema.shape));

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Drops every `null` map value, recursively: an explicit `null` is an unset field (a nil pointer in Go),
 * so it never overrides a default. Array elements are kept as they are.
 */
export function stripNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripNulls);
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (v !== null) out[key] = stripNulls(v);
  }
  return out;
}
