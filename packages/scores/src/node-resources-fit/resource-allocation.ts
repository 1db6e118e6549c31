import {
  CPU,
  isScalarResourceName,
  MEMORY,
  milliValue,
  type PodInfo,
  parseQuantity,
  RESOURCE_CPU,
  RESOURCE_MEMORY,
  type SnapshotView,
  value,
} from '@peapod/core';

/**
 * What NodeResourcesFit's score half and NodeResourcesBalancedAllocation share: upstream v1.26
 * `resource_allocation.go` (`resourceAllocationScorer`). `useRequested` picks the view of cpu and memory:
 * false (Fit) scores with the "non-zero" requests, where a container without a cpu or memory request counts
 * 100m / 200Mi, on the pod and on the node; true (BalancedAllocation) with the real ones.
 */

export interface ResourceWeight {
  readonly name: string;
  readonly weight: number;
}

/** Upstream's `defaultResourceSpec`: cpu and memory, weight 1 each. */
export const DEFAULT_SCORING_RESOURCES: readonly ResourceWeight[] = [
  { name: RESOURCE_CPU, weight: 1 },
  { name: RESOURCE_MEMORY, weight: 1 },
];

/**
 * The pod's own cpu request as v1.26's `calculatePodResourceRequest` adds it up: containers (max with each init
 * container) in millicores, but cpu overhead added with `Quantity.Value()`, i.e. in whole cores rounded up, not
 * millicores (250m of overhead adds 1). Nodes' booked requests count overhead correctly; only the incoming pod
 * has this quirk.
 */
export function scoringCpuRequest(pod: PodInfo, useRequested = false): number {
  const containers = useRequested ? (pod.requests[RESOURCE_CPU] ?? 0) : pod.nonZeroCpu;
  const overhead = pod.pod.spec.overhead?.[RESOURCE_CPU];
  if (overhead === undefined) return containers;
  const q = parseQuantity(overhead);
  return containers - milliValue(q) + value(q);
}

/** The pod's request of one resource as `calculatePodResourceRequest` computes it (overhead included). */
export function scoringPodRequest(pod: PodInfo, resource: string, useRequested: boolean): number {
  if (resource === RESOURCE_CPU) return scoringCpuRequest(pod, useRequested);
  if (resource === RESOURCE_MEMORY && !useRequested) return pod.nonZeroMemory;
  return pod.requests[resource] ?? 0;
}

/**
 * The strategy's resources a pod is scored on, with their snapshot columns and the pod's requests (PreScore
 * work). A scalar resource (extended, hugepages...) the pod does not request is left out, as upstream's
 * `calculateResourceAllocatableRequest` returns (0, 0) for it; so is one no node has and no pod requested
 * (column -1, allocatable 0 everywhere).
 */
export interface ScoredResources {
  readonly columns: Int32Array;
  readonly weights: Float64Array;
  readonly podRequests: Float64Array;
}

export function scoredResources(
  resources: readonly ResourceWeight[],
  pod: PodInfo,
  snapshot: SnapshotView,
  useRequested: boolean,
): ScoredResources {
  const kept: { column: number; weight: number; request: number }[] = [];
  for (const r of resources) {
    const request = scoringPodRequest(pod, r.name, useRequested);
    if (request === 0 && isScalarResourceName(r.name)) continue;
    const column = snapshot.resourceColumn(r.name);
    if (column < 0) continue;
    kept.push({ column, weight: r.weight, request });
  }
  return {
    columns: Int32Array.from(kept, (k) => k.column),
    weights: Float64Array.from(kept, (k) => k.weight),
    podRequests: Float64Array.from(kept, (k) => k.request),
  };
}

/** What the node has booked of a column: the non-zero view for cpu and memory unless `useRequested`. */
export function nodeRequested(snapshot: SnapshotView, column: number, node: number, useRequested: boolean): number {
  if (!useRequested) {
    if (column === CPU) return snapshot.nonZeroRequestedCpu[node]!;
    if (column === MEMORY) return snapshot.nonZeroRequestedMemory[node]!;
  }
  return snapshot.requested[column]![node]!;
}

/** The per-node rows a resource scorer reads, with their scratch arrays (one per kept resource, reused). */
export interface NodeResourceRows {
  readonly columns: Int32Array;
  readonly podRequests: Float64Array;
  readonly requested: Float64Array;
  readonly allocatable: Float64Array;
}

/** Fills the rows for one node: its allocatable, and what it has booked plus the pod's request. */
export function fillNodeRows(
  rows: NodeResourceRows,
  snapshot: SnapshotView,
  node: number,
  useRequested: boolean,
): void {
  const { columns, podRequests, requested, allocatable } = rows;
  for (let i = 0; i < columns.length; i++) {
    const column = columns[i]!;
    allocatable[i] = snapshot.allocatable[column]![node]!;
    requested[i] = nodeRequested(snapshot, column, node, useRequested) + podRequests[i]!;
  }
}
