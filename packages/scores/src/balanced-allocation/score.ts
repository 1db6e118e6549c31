import {
  CPU,
  type CycleState,
  type Handle,
  MAX_NODE_SCORE,
  type MaybeStatus,
  MEMORY,
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
} from '../node-resources-fit/resource-allocation.js';

/** Upstream `NodeResourcesBalancedAllocationArgs`. Weights must be 1 (upstream validation); they are unused. */
export interface NodeResourcesBalancedAllocationArgs {
  /** Resources whose utilization should be balanced; default cpu and memory. */
  readonly resources?: readonly ResourceWeight[];
}

/** Per-pod state: the kept resources and the pod's requests, plus scratch rows for one node. */
type BalancedState = NodeResourceRows;

const BALANCED_STATE = stateKey<BalancedState>('PreScoreNodeResourcesBalancedAllocation');

/**
 * Upstream `balancedResourceScorer`: the fraction `requested / allocatable` (capped at 1) of each resource with
 * allocatable > 0; their standard deviation `std` (`|f1 - f2| / 2` for two, the population standard deviation
 * for more, 0 for fewer); score `int64((1 - std) * 100)`, truncated. Float64 arithmetic in Go's order.
 */
export function balancedResourceScore(requested: ArrayLike<number>, allocatable: ArrayLike<number>): number {
  // Two passes instead of a fractions array: this runs per node per pod, and must not allocate.
  let count = 0;
  let totalFraction = 0;
  let first = 0;
  let second = 0;
  for (let i = 0; i < requested.length; i++) {
    if (allocatable[i] === 0) continue;
    const fraction = clampedFraction(requested[i]!, allocatable[i]!);
    totalFraction += fraction;
    if (count === 0) first = fraction;
    else if (count === 1) second = fraction;
    count++;
  }
  let std = 0;
  if (count === 2) {
    std = Math.abs((first - second) / 2);
  } else if (count > 2) {
    const mean = totalFraction / count;
    let sum = 0;
    for (let i = 0; i < requested.length; i++) {
      if (allocatable[i] === 0) continue;
      const f = clampedFraction(requested[i]!, allocatable[i]!);
      sum = sum + (f - mean) * (f - mean);
    }
    std = Math.sqrt(sum / count);
  }
  return Math.trunc((1 - std) * MAX_NODE_SCORE);
}

function clampedFraction(requested: number, allocatable: number): number {
  return Math.min(requested / allocatable, 1);
}

/** The score of one node with the pod on it, from PreScore's state (scratch arrays reused per node). */
function balancedScore(s: BalancedState, snapshot: SnapshotView, node: number): number {
  fillNodeRows(s, snapshot, node, true);
  return balancedResourceScore(s.requested, s.allocatable);
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
      return balancedScore(state.read(BALANCED_STATE), handle.snapshot, node);
    },

    scoreAll(state: CycleState, _pod: PodInfo, nodes: Int32Array, handle: Handle, out: Float64Array): void {
      const s = state.read(BALANCED_STATE);
      const c = s.columns;
      if (c.length === 2 && c[0] === CPU && c[1] === MEMORY) {
        balancedCpuMemory(s, handle.snapshot, nodes, out);
        return;
      }
      for (let k = 0; k < nodes.length; k++) out[k] = balancedScore(s, handle.snapshot, nodes[k]!);
    },
  } satisfies PreScorePlugin & ScorePlugin;
}

/**
 * The default case of `balancedScore` in one tight loop: cpu and memory (real requests), with the arithmetic
 * of `balancedResourceScore` for up to two fractions.
 */
function balancedCpuMemory(s: BalancedState, snapshot: SnapshotView, nodes: Int32Array, out: Float64Array): void {
  const cpuAllocatable = snapshot.allocatable[CPU]!;
  const memoryAllocatable = snapshot.allocatable[MEMORY]!;
  const cpuRequested = snapshot.requested[CPU]!;
  const memoryRequested = snapshot.requested[MEMORY]!;
  const podCpu = s.podRequests[0]!;
  const podMemory = s.podRequests[1]!;
  for (let k = 0; k < nodes.length; k++) {
    const node = nodes[k]!;
    const cpu = cpuAllocatable[node]!;
    const memory = memoryAllocatable[node]!;
    let std = 0;
    if (cpu !== 0 && memory !== 0) {
      const cpuFraction = clampedFraction(cpuRequested[node]! + podCpu, cpu);
      const memoryFraction = clampedFraction(memoryRequested[node]! + podMemory, memory);
      std = Math.abs((cpuFraction - memoryFraction) / 2);
    }
    out[k] = Math.trunc((1 - std) * MAX_NODE_SCORE);
  }
}
