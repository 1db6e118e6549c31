import { ErrorCodes, PeapodError, type Pod, type PriorityClass } from '@peapod/core';

/** Built-in classes that exist in every cluster, whether or not the input lists them. */
export const SYSTEM_PRIORITY_CLASSES: Readonly<Record<string, number>> = {
  'system-node-critical': 2000001000,
  'system-cluster-critical': 2000000000,
};

/**
 * The Priority admission plugin's resolution of `spec.priority`: an explicit value wins; otherwise the
 * named class's value; with no class named, the globalDefault class's value, or 0.
 */
export function createPriorityResolver(classes: readonly PriorityClass[]): (pod: Pod, objectRef: string) => number {
  const byName = new Map<string, number>(Object.entries(SYSTEM_PRIORITY_CLASSES));
  let globalDefault = 0;
  for (const pc of classes) {
    byName.set(pc.metadata.name, pc.value);
    if (pc.globalDefault) globalDefault = pc.value;
  }
  return (pod, objectRef) => {
    const explicit = pod.spec.priority;
    if (explicit !== undefined && explicit !== null) return explicit;
    const className = pod.spec.priorityClassName;
    if (!className) return globalDefault;
    const value = byName.get(className);
    if (value === undefined) {
      throw new PeapodError(
        ErrorCodes.InputInconsistent,
        `${objectRef}: spec.priorityClassName: no PriorityClass with name ${className} was found`,
      );
    }
    return value;
  };
}
