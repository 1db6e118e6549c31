import { type AnyPlugin, type BindPlugin, PluginNames } from '@peapod/core';
import {
  interPodAffinityFilter,
  type NodeAffinityArgs,
  NodeAffinityArgsSchema,
  nodeAffinityFilter,
  nodeNameFilter,
  nodePortsFilter,
  nodeResourcesFitFilter,
  nodeUnschedulableFilter,
  type PodTopologySpreadArgsInput,
  PodTopologySpreadArgsSchema,
  podTopologySpreadFilter,
  taintTolerationFilter,
  type VolumeBindingArgs,
  VolumeBindingArgsSchema,
  volumeBindingFilter,
  volumeRestrictionsFilter,
  volumeZoneFilter,
} from '@peapod/filters';
import {
  type DefaultPreemptionArgs,
  DefaultPreemptionArgsSchema,
  defaultPreemption,
  type InterPodAffinityArgs,
  InterPodAffinityArgsSchema,
  imageLocalityScore,
  interPodAffinityScore,
  nodeAffinityScore,
  nodeResourcesBalancedAllocationScore,
  nodeResourcesFitScore,
  podTopologySpreadScore,
  prioritySort,
  schedulingGates,
  taintTolerationScore,
  volumeBindingScore,
} from '@peapod/scores';
import { z } from 'zod';
import { type ExtensionPoint, type PluginRegistration, PluginRegistry } from './registry.js';

const DEFAULT_RESOURCE_SPEC = [
  { name: 'cpu', weight: 1 },
  { name: 'memory', weight: 1 },
];

/** Upstream `ResourceSpec`; defaulting turns an unset or 0 weight into 1. */
const ResourceSpecSchema = z.strictObject({
  name: z.string().min(1),
  weight: z
    .number()
    .int()
    .default(0)
    .transform((w) => (w === 0 ? 1 : w)),
});

/** Upstream defaulting: an unset or empty list of resources means cpu and memory, weight 1 each. */
const ResourceSpecsSchema = z
  .array(ResourceSpecSchema)
  .optional()
  .transform((rs) => (rs === undefined || rs.length === 0 ? DEFAULT_RESOURCE_SPEC : rs));

/** NodeResourcesFit's resources: weights in (0, 100] after defaulting (upstream `validateResources`). */
const FitResourceSpecsSchema = z
  .array(
    ResourceSpecSchema.superRefine((r, ctx) => {
      if (r.weight <= 0 || r.weight > 100) {
        ctx.addIssue({
          code: 'custom',
          path: ['weight'],
          message: `Invalid value: ${r.weight}: resource weight of ${r.name} not in valid range (0, 100]`,
        });
      }
    }),
  )
  .optional()
  .transform((rs) => (rs === undefined || rs.length === 0 ? DEFAULT_RESOURCE_SPEC : rs));

/** RequestedToCapacityRatio's shape, validated as upstream `validateFunctionShape`. */
const UtilizationShapeSchema = z
  .array(z.strictObject({ utilization: z.number().int(), score: z.number().int() }))
  .superRefine((shape, ctx) => {
    if (shape.length === 0) {
      ctx.addIssue({ code: 'custom', message: 'Required value: at least one point must be specified' });
      return;
    }
    for (let i = 1; i < shape.length; i++) {
      if (shape[i - 1]!.utilization >= shape[i]!.utilization) {
        ctx.addIssue({
          code: 'custom',
          path: [i, 'utilization'],
          message: `Invalid value: ${shape[i]!.utilization}: utilization values must be sorted in increasing order`,
        });
        break;
      }
    }
    shape.forEach((point, i) => {
      if (point.utilization < 0 || point.utilization > 100) {
        ctx.addIssue({
          code: 'custom',
          path: [i, 'utilization'],
          message: `Invalid value: ${point.utilization}: not in valid range [0, 100]`,
        });
      }
      if (point.score < 0 || point.score > 10) {
        ctx.addIssue({
          code: 'custom',
          path: [i, 'score'],
          message: `Invalid value: ${point.score}: not in valid range [0, 10]`,
        });
      }
    });
  });

/** The args of NodeResourcesFit (`NodeResourcesFitArgs`): its filter half's and its score half's. */
export const NodeResourcesFitArgsSchema = z.strictObject({
  ignoredResources: z.array(z.string()).default([]),
  ignoredResourceGroups: z.array(z.string()).default([]),
  scoringStrategy: z
    .strictObject({
      type: z.enum(['LeastAllocated', 'MostAllocated', 'RequestedToCapacityRatio']).default('LeastAllocated'),
      resources: FitResourceSpecsSchema,
      requestedToCapacityRatio: z.strictObject({ shape: UtilizationShapeSchema }).optional(),
    })
    .superRefine((strategy, ctx) => {
      // Upstream would dereference a nil requestedToCapacityRatio when building the plugin.
      if (strategy.type === 'RequestedToCapacityRatio' && strategy.requestedToCapacityRatio === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['requestedToCapacityRatio'],
          message: 'Required value: must be set when type is RequestedToCapacityRatio',
        });
      }
    })
    .default({ type: 'LeastAllocated', resources: DEFAULT_RESOURCE_SPEC }),
});
export type NodeResourcesFitArgs = z.infer<typeof NodeResourcesFitArgsSchema>;

/** The args of NodeResourcesBalancedAllocation (`NodeResourcesBalancedAllocationArgs`). */
export const NodeResourcesBalancedAllocationArgsSchema = z.strictObject({
  resources: ResourceSpecsSchema.superRefine((resources, ctx) => {
    const seen = new Set<string>();
    resources.forEach((r, i) => {
      if (seen.has(r.name)) {
        ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `Duplicate value: ${JSON.stringify(r.name)}` });
      }
      seen.add(r.name);
      if (r.weight !== 1) {
        ctx.addIssue({ code: 'custom', path: [i, 'weight'], message: `Invalid value: ${r.weight}: must be 1` });
      }
    });
  }),
});
export type NodeResourcesBalancedAllocationArgs = z.infer<typeof NodeResourcesBalancedAllocationArgsSchema>;

/** Joins a plugin's halves (filter side, score side) into one instance under the upstream name. */
export function joinHalves(name: string, ...halves: object[]): AnyPlugin {
  return Object.assign({}, ...halves, { name }) as AnyPlugin;
}

function points(...names: ExtensionPoint[]): ReadonlySet<ExtensionPoint> {
  return new Set(names);
}

const defaultBinder = (): BindPlugin => ({
  name: PluginNames.DefaultBinder,
  // The batch runner binds by updating the snapshot; nothing to call.
  bind: () => null,
});

/** The in-tree plugins peapod implements, by upstream name, with the extension points each implements. */
export function inTreeRegistrations(): PluginRegistration<never>[] {
  const list: PluginRegistration<unknown>[] = [
    { name: PluginNames.PrioritySort, points: points('queueSort'), create: () => prioritySort() },
    { name: PluginNames.SchedulingGates, points: points('preEnqueue'), create: () => schedulingGates() },
    { name: PluginNames.DefaultBinder, points: points('bind'), create: () => defaultBinder() },
    {
      name: PluginNames.DefaultPreemption,
      points: points('postFilter'),
      argsSchema: DefaultPreemptionArgsSchema,
      create: (args) => defaultPreemption(args as DefaultPreemptionArgs),
    },
    {
      name: PluginNames.NodeUnschedulable,
      points: points('filter'),
      create: () => nodeUnschedulableFilter(),
    },
    { name: PluginNames.NodeName, points: points('filter'), create: () => nodeNameFilter() },
    {
      name: PluginNames.TaintToleration,
      points: points('filter', 'preScore', 'score'),
      create: () => joinHalves(PluginNames.TaintToleration, taintTolerationFilter(), taintTolerationScore()),
    },
    {
      name: PluginNames.NodeAffinity,
      points: points('preFilter', 'filter', 'preScore', 'score'),
      argsSchema: NodeAffinityArgsSchema,
      create: (raw) => {
        const args = raw as NodeAffinityArgs;
        return joinHalves(PluginNames.NodeAffinity, nodeAffinityFilter(args), nodeAffinityScore(args));
      },
    },
    { name: PluginNames.NodePorts, points: points('preFilter', 'filter'), create: () => nodePortsFilter() },
    {
      name: PluginNames.VolumeRestrictions,
      points: points('preFilter', 'filter'),
      // ReadWriteOncePod is alpha and off in v1.26.
      create: () => volumeRestrictionsFilter(),
    },
    {
      name: PluginNames.VolumeBinding,
      points: points('preFilter', 'filter', 'score'),
      argsSchema: VolumeBindingArgsSchema,
      create: (args) =>
        joinHalves(PluginNames.VolumeBinding, volumeBindingFilter(args as VolumeBindingArgs), volumeBindingScore()),
    },
    { name: PluginNames.ImageLocality, points: points('score'), create: () => imageLocalityScore() },
    { name: PluginNames.VolumeZone, points: points('preFilter', 'filter'), create: () => volumeZoneFilter() },
    {
      name: PluginNames.PodTopologySpread,
      points: points('preFilter', 'filter', 'preScore', 'score'),
      argsSchema: PodTopologySpreadArgsSchema,
      // v1.26 feature gates: MinDomainsInPodTopologySpread off (beta, default false until 1.27),
      // NodeInclusionPolicyInPodTopologySpread on, MatchLabelKeysInPodTopologySpread off. Both halves get
      // the same args and the same (default) gates.
      create: (args) =>
        joinHalves(
          PluginNames.PodTopologySpread,
          podTopologySpreadFilter(args as PodTopologySpreadArgsInput),
          podTopologySpreadScore(args as PodTopologySpreadArgsInput),
        ),
    },
    {
      name: PluginNames.InterPodAffinity,
      points: points('preFilter', 'filter', 'preScore', 'score'),
      argsSchema: InterPodAffinityArgsSchema,
      create: (args) =>
        joinHalves(
          PluginNames.InterPodAffinity,
          interPodAffinityFilter(),
          interPodAffinityScore(args as InterPodAffinityArgs),
        ),
    },
    {
      name: PluginNames.NodeResourcesFit,
      points: points('preFilter', 'filter', 'preScore', 'score'),
      argsSchema: NodeResourcesFitArgsSchema,
      create: (raw) => {
        const args = raw as NodeResourcesFitArgs;
        return joinHalves(PluginNames.NodeResourcesFit, nodeResourcesFitFilter(args), nodeResourcesFitScore(args));
      },
    },
    {
      name: PluginNames.NodeResourcesBalancedAllocation,
      points: points('preScore', 'score'),
      argsSchema: NodeResourcesBalancedAllocationArgsSchema,
      create: (args) => nodeResourcesBalancedAllocationScore(args as NodeResourcesBalancedAllocationArgs),
    },
  ];
  return list as PluginRegistration<never>[];
}

/** A registry holding every in-tree plugin; custom plugins can be registered on it too. */
export function createDefaultRegistry(): PluginRegistry {
  const registry = new PluginRegistry();
  for (const r of inTreeRegistrations()) registry.register(r as PluginRegistration<unknown>);
  return registry;
}
