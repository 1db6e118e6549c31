import {
  ErrorCodes,
  LabelSelectorSchema,
  labelKeyProblem,
  PeapodError,
  type TopologySpreadConstraint,
} from '@peapod/core';
import { z } from 'zod';

/**
 * PodTopologySpread's plugin args (upstream `PodTopologySpreadArgs`, v1 defaulting and
 * `ValidatePodTopologySpreadArgs` of v1.26). Shared by the filter half and the score half.
 */

const NodeInclusionPolicySchema = z.enum(['Honor', 'Ignore']);

/** One entry of `defaultConstraints`: a TopologySpreadConstraint without a selector (it is deduced per pod). */
const DefaultConstraintSchema = z.strictObject({
  // Go's zero value when absent: validation then reports it out of range, as upstream does.
  maxSkew: z.number().int().default(0),
  topologyKey: z.string().default(''),
  whenUnsatisfiable: z.enum(['DoNotSchedule', 'ScheduleAnyway']),
  labelSelector: LabelSelectorSchema.nullish(),
  minDomains: z.number().int().nullish(),
  nodeAffinityPolicy: NodeInclusionPolicySchema.nullish(),
  nodeTaintsPolicy: NodeInclusionPolicySchema.nullish(),
  matchLabelKeys: z.array(z.string()).nullish(),
});

/**
 * `defaultingType: System` (the default) uses {@link SYSTEM_DEFAULT_CONSTRAINTS} and forbids
 * `defaultConstraints`; `List` uses `defaultConstraints`, which may be empty (no default spreading at all).
 */
export const PodTopologySpreadArgsSchema = z
  .strictObject({
    defaultConstraints: z.array(DefaultConstraintSchema).default([]),
    defaultingType: z.enum(['System', 'List']).default('System'),
  })
  .superRefine((args, ctx) => {
    if (args.defaultingType === 'System' && args.defaultConstraints.length > 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['defaultingType'],
        message: 'Invalid value: "System": when .defaultConstraints are not empty',
      });
    }
    args.defaultConstraints.forEach((c, i) => {
      const at = (field: string) => ['defaultConstraints', i, field];
      if (c.maxSkew <= 0) {
        ctx.addIssue({
          code: 'custom',
          path: at('maxSkew'),
          message: `Invalid value: ${c.maxSkew}: not in valid range (0, inf)`,
        });
      }
      const keyProblem = c.topologyKey === '' ? 'Required value: can not be empty' : labelKeyProblem(c.topologyKey);
      if (keyProblem !== undefined) ctx.addIssue({ code: 'custom', path: at('topologyKey'), message: keyProblem });
      if (c.labelSelector != null) {
        ctx.addIssue({
          code: 'custom',
          path: at('labelSelector'),
          message: 'Forbidden: constraint must not define a selector, as they deduced for each pod',
        });
      }
      const repeated = args.defaultConstraints
        .slice(0, i)
        .some((o) => o.topologyKey === c.topologyKey && o.whenUnsatisfiable === c.whenUnsatisfiable);
      if (repeated) {
        ctx.addIssue({
          code: 'custom',
          path: ['defaultConstraints', i],
          message: `Duplicate value: "{${c.topologyKey}, ${c.whenUnsatisfiable}}"`,
        });
      }
    });
  });

export type PodTopologySpreadArgs = z.output<typeof PodTopologySpreadArgsSchema>;
export type PodTopologySpreadArgsInput = z.input<typeof PodTopologySpreadArgsSchema>;

/**
 * Feature gates the plugin reads (upstream `feature.Features`), each defaulting to its v1.26 default.
 */
export interface PodTopologySpreadFeatures {
  /**
   * MinDomainsInPodTopologySpread: honour `minDomains`. Beta but OFF by default in v1.25 and v1.26 (on from
   * v1.27, GA in v1.30); the v1.26.7 fidelity corpus confirms it is off. Default false.
   */
  readonly enableMinDomains?: boolean;
  /**
   * NodeInclusionPolicyInPodTopologySpread: honour `nodeAffinityPolicy` / `nodeTaintsPolicy`. Beta and on in
   * v1.26. Off, every constraint behaves as `Honor` / `Ignore`. Default true.
   */
  readonly enableNodeInclusionPolicy?: boolean;
  /**
   * MatchLabelKeysInPodTopologySpread: AND the pod's values of a constraint's `matchLabelKeys` into its
   * selector. Alpha and off in v1.26 (beta and on from v1.27). Default false.
   */
  readonly enableMatchLabelKeys?: boolean;
}

/** Upstream `systemDefaultConstraints`: both ScheduleAnyway, so they only ever score, never filter. */
export const SYSTEM_DEFAULT_CONSTRAINTS: readonly TopologySpreadConstraint[] = Object.freeze([
  Object.freeze({ topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', maxSkew: 3 } as const),
  Object.freeze({
    topologyKey: 'topology.kubernetes.io/zone',
    whenUnsatisfiable: 'ScheduleAnyway',
    maxSkew: 5,
  } as const),
]);

/**
 * Validates and defaults raw args once, at plugin creation; throws a PeapodError (Config) naming every problem.
 * Parsed args (the schema's output) pass through unchanged.
 */
export function parsePodTopologySpreadArgs(raw: unknown = {}): PodTopologySpreadArgs {
  const parsed = PodTopologySpreadArgsSchema.safeParse(raw);
  if (!parsed.success) {
    throw new PeapodError(ErrorCodes.Config, `PodTopologySpread args: ${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}

/** The constraints a pod without its own gets (upstream `New`: System → the system defaults, List → the list). */
export function defaultConstraintsOf(args: PodTopologySpreadArgs): readonly TopologySpreadConstraint[] {
  return args.defaultingType === 'System' ? SYSTEM_DEFAULT_CONSTRAINTS : args.defaultConstraints;
}
