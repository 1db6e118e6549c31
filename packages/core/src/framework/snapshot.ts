import { ErrorCodes, PeapodError } from '../errors.js';
import type { Node } from '../model/node.js';
import { resourceAmount } from '../quantity.js';
import {
  isScalarResourceName,
  RESOURCE_CPU,
  RESOURCE_EPHEMERAL_STORAGE,
  RESOURCE_MEMORY,
  RESOURCE_PODS,
} from '../resource-names.js';
import { type CountedSelector, MatchCountIndex } from './match-counts.js';
import { type PodGroup, PodGroupIndex } from './pod-groups.js';
import type { PodInfo } from './pod-info.js';

/** A validated quantity can still exceed 2^53 units: that is an input error naming the node and field. */
function allocatableAmount(node: Node, resource: string, quantity: string | number): number {
  try {
    return resourceAmount(resource, quantity);
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    throw new PeapodError(
      ErrorCodes.InputInvalid,
      `Node ${node.metadata.name}: status.allocatable.${resource}: ${detail}`,
    );
  }
}

/** Column of cpu in `allocatable`/`requested`; memory and ephemeral-storage follow, then scalar resources. */
export const CPU = 0;
export const MEMORY = 1;
export const EPHEMERAL_STORAGE = 2;

/** What plugins may read. The engine owns the mutable snapshot; plugins get this view through their Handle. */
export interface SnapshotView {
  readonly nodeCount: number;
  readonly nodes: readonly Node[];
  readonly nodeNames: readonly string[];
  /** Resource name per column. */
  readonly resourceNames: readonly string[];
  /** `allocatable[column][node]`: cpu in millicores, others in whole units. */
  readonly allocatable: readonly Float64Array[];
  /** `requested[column][node]`: sum of the effective requests of the pods on the node. */
  readonly requested: readonly Float64Array[];
  /** Sum of the pods' non-zero cpu / memory requests (100m / 200Mi for missing ones), for scoring. */
  readonly nonZeroRequestedCpu: Float64Array;
  readonly nonZeroRequestedMemory: Float64Array;
  /** `status.allocatable.pods` per node. */
  readonly allowedPods: Int32Array;
  /** Number of pods on each node. */
  readonly podCount: Int32Array;
  readonly podsOnNode: readonly (readonly PodInfo[])[];
  /** Per node: its pods with pod affinity or anti-affinity terms (upstream `NodeInfo.PodsWithAffinity`). */
  readonly podsWithAffinity: readonly (readonly PodInfo[])[];
  /** Per node: its pods with required anti-affinity (upstream `NodeInfo.PodsWithRequiredAntiAffinity`). */
  readonly podsWithRequiredAntiAffinity: readonly (readonly PodInfo[])[];
  /** Pods with (anti-)affinity in the whole snapshot: 0 lets plugins skip walking the nodes. */
  readonly affinityPodCount: number;
  /** Pods with required anti-affinity in the whole snapshot. */
  readonly requiredAntiAffinityPodCount: number;
  /**
   * How many pods on each node the selector selects, kept up to date as pods are added and removed (the
   * returned array is live). Counting once and adjusting beats walking every pod of the cluster per cycle.
   */
  matchCounts(selector: CountedSelector): Int32Array;
  /**
   * The pods grouped by `keyOf` (undefined: not grouped), with how many of each group are on each node, kept
   * up to date as pods are added and removed. `name` identifies the grouping: the first call with a name
   * fixes its `keyOf`.
   */
  podGroups(name: string, keyOf: (pod: PodInfo) => string | undefined): ReadonlyMap<string, PodGroup>;
  /**
   * A value derived from the nodes alone (their labels, taints, images: what never changes while the
   * snapshot lives), computed once per key and kept while recently used: per-node masks of a node selector
   * or of a set of tolerations, shared by every pod that has the same one.
   */
  nodeMemo<T>(key: string, compute: () => T): T;
  /** Column of a resource, or -1 when no node has it and no pod requested it yet. */
  resourceColumn(name: string): number;
  /** Index of a node by name, or -1. */
  nodeIndex(name: string): number;
}

/**
 * The columnar cluster snapshot: per-resource typed arrays indexed by node, updated incrementally when a
 * pod is bound or removed. The hot path (pods x nodes x plugins) reads numbers, not objects.
 */
export class ClusterSnapshot implements SnapshotView {
  readonly nodeCount: number;
  readonly nodes: readonly Node[];
  readonly nodeNames: readonly string[];
  readonly resourceNames: string[] = [RESOURCE_CPU, RESOURCE_MEMORY, RESOURCE_EPHEMERAL_STORAGE];
  readonly allocatable: Float64Array[];
  readonly requested: Float64Array[];
  readonly nonZeroRequestedCpu: Float64Array;
  readonly nonZeroRequestedMemory: Float64Array;
  readonly allowedPods: Int32Array;
  readonly podCount: Int32Array;
  readonly podsOnNode: PodInfo[][];
  readonly podsWithAffinity: PodInfo[][];
  readonly podsWithRequiredAntiAffinity: PodInfo[][];
  affinityPodCount = 0;
  requiredAntiAffinityPodCount = 0;
  private readonly matchCountIndex: MatchCountIndex;
  private readonly groupIndexes = new Map<string, PodGroupIndex>();
  /** Nesting depth of `beginHypothetical`. */
  private hypothetical = 0;
  /** Changes not yet applied to the match counts (see `beginHypothetical`). */
  private deferred: { pod: PodInfo; node: number; delta: 1 | -1 }[] = [];
  private readonly memo = new Map<string, unknown>();
  private readonly columnByName = new Map<string, number>();
  private readonly indexByName = new Map<string, number>();

  constructor(nodes: readonly Node[]) {
    const n = nodes.length;
    this.nodeCount = n;
    this.nodes = nodes;
    this.nodeNames = nodes.map((node) => node.metadata.name);
    this.nodeNames.forEach((name, i) => {
      this.indexByName.set(name, i);
    });
    this.resourceNames.forEach((name, i) => {
      this.columnByName.set(name, i);
    });
    const scalars = new Set<string>();
    for (const node of nodes) {
      for (const name of Object.keys(node.status?.allocatable ?? {})) if (isScalarResourceName(name)) scalars.add(name);
    }
    for (const name of [...scalars].sort()) {
      this.columnByName.set(name, this.resourceNames.length);
      this.resourceNames.push(name);
    }
    this.allocatable = this.resourceNames.map(() => new Float64Array(n));
    this.requested = this.resourceNames.map(() => new Float64Array(n));
    this.nonZeroRequestedCpu = new Float64Array(n);
    this.nonZeroRequestedMemory = new Float64Array(n);
    this.allowedPods = new Int32Array(n);
    this.podCount = new Int32Array(n);
    this.podsOnNode = nodes.map(() => []);
    this.podsWithAffinity = nodes.map(() => []);
    this.podsWithRequiredAntiAffinity = nodes.map(() => []);
    // Bounded to ~64 MiB of counts (4 bytes per node per selector).
    this.matchCountIndex = new MatchCountIndex(n, this.podsOnNode, Math.max(64, Math.floor(2 ** 24 / Math.max(n, 1))));
    nodes.forEach((node, i) => {
      const alloc = node.status?.allocatable ?? {};
      for (const [name, quantity] of Object.entries(alloc)) {
        const amount = allocatableAmount(node, name, quantity);
        if (name === RESOURCE_PODS) this.allowedPods[i] = amount;
        const column = this.columnByName.get(name);
        if (column !== undefined) this.allocatable[column]![i] = amount;
      }
    });
  }

  resourceColumn(name: string): number {
    return this.columnByName.get(name) ?? -1;
  }

  /** The column of a resource, adding an all-zero one when a pod requests a resource no node has. */
  ensureResourceColumn(name: string): number {
    const existing = this.columnByName.get(name);
    if (existing !== undefined) return existing;
    const column = this.resourceNames.length;
    this.columnByName.set(name, column);
    this.resourceNames.push(name);
    this.allocatable.push(new Float64Array(this.nodeCount));
    this.requested.push(new Float64Array(this.nodeCount));
    return column;
  }

  nodeIndex(name: string): number {
    return this.indexByName.get(name) ?? -1;
  }

  matchCounts(selector: CountedSelector): Int32Array {
    this.flushDeferred();
    return this.matchCountIndex.counts(selector);
  }

  /**
   * Starts a stretch of hypothetical changes that will be undone (preemption's dry runs, nominated pods added
   * for one Filter pass): until `endHypothetical`, the match counts are not updated pod by pod; the changes
   * are kept and, at the end, only what was not undone reaches them (or everything, before a read).
   */
  podGroups(name: string, keyOf: (pod: PodInfo) => string | undefined): ReadonlyMap<string, PodGroup> {
    this.flushDeferred();
    let index = this.groupIndexes.get(name);
    if (index === undefined) {
      index = new PodGroupIndex(keyOf);
      for (let node = 0; node < this.nodeCount; node++) {
        for (const pod of this.podsOnNode[node]!) index.update(pod, node, 1);
      }
      this.groupIndexes.set(name, index);
    }
    return index.groups;
  }

  beginHypothetical(): void {
    this.hypothetical++;
  }

  endHypothetical(): void {
    if (this.hypothetical > 0) this.hypothetical--;
    if (this.hypothetical === 0) this.flushDeferred();
  }

  private updateIndexes(pod: PodInfo, node: number, delta: 1 | -1): void {
    this.matchCountIndex.update(pod, node, delta);
    for (const index of this.groupIndexes.values()) index.update(pod, node, delta);
  }

  private flushDeferred(): void {
    const log = this.deferred;
    if (log.length === 0) return;
    this.deferred = [];
    // Net change per pod and node: a pod removed and put back cancels out.
    const net = new Map<PodInfo, Map<number, number>>();
    for (const { pod, node, delta } of log) {
      let byNode = net.get(pod);
      if (byNode === undefined) {
        byNode = new Map();
        net.set(pod, byNode);
      }
      byNode.set(node, (byNode.get(node) ?? 0) + delta);
    }
    for (const [pod, byNode] of net) {
      for (const [node, delta] of byNode) {
        for (let i = 0; i < Math.abs(delta); i++) this.updateIndexes(pod, node, delta > 0 ? 1 : -1);
      }
    }
  }

  nodeMemo<T>(key: string, compute: () => T): T {
    if (this.memo.has(key)) {
      const value = this.memo.get(key) as T;
      this.memo.delete(key);
      this.memo.set(key, value);
      return value;
    }
    const value = compute();
    this.memo.set(key, value);
    // Values are up to 8 bytes per node (a verdict per node): keep ~128 MiB of them.
    if (this.memo.size > Math.max(64, Math.floor(2 ** 24 / Math.max(this.nodeCount, 1)))) {
      this.memo.delete(this.memo.keys().next().value as string);
    }
    return value;
  }

  /** Accounts a pod on a node (a bound input pod, or the result of a scheduling cycle). */
  addPod(pod: PodInfo, node: number): void {
    this.applyRequests(pod, node, 1);
    this.podsOnNode[node]!.push(pod);
    this.podCount[node]! += 1;
    if (pod.hasAffinity) {
      this.podsWithAffinity[node]!.push(pod);
      this.affinityPodCount++;
    }
    if (pod.hasRequiredAntiAffinity) {
      this.podsWithRequiredAntiAffinity[node]!.push(pod);
      this.requiredAntiAffinityPodCount++;
    }
    if (this.hypothetical > 0) this.deferred.push({ pod, node, delta: 1 });
    else this.updateIndexes(pod, node, 1);
  }

  /** Reverses `addPod` (preemption victims, what-if removals). Returns false when the pod is not on the node. */
  removePod(pod: PodInfo, node: number): boolean {
    const list = this.podsOnNode[node]!;
    const at = list.indexOf(pod);
    if (at < 0) return false;
    list.splice(at, 1);
    this.podCount[node]! -= 1;
    this.applyRequests(pod, node, -1);
    if (pod.hasAffinity) {
      const affinity = this.podsWithAffinity[node]!;
      affinity.splice(affinity.indexOf(pod), 1);
      this.affinityPodCount--;
    }
    if (pod.hasRequiredAntiAffinity) {
      const anti = this.podsWithRequiredAntiAffinity[node]!;
      anti.splice(anti.indexOf(pod), 1);
      this.requiredAntiAffinityPodCount--;
    }
    if (this.hypothetical > 0) this.deferred.push({ pod, node, delta: -1 });
    else this.updateIndexes(pod, node, -1);
    return true;
  }

  private applyRequests(pod: PodInfo, node: number, sign: 1 | -1): void {
    for (const [name, amount] of Object.entries(pod.requests)) {
      this.requested[this.ensureResourceColumn(name)]![node]! += sign * amount;
    }
    this.nonZeroRequestedCpu[node]! += sign * pod.nonZeroCpu;
    this.nonZeroRequestedMemory[node]! += sign * pod.nonZeroMemory;
  }
}
