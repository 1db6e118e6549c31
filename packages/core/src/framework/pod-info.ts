import type { Pod } from '../model/pod.js';
import { nonZeroPodRequests, podRequests } from '../requests.js';
import { isAccountedResourceName } from '../resource-names.js';

/**
 * A pod with what every cycle needs precomputed once: its key, resolved priority and effective requests.
 * Plugins read this, never the raw requests, so quantities are parsed once per pod, not per node.
 */
export interface PodInfo {
  readonly pod: Pod;
  /** `namespace/name` */
  readonly key: string;
  readonly namespace: string;
  readonly name: string;
  /** `spec.priority` after admission (PriorityClass resolution). */
  readonly priority: number;
  /** `spec.preemptionPolicy` after admission: the PriorityClass's when unset, else `PreemptLowerPriority`. */
  readonly preemptionPolicy: 'PreemptLowerPriority' | 'Never';
  /** Effective requests of the resources the scheduler accounts (cpu in millicores, others in units). */
  readonly requests: Readonly<Record<string, number>>;
  /** Requests with upstream's defaults for missing cpu (100m) / memory (200Mi), as scoring uses them. */
  readonly nonZeroCpu: number;
  readonly nonZeroMemory: number;
  /** The pod has pod affinity or pod anti-affinity (upstream `PodInfo` with affinity terms). */
  readonly hasAffinity: boolean;
  /** The pod has required pod anti-affinity terms. */
  readonly hasRequiredAntiAffinity: boolean;
}

export function createPodInfo(
  pod: Pod,
  priority: number,
  preemptionPolicy: PodInfo['preemptionPolicy'] = pod.spec.preemptionPolicy ?? 'PreemptLowerPriority',
): PodInfo {
  const all = podRequests(pod);
  const requests: Record<string, number> = {};
  for (const name of Object.keys(all).sort()) {
    if (isAccountedResourceName(name)) requests[name] = all[name]!;
  }
  const nonZero = nonZeroPodRequests(pod);
  const namespace = pod.metadata.namespace ?? 'default';
  const affinity = pod.spec.affinity;
  return {
    pod,
    key: `${namespace}/${pod.metadata.name}`,
    namespace,
    name: pod.metadata.name,
    priority,
    preemptionPolicy,
    requests,
    nonZeroCpu: nonZero.cpu,
    nonZeroMemory: nonZero.memory,
    hasAffinity: affinity?.podAffinity != null || affinity?.podAntiAffinity != null,
    hasRequiredAntiAffinity:
      (affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.length ?? 0) > 0,
  };
}
