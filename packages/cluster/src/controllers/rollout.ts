import type { Deployment, IntOrPercent, PodTemplateSpec, ReplicaSet } from '@peapod/core';
import { canonicalJson } from '../objects.js';

export const TEMPLATE_HASH_LABEL = 'pod-template-hash';
export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';
export const DESIRED_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/max-replicas';

const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** FNV-1a, 32 bits. */
function fnv32a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/**
 * The pod-template-hash of a template: an FNV-32a hash (upstream hashes the Go struct dump; this hashes
 * canonical JSON, so values differ from a real cluster's but are just as stable), written with upstream's
 * `SafeEncodeString` alphabet.
 */
export function podTemplateHash(template: PodTemplateSpec, collisionCount = 0): string {
  const digits = String(fnv32a(canonicalJson(template) + (collisionCount > 0 ? String(collisionCount) : '')));
  let out = '';
  for (let i = 0; i < digits.length; i++) out += SAFE_ALPHABET[digits.charCodeAt(i) % SAFE_ALPHABET.length];
  return out;
}

const withoutHash = new WeakMap<PodTemplateSpec, string>();

/**
 * A template without the pod-template-hash label, as canonical JSON, for comparing a ReplicaSet's with its
 * Deployment's. Templates are never mutated, so the text is kept per template object.
 */
export function templateWithoutHash(template: PodTemplateSpec): string {
  const cached = withoutHash.get(template);
  if (cached !== undefined) return cached;
  const labels = { ...(template.metadata?.labels ?? {}) };
  delete labels[TEMPLATE_HASH_LABEL];
  const text = canonicalJson({ ...template, metadata: { ...template.metadata, labels } });
  withoutHash.set(template, text);
  return text;
}

/** An int-or-percent of `total`, rounding up (maxSurge) or down (maxUnavailable). */
export function scaledValue(value: IntOrPercent | null | undefined, total: number, roundUp: boolean): number {
  if (value == null) return 0;
  if (typeof value === 'number') return value;
  const percent = Number(value.slice(0, -1));
  const exact = (percent * total) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}

export function replicas(d: Deployment | ReplicaSet): number {
  return d.spec.replicas ?? 1;
}

export function isRollingUpdate(d: Deployment): boolean {
  return (d.spec.strategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
}

/** Upstream `ResolveFenceposts`: maxSurge and maxUnavailable as counts, never both zero. */
export function fenceposts(d: Deployment): { maxSurge: number; maxUnavailable: number } {
  const ru = d.spec.strategy?.rollingUpdate;
  const want = replicas(d);
  const maxSurge = scaledValue(ru?.maxSurge ?? '25%', want, true);
  let maxUnavailable = scaledValue(ru?.maxUnavailable ?? '25%', want, false);
  if (maxSurge === 0 && maxUnavailable === 0) maxUnavailable = 1;
  return { maxSurge, maxUnavailable };
}

export function maxSurge(d: Deployment): number {
  return isRollingUpdate(d) ? fenceposts(d).maxSurge : 0;
}

export function specReplicas(sets: readonly ReplicaSet[]): number {
  return sets.reduce((n, rs) => n + replicas(rs), 0);
}

export function statusOf(rs: ReplicaSet): { replicas: number; readyReplicas: number; availableReplicas: number } {
  return {
    replicas: rs.status?.replicas ?? 0,
    readyReplicas: rs.status?.readyReplicas ?? 0,
    availableReplicas: rs.status?.availableReplicas ?? 0,
  };
}

/** Upstream `NewRSNewReplicas`: how far the new ReplicaSet may grow now. */
export function newRsReplicas(d: Deployment, all: readonly ReplicaSet[], newRs: ReplicaSet): number {
  if (!isRollingUpdate(d)) return replicas(d);
  const current = specReplicas(all);
  const maxTotal = replicas(d) + fenceposts(d).maxSurge;
  if (current >= maxTotal) return replicas(newRs);
  const scaleUp = Math.min(maxTotal - current, replicas(d) - replicas(newRs));
  return replicas(newRs) + Math.max(0, scaleUp);
}

function byCreation(a: ReplicaSet, b: ReplicaSet): number {
  const ta = a.metadata.creationTimestamp ?? '';
  const tb = b.metadata.creationTimestamp ?? '';
  if (ta !== tb) return ta < tb ? -1 : 1;
  return a.metadata.name < b.metadata.name ? -1 : 1;
}

export function oldestFirst(sets: readonly ReplicaSet[]): ReplicaSet[] {
  return [...sets].sort(byCreation);
}

/**
 * Upstream `reconcileOldReplicaSets` as a plan: the new size of each old ReplicaSet to scale down, first
 * the unhealthy replicas, then healthy ones while at least `replicas - maxUnavailable` stay available.
 */
export function planOldScaleDown(
  d: Deployment,
  all: readonly ReplicaSet[],
  olds: readonly ReplicaSet[],
  newRs: ReplicaSet | undefined,
): Map<ReplicaSet, number> {
  const plan = new Map<ReplicaSet, number>();
  const oldCount = specReplicas(olds);
  if (oldCount === 0) return plan;
  const allCount = specReplicas(all);
  const minAvailable = replicas(d) - fenceposts(d).maxUnavailable;
  const newUnavailable = newRs ? replicas(newRs) - statusOf(newRs).availableReplicas : 0;
  const maxScaledDown = allCount - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return plan;
  const size = (rs: ReplicaSet) => plan.get(rs) ?? replicas(rs);
  let cleaned = 0;
  for (const rs of oldestFirst(olds)) {
    if (cleaned >= maxScaledDown) break;
    const available = statusOf(rs).availableReplicas;
    if (size(rs) === 0 || size(rs) === available) continue;
    const down = Math.min(maxScaledDown - cleaned, size(rs) - available);
    plan.set(rs, size(rs) - down);
    cleaned += down;
  }
  const availableCount = all.reduce((n, rs) => n + statusOf(rs).availableReplicas, 0);
  if (availableCount <= minAvailable) return plan;
  const total = availableCount - minAvailable;
  let scaled = 0;
  for (const rs of oldestFirst(olds)) {
    if (scaled >= total) break;
    if (size(rs) === 0) continue;
    const down = Math.min(size(rs), total - scaled);
    plan.set(rs, size(rs) - down);
    scaled += down;
  }
  return plan;
}
