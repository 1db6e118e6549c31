import { MAX_NODE_SCORE } from '@peapod/core';
import { goRound } from '../helper/go-math.js';

/**
 * NodeResourcesFit's scoring strategies (upstream v1.26 `least_allocated.go`, `most_allocated.go`,
 * `requested_to_capacity_ratio.go`, `helper/shape_score.go`), with Go's int64 arithmetic: integer division
 * truncates, `math.Round` rounds half away from zero.
 */

export type ScoringStrategyType = 'LeastAllocated' | 'MostAllocated' | 'RequestedToCapacityRatio';

/** A point of a RequestedToCapacityRatio shape: utilization 0..100 (%), score 0..10 (`MaxCustomPriorityScore`). */
export interface UtilizationShapePoint {
  readonly utilization: number;
  readonly score: number;
}

/** Upstream `config.MaxCustomPriorityScore`: shape scores are given 0..10 and scaled to 0..MAX_NODE_SCORE. */
export const MAX_CUSTOM_PRIORITY_SCORE = 10;

/** Upstream `maxUtilization`. */
const MAX_UTILIZATION = 100;

/**
 * Scores one node from the per-resource requested/allocatable pairs of the resources kept for the pod
 * (allocatable 0 entries are skipped by every strategy).
 */
export type ResourceScorer = (requested: ArrayLike<number>, allocatable: ArrayLike<number>) => number;

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

/**
 * Upstream `helper.BuildBrokenLinearFunction`: `shape[0].score` at or below the first utilization, the last
 * score above the last one, and linear in between with truncating integer division. `shape` must be sorted by
 * strictly increasing utilization and not empty (the args validation guarantees it).
 */
export function brokenLinearFunction(shape: readonly UtilizationShapePoint[]): (p: number) => number {
  return (p) => {
    for (let i = 0; i < shape.length; i++) {
      const point = shape[i]!;
      if (p <= point.utilization) {
        if (i === 0) return point.score;
        const prev = shape[i - 1]!;
        return (
          prev.score +
          Math.trunc(((point.score - prev.score) * (p - prev.utilization)) / (point.utilization - prev.utilization))
        );
      }
    }
    return shape[shape.length - 1]!.score;
  };
}

/** The weighted average of `resourceScore` with Go's truncating division (LeastAllocated, MostAllocated). */
function truncatingAverage(
  weights: ArrayLike<number>,
  resourceScore: (requested: number, capacity: number) => number,
): ResourceScorer {
  return (requested, allocatable) => {
    let nodeScore = 0;
    let weightSum = 0;
    for (let i = 0; i < requested.length; i++) {
      if (allocatable[i] === 0) continue;
      nodeScore += resourceScore(requested[i]!, allocatable[i]!) * weights[i]!;
      weightSum += weights[i]!;
    }
    return weightSum === 0 ? 0 : Math.trunc(nodeScore / weightSum);
  };
}

export function leastAllocatedScorer(weights: ArrayLike<number>): ResourceScorer {
  return truncatingAverage(weights, leastRequestedScore);
}

export function mostAllocatedScorer(weights: ArrayLike<number>): ResourceScorer {
  return truncatingAverage(weights, mostRequestedScore);
}

/**
 * RequestedToCapacityRatio (`requestedToCapacityRatioScorer`): shape scores are scaled by
 * `MAX_NODE_SCORE / MAX_CUSTOM_PRIORITY_SCORE` (×10); each resource scores `f(requested * 100 / capacity)`
 * (integer division), or `f(100)` when over capacity. Only resources that score above 0 enter the weighted
 * average, which is rounded (`math.Round`), not truncated.
 */
export function requestedToCapacityRatioScorer(
  weights: ArrayLike<number>,
  shape: readonly UtilizationShapePoint[],
): ResourceScorer {
  const scale = MAX_NODE_SCORE / MAX_CUSTOM_PRIORITY_SCORE;
  const raw = brokenLinearFunction(shape.map((p) => ({ utilization: p.utilization, score: p.score * scale })));
  const resourceScore = (requested: number, capacity: number) =>
    capacity === 0 || requested > capacity
      ? raw(MAX_UTILIZATION)
      : raw(Math.trunc((requested * MAX_UTILIZATION) / capacity));
  return (requested, allocatable) => {
    let nodeScore = 0;
    let weightSum = 0;
    for (let i = 0; i < requested.length; i++) {
      if (allocatable[i] === 0) continue;
      const s = resourceScore(requested[i]!, allocatable[i]!);
      if (s > 0) {
        nodeScore += s * weights[i]!;
        weightSum += weights[i]!;
      }
    }
    return weightSum === 0 ? 0 : goRound(nodeScore / weightSum);
  };
}
