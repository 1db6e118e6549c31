import type { ApiError, ApiResult, Kind } from './types.js';

const RESOURCES: Readonly<Record<Kind, string>> = {
  Node: 'nodes',
  Pod: 'pods',
  Namespace: 'namespaces',
  PriorityClass: 'priorityclasses.scheduling.k8s.io',
  PodDisruptionBudget: 'poddisruptionbudgets.policy',
  Service: 'services',
  Endpoints: 'endpoints',
  ReplicaSet: 'replicasets.apps',
  ReplicationController: 'replicationcontrollers',
  Deployment: 'deployments.apps',
  StatefulSet: 'statefulsets.apps',
  PersistentVolume: 'persistentvolumes',
  PersistentVolumeClaim: 'persistentvolumeclaims',
  StorageClass: 'storageclasses.storage.k8s.io',
  Lease: 'leases.coordination.k8s.io',
};

/** The resource name kubectl prints in errors: `pods`, `deployments.apps`. */
export function resourceName(kind: Kind): string {
  return RESOURCES[kind];
}

export function fail<T>(error: ApiError): ApiResult<T> {
  return { ok: false, error };
}

export function notFound(kind: Kind, name: string): ApiError {
  return { reason: 'NotFound', message: `${resourceName(kind)} "${name}" not found` };
}

export function alreadyExists(kind: Kind, name: string): ApiError {
  return { reason: 'AlreadyExists', message: `${resourceName(kind)} "${name}" already exists` };
}

export function invalid(kind: Kind, name: string, issues: readonly string[]): ApiError {
  const detail = issues.length === 1 ? issues[0]! : `[${issues.join(', ')}]`;
  return { reason: 'Invalid', message: `${kind} "${name}" is invalid: ${detail}` };
}

export function forbidden(kind: Kind, name: string, why: string): ApiError {
  return { reason: 'Forbidden', message: `${resourceName(kind)} "${name}" is forbidden: ${why}` };
}

export function conflict(resource: string, name: string, why: string): ApiError {
  return { reason: 'Conflict', message: `Operation cannot be fulfilled on ${resource} "${name}": ${why}` };
}

export const STALE_VERSION =
  'the object has been modified; please apply your changes to the latest version and try again';

export const POD_SPEC_IMMUTABLE =
  'spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`, `spec.initContainers[*].image`, `spec.activeDeadlineSeconds`, `spec.tolerations` (only additions to existing tolerations) or `spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)';
