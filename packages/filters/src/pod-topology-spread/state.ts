import type { Node, PodInfo, SnapshotView } from '@peapod/core';
import {
  type InclusionContext,
  inclusionContext,
  inclusionMask,
  matchCountsOf,
  nodeInclusion,
  type SpreadConstraint,
} from './constraints.js';
import { type TopologyIndex, topologyIndex } from './topology-index.js';

/** Upstream's `math.MaxInt32`, the match number of an unset critical path. */
const MAX_INT32 = 2147483647;

/**
 * PodTopologySpread's PreFilter state, as upstream v1.26 `preFilterState`. Like upstream, counts are kept per
 * topology KEY, not per constraint (`TpPairToMatchNum`, `TpKeyToCriticalPaths`, `TpKeyToDomainsNum`): two
 * DoNotSchedule constraints with the same key share one set of counts. The domain of a node is its position in
 * the key's {@link TopologyIndex}, so Filter reads typed arrays only.
 *
 * `addPod`/`removePod` mutate it in place; `clone()` (called by `CycleState.clone`) copies what they mutate.
 */
export class SpreadFilterState {
  private constructor(
    /** The pod's DoNotSchedule constraints; empty when none apply (then Filter passes every node). */
    readonly constraints: readonly SpreadConstraint[],
    /** Per constraint: its key slot. */
    readonly slotOf: Int32Array,
    /** Per key slot: the node domains of that key. */
    readonly indexes: readonly TopologyIndex[],
    /** Per key slot: number of domains counted in PreFilter (fixed; upstream does not update it either). */
    readonly domainsNum: Int32Array,
    /** Per constraint: 1 when the pod matches its own selector. */
    readonly selfMatch: Uint8Array,
    /** Per key slot: matching pods per domain (`TpPairToMatchNum`). Mutated by addPod/removePod. */
    readonly counts: Int32Array[],
    /**
     * Per key slot, 4 entries: the two critical paths `[domain0, num0, domain1, num1]`; `num0` is the minimum.
     * An unset path has domain -1 and num MaxInt32.
     */
    readonly paths: Int32Array,
    private readonly inclusion: InclusionContext | undefined,
  ) {}

  /** The legit empty state: no DoNotSchedule constraint applies, Filter passes every node. */
  static readonly EMPTY = new SpreadFilterState(
    [],
    new Int32Array(0),
    [],
    new Int32Array(0),
    new Uint8Array(0),
    [],
    new Int32Array(0),
    undefined,
  );

  /** Upstream `calPreFilterState`: counts matching pods per domain over the eligible nodes. */
  static compute(pod: PodInfo, constraints: readonly SpreadConstraint[], snapshot: SnapshotView): SpreadFilterState {
    if (constraints.length === 0) return SpreadFilterState.EMPTY;
    const keys: string[] = [];
    const slotOf = Int32Array.from(constraints, (c) => {
      const at = keys.indexOf(c.topologyKey);
      return at >= 0 ? at : keys.push(c.topologyKey) - 1;
    });
    const indexes = keys.map((k) => topologyIndex(snapshot.nodes, k));
    const counts = indexes.map((ix) => new Int32Array(ix.values.length));
    const present = indexes.map((ix) => new Uint8Array(ix.values.length));
    const inclusion = inclusionContext(pod.pod);
    const masks = constraints.map((c) => inclusionMask(snapshot, c, inclusion));
    const matched = constraints.map((c) => matchCountsOf(snapshot, c.selector, pod.namespace));
    // Per node, per key slot: the count of the LAST constraint with that key that includes the node (upstream
    // overwrites `tpCounts[pair]`), or -1 when no constraint with that key includes it.
    const nodeCount = new Int32Array(keys.length);
    for (let node = 0; node < snapshot.nodeCount; node++) {
      if (!hasAllKeys(indexes, node)) continue;
      nodeCount.fill(-1);
      for (let i = 0; i < constraints.length; i++) {
        const mask = masks[i];
        if (mask !== undefined && mask[node] === 0) continue;
        nodeCount[slotOf[i]!] = matched[i]?.[node] ?? 0;
      }
      for (let k = 0; k < keys.length; k++) {
        if (nodeCount[k]! < 0) continue;
        const d = indexes[k]!.domainOf[node]!;
        counts[k]![d]! += nodeCount[k]!;
        present[k]![d] = 1;
      }
    }
    const domainsNum = Int32Array.from(present, (p) => p.reduce((sum, v) => sum + v, 0));
    const paths = new Int32Array(keys.length * 4);
    for (let k = 0; k < keys.length; k++) {
      paths.set([-1, MAX_INT32, -1, MAX_INT32], k * 4);
      const p = present[k]!;
      for (let d = 0; d < p.length; d++) if (p[d] === 1) updatePaths(paths, k, d, counts[k]![d]!);
    }
    const labels = pod.pod.metadata.labels;
    const selfMatch = Uint8Array.from(constraints, (c) => (c.selector.matches(labels) ? 1 : 0));
    return new SpreadFilterState(constraints, slotOf, indexes, domainsNum, selfMatch, counts, paths, inclusion);
  }

  /** Upstream `preFilterState.Clone`: constraints and domain numbers are shared, counts and paths copied. */
  clone(): SpreadFilterState {
    if (this.constraints.length === 0) return this;
    return new SpreadFilterState(
      this.constraints,
      this.slotOf,
      this.indexes,
      this.domainsNum,
      this.selfMatch,
      this.counts.map((c) => c.slice()),
      this.paths.slice(),
      this.inclusion,
    );
  }

  /**
   * Upstream `updateWithPod`: `delta` (+1 / -1) for each constraint whose selector matches `updated`, when
   * `updated` is in the namespace of the pod being scheduled and `node` has every topology key and passes the
   * constraint's inclusion policies. Unlike PreFilter's counting, neither terminating pods nor empty selectors
   * are special-cased here, as upstream.
   */
  update(updated: PodInfo, preemptor: PodInfo, node: number, nodeObj: Node, delta: number): void {
    const inclusion = this.inclusion;
    if (inclusion === undefined || updated.namespace !== preemptor.namespace) return;
    if (!hasAllKeys(this.indexes, node)) return;
    const labels = updated.pod.metadata.labels;
    for (let i = 0; i < this.constraints.length; i++) {
      const c = this.constraints[i]!;
      if (!c.selector.matches(labels) || !nodeInclusion(c, inclusion, nodeObj)) continue;
      const k = this.slotOf[i]!;
      const d = this.indexes[k]!.domainOf[node]!;
      const counts = this.counts[k]!;
      counts[d]! += delta;
      updatePaths(this.paths, k, d, counts[d]!);
    }
  }

  /**
   * The global minimum for the skew of constraint `i` (upstream `minMatchNum`): the smallest domain count, or 0
   * when there are fewer domains than `minDomains`. Undefined when PreFilter found no domain for the key: upstream
   * then fails to read the domain number and skips the constraint.
   */
  minMatchNum(i: number): number | undefined {
    const k = this.slotOf[i]!;
    const domains = this.domainsNum[k]!;
    if (domains === 0) return undefined;
    return domains < this.constraints[i]!.minDomains ? 0 : this.paths[k * 4 + 1]!;
  }
}

function hasAllKeys(indexes: readonly TopologyIndex[], node: number): boolean {
  for (let k = 0; k < indexes.length; k++) if (indexes[k]!.domainOf[node]! < 0) return false;
  return true;
}

/** Upstream `criticalPaths.update` on the two paths of key slot `k`. */
function updatePaths(paths: Int32Array, k: number, domain: number, num: number): void {
  const o = k * 4;
  const at = domain === paths[o] ? 0 : domain === paths[o + 2] ? 1 : -1;
  if (at >= 0) {
    paths[o + at * 2 + 1] = num;
    if (paths[o + 1]! > paths[o + 3]!) {
      const d0 = paths[o]!;
      const n0 = paths[o + 1]!;
      paths[o] = paths[o + 2]!;
      paths[o + 1] = paths[o + 3]!;
      paths[o + 2] = d0;
      paths[o + 3] = n0;
    }
  } else if (num < paths[o + 1]!) {
    paths[o + 2] = paths[o]!;
    paths[o + 3] = paths[o + 1]!;
    paths[o] = domain;
    paths[o + 1] = num;
  } else if (num < paths[o + 3]!) {
    paths[o + 2] = domain;
    paths[o + 3] = num;
  }
}
