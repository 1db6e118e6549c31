/**
 * Taints and tolerations with the semantics of upstream v1.26 `Toleration.ToleratesTaint`
 * (k8s.io/api/core/v1/toleration.go) and component-helpers `FindMatchingUntoleratedTaint`.
 */

import type { Taint, Toleration } from './model/meta.js';

/** The fields of a toleration that matching reads. */
export type TolerationLike = Pick<Toleration, 'key' | 'operator' | 'value' | 'effect'>;
/** The fields of a taint that matching reads. */
export type TaintLike = Pick<Taint, 'key' | 'value' | 'effect'>;

export type TaintFilter = (taint: TaintLike) => boolean;

/**
 * Whether the toleration tolerates the taint. An empty effect matches every effect; an empty key matches every
 * key (API validation only allows that with Exists, but upstream's matcher does not check); an empty operator
 * means Equal, which compares values ("" equals an absent value); Exists ignores the value; any other operator
 * tolerates nothing.
 */
export function toleratesTaint(toleration: TolerationLike, taint: TaintLike): boolean {
  const effect = toleration.effect ?? '';
  if (effect !== '' && effect !== taint.effect) return false;
  const key = toleration.key ?? '';
  if (key !== '' && key !== taint.key) return false;
  switch (toleration.operator ?? '') {
    case '':
    case 'Equal':
      return (toleration.value ?? '') === (taint.value ?? '');
    case 'Exists':
      return true;
    default:
      return false;
  }
}

/** Whether any of the tolerations tolerates the taint (upstream `TolerationsTolerateTaint`). */
export function tolerationsTolerateTaint(
  tolerations: readonly TolerationLike[] | null | undefined,
  taint: TaintLike,
): boolean {
  if (tolerations == null) return false;
  for (let i = 0; i < tolerations.length; i++) {
    if (toleratesTaint(tolerations[i]!, taint)) return true;
  }
  return false;
}

/** The taints the TaintToleration filter (and PodTopologySpread's nodeTaintsPolicy: Honor) looks at. */
export const DO_NOT_SCHEDULE_TAINTS: TaintFilter = (taint) =>
  taint.effect === 'NoSchedule' || taint.effect === 'NoExecute';

/**
 * The first taint, in node order, that passes `filter` and that no toleration tolerates, or undefined
 * (upstream `FindMatchingUntoleratedTaint`). Without a filter every taint is considered, as upstream does with a
 * nil filter; the TaintToleration filter passes `DO_NOT_SCHEDULE_TAINTS`.
 */
export function findUntoleratedTaint<T extends TaintLike>(
  taints: readonly T[] | null | undefined,
  tolerations: readonly TolerationLike[] | null | undefined,
  filter?: TaintFilter,
): T | undefined {
  if (taints == null) return undefined;
  for (let i = 0; i < taints.length; i++) {
    const taint = taints[i]!;
    if (filter !== undefined && !filter(taint)) continue;
    if (!tolerationsTolerateTaint(tolerations, taint)) return taint;
  }
  return undefined;
}

/**
 * The taint as the TaintToleration filter prints it: `{key: value}`, so the reason reads
 * `node(s) had untolerated taint {dedicated: gpu}`; an empty value gives `{key: }`.
 */
export function formatTaintForReason(taint: TaintLike): string {
  return `{${taint.key}: ${taint.value ?? ''}}`;
}
