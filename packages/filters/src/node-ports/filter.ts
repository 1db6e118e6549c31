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
import { ReasonNodePortsConflict } from '../reasons.js';
import { type HostPort, hostPortsConflict, podHostPorts } from './host-ports.js';

/** The pod's wanted host ports, computed once in PreFilter. */
const NODE_PORTS_STATE = stateKey<readonly HostPort[]>('PreFilterNodePorts');

const CONFLICT = Object.freeze(unschedulable(ReasonNodePortsConflict));

/** The snapshot's grouping of the pods with host ports by their ports. */
const HOST_PORT_GROUPS = 'NodePorts/hostPorts';
const keys = new WeakMap<PodInfo, string | undefined>();

function hostPortsKey(pod: PodInfo): string | undefined {
  if (keys.has(pod)) return keys.get(pod);
  const ports = podHostPorts(pod.pod);
  const key = ports.length === 0 ? undefined : JSON.stringify(ports);
  keys.set(pod, key);
  return key;
}

function anyConflict(wanted: readonly HostPort[], used: readonly HostPort[]): boolean {
  for (let u = 0; u < used.length; u++) {
    for (let w = 0; w < wanted.length; w++) if (hostPortsConflict(wanted[w]!, used[u]!)) return true;
  }
  return false;
}

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

    filterAll(state: CycleState, _pod: PodInfo, nodes: Int32Array, handle: Handle, out: MaybeStatus[]): boolean {
      const wanted = state.read(NODE_PORTS_STATE);
      if (wanted.length === 0) return true;
      // The pods with host ports, in groups with the same ports: the nodes of every group whose ports
      // conflict with the wanted ones are rejected, without looking at each node's pods.
      const conflicting = new Set<number>();
      for (const group of handle.snapshot.podGroups(HOST_PORT_GROUPS, hostPortsKey).values()) {
        if (!anyConflict(wanted, podHostPorts(group.sample.pod))) continue;
        for (const node of group.nodes.keys()) conflicting.add(node);
      }
      if (conflicting.size === 0) return true;
      for (let k = 0; k < nodes.length; k++) out[k] = conflicting.has(nodes[k]!) ? CONFLICT : null;
      return false;
    },

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
