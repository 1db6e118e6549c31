import {
  type CycleState,
  errorStatus,
  type FrameworkHandle,
  isSuccess,
  type MaybeStatus,
  type PodInfo,
  unresolvable,
} from '@peapod/core';
import { filterPodsWithPdbViolation, type PreemptionPdb } from './pdb.js';
import { ErrReasonNoVictims } from './reasons.js';

/** The victims of a node that can host the preemptor: in reprieve order (PDB-violating first). */
export interface NodeVictims {
  readonly pods: readonly PodInfo[];
  readonly numPdbViolations: number;
}

/**
 * Upstream `MoreImportantPod` as a comparator: higher priority first, then the earlier start time. The sort is
 * stable; Go's `sort.Slice` is too for up to 12 pods (insertion sort) and may order full ties differently above.
 */
export function moreImportantFirst(handle: FrameworkHandle): (a: PodInfo, b: PodInfo) => number {
  return (a, b) =>
    a.priority !== b.priority ? b.priority - a.priority : handle.podStartTime(a) - handle.podStartTime(b);
}

/**
 * Upstream `SelectVictimsOnNode`, as a dry run on `node`: removes every pod of lower priority than `pod`
 * (snapshot and PreFilter state through the RemovePod extensions), checks that `pod` then fits (with the
 * nominated pods), and reprieves as many removed pods as possible: PDB-violating ones first, then the others,
 * each group most important first; a pod stays a victim when adding it back makes `pod` not fit.
 * `state` must be a clone: it is mutated. The snapshot is restored, pod order included, before returning.
 */
export function selectVictimsOnNode(
  handle: FrameworkHandle,
  state: CycleState,
  pod: PodInfo,
  node: number,
  pdbs: readonly PreemptionPdb[],
): { victims?: NodeVictims; status: MaybeStatus } {
  const original = [...handle.snapshot.podsOnNode[node]!];
  const potential = original.filter((p) => p.priority < pod.priority);
  // No potential victims: the node's state would not change, so it is not evaluated again.
  if (potential.length === 0) return { status: unresolvable(ErrReasonNoVictims) };
  try {
    for (const p of potential) {
      handle.removePodFromSnapshot(p, node);
      const s = handle.runPreFilterExtensionRemovePod(state, pod, p, node);
      if (!isSuccess(s)) return { status: errorStatus(s!.reasons.join(', ')) };
    }
    // If the pod does not fit even without every lower-priority pod, this node cannot help. (Inter-pod
    // affinity to a victim is not supported, as upstream.)
    const fits = handle.runFilterWithNominatedPods(state, pod, node);
    if (!isSuccess(fits)) return { status: fits };

    potential.sort(moreImportantFirst(handle));
    const { violating, nonViolating } = filterPodsWithPdbViolation(potential, pdbs);
    const victims: PodInfo[] = [];
    let numPdbViolations = 0;
    const reprieve = (p: PodInfo): MaybeStatus | boolean => {
      handle.addPodToSnapshot(p, node);
      const added = handle.runPreFilterExtensionAddPod(state, pod, p, node);
      if (!isSuccess(added)) return errorStatus(added!.reasons.join(', '));
      if (isSuccess(handle.runFilterWithNominatedPods(state, pod, node))) return true;
      handle.removePodFromSnapshot(p, node);
      const removed = handle.runPreFilterExtensionRemovePod(state, pod, p, node);
      if (!isSuccess(removed)) return errorStatus(removed!.reasons.join(', '));
      victims.push(p);
      return false;
    };
    for (const p of violating) {
      const r = reprieve(p);
      if (typeof r !== 'boolean') return { status: r };
      if (!r) numPdbViolations++;
    }
    for (const p of nonViolating) {
      const r = reprieve(p);
      if (typeof r !== 'boolean') return { status: r };
    }
    return { victims: { pods: victims, numPdbViolations }, status: null };
  } finally {
    restoreNode(handle, node, original);
  }
}

/** Puts the node's pods back as they were, in the same order: re-adds from the first position that differs. */
function restoreNode(handle: FrameworkHandle, node: number, original: readonly PodInfo[]): void {
  const current = [...handle.snapshot.podsOnNode[node]!];
  let k = 0;
  while (k < original.length && k < current.length && current[k] === original[k]) k++;
  if (k === original.length && k === current.length) return;
  for (let i = current.length - 1; i >= k; i--) handle.removePodFromSnapshot(current[i]!, node);
  for (let i = k; i < original.length; i++) handle.addPodToSnapshot(original[i]!, node);
}
