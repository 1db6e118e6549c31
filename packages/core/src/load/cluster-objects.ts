import type {
  Deployment,
  Namespace,
  PersistentVolume,
  PersistentVolumeClaim,
  PodDisruptionBudget,
  PriorityClass,
  ReplicaSet,
  ReplicationController,
  Service,
  StatefulSet,
  StorageClass,
} from '../model/index.js';
import type { Node } from '../model/node.js';
import type { Pod } from '../model/pod.js';

/** Where an object came from: for error messages that name the file, document and object. */
export interface ObjectOrigin {
  /** The path as the user gave it, or `<stdin>`. */
  readonly file: string;
  /** 1-based document number in a multi-document YAML stream (1 for JSON). */
  readonly document: number;
  /**
   * 0-based index of the item inside a `kind: List` / `PodList` document, when it came from one. Messages
   * print it 1-based (`document 1, item 7` is `items[6]`), like the document number.
   */
  readonly item?: number;
}

/** A non-fatal finding while loading, e.g. a container port declared twice in one pod. */
export interface LoadWarning {
  readonly origin: ObjectOrigin;
  /** e.g. `Pod default/web-1` */
  readonly object: string;
  readonly message: string;
}

/**
 * Everything a scheduling run reads, in input order. Objects are validated and namespaced
 * (`metadata.namespace` defaults to `default` for namespaced kinds); unknown fields are kept as written.
 */
export interface ClusterObjects {
  readonly nodes: Node[];
  /** Bound (spec.nodeName set) and pending pods, in input order. */
  readonly pods: Pod[];
  readonly namespaces: Namespace[];
  readonly priorityClasses: PriorityClass[];
  readonly podDisruptionBudgets: PodDisruptionBudget[];
  readonly services: Service[];
  readonly replicaSets: ReplicaSet[];
  readonly replicationControllers: ReplicationController[];
  readonly deployments: Deployment[];
  readonly statefulSets: StatefulSet[];
  readonly persistentVolumes: PersistentVolume[];
  readonly persistentVolumeClaims: PersistentVolumeClaim[];
  readonly storageClasses: StorageClass[];
  /**
   * Kinds the scheduler does not use, counted by `kind` (never silently dropped). A kind the scheduler reads
   * but from another API group (a Knative `Service`) is counted as `Service.serving.knative.dev`.
   */
  readonly ignoredKinds: Record<string, number>;
  readonly warnings: LoadWarning[];
  /** Origin of every loaded object, for later error messages. */
  readonly origins: WeakMap<object, ObjectOrigin>;
}

/** A ClusterObjects with nothing in it, to fill with `parseManifests(text, file, into)`. */
export function emptyClusterObjects(): ClusterObjects {
  return {
    nodes: [],
    pods: [],
    namespaces: [],
    priorityClasses: [],
    podDisruptionBudgets: [],
    services: [],
    replicaSets: [],
    replicationControllers: [],
    deployments: [],
    statefulSets: [],
    persistentVolumes: [],
    persistentVolumeClaims: [],
    storageClasses: [],
    // No prototype: a kind named `constructor` or `__proto__` must count like any other.
    ignoredKinds: Object.create(null) as Record<string, number>,
    warnings: [],
    origins: new WeakMap(),
  };
}
