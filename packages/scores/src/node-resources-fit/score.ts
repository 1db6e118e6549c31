import {
  CPU,
  type CycleState,
  ErrorCodes,
  type Handle,
  type MaybeStatus,
  MEMORY,
  PeapodError,
  PluginNames,
  type PodInfo,
  type PreScorePlugin,
  type ScorePlugin,
  type SnapshotView,
  stateKey,
} from '@peapod/core';
import {
  DEFAULT_SCORING_RESOURCES,
  fillNodeRows,
  type NodeResourceRows,
  type ResourceWeight,
  scoredResources,
} from './resource-allocation.js';
import {
  leastAllocatedScorer,
  leastRequestedScore,
  mostAllocatedScorer,
  type ResourceScorer,
  requestedToCapacityRatioScorer,
  type ScoringStrategyType,
  type UtilizationShapePoint,
} from './strategies.js';

export interface NodeResourcesFitScoreArgs {
  readonly scoringStrategy?: {
    readonly type?: ScoringStrategyType;
    readonly resources?: readonly ResourceWeight[];
    /** Required with `type: RequestedToCapacityRatio`. */
    readonly requestedToCapacityRatio?: { readonly shape: readonly UtilizationShapePoint[] };
  };
}

/** Per-pod state: the kept resources, the strategy over their weights, and scratch rows for one node. */
interface ScoreState extends NodeResourceRows {
  readonly weights: Float64Array;
  readonly scorer: ResourceScorer;
}

const SCORE_STATE = stateKey<ScoreState>('PreScoreNodeResourcesFit');

function strategyScorer(args: NodeResourcesFitScoreArgs): (weights: Float64Array) => ResourceScorer {
  const strategy = args.scoringStrategy;
  switch (strategy?.type ?? 'LeastAllocated') {
    case 'LeastAllocated':
      return leastAllocatedScorer;
    case 'MostAllocated':
      return mostAllocatedScorer;
    case 'RequestedToCapacityRatio': {
      const shape = strategy?.requestedToCapacityRatio?.shape;
      if (shape === undefined || shape.length === 0) {
        throw new PeapodError(
          ErrorCodes.Config,
          'NodeResourcesFit: scoringStrategy.requestedToCapacityRatio.shape: at least one point must be specified',
        );
      }
      return (weights) => requestedToCapacityRatioScorer(weights, shape);
    }
  }
}

/**
 * NodeResourcesFit, score half (upstream v1.26 `resource_allocation.go` with `least_allocated.go`,
 * `most_allocated.go` or `requested_to_capacity_ratio.go`). cpu and memory use the non-zero requests (100m /
 * 200Mi for missing ones); other resources the real ones. Resources the node lacks (allocatable 0), and scalar
 * (extended, hugepages) resources the pod does not request, are left out of the weighted average.
 */
export function nodeResourcesFitScore(args: NodeResourcesFitScoreArgs = {}): PreScorePlugin & ScorePlugin {
  const resources = args.scoringStrategy?.resources ?? DEFAULT_SCORING_RESOURCES;
  const makeScorer = strategyScorer(args);
  const leastAllocated = (args.scoringStrategy?.type ?? 'LeastAllocated') === 'LeastAllocated';

  return {
    name: PluginNames.NodeResourcesFit,

    preScore(state: CycleState, pod: PodInfo, _feasible: Int32Array, handle: Handle): MaybeStatus {
      const { columns, weights, podRequests } = scoredResources(resources, pod, handle.snapshot, false);
      state.write(SCORE_STATE, {
        columns,
        podRequests,
        weights,
        scorer: makeScorer(weights),
        requested: new Float64Array(columns.length),
        allocatable: new Float64Array(columns.length),
      });
      return null;
    },

    score(state: CycleState, _pod: PodInfo, node: number, handle: Handle): number {
      return fitScore(state.read(SCORE_STATE), handle.snapshot, node);
    },

    scoreAll(state: CycleState, _pod: PodInfo, nodes: Int32Array, handle: Handle, out: Float64Array): void {
      const s = state.read(SCORE_STATE);
      const c = s.columns;
      if (leastAllocated && c.length === 2 && c[0] === CPU && c[1] === MEMORY) {
        leastAllocatedCpuMemory(s, handle.snapshot, nodes, out);
        return;
      }
      for (let k = 0; k < nodes.length; k++) out[k] = fitScore(s, handle.snapshot, nodes[k]!);
    },
  } satisfies PreScorePlugin & ScorePlugin;
}

/** The score of one node with the pod on it, from PreScore's state (scratch arrays reused per node). */
function fitScore(s: ScoreState, snapshot: SnapshotView, node: number): number {
  fillNodeRows(s, snapshot, node, false);
  return s.scorer(s.requested, s.allocatable);
}

/**
 * The default case of `fitScore` in one tight loop: LeastAllocated over cpu and memory (non-zero requests),
 * with the same arithmetic as `leastAllocatedScorer` (the weighted average truncated, resources with
 * allocatable 0 left out).
 */
function leastAllocatedCpuMemory(s: ScoreState, snapshot: SnapshotView, nodes: Int32Array, out: Float64Array): void {
  const cpuAllocatable = snapshot.allocatable[CPU]!;
  const memoryAllocatable = snapshot.allocatable[MEMORY]!;
  const cpuRequested = snapshot.nonZeroRequestedCpu;
  const memoryRequested = snapshot.nonZeroRequestedMemory;
  const podCpu = s.podRequests[0]!;
  const podMemory = s.podRequests[1]!;
  const cpuWeight = s.weights[0]!;
  const memoryWeight = s.weights[1]!;
  for (let k = 0; k < nodes.length; k++) {
    const node = nodes[k]!;
    const cpu = cpuAllocatable[node]!;
    const memory = memoryAllocatable[node]!;
    let score = 0;
    let weightSum = 0;
    if (cpu !== 0) {
      score += leastRequestedScore(cpuRequested[node]! + podCpu, cpu) * cpuWeight;
      weightSum += cpuWeight;
    }
    if (memory !== 0) {
      score += leastRequestedScore(memoryRequested[node]! + podMemory, memory) * memoryWeight;
      weightSum += memoryWeight;
    }
    out[k] = weightSum === 0 ? 0 : Math.trunc(score / weightSum);
  }
}
