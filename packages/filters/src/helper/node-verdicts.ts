import type { CycleState, FilterPlugin, Handle, MaybeStatus, PodInfo, SnapshotView } from '@peapod/core';

/** Every node's verdict, and how many reject (0: the plugin passes every node for such pods). */
export interface NodeVerdicts {
  readonly statuses: readonly MaybeStatus[];
  readonly rejected: number;
}

/**
 * Filter verdicts that depend only on the nodes (labels, taints, cordons) and on one part of the pod's spec
 * (its tolerations, its node selector): computed once per distinct `key` over every node, then read by each
 * pod that has the same part, as replicas do. `key` must identify both the plugin instance and that part.
 */
export function nodeVerdicts(
  snapshot: SnapshotView,
  key: string,
  verdict: (node: number) => MaybeStatus,
): NodeVerdicts {
  return snapshot.nodeMemo(key, () => {
    const statuses = new Array<MaybeStatus>(snapshot.nodeCount);
    let rejected = 0;
    for (let node = 0; node < snapshot.nodeCount; node++) {
      statuses[node] = verdict(node);
      if (statuses[node] !== null) rejected++;
    }
    return { statuses, rejected };
  });
}

/**
 * A FilterPlugin's `filterAll` from memoised verdicts: `true` (every node passes, `out` untouched) when none
 * rejects, else the verdicts of `nodes` copied into `out`.
 */
export function readVerdicts(verdicts: NodeVerdicts, nodes: Int32Array, out: MaybeStatus[]): boolean {
  if (verdicts.rejected === 0) return true;
  const statuses = verdicts.statuses;
  for (let k = 0; k < nodes.length; k++) out[k] = statuses[nodes[k]!]!;
  return false;
}

/**
 * A FilterPlugin's `filterAll` for node-only verdicts: memoised over every node (`nodeVerdicts`) when most
 * nodes are asked for; computed for `nodes` alone when they are a sample of a large cluster (the adaptive
 * percentage), where a pass over every node would cost more than it saves.
 */
export function filterNodeOnly(
  snapshot: SnapshotView,
  key: string,
  nodes: Int32Array,
  out: MaybeStatus[],
  verdict: (node: number) => MaybeStatus,
): boolean {
  if (worthMemoising(snapshot, key, nodes.length))
    return readVerdicts(nodeVerdicts(snapshot, key, verdict), nodes, out);
  let allPass = true;
  for (let k = 0; k < nodes.length; k++) {
    out[k] = verdict(nodes[k]!);
    if (out[k] !== null) allPass = false;
  }
  return allPass;
}

const asked = new WeakMap<SnapshotView, Map<string, number>>();

/**
 * Whether to compute a key's values over every node: when most nodes are asked for, or when the key comes
 * back (a second replica; the adaptive percentage then walks a different slice of the nodes each time).
 */
export function worthMemoising(snapshot: SnapshotView, key: string, asking: number): boolean {
  if (asking * 4 >= snapshot.nodeCount) return true;
  let counts = asked.get(snapshot);
  if (counts === undefined) {
    counts = new Map();
    asked.set(snapshot, counts);
  }
  const seen = (counts.get(key) ?? 0) + 1;
  if (counts.size >= 65536) counts.clear();
  counts.set(key, seen);
  return seen > 2;
}

let instances = 0;

/** A prefix unique to one plugin instance, so that two instances with different args never share verdicts. */
export function instanceKey(plugin: string): string {
  instances++;
  return `${plugin}#${instances}\u0000`;
}

type FilterAll = (
  this: FilterPlugin,
  state: CycleState,
  pod: PodInfo,
  nodes: Int32Array,
  handle: Handle,
  out: MaybeStatus[],
) => boolean;

/**
 * A `filterAll` for a plugin whose PreFilter state often says there is nothing to check (no host ports, no
 * volumes, no constraints): `true` (every node passes) then, without a call per node; otherwise node by node.
 */
export function filterAllUnless(passesAll: (state: CycleState, pod: PodInfo) => boolean): FilterAll {
  return function filterAll(this: FilterPlugin, state, pod, nodes, handle, out) {
    if (passesAll(state, pod)) return true;
    for (let k = 0; k < nodes.length; k++) out[k] = this.filter(state, pod, nodes[k]!, handle);
    return false;
  };
}
