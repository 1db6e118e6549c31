import { EXTENSION_POINTS, type PluginRegistry } from '../registry.js';
import type { FieldPath } from './problems.js';
import type { RawPlugins } from './schema.js';
import type { PluginSetKey, ResolveOptions } from './types.js';

/** Every plugin set of a profile, `multiPoint` first (the order upstream's mergePlugins walks them). */
export const PLUGIN_SET_KEYS: readonly PluginSetKey[] = ['multiPoint', ...EXTENSION_POINTS];

/** One `enabled` entry. `weight` 0 means unset (as upstream's internal config); `path` is absent for defaults. */
export interface EnabledPlugin {
  readonly name: string;
  readonly weight: number;
  readonly path?: FieldPath;
}

export interface PluginSetEntries {
  readonly enabled: readonly EnabledPlugin[];
  readonly disabled: readonly string[];
}

export type PluginSets = Readonly<Record<PluginSetKey, PluginSetEntries>>;

/**
 * The v1.26 default plugins (pkg/scheduler/apis/config/v1/default_plugins.go `getDefaultPlugins`; v1beta3's
 * list is the same), all as multiPoint, in upstream's order. `SchedulingGates` is not here: upstream appends
 * it only when the alpha PodSchedulingReadiness gate is on (see `defaultPluginSets`).
 */
export const DEFAULT_MULTI_POINT_PLUGINS: readonly { readonly name: string; readonly weight?: number }[] = [
  { name: 'PrioritySort' },
  { name: 'NodeUnschedulable' },
  { name: 'NodeName' },
  { name: 'TaintToleration', weight: 3 },
  { name: 'NodeAffinity', weight: 2 },
  { name: 'NodePorts' },
  { name: 'NodeResourcesFit', weight: 1 },
  { name: 'VolumeRestrictions' },
  { name: 'EBSLimits' },
  { name: 'GCEPDLimits' },
  { name: 'NodeVolumeLimits' },
  { name: 'AzureDiskLimits' },
  { name: 'VolumeBinding' },
  { name: 'VolumeZone' },
  { name: 'PodTopologySpread', weight: 2 },
  { name: 'InterPodAffinity', weight: 2 },
  { name: 'DefaultPreemption' },
  { name: 'NodeResourcesBalancedAllocation', weight: 1 },
  { name: 'ImageLocality', weight: 1 },
  { name: 'DefaultBinder' },
];

/**
 * In-tree plugins of v1.26 that peapod may not implement: the cloud volume-limit filters. With CSI migration
 * on (GA for EBS, GCE PD and Azure Disk by v1.26) they skip every migrated volume, so dropping them does not
 * change a decision. When the registry lacks one, enabling it draws a warning and is ignored; any other
 * plugin the registry lacks is an error.
 */
export const LEGACY_IN_TREE_PLUGINS: ReadonlySet<string> = new Set([
  'EBSLimits',
  'GCEPDLimits',
  'AzureDiskLimits',
  'CinderLimits',
]);

/** Every in-tree plugin of kube-scheduler v1.26 (its `plugins/registry.go`), to word problems about them. */
export const UPSTREAM_IN_TREE_PLUGINS: ReadonlySet<string> = new Set([
  ...DEFAULT_MULTI_POINT_PLUGINS.map((p) => p.name),
  ...LEGACY_IN_TREE_PLUGINS,
  'SchedulingGates',
  'SelectorSpread',
  'DynamicResources',
]);

function emptySets(): Record<PluginSetKey, PluginSetEntries> {
  const sets = {} as Record<PluginSetKey, PluginSetEntries>;
  for (const key of PLUGIN_SET_KEYS) sets[key] = { enabled: [], disabled: [] };
  return sets;
}

/**
 * The default plugin sets for `registry`: the upstream defaults the registry knows (a registry that lacks an
 * in-tree plugin simply runs without it), plus SchedulingGates when its feature gate is on.
 */
export function defaultPluginSets(registry: PluginRegistry, options: ResolveOptions = {}): PluginSets {
  const names = DEFAULT_MULTI_POINT_PLUGINS.map((p) => ({ name: p.name, weight: p.weight ?? 0 }));
  if (options.featureGates?.PodSchedulingReadiness) names.push({ name: 'SchedulingGates', weight: 0 });
  const sets = emptySets();
  sets.multiPoint = { enabled: names.filter((p) => registry.has(p.name)), disabled: [] };
  return sets;
}

/** A profile's `plugins` as written, with the config path of every enabled entry. */
export function customPluginSets(plugins: RawPlugins | undefined, base: FieldPath): PluginSets {
  const sets = emptySets();
  if (plugins === undefined) return sets;
  for (const key of PLUGIN_SET_KEYS) {
    const set = plugins[key];
    if (set === undefined) continue;
    sets[key] = {
      enabled: (set.enabled ?? []).map((p, i) => ({
        name: p.name,
        weight: p.weight ?? 0,
        path: [...base, key, 'enabled', i],
      })),
      disabled: (set.disabled ?? []).map((p) => p.name),
    };
  }
  return sets;
}

/**
 * Upstream's `mergePluginSet`: defaults not disabled (by name, or all with `*`) keep their place, and a
 * default that the custom set enables again is replaced in place by the custom entry (its weight included:
 * re-enabling `TaintToleration` without a weight gives it weight 0, i.e. 1); the other custom entries are
 * appended in order, duplicates included (expansion reports them). Disabled lists are concatenated.
 */
export function mergePluginSet(defaults: PluginSetEntries, custom: PluginSetEntries): PluginSetEntries {
  const disabled = [...custom.disabled, ...defaults.disabled];
  const disabledNames = new Set(disabled);
  // The last custom entry of a name wins, as upstream's map does.
  const customByName = new Map<string, number>(custom.enabled.map((p, i) => [p.name, i]));
  const replaced = new Set<number>();
  const enabled: EnabledPlugin[] = [];
  if (!disabledNames.has('*')) {
    for (const p of defaults.enabled) {
      if (disabledNames.has(p.name)) continue;
      const index = customByName.get(p.name);
      if (index === undefined) {
        enabled.push(p);
      } else {
        enabled.push(custom.enabled[index]!);
        replaced.add(index);
      }
    }
  }
  custom.enabled.forEach((p, i) => {
    if (!replaced.has(i)) enabled.push(p);
  });
  return { enabled, disabled };
}

/** Upstream's `mergePlugins`: `mergePluginSet` for multiPoint and every extension point. */
export function mergePlugins(defaults: PluginSets, custom: PluginSets): PluginSets {
  const merged = {} as Record<PluginSetKey, PluginSetEntries>;
  for (const key of PLUGIN_SET_KEYS) merged[key] = mergePluginSet(defaults[key], custom[key]);
  return merged;
}
