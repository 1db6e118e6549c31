import type { PluginEntry, ProfileSpec } from './build-profile.js';
import { DEFAULT_SCHEDULER_NAME } from './profile.js';
import { EXTENSION_POINTS, type ExtensionPoint, type PluginRegistry } from './registry.js';

/**
 * Upstream's default `multiPoint` plugin set (v1 `default_plugins.go`), in order, with score weights.
 * SchedulingGates comes first as in current upstream (v1.26 had it behind an alpha gate; it only affects
 * pods with `spec.schedulingGates`). Legacy cloud volume-limit plugins are not implemented.
 */
export const DEFAULT_MULTI_POINT: readonly PluginEntry[] = [
  { name: 'SchedulingGates' },
  { name: 'PrioritySort' },
  { name: 'NodeUnschedulable' },
  { name: 'NodeName' },
  { name: 'TaintToleration', weight: 3 },
  { name: 'NodeAffinity', weight: 2 },
  { name: 'NodePorts' },
  { name: 'NodeResourcesFit', weight: 1 },
  { name: 'VolumeRestrictions' },
  { name: 'NodeVolumeLimits' },
  { name: 'VolumeBinding' },
  { name: 'VolumeZone' },
  { name: 'PodTopologySpread', weight: 2 },
  { name: 'InterPodAffinity', weight: 2 },
  { name: 'DefaultPreemption' },
  { name: 'NodeResourcesBalancedAllocation', weight: 1 },
  { name: 'ImageLocality', weight: 1 },
  { name: 'DefaultBinder' },
];

/** The default profile: every default plugin the registry has, at every point it implements. */
export function defaultProfileSpec(registry: PluginRegistry, schedulerName = DEFAULT_SCHEDULER_NAME): ProfileSpec {
  const points: Partial<Record<ExtensionPoint, PluginEntry[]>> = {};
  for (const entry of DEFAULT_MULTI_POINT) {
    const registration = registry.get(entry.name);
    if (registration === undefined) continue;
    for (const point of EXTENSION_POINTS) {
      if (!registration.points.has(point)) continue;
      const list = points[point] ?? [];
      list.push(point === 'score' ? { name: entry.name, weight: entry.weight ?? 1 } : { name: entry.name });
      points[point] = list;
    }
  }
  return { schedulerName, points, args: {} };
}
