import {
  type CycleState,
  type Handle,
  MAX_NODE_SCORE,
  type MaybeStatus,
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
} from '../node-resources-fit/resource-allocation.js';

/** Upstream `NodeResourcesBalancedAllocationArgs`. Weights must be 1 (upstream validation); they are unused. */
export interface NodeResourcesBalancedAllocationArgs {
  /** Resources whose utilization should be balanced; default cpu and memory. */
  readonly resources?: readonly ResourceWeight[];
}

/** Per-pod state: the kept resources and the pod's requests, plus scratch rows for one node. */
interface BalancedState {
  readonly columns: Int32Array;
  readonly podRequests: Float64Array;
  readonly requested: Float64Array;
  readonly allocatable: Float64Array;
}

const BALANCED_STATE = stateKey<BalancedState>('PreScoreNodeResourcesBalancedAllocation');

/**
 * Upstream `balancedResourceScorer`: the fraction `requested / allocatable` (capped at 1) of each resource with
 * allocatable > 0; their standard deviation `std` (`|f1 - f2| / 2` for two, the population standard deviation
 * for more, 0 for fewer); score `int64((1 - std) * 100)`, truncated. Float64 arithmetic in Go's order.
 */
export function balancedResourceScore(requested: ArrayLike<number>, allocatable: ArrayLike<number>): number {
  const fractions: number[] = [];
  let totalFraction = 0;
  for (let i = 0; i < requested.length; i++) {
    if (allocatable[i] === 0) continue;
    let fraction = requested[i]! / allocatable[i]!;
    if (fraction > 1) fraction = 1;
    totalFraction += fraction;
    fractions.push(fraction);
  }
  let std = 0;
  if (fractions.length === 2) {
    std = Math.abs((fractions[0]! - fractions[1]!) / 2);
  } else if (fractions.length > 2) {
    const mean = totalFraction / fractions.length;
    let sum = 0;
    for (const f of fractions) sum = sum + (f - mean) * (f - mean);
    std = Math.sqrt(sum / fractions.length);
  }
  return Math.trunc((1 - std) * MAX_NODE_SCORE);
}

/**
 * NodeResourcesBalancedAllocation (upstream v1.26 `noderesources/balanced_allocation.go` over
 * `resource_allocation.go` with `useRequested: true`): favours nodes whose resource utilizations, after adding
 * the pod, are close to each other. Unlike NodeResourcesFit it uses the real requests, on the node
 * (`NodeInfo.Requested`) and of the pod, with no 100m / 200Mi defaults; the pod's cpu overhead still goes in
 * as whole cores rounded up (`Quantity.Value()`, see `scoringCpuRequest`). Resources the node lacks, and scalar
 * resources the pod does not request, are left out.
 *
 * v1.26 scores every pod, best-effort ones included (skipping them in PreScore is the later fix for
 * kubernetes#129138), and scores the balance of the node with the pod on it. Kubernetes v1.36 can instead score
 * the change in balance that placing the pod brings; that is not the default and not what v1.26 does.
 */
export function nodeResourcesBalancedAllocationScore(
  args: NodeResourcesBalancedAllocationArgs = {},
): PreScorePlugin & ScorePlugin {
  const resources =
    args.resources !== undefined && args.resources.length > 0 ? args.resources : DEFAULT_SCORING_RESOURCES;

  return {
    name: PluginNames.NodeResourcesBalancedAllocation,

    preScore(state: CycleState, pod: PodInfo, _feasible: Int32Array, handle: Handle): MaybeStatus {
      const { columns, podRequests } = scoredResources(resources, pod, handle.snapshot, true);
      state.write(BALANCED_STATE, {
        columns,
        podRequests,
        requested: new Float64Array(columns.length),
        allocatable: new Float64Array(columns.length),
      });
      return null;
    },

    score(state: CycleState, _pod: PodInfo, node: number, handle: Handle): number {
      const { columns, podRequests, requested, allocatable } = state.read(BALANCED_STATE);
      const snapshot = handle.snapshot;
      for (let i = 0; i < columns.length; i++) {
        const column = columns[i]!;
        allocatable[i] = snapshot.allocatable[column]![node]!;
        requested[i] = nodeRequested(snapshot, column, node, true) + podRequests[i]!;
      }
      return balancedResourceScore(requested, allocatable);
    },
  } satisfies PreScorePlugin & ScorePlugin;
}
