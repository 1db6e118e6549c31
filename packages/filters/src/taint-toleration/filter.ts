import {
  type CycleState,
  DO_NOT_SCHEDULE_TAINTS,
  type FilterPlugin,
  findUntoleratedTaint,
  type Handle,
  type MaybeStatus,
  PluginNames,
  type PodInfo,
  type Status,
  type TaintLike,
  unresolvable,
} from '@peapod/core';
import { filterNodeOnly, instanceKey } from '../helper/node-verdicts.js';
import { reasonUntoleratedTaint } from '../reasons.js';

/**
 * TaintToleration, filter half (upstream `tainttoleration/taint_toleration.go`, v1.26): the first NoSchedule
 * or NoExecute taint of the node, in node order, that none of the pod's tolerations tolerates rejects the pod
 * with `node(s) had untolerated taint {key: value}`. PreferNoSchedule taints only matter for scoring.
 * Upstream has no PreFilter for it; the statuses are cached per (key, value) for the plugin's lifetime.
 */
export function taintTolerationFilter(): FilterPlugin {
  const statuses = new Map<string, Map<string, Status>>();

  function statusFor(taint: TaintLike): Status {
    const value = taint.value ?? '';
    let byValue = statuses.get(taint.key);
    if (byValue === undefined) {
      byValue = new Map();
      statuses.set(taint.key, byValue);
    }
    let status = byValue.get(value);
    if (status === undefined) {
      status = Object.freeze(unresolvable(reasonUntoleratedTaint(taint.key, value)));
      byValue.set(value, status);
    }
    return status;
  }

  const prefix = instanceKey(PluginNames.TaintToleration);
  function filter(_state: CycleState, pod: PodInfo, node: number, handle: Handle): MaybeStatus {
    const taints = handle.snapshot.nodes[node]!.spec?.taints;
    if (taints == null || taints.length === 0) return null;
    const taint = findUntoleratedTaint(taints, pod.pod.spec.tolerations, DO_NOT_SCHEDULE_TAINTS);
    return taint === undefined ? null : statusFor(taint);
  }

  return {
    name: PluginNames.TaintToleration,
    filter,
    nodeOnlyKey: (pod: PodInfo) => JSON.stringify(pod.pod.spec.tolerations ?? []),
    filterAll(state: CycleState, pod: PodInfo, nodes: Int32Array, handle: Handle, out: MaybeStatus[]): boolean {
      const key = `${prefix}${JSON.stringify(pod.pod.spec.tolerations ?? [])}`;
      return filterNodeOnly(handle.snapshot, key, nodes, out, (node) => filter(state, pod, node, handle));
    },
  } satisfies FilterPlugin;
}
