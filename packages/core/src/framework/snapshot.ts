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

  /** Accounts a pod on a node (a bound input pod, or the result of a scheduling cycle). */
  addPod(pod: PodInfo, node: number): void {
    this.applyRequests(pod, node, 1);
    this.podsOnNode[node]!.push(pod);
    this.podCount[node]! += 1;
  }

  /** Reverses `addPod` (preemption victims, what-if removals). Returns false when the pod is not on the node. */
  removePod(pod: PodInfo, node: number): boolean {
    const list = this.podsOnNode[node]!;
    const at = list.indexOf(pod);
    if (at < 0) return false;
    list.splice(at, 1);
    this.podCount[node]! -= 1;
    this.applyRequests(pod, node, -1);
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
