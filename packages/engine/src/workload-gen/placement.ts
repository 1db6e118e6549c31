import type { GenNode } from './cluster-shape.js';
import type { GenRandom } from './random.js';

/** How many candidate nodes one search looks at. */
const MAX_PROBES = 512;

/** What placement needs to know of a pod (an app's template). */
export interface PlacementRequest {
  /** nodeSelector + required node affinity, as a key: requests with the same key match the same nodes. */
  readonly nodeKey: string;
  readonly fitsLabels: (labels: Readonly<Record<string, string>>) => boolean;
  /** Taints (mask) the pod tolerates. */
  readonly tolerated: number;
  readonly cpuMilli: number;
  readonly memoryMi: number;
}

/**
 * Where the generator puts bound pods: a node that fits the pod's requests, node selector, required node
 * affinity and taints, found by probing the matching nodes from a random start. Bound pods are what a
 * real scheduler placed before the dump was taken, so any fitting node will do; inter-pod constraints
 * are not checked. When the matching nodes are full (small clusters), any node that fits takes the pod;
 * when none does, a matching node is overcommitted (a dump can hold such nodes).
 */
export class Placement {
  private readonly freeCpu: Float64Array;
  private readonly freeMemory: Float64Array;
  private readonly freePods: Int32Array;
  /** Nodes matching each node key, computed once per key. */
  private readonly byKey = new Map<string, Int32Array>();
  private readonly all: Int32Array;

  constructor(private readonly nodes: readonly GenNode[]) {
    this.freeCpu = Float64Array.from(nodes, (n) => n.cpuMilli);
    this.freeMemory = Float64Array.from(nodes, (n) => n.memoryMi);
    this.freePods = Int32Array.from(nodes, (n) => n.pods);
    this.all = Int32Array.from(nodes, (_, i) => i);
  }

  /** Accounts a pod on a node chosen by the caller (daemon pods). */
  reserve(node: number, cpuMilli: number, memoryMi: number): void {
    this.freeCpu[node]! -= cpuMilli;
    this.freeMemory[node]! -= memoryMi;
    this.freePods[node]! -= 1;
  }

  /** Picks and accounts a node for a pod; -1 when the cluster has no nodes. */
  place(request: PlacementRequest, random: GenRandom): number {
    if (this.nodes.length === 0) return -1;
    const candidates = this.matching(request);
    const start = random.int(candidates.length);
    const fit = this.firstFit(candidates, start, request);
    if (fit >= 0) return fit;
    if (candidates !== this.all) {
      const any = this.firstFit(this.all, random.int(this.all.length), request);
      if (any >= 0) return any;
    }
    const node = candidates[start]!;
    this.reserve(node, request.cpuMilli, request.memoryMi);
    return node;
  }

  private matching(request: PlacementRequest): Int32Array {
    let candidates = this.byKey.get(request.nodeKey);
    if (candidates === undefined) {
      const matching: number[] = [];
      for (let i = 0; i < this.nodes.length; i++) if (request.fitsLabels(this.nodes[i]!.labels)) matching.push(i);
      candidates = matching.length > 0 ? Int32Array.from(matching) : this.all;
      this.byKey.set(request.nodeKey, candidates);
    }
    return candidates;
  }

  /** The first of up to MAX_PROBES candidates from `start` that tolerates and fits the pod, accounted; or -1. */
  private firstFit(candidates: Int32Array, start: number, request: PlacementRequest): number {
    const probes = Math.min(candidates.length, MAX_PROBES);
    for (let k = 0; k < probes; k++) {
      const node = candidates[(start + k) % candidates.length]!;
      if ((this.nodes[node]!.taints & ~request.tolerated) !== 0) continue;
      if (
        this.freePods[node]! >= 1 &&
        this.freeCpu[node]! >= request.cpuMilli &&
        this.freeMemory[node]! >= request.memoryMi
      ) {
        this.reserve(node, request.cpuMilli, request.memoryMi);
        return node;
      }
    }
    return -1;
  }
}
