import {
  type CycleState,
  type FilterPlugin,
  type Handle,
  type MaybeStatus,
  PluginNames,
  type PodInfo,
  type PreFilterPlugin,
  stateKey,
  unschedulable,
} from '@peapod/core';
import { filterAllUnless } from '../helper/node-verdicts.js';
import { ReasonNodePortsConflict } from '../reasons.js';
import { type HostPort, hostPortsConflict, podHostPorts } from './host-ports.js';

/** The pod's wanted host ports, computed once in PreFilter. */
const NODE_PORTS_STATE = stateKey<readonly HostPort[]>('PreFilterNodePorts');

const CONFLICT = Object.freeze(unschedulable(ReasonNodePortsConflict));

/**
 * NodePorts (upstream `nodeports/node_ports.go`, v1.26): the pod's host ports must not conflict with the host
 * ports of the pods already on the node. Unschedulable (not Unresolvable): preemption may free a port.
 *
 * Filter reads the node's pods from the snapshot, so pods the framework adds to the snapshot (nominated pods,
 * or removes: preemption victims) are seen without PreFilter extensions; upstream has none either
 * (`PreFilterExtensions() == nil`), its state being the incoming pod's ports only. One difference: upstream's
 * `UsedPorts` is a set, so removing one of two pods that share a port frees it there; two such pods cannot
 * run on one node, so only an inconsistent input shows it.
 */
export function nodePortsFilter(): PreFilterPlugin & FilterPlugin {
  return {
    name: PluginNames.NodePorts,

    preFilter(state: CycleState, pod: PodInfo, _handle: Handle): MaybeStatus {
      state.write(NODE_PORTS_STATE, podHostPorts(pod.pod));
      return null;
    },

    filterAll: filterAllUnless((state) => state.read(NODE_PORTS_STATE).length === 0),

    filter(state: CycleState, _pod: PodInfo, node: number, handle: Handle): MaybeStatus {
      const wanted = state.read(NODE_PORTS_STATE);
      if (wanted.length === 0) return null;
      const pods = handle.snapshot.podsOnNode[node]!;
      for (let i = 0; i < pods.length; i++) {
        const used = podHostPorts(pods[i]!.pod);
        for (let u = 0; u < used.length; u++) {
          for (let w = 0; w < wanted.length; w++) {
            if (hostPortsConflict(wanted[w]!, used[u]!)) return CONFLICT;
          }
        }
      }
      return null;
    },
  } satisfies PreFilterPlugin & FilterPlugin;
}
