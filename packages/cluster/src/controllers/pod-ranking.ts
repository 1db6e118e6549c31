import type { Pod } from '@peapod/core';
import { podCondition, podRestarts } from '../objects.js';

const PHASE_RANK: Readonly<Record<string, number>> = { Pending: 0, Unknown: 1, Running: 2 };
const DELETION_COST = 'controller.kubernetes.io/pod-deletion-cost';

function time(value: string | null | undefined): number {
  const ms = value ? Date.parse(value) : Number.NaN;
  return Number.isNaN(ms) ? 0 : ms;
}

/**
 * The ReplicaSet controller's choice of pods to delete when scaling down (upstream `getPodsToDelete` with
 * `ActivePodsWithRanks`): pods that cost least to lose go first. `colocated` counts, per node, the pods of
 * the same owner there; more crowded nodes lose pods first.
 */
export function podsToDelete(pods: readonly Pod[], count: number, colocated: ReadonlyMap<string, number>): Pod[] {
  const rank = (p: Pod) => (p.spec.nodeName ? (colocated.get(p.spec.nodeName) ?? 0) : 0);
  const sorted = [...pods].sort((a, b) => {
    // Unassigned before assigned.
    if (!a.spec.nodeName !== !b.spec.nodeName) return a.spec.nodeName ? 1 : -1;
    const pa = PHASE_RANK[a.status?.phase ?? 'Pending'] ?? 0;
    const pb = PHASE_RANK[b.status?.phase ?? 'Pending'] ?? 0;
    if (pa !== pb) return pa - pb;
    const ra = podCondition(a, 'Ready')?.status === 'True';
    const rb = podCondition(b, 'Ready')?.status === 'True';
    if (ra !== rb) return ra ? 1 : -1;
    const ca = Number(a.metadata.annotations?.[DELETION_COST] ?? 0);
    const cb = Number(b.metadata.annotations?.[DELETION_COST] ?? 0);
    if (ca !== cb) return ca - cb;
    if (rank(a) !== rank(b)) return rank(b) - rank(a);
    if (ra && rb) {
      const ta = time(podCondition(a, 'Ready')?.lastTransitionTime);
      const tb = time(podCondition(b, 'Ready')?.lastTransitionTime);
      if (ta !== tb) return tb - ta;
    }
    const xa = podRestarts(a);
    const xb = podRestarts(b);
    if (xa !== xb) return xb - xa;
    const na = time(a.metadata.creationTimestamp);
    const nb = time(b.metadata.creationTimestamp);
    if (na !== nb) return nb - na;
    return a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0;
  });
  return sorted.slice(0, count);
}

/** How many of `pods` run on each node. */
export function countByNode(pods: readonly Pod[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const p of pods) if (p.spec.nodeName) counts.set(p.spec.nodeName, (counts.get(p.spec.nodeName) ?? 0) + 1);
  return counts;
}
