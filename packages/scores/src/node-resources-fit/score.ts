import {
  CPU,
  type CycleState,
  type Handle,
  isScalarResourceName,
  MAX_NODE_SCORE,
  type MaybeStatus,
  MEMORY,
  milliValue,
  PluginNames,
  type PodInfo,
  type PreScorePlugin,
  parseQuantity,
  RESOURCE_CPU,
  RESOURCE_MEMORY,
  type ScorePlugin,
  stateKey,
  value,
} from '@peapod/core';

export type ScoringStrategyType = 'LeastAllocated' | 'MostAllocated';

export interface ResourceWeight {
  readonly name: string;
  readonly weight: number;
}

export interface NodeResourcesFitScoreArgs {
  readonly scoringStrategy?: {
    readonly type?: ScoringStrategyType;
    readonly resources?: readonly ResourceWeight[];
  };
}

/** Upstream's default: LeastAllocated over cpu and memory, weight 1 each. */
export const DEFAULT_SCORING_RESOURCES: readonly ResourceWeight[] = [
  { name: RESOURCE_CPU, weight: 1 },
  { name: RESOURCE_MEMORY, weight: 1 },
];

/** Per-pod state: for each strategy resource, its column, weight and the pod's request. */
interface ScoreState {
  readonly columns: Int32Array;
  readonly weights: Float64Array;
  readonly podRequests: Float64Array;
}

const SCORE_STATE = stateKey<ScoreState>('PreScoreNodeResourcesFit');

/**
 * NodeResourcesFit, score half (upstream `resource_allocation.go` with `least_allocated.go` /
 * `most_allocated.go`). cpu and memory use the non-zero requests (100m / 200Mi for missing ones);
 * other resources the real ones. Resources the node lacks, and scalar (extended, hugepages) resources
 * the pod does not request, are left out of the weighted average. Go's truncating integer division throughout.
 */
export function nodeResourcesFitScore(args: NodeResourcesFitScoreArgs = {}): PreScorePlugin & ScorePlugin {
  const type = args.scoringStrategy?.type ?? 'LeastAllocated';
  const resources = args.scoringStrategy?.resources ?? DEFAULT_SCORING_RESOURCES;
  const resourceScore = type === 'MostAllocated' ? mostRequestedScore : leastRequestedScore;

  return {
    name: PluginNames.NodeResourcesFit,

    preScore(state: CycleState, pod: PodInfo, _feasible: Int32Array, handle: Handle): MaybeStatus {
      const kept = resources.filter((r) => !isScalarResourceName(r.name) || (pod.requests[r.name] ?? 0) !== 0);
      state.write(SCORE_STATE, {
        columns: Int32Array.from(kept, (r) => handle.snapshot.resourceColumn(r.name)),
        weights: Float64Array.from(kept, (r) => r.weight),
        podRequests: Float64Array.from(kept, (r) =>
          r.name === RESOURCE_CPU
            ? scoringCpuRequest(pod)
            : r.name === RESOURCE_MEMORY
              ? pod.nonZeroMemory
              : (pod.requests[r.name] ?? 0),
        ),
      });
      return null;
    },

    score(state: CycleState, _pod: PodInfo, node: number, handle: Handle): number {
      const { columns, weights, podRequests } = state.read(SCORE_STATE);
      const snapshot = handle.snapshot;
      let nodeScore = 0;
      let weightSum = 0;
      for (let i = 0; i < columns.length; i++) {
        const column = columns[i]!;
        if (column < 0) continue;
        const allocatable = snapshot.allocatable[column]![node]!;
        if (allocatable === 0) continue;
        const used =
          column === CPU
            ? snapshot.nonZeroRequestedCpu[node]!
            : column === MEMORY
              ? snapshot.nonZeroRequestedMemory[node]!
              : snapshot.requested[column]![node]!;
        nodeScore += resourceScore(used + podRequests[i]!, allocatable) * weights[i]!;
        weightSum += weights[i]!;
      }
      return weightSum === 0 ? 0 : Math.trunc(nodeScore / weightSum);
    },
  } satisfies PreScorePlugin & ScorePlugin;
}

/**
 * The pod's own cpu request as v1.26's `calculatePodResourceRequest` adds it up: like the non-zero request,
 * except that cpu overhead is added with `Quantity.Value()`, i.e. in whole cores rounded up, not millicores
 * (250m of overhead adds 1). Nodes' booked requests count overhead correctly; only the incoming pod has this.
 */
export function scoringCpuRequest(pod: PodInfo): number {
  const overhead = pod.pod.spec.overhead?.[RESOURCE_CPU];
  if (overhead === undefined) return pod.nonZeroCpu;
  const q = parseQuantity(overhead);
  return pod.nonZeroCpu - milliValue(q) + value(q);
}

/** `(capacity - requested) * 100 / capacity`, 0 when over capacity. */
export function leastRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0 || requested > capacity) return 0;
  return Math.trunc(((capacity - requested) * MAX_NODE_SCORE) / capacity);
}

/** `min(requested, capacity) * 100 / capacity`. */
export function mostRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0) return 0;
  return Math.trunc((Math.min(requested, capacity) * MAX_NODE_SCORE) / capacity);
}
