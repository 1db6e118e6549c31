import type { z } from 'zod';
import { DeploymentSchema } from '../model/deployment.js';
import { NamespaceSchema } from '../model/namespace.js';
import { NodeSchema } from '../model/node.js';
import { PersistentVolumeSchema } from '../model/persistent-volume.js';
import { PersistentVolumeClaimSchema } from '../model/persistent-volume-claim.js';
import { PodSchema } from '../model/pod.js';
import { PodDisruptionBudgetSchema } from '../model/pod-disruption-budget.js';
import { PriorityClassSchema } from '../model/priority-class.js';
import { ReplicaSetSchema } from '../model/replica-set.js';
import { ReplicationControllerSchema } from '../model/replication-controller.js';
import { ServiceSchema } from '../model/service.js';
import { StatefulSetSchema } from '../model/stateful-set.js';
import { StorageClassSchema } from '../model/storage-class.js';
import type { ClusterObjects } from './cluster-objects.js';

/** The fields of ClusterObjects that hold one kind of object each. */
export type ObjectListField = {
  [F in keyof ClusterObjects]: ClusterObjects[F] extends readonly object[] ? F : never;
}[keyof ClusterObjects];

/** How the loader treats one kind the scheduler reads. */
export interface KindInfo<F extends ObjectListField = ObjectListField> {
  readonly kind: string;
  readonly schema: z.ZodType<ClusterObjects[F][number]>;
  /** Where parsed objects go in ClusterObjects. */
  readonly field: F;
  /** Namespaced kinds get `metadata.namespace: default` when it is absent. */
  readonly namespaced: boolean;
  /** API groups this kind is taken from (`''` is the core group); a same-named kind of another group is ignored. */
  readonly groups: readonly string[];
}

function info<F extends ObjectListField>(
  kind: string,
  schema: z.ZodType<ClusterObjects[F][number]>,
  field: F,
  namespaced: boolean,
  groups: readonly string[],
): KindInfo {
  // The schema/field pairing is checked here, once; the registry holds the union of all fields.
  return { kind, schema, field, namespaced, groups };
}

const APPS = ['apps', 'extensions'];

const KIND_LIST: readonly KindInfo[] = [
  info('Node', NodeSchema, 'nodes', false, ['']),
  info('Pod', PodSchema, 'pods', true, ['']),
  info('Namespace', NamespaceSchema, 'namespaces', false, ['']),
  info('PriorityClass', PriorityClassSchema, 'priorityClasses', false, ['scheduling.k8s.io']),
  info('PodDisruptionBudget', PodDisruptionBudgetSchema, 'podDisruptionBudgets', true, ['policy']),
  info('Service', ServiceSchema, 'services', true, ['']),
  info('ReplicaSet', ReplicaSetSchema, 'replicaSets', true, APPS),
  info('ReplicationController', ReplicationControllerSchema, 'replicationControllers', true, ['']),
  info('Deployment', DeploymentSchema, 'deployments', true, APPS),
  info('StatefulSet', StatefulSetSchema, 'statefulSets', true, APPS),
  info('PersistentVolume', PersistentVolumeSchema, 'persistentVolumes', false, ['']),
  info('PersistentVolumeClaim', PersistentVolumeClaimSchema, 'persistentVolumeClaims', true, ['']),
  info('StorageClass', StorageClassSchema, 'storageClasses', false, ['storage.k8s.io']),
];

/** The kinds the scheduler reads, by `kind`. Every other kind is counted in `ignoredKinds`. */
export const SUPPORTED_KINDS: ReadonlyMap<string, KindInfo> = new Map(KIND_LIST.map((k) => [k.kind, k]));

/** The API group of an apiVersion: `apps/v1` → `apps`, `v1` → `''`. */
export function apiGroup(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}
