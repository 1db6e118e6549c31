import type { PodInfo, SnapshotView } from '@peapod/core';
import {
  inclusionContext,
  matchCountsOf,
  nodeInclusion,
  type SpreadConstraint,
  type TopologyIndex,
  topologyIndex,
} from '@peapod/filters';

/** Upstream `v1.LabelHostname`: per-node counts for this key are taken in Score, not PreScore. */
export const LABEL_HOSTNAME = 'kubernetes.io/hostname';

/**
 * PodTopologySpread's PreScore state, as upstream v1.26 `preScoreState`. Like upstream's
 * `TopologyPairToPodCounts`, counts are kept per topology KEY and value, not per constraint: two constraints
 * with the same key add into the same counters. A domain is a position in the key's {@link TopologyIndex};
 * a node without the label reads the key as `""` (Go's map lookup), which is the index of `""` when some node
 * has that value and one extra slot past the values otherwise. Read-only once built (upstream `Clone` shares it).
 */
export interface SpreadScoreState {
  /** The ScheduleAnyway constraints that apply; empty when none (every node then scores 0, normalized 100). */
  readonly constraints: readonly SpreadConstraint[];
  /** Per constraint: its key slot. */
  readonly slotOf: Int32Array;
  /** Per constraint: 1 when its key is the hostname label. */
  readonly hostname: Uint8Array;
  /** Per key slot: the node domains of that key. */
  readonly indexes: readonly TopologyIndex[];
  /** Per key slot: the domain of a node without the label (that of the value `""`). */
  readonly emptyDomain: Int32Array;
  /** Per key slot: matching pods per domain; only domains of a scored node are counted. */
  readonly counts: readonly Float64Array[];
  /** Per constraint: `log(size + 2)`, size being the number of its key's domains among the scored nodes. */
  readonly weights: Float64Array;
  /** Per node index: 1 when the node is feasible but lacks a topology key (IgnoredNodes): it scores 0. */
  readonly ignored: Uint8Array;
  /** The namespace of the pod being scheduled: only pods of that namespace count. */
  readonly namespace: string;
  /** Per constraint: the snapshot's live per-node match counts of its selector (undefined: counts none). */
  readonly matched: readonly (Int32Array | undefined)[];
}

/** The state of a pod to which no ScheduleAnyway constraint applies. */
export const EMPTY_SCORE_STATE: SpreadScoreState = Object.freeze({
  constraints: [],
  slotOf: new Int32Array(0),
  hostname: new Uint8Array(0),
  indexes: [],
  emptyDomain: new Int32Array(0),
  counts: [],
  weights: new Float64Array(0),
  ignored: new Uint8Array(0),
  namespace: '',
  matched: [],
});

/** The domain of `node` for key slot `k`, a node without the label reading `""`. */
export function domainOf(s: SpreadScoreState, k: number, node: number): number {
  const d = s.indexes[k]!.domainOf[node]!;
  return d >= 0 ? d : s.emptyDomain[k]!;
}

function hasAllKeys(indexes: readonly TopologyIndex[], node: number): boolean {
  for (let k = 0; k < indexes.length; k++) if (indexes[k]!.domainOf[node]! < 0) return false;
  return true;
}

/**
 * Upstream `initPreScoreState` and the counting of `PreScore`:
 *
 * 1. Over the feasible nodes: a node missing a topology key (only checked when `requireAllTopologies`) is
 *    ignored; every other one creates the pair (key, value) of each non-hostname constraint, and a constraint's
 *    domain size grows when IT created the pair (a second constraint with the same key finds it created and
 *    keeps size 0, as upstream). The hostname size is the number of feasible nodes not ignored.
 * 2. Over ALL nodes with every topology key (when `requireAllTopologies`): for each constraint whose inclusion
 *    policies the node passes, the node's matching pods are added to its pair, if step 1 created that pair.
 */
export function computeScoreState(
  pod: PodInfo,
  constraints: readonly SpreadConstraint[],
  feasible: Int32Array,
  snapshot: SnapshotView,
  requireAllTopologies: boolean,
): SpreadScoreState {
  const keys: string[] = [];
  const slotOf = Int32Array.from(constraints, (c) => {
    const at = keys.indexOf(c.topologyKey);
    return at >= 0 ? at : keys.push(c.topologyKey) - 1;
  });
  const hostname = Uint8Array.from(constraints, (c) => (c.topologyKey === LABEL_HOSTNAME ? 1 : 0));
  const indexes = keys.map((k) => topologyIndex(snapshot.nodes, k));
  const emptyDomain = Int32Array.from(indexes, (ix) => ix.emptyDomain);
  // Hostname counts are read per node in Score: its key needs no per-domain arrays.
  const counts = indexes.map((ix) => new Float64Array(ix.key === LABEL_HOSTNAME ? 0 : ix.values.length + 1));
  const created = indexes.map((ix) => new Uint8Array(ix.key === LABEL_HOSTNAME ? 0 : ix.values.length + 1));
  const state: SpreadScoreState = {
    constraints,
    slotOf,
    hostname,
    indexes,
    emptyDomain,
    counts,
    weights: new Float64Array(constraints.length),
    ignored: new Uint8Array(snapshot.nodeCount),
    namespace: pod.namespace,
    matched: constraints.map((c) =>
      c.topologyKey === LABEL_HOSTNAME ? matchCountsOf(snapshot, c.selector, pod.namespace) : undefined,
    ),
  };

  const topoSize = new Int32Array(constraints.length);
  let ignoredCount = 0;
  for (let f = 0; f < feasible.length; f++) {
    const node = feasible[f]!;
    if (requireAllTopologies && !hasAllKeys(indexes, node)) {
      state.ignored[node] = 1;
      ignoredCount++;
      continue;
    }
    for (let i = 0; i < constraints.length; i++) {
      if (hostname[i] === 1) continue;
      const k = slotOf[i]!;
      const d = domainOf(state, k, node);
      if (created[k]![d] === 0) {
        created[k]![d] = 1;
        topoSize[i]!++;
      }
    }
  }
  for (let i = 0; i < constraints.length; i++) {
    const size = hostname[i] === 1 ? feasible.length - ignoredCount : topoSize[i]!;
    state.weights[i] = topologyNormalizingWeight(size);
  }

  const inclusion = inclusionContext(pod.pod);
  const nodes = snapshot.nodes;
  for (let i = 0; i < constraints.length; i++) {
    // A hostname pair is never created: per-node counts are taken in Score.
    if (hostname[i] === 1) continue;
    const c = constraints[i]!;
    const matched = matchCountsOf(snapshot, c.selector, pod.namespace);
    if (matched === undefined) continue;
    const k = slotOf[i]!;
    const domains = indexes[k]!.domainOf;
    const empty = emptyDomain[k]!;
    const made = created[k]!;
    const sums = counts[k]!;
    for (let node = 0; node < snapshot.nodeCount; node++) {
      // Few nodes hold matching pods: the inclusion policies are checked on those only.
      const n = matched[node]!;
      if (n === 0) continue;
      if (requireAllTopologies && !hasAllKeys(indexes, node)) continue;
      const own = domains[node]!;
      const d = own >= 0 ? own : empty;
      if (made[d] === 0 || !nodeInclusion(c, inclusion, nodes[node]!)) continue;
      sums[d]! += n;
    }
  }
  return state;
}

/**
 * Upstream `topologyNormalizingWeight`: `log(size + 2)`, so that the counts of a topology with few domains are
 * not watered down by one with many.
 */
export function topologyNormalizingWeight(size: number): number {
  return Math.log(size + 2);
}

/** Upstream `scoreForCount`: `cnt * weight + (maxSkew - 1)`; the `maxSkew - 1` waters small skews down. */
export function scoreForCount(count: number, maxSkew: number, weight: number): number {
  return count * weight + (maxSkew - 1);
}
