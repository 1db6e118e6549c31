import {
  type CycleState,
  type FilterPlugin,
  type Handle,
  type MaybeStatus,
  PluginNames,
  type PodInfo,
  type TaintLike,
  tolerationsTolerateTaint,
  unresolvable,
} from '@peapod/core';
import { filterNodeOnly, instanceKey } from '../helper/node-verdicts.js';
import { ReasonNodeUnschedulable } from '../reasons.js';

/** The taint a pod must tolerate to land on a cordoned node (upstream `v1.TaintNodeUnschedulable`). */
export const TAINT_NODE_UNSCHEDULABLE: TaintLike = Object.freeze({
  key: 'node.kubernetes.io/unschedulable',
  effect: 'NoSchedule',
});

const UNSCHEDULABLE = Object.freeze(unresolvable(ReasonNodeUnschedulable));

/**
 * NodeUnschedulable (upstream `nodeunschedulable/node_unschedulable.go`, v1.26): a node with
 * `spec.unschedulable: true` (cordoned) rejects the pod unless the pod tolerates the
 * `node.kubernetes.io/unschedulable:NoSchedule` taint. The taint itself need not be on the node.
 * Upstream's other reason, `node(s) had unknown conditions`, is only for a nil node, which a snapshot never holds.
 */
export function nodeUnschedulableFilter(): FilterPlugin {
  const prefix = instanceKey(PluginNames.NodeUnschedulable);
  function filter(_state: CycleState, pod: PodInfo, node: number, handle: Handle): MaybeStatus {
    if (handle.snapshot.nodes[node]!.spec?.unschedulable !== true) return null;
    return tolerationsTolerateTaint(pod.pod.spec.tolerations, TAINT_NODE_UNSCHEDULABLE) ? null : UNSCHEDULABLE;
  }
  return {
    name: PluginNames.NodeUnschedulable,
    filter,
    nodeOnlyKey: (pod: PodInfo) => String(tolerationsTolerateTaint(pod.pod.spec.tolerations, TAINT_NODE_UNSCHEDULABLE)),
    filterAll(state: CycleState, pod: PodInfo, nodes: Int32Array, handle: Handle, out: MaybeStatus[]): boolean {
      // Whether the pod tolerates the cordon taint is all that matters: two memoised verdict lists.
      const tolerates = tolerationsTolerateTaint(pod.pod.spec.tolerations, TAINT_NODE_UNSCHEDULABLE);
      return filterNodeOnly(handle.snapshot, `${prefix}${tolerates}`, nodes, out, (node) =>
        filter(state, pod, node, handle),
      );
    },
  } satisfies FilterPlugin;
}
