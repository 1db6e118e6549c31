import type { Pod, PriorityClass, Toleration } from '@peapod/core';
import { SYSTEM_PRIORITY_CLASSES } from '@peapod/engine';
import { qosClass } from './defaults.js';

export const TAINT_NOT_READY = 'node.kubernetes.io/not-ready';
export const TAINT_UNREACHABLE = 'node.kubernetes.io/unreachable';
export const TAINT_UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';
/** DefaultTolerationSeconds admission: how long pods stay on a not-ready or unreachable node by default. */
export const DEFAULT_TOLERATION_SECONDS = 300;

/** A refusal by an admission plugin: the message after `pods "x" is forbidden: `. */
export interface AdmissionDenial {
  readonly forbidden: string;
}

/**
 * The Priority admission plugin: resolves `priorityClassName` (or the global default class) into
 * `spec.priority` and `spec.preemptionPolicy`, and refuses an unknown class or a priority that contradicts it.
 */
export function admitPriority(pod: Pod, classes: readonly PriorityClass[]): { readonly pod: Pod } | AdmissionDenial {
  const spec = pod.spec;
  let name = spec.priorityClassName ?? undefined;
  let value: number | undefined;
  let policy: string | null | undefined;
  if (name) {
    const system = SYSTEM_PRIORITY_CLASSES[name];
    const cls = classes.find((c) => c.metadata.name === name);
    if (cls === undefined && system === undefined) return { forbidden: `no PriorityClass with name ${name} was found` };
    value = cls?.value ?? system;
    policy = cls?.preemptionPolicy;
  } else {
    const global = classes.find((c) => c.globalDefault === true);
    if (global !== undefined) {
      name = global.metadata.name;
      value = global.value;
      policy = global.preemptionPolicy;
    }
  }
  const priority = value ?? 0;
  if (spec.priority != null && spec.priority !== priority) {
    return {
      forbidden: `the integer value of priority (${spec.priority}) must not be provided in pod spec; priority admission controller computed ${priority} from the given PriorityClass name`,
    };
  }
  const preemptionPolicy = spec.preemptionPolicy ?? (policy as 'Never' | 'PreemptLowerPriority' | undefined);
  return {
    pod: {
      ...pod,
      spec: {
        ...spec,
        ...(name ? { priorityClassName: name } : {}),
        priority,
        preemptionPolicy: preemptionPolicy ?? 'PreemptLowerPriority',
      },
    },
  };
}

function toleratesKey(tolerations: readonly Toleration[], key: string): boolean {
  return tolerations.some(
    (t) =>
      (t.effect == null || t.effect === '' || t.effect === 'NoExecute') &&
      (t.key == null || t.key === '' || t.key === key),
  );
}

/**
 * The DefaultTolerationSeconds admission plugin: a pod that does not already tolerate the not-ready or the
 * unreachable NoExecute taint gets a toleration of 300 s for it, which is why pods leave a failed node five
 * minutes after it is marked.
 */
export function addDefaultTolerations(pod: Pod): Pod {
  const tolerations = [...(pod.spec.tolerations ?? [])];
  for (const key of [TAINT_NOT_READY, TAINT_UNREACHABLE]) {
    if (toleratesKey(tolerations, key)) continue;
    tolerations.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: DEFAULT_TOLERATION_SECONDS });
  }
  return { ...pod, spec: { ...pod.spec, tolerations } };
}

/** A new pod's initial status: Pending, with its QoS class. */
export function initialPodStatus(pod: Pod): Pod {
  return { ...pod, status: { phase: 'Pending', qosClass: qosClass(pod) } };
}
