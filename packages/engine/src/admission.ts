import { ErrorCodes, PeapodError, type Pod, type PriorityClass } from '@peapod/core';

/** Built-in classes that exist in every cluster, whether or not the input lists them. */
export const SYSTEM_PRIORITY_CLASSES: Readonly<Record<string, number>> = {
  'system-node-critical': 2000001000,
  'system-cluster-critical': 2000000000,
};

export type PreemptionPolicy = 'PreemptLowerPriority' | 'Never';

export interface AdmittedPriority {
  readonly priority: number;
  readonly preemptionPolicy: PreemptionPolicy;
}

interface ClassInfo {
  readonly value: number;
  readonly preemptionPolicy?: PreemptionPolicy | null | undefined;
}

/**
 * The Priority admission plugin's resolution of `spec.priority` and `spec.preemptionPolicy`: an explicit
 * priority wins; otherwise the named class's value; with no class named, the globalDefault class's value,
 * or 0. An unset preemptionPolicy takes the class's (named or global default), else PreemptLowerPriority.
 */
export function createAdmission(classes: readonly PriorityClass[]): (pod: Pod, objectRef: string) => AdmittedPriority {
  const byName = new Map<string, ClassInfo>(
    Object.entries(SYSTEM_PRIORITY_CLASSES).map(([name, value]) => [name, { value }]),
  );
  let globalDefault: ClassInfo | undefined;
  for (const pc of classes) {
    const info: ClassInfo = { value: pc.value, preemptionPolicy: pc.preemptionPolicy as PreemptionPolicy | undefined };
    byName.set(pc.metadata.name, info);
    if (pc.globalDefault) globalDefault = info;
  }
  return (pod, objectRef) => {
    const className = pod.spec.priorityClassName;
    let cls: ClassInfo | undefined;
    if (className) {
      cls = byName.get(className);
      if (cls === undefined) {
        throw new PeapodError(
          ErrorCodes.InputInconsistent,
          `${objectRef}: spec.priorityClassName: no PriorityClass with name ${className} was found`,
        );
      }
    } else {
      cls = globalDefault;
    }
    const explicit = pod.spec.priority;
    return {
      priority: explicit ?? cls?.value ?? 0,
      preemptionPolicy: pod.spec.preemptionPolicy ?? cls?.preemptionPolicy ?? 'PreemptLowerPriority',
    };
  };
}

/** `spec.priority` only, as `createAdmission` resolves it. */
export function createPriorityResolver(classes: readonly PriorityClass[]): (pod: Pod, objectRef: string) => number {
  const admit = createAdmission(classes);
  return (pod, objectRef) => admit(pod, objectRef).priority;
}
