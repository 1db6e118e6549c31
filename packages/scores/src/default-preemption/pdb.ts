import {
  compileLabelSelector,
  type LabelMatcher,
  labelSelectorProblems,
  type PodDisruptionBudget,
  type PodInfo,
} from '@peapod/core';

/** A PodDisruptionBudget as preemption reads it: namespace, compiled selector, budget and pods in eviction. */
export interface PreemptionPdb {
  readonly namespace: string;
  /** Null when the selector matches nothing (nil, empty or invalid, as upstream's preemption treats it). */
  readonly matches: LabelMatcher | null;
  /** `status.disruptionsAllowed` (0 when unset); it never changes during a run. */
  readonly disruptionsAllowed: number;
  /** Names of the pods in `status.disruptedPods`: already being evicted, so they use no budget. */
  readonly disruptedPods: ReadonlySet<string>;
}

const compiled = new WeakMap<PodDisruptionBudget, PreemptionPdb>();

function isEmptySelector(selector: NonNullable<PodDisruptionBudget['spec']['selector']>): boolean {
  return Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0;
}

/**
 * Compiles a PDB once (cached by object). Upstream `filterPodsWithPDBViolation` skips a PDB whose selector is
 * invalid, nil or empty (`selector.Empty()`): for preemption such a budget covers no pod.
 */
export function preemptionPdb(pdb: PodDisruptionBudget): PreemptionPdb {
  let out = compiled.get(pdb);
  if (out !== undefined) return out;
  const selector = pdb.spec.selector;
  const usable = selector != null && !isEmptySelector(selector) && labelSelectorProblems(selector).length === 0;
  out = {
    namespace: pdb.metadata.namespace ?? 'default',
    matches: usable ? compileLabelSelector(selector) : null,
    disruptionsAllowed: pdb.status?.disruptionsAllowed ?? 0,
    disruptedPods: new Set(Object.keys(pdb.status?.disruptedPods ?? {})),
  };
  compiled.set(pdb, out);
  return out;
}

/**
 * Upstream `filterPodsWithPDBViolation`: walks `pods` in order (most important first), charging each pod to
 * every PDB of its namespace that selects it and does not list it in `disruptedPods`; a pod whose charge takes
 * some budget below zero is violating. A pod without labels matches no PDB. Order is kept in both groups.
 */
export function filterPodsWithPdbViolation(
  pods: readonly PodInfo[],
  pdbs: readonly PreemptionPdb[],
): { violating: PodInfo[]; nonViolating: PodInfo[] } {
  const allowed = pdbs.map((p) => p.disruptionsAllowed);
  const violating: PodInfo[] = [];
  const nonViolating: PodInfo[] = [];
  for (const info of pods) {
    let violated = false;
    const labels = info.pod.metadata.labels;
    if (labels != null && Object.keys(labels).length > 0) {
      pdbs.forEach((pdb, i) => {
        if (pdb.namespace !== info.namespace || pdb.matches === null || !pdb.matches(labels)) return;
        if (pdb.disruptedPods.has(info.name)) return;
        allowed[i]! -= 1;
        if (allowed[i]! < 0) violated = true;
      });
    }
    (violated ? violating : nonViolating).push(info);
  }
  return { violating, nonViolating };
}
