import type { PodInfo } from '@peapod/core';
import type { NodeVictims } from './select-victims.js';

/** A node where preemption makes room, with the victims it needs. */
export interface Candidate {
  readonly node: number;
  readonly name: string;
  readonly victims: NodeVictims;
}

/** Go's `math.MaxInt32 + 1`, added to every priority so that the sums compare on non-negative terms. */
const PRIORITY_OFFSET = 2n ** 31n;

/** Keeps the candidates with the smallest `key` (ties keep their order). */
function keepMin<K extends number | bigint>(candidates: readonly Candidate[], key: (c: Candidate) => K): Candidate[] {
  let best: K | undefined;
  let out: Candidate[] = [];
  for (const c of candidates) {
    const k = key(c);
    if (best === undefined || k < best) {
      best = k;
      out = [c];
    } else if (k === best) out.push(c);
  }
  return out;
}

/**
 * Upstream `GetEarliestPodStartTime`: the earliest start time among the victims of the highest priority.
 */
export function earliestStartOfHighestPriority(pods: readonly PodInfo[], startTime: (p: PodInfo) => number): number {
  let earliest = startTime(pods[0]!);
  let maxPriority = pods[0]!.priority;
  for (const p of pods) {
    if (p.priority === maxPriority) {
      const t = startTime(p);
      if (t < earliest) earliest = t;
    } else if (p.priority > maxPriority) {
      maxPriority = p.priority;
      earliest = startTime(p);
    }
  }
  return earliest;
}

/**
 * Upstream `pickOneNodeForPreemption`'s criteria, applied in order, each keeping the candidates that tie on it:
 * 1. fewest PDB violations;
 * 2. lowest priority of the FIRST victim (upstream reads `victims.Pods[0]`, which is the most important
 *    PDB-violating victim when there is one, not necessarily the highest priority overall);
 * 3. smallest sum of (priority + 2^31) over the victims (exact, in BigInt, as Go's int64);
 * 4. fewest victims;
 * 5. latest start time of the earliest-started highest-priority victim.
 * Returns the candidates that tie on all five, in the order given (upstream takes the first one its map
 * iteration meets: a random one).
 */
export function preemptionTopCandidates(
  candidates: readonly Candidate[],
  startTime: (p: PodInfo) => number,
): Candidate[] {
  if (candidates.length <= 1) return [...candidates];
  let set = keepMin(candidates, (c) => c.victims.numPdbViolations);
  set = keepMin(set, (c) => c.victims.pods[0]!.priority);
  set = keepMin(set, (c) => c.victims.pods.reduce((sum, p) => sum + BigInt(p.priority) + PRIORITY_OFFSET, 0n));
  set = keepMin(set, (c) => c.victims.pods.length);
  return keepMin(set, (c) => -earliestStartOfHighestPriority(c.victims.pods, startTime));
}
