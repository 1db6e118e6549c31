import {
  type CycleState,
  type FilterPlugin,
  type Handle,
  type MaybeStatus,
  PluginNames,
  type PodInfo,
  unresolvable,
} from '@peapod/core';
import { filterAllUnless } from '../helper/node-verdicts.js';
import { ReasonNodeNameMismatch } from '../reasons.js';

const MISMATCH = Object.freeze(unresolvable(ReasonNodeNameMismatch));

/**
 * NodeName (upstream `nodename/node_name.go`): a pod whose `spec.nodeName` is set fits only the node of that
 * name. A pending pod normally has no nodeName (the scheduler only sees pods without one), so this rarely
 * rejects; an empty string counts as unset, as upstream's `len(pod.Spec.NodeName) == 0`.
 */
export function nodeNameFilter(): FilterPlugin {
  return {
    name: PluginNames.NodeName,

    nodeOnlyKey: (pod: PodInfo) => pod.pod.spec.nodeName ?? '',
    filterAll: filterAllUnless((_state, pod) => pod.pod.spec.nodeName == null || pod.pod.spec.nodeName === ''),

    filter(_state: CycleState, pod: PodInfo, node: number, handle: Handle): MaybeStatus {
      const wanted = pod.pod.spec.nodeName;
      if (wanted == null || wanted === '' || wanted === handle.snapshot.nodeNames[node]) return null;
      return MISMATCH;
    },
  } satisfies FilterPlugin;
}
