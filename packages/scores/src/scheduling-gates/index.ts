import { type MaybeStatus, PluginNames, type PodInfo, type PreEnqueuePlugin, unresolvable } from '@peapod/core';

/**
 * SchedulingGates (upstream `schedulinggates/scheduling_gates.go`): a pod with `spec.schedulingGates` stays
 * out of the active queue until every gate is removed; peapod reports it as gated.
 */
export function schedulingGates(): PreEnqueuePlugin {
  return {
    name: PluginNames.SchedulingGates,
    preEnqueue(pod: PodInfo): MaybeStatus {
      const gates = pod.pod.spec.schedulingGates ?? [];
      if (gates.length === 0) return null;
      // Go prints a []string as `[a b]`.
      return unresolvable(`waiting for scheduling gates: [${gates.map((g) => g.name).join(' ')}]`);
    },
  } satisfies PreEnqueuePlugin;
}
