import { PluginNames, type QueuedPodInfo, type QueueSortPlugin } from '@peapod/core';

/**
 * PrioritySort (upstream `queuesort/priority_sort.go`): higher `spec.priority` first, then the earlier
 * queue timestamp. Upstream's heap leaves equal pods in arbitrary order; peapod breaks that tie by input
 * position so runs are deterministic.
 */
export function prioritySort(): QueueSortPlugin {
  return {
    name: PluginNames.PrioritySort,
    less(a: QueuedPodInfo, b: QueuedPodInfo): boolean {
      const pa = a.podInfo.priority;
      const pb = b.podInfo.priority;
      if (pa !== pb) return pa > pb;
      if (a.timestamp !== b.timestamp) return a.timestamp < b.timestamp;
      return a.sequence < b.sequence;
    },
  } satisfies QueueSortPlugin;
}
