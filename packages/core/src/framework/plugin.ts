import type { CycleState } from './cycle-state.js';
import type { PodInfo } from './pod-info.js';
import type { SnapshotView } from './snapshot.js';
import type { MaybeStatus } from './status.js';

/** Highest and lowest score a plugin may give a node after NormalizeScore. */
export const MAX_NODE_SCORE = 100;
export const MIN_NODE_SCORE = 0;

export interface Plugin {
  /** Upstream plugin name, e.g. `NodeResourcesFit`. */
  readonly name: string;
}

/** What a plugin may read of the scheduler: the snapshot, read-only. */
export interface Handle {
  readonly snapshot: SnapshotView;
}

/**
 * PreFilter: runs once per pod before Filter, computes per-pod state into CycleState.
 * Run rule: sequential in profile order; the first non-success status ends the cycle for the pod.
 */
export interface PreFilterPlugin extends Plugin {
  preFilter(state: CycleState, pod: PodInfo, handle: Handle): MaybeStatus;
}

/**
 * Filter: can the pod run on this node? Synchronous and pure.
 * Run rule: per node, plugins in profile order, stopping at the first rejection (as upstream).
 * `null` means the node passes; a rejection carries the reason strings upstream reports.
 */
export interface FilterPlugin extends Plugin {
  filter(state: CycleState, pod: PodInfo, node: number, handle: Handle): MaybeStatus;
}

/** PreScore: per-pod preparation for Score over the feasible nodes; `Skip` skips this plugin's Score. */
export interface PreScorePlugin extends Plugin {
  preScore(state: CycleState, pod: PodInfo, feasibleNodes: Int32Array, handle: Handle): MaybeStatus;
}

/**
 * Score: a raw score per feasible node, then optionally NormalizeScore over all of them, which must leave
 * every score in [MIN_NODE_SCORE, MAX_NODE_SCORE]. The framework multiplies by the profile's weight.
 */
export interface ScorePlugin extends Plugin {
  score(state: CycleState, pod: PodInfo, node: number, handle: Handle): number;
  /** Rewrites `scores` (parallel to `feasibleNodes`) in place. */
  normalizeScore?(state: CycleState, pod: PodInfo, feasibleNodes: Int32Array, scores: Float64Array): MaybeStatus;
}

/** QueueSort: orders pending pods; `less(a, b)` is true when `a` goes first. */
export interface QueueSortPlugin extends Plugin {
  less(a: QueuedPodInfo, b: QueuedPodInfo): boolean;
}

export interface QueuedPodInfo {
  readonly podInfo: PodInfo;
  /** When the pod entered the queue, in ms since the epoch (creationTimestamp for input pods). */
  readonly timestamp: number;
  /** Position in the input, the last tie-breaker so the order is total and deterministic. */
  readonly sequence: number;
}
