import { QuantitySchema } from '@peapod/core';
import { z } from 'zod';
import { parseDuration } from '../time.js';

export const SCENARIO_API_VERSION = 'peapod.dev/v1alpha1';

/** A duration: `90s`, `5m`, `1h30m`, `500ms`, or a number of seconds. */
export const DurationSchema = z.union([z.string(), z.number()]).superRefine((v, ctx) => {
  if (parseDuration(v) === undefined) {
    ctx.addIssue({
      code: 'custom',
      message: `invalid duration ${JSON.stringify(v)}: use a number of seconds or a Go duration like "90s", "5m", "1h30m"`,
    });
  }
});

/** A manifest given inline: any object with a kind. */
const InlineObjectSchema = z.looseObject({ kind: z.string().min(1) });
/** Manifests from a file (YAML, multi-document YAML, JSON, `kind: List`), relative to the scenario. */
const PathSchema = z.strictObject({ path: z.string().min(1) });
export const ObjectSourceSchema = z.union([PathSchema, InlineObjectSchema]);

const ObjectRefSchema = z.strictObject({
  kind: z.string().min(1),
  name: z.string().min(1),
  namespace: z.string().optional(),
});

/** Which pod a fault hits: by name, or the first live pod (by name) that matches labels, optionally on a node. */
const PodTargetShape = {
  pod: z.string().min(1).optional(),
  selector: z.record(z.string(), z.string()).optional(),
  node: z.string().min(1).optional(),
  namespace: z.string().optional(),
  container: z.string().min(1).optional(),
};

const ACTION_KEYS = [
  'apply',
  'delete',
  'scale',
  'fail-node',
  'recover-node',
  'crash-container',
  'fail-probe',
  'advance',
] as const;
export type ActionKey = (typeof ACTION_KEYS)[number];

export const ActionSchema = z
  .strictObject({
    at: DurationSchema.optional(),
    apply: ObjectSourceSchema.optional(),
    delete: ObjectRefSchema.optional(),
    scale: z
      .strictObject({
        kind: z.enum(['Deployment', 'ReplicaSet']),
        name: z.string().min(1),
        namespace: z.string().optional(),
        replicas: z.number().int().min(0),
      })
      .optional(),
    'fail-node': z.string().min(1).optional(),
    'recover-node': z.string().min(1).optional(),
    'crash-container': z
      .strictObject({ ...PodTargetShape, exitCode: z.number().int().min(0).max(255).optional() })
      .optional(),
    'fail-probe': z
      .strictObject({
        ...PodTargetShape,
        probe: z.enum(['liveness', 'readiness', 'startup']).optional(),
        for: DurationSchema.optional(),
      })
      .optional(),
    advance: DurationSchema.optional(),
  })
  .superRefine((action, ctx) => {
    const keys = ACTION_KEYS.filter((k) => action[k] !== undefined);
    if (keys.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        message: `an action has exactly one of ${ACTION_KEYS.join(', ')}${keys.length > 1 ? `; got ${keys.join(' and ')}` : ''}`,
      });
    }
    for (const key of ['crash-container', 'fail-probe'] as const) {
      const target = action[key];
      if (target !== undefined && (target.pod === undefined) === (target.selector === undefined)) {
        ctx.addIssue({ code: 'custom', path: [key], message: 'give either pod (a name) or selector (labels)' });
      }
    }
  });
export type ScenarioAction = z.infer<typeof ActionSchema>;

export const ScenarioSchema = z.strictObject({
  apiVersion: z.literal(SCENARIO_API_VERSION),
  kind: z.literal('Scenario'),
  metadata: z.looseObject({ name: z.string().min(1) }).optional(),
  description: z.string().optional(),
  seed: z.number().int().min(0).max(0xffffffff).optional(),
  /** When the run ends: a duration, or `steady` (once nothing is left to do after the last action). */
  until: z.union([z.literal('steady'), DurationSchema]).optional(),
  trace: z.boolean().optional(),
  network: z
    .strictObject({
      serviceCIDR: z.string().optional(),
      clusterCIDR: z.string().optional(),
      nodeCIDRMaskSize: z.number().int().min(8).max(30).optional(),
    })
    .optional(),
  images: z
    .strictObject({
      defaultSize: QuantitySchema.optional(),
      pullBytesPerSecond: QuantitySchema.optional(),
      sizes: z.record(z.string(), QuantitySchema).optional(),
      missing: z.array(z.string()).optional(),
    })
    .optional(),
  objects: z.array(ObjectSourceSchema).optional(),
  actions: z.array(ActionSchema).optional(),
});
export type Scenario = z.infer<typeof ScenarioSchema>;
