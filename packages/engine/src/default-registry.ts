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
import { nodeResourcesFitScore, prioritySort, schedulingGates } from '@peapod/scores';
import { z } from 'zod';
import { type ExtensionPoint, type PluginRegistration, PluginRegistry } from './registry.js';

/** The args of NodeResourcesFit (`NodeResourcesFitArgs`): its filter half's and its score half's. */
export const NodeResourcesFitArgsSchema = z.strictObject({
  ignoredResources: z.array(z.string()).default([]),
  ignoredResourceGroups: z.array(z.string()).default([]),
  scoringStrategy: z
    .strictObject({
      type: z.enum(['LeastAllocated', 'MostAllocated']).default('LeastAllocated'),
      resources: z
        .array(
          z.strictObject({
            name: z.string().min(1),
            // Upstream defaulting turns an unset or 0 weight into 1; validation then wants 1..100.
            weight: z
              .number()
              .int()
              .min(0)
              .max(100)
              .default(1)
              .transform((w) => (w === 0 ? 1 : w)),
          }),
        )
        .min(1)
        .default([
          { name: 'cpu', weight: 1 },
          { name: 'memory', weight: 1 },
        ]),
    })
    .default({
      type: 'LeastAllocated',
      resources: [
        { name: 'cpu', weight: 1 },
        { name: 'memory', weight: 1 },
      ],
    }),
});
export type NodeResourcesFitArgs = z.infer<typeof NodeResourcesFitArgsSchema>;

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
      name: PluginNames.NodeUnschedulable,
      points: points('filter'),
      create: () => nodeUnschedulableFilter(),
    },
    { name: PluginNames.NodeName, points: points('filter'), create: () => nodeNameFilter() },
    {
      name: PluginNames.TaintToleration,
      points: points('filter'),
      create: () => taintTolerationFilter(),
    },
    {
      name: PluginNames.NodeAffinity,
      points: points('preFilter', 'filter'),
      argsSchema: NodeAffinityArgsSchema,
      create: (args) => nodeAffinityFilter(args as NodeAffinityArgs),
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
      points: points('preFilter', 'filter'),
      argsSchema: VolumeBindingArgsSchema,
      create: (args) => volumeBindingFilter(args as VolumeBindingArgs),
    },
    { name: PluginNames.VolumeZone, points: points('preFilter', 'filter'), create: () => volumeZoneFilter() },
    {
      name: PluginNames.PodTopologySpread,
      points: points('preFilter', 'filter'),
      argsSchema: PodTopologySpreadArgsSchema,
      // v1.26 feature gates: MinDomainsInPodTopologySpread off (beta, default false until 1.27),
      // NodeInclusionPolicyInPodTopologySpread on, MatchLabelKeysInPodTopologySpread off.
      create: (args) => podTopologySpreadFilter(args as PodTopologySpreadArgsInput),
    },
    {
      name: PluginNames.InterPodAffinity,
      points: points('preFilter', 'filter'),
      create: () => interPodAffinityFilter(),
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
  ];
  return list as PluginRegistration<never>[];
}

/** A registry holding every in-tree plugin; custom plugins can be registered on it too. */
export function createDefaultRegistry(): PluginRegistry {
  const registry = new PluginRegistry();
  for (const r of inTreeRegistrations()) registry.register(r as PluginRegistration<unknown>);
  return registry;
}
