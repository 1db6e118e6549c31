import {
  type CycleState,
  ErrorCodes,
  type Handle,
  type MaybeStatus,
  PeapodError,
  PluginNames,
  type PodInfo,
  type PreScorePlugin,
  type ScorePlugin,
  stateKey,
} from '@peapod/core';
import {
  DEFAULT_SCORING_RESOURCES,
  nodeRequested,
  type ResourceWeight,
  scoredResources,
} from './resource-allocation.js';
import {
  leastAllocatedScorer,
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
interface ScoreState {
  readonly columns: Int32Array;
  readonly podRequests: Float64Array;
  readonly scorer: ResourceScorer;
  readonly requested: Float64Array;
  readonly allocatable: Float64Array;
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

  return {
    name: PluginNames.NodeResourcesFit,

    preScore(state: CycleState, pod: PodInfo, _feasible: Int32Array, handle: Handle): MaybeStatus {
      const { columns, weights, podRequests } = scoredResources(resources, pod, handle.snapshot, false);
      state.write(SCORE_STATE, {
        columns,
        podRequests,
        scorer: makeScorer(weights),
        requested: new Float64Array(columns.length),
        allocatable: new Float64Array(columns.length),
      });
      return null;
    },

    score(state: CycleState, _pod: PodInfo, node: number, handle: Handle): number {
      const { columns, podRequests, scorer, requested, allocatable } = state.read(SCORE_STATE);
      const snapshot = handle.snapshot;
      for (let i = 0; i < columns.length; i++) {
        const column = columns[i]!;
        allocatable[i] = snapshot.allocatable[column]![node]!;
        requested[i] = nodeRequested(snapshot, column, node, false) + podRequests[i]!;
      }
      return scorer(requested, allocatable);
    },
  } satisfies PreScorePlugin & ScorePlugin;
}
