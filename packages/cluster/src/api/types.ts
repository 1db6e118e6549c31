import type {
  Deployment,
  Namespace,
  Node,
  ObjectMeta,
  PersistentVolume,
  PersistentVolumeClaim,
  Pod,
  PodDisruptionBudget,
  PodStatus,
  PriorityClass,
  ReplicaSet,
  ReplicationController,
  Service,
  StatefulSet,
  StorageClass,
} from '@peapod/core';

export interface EndpointAddress {
  readonly ip: string;
  readonly nodeName?: string;
  readonly targetRef?: {
    readonly kind: 'Pod';
    readonly namespace: string;
    readonly name: string;
    readonly uid: string;
  };
}

export interface EndpointPort {
  readonly name?: string;
  readonly port: number;
  readonly protocol: string;
}

export interface EndpointSubset {
  readonly addresses?: EndpointAddress[];
  readonly notReadyAddresses?: EndpointAddress[];
  readonly ports?: EndpointPort[];
}

/** core/v1 Endpoints, written by the endpoints controller for every Service with a selector. */
export interface Endpoints {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  subsets?: EndpointSubset[];
  [key: string]: unknown;
}

/** coordination.k8s.io/v1 Lease: a kubelet's heartbeat in `kube-node-lease`. */
export interface Lease {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  spec: { holderIdentity?: string; leaseDurationSeconds?: number; renewTime?: string };
  [key: string]: unknown;
}

/** The objects the simulated API server stores, by kind. */
export interface KindMap {
  Node: Node;
  Pod: Pod;
  Namespace: Namespace;
  PriorityClass: PriorityClass;
  PodDisruptionBudget: PodDisruptionBudget;
  Service: Service;
  Endpoints: Endpoints;
  ReplicaSet: ReplicaSet;
  ReplicationController: ReplicationController;
  Deployment: Deployment;
  StatefulSet: StatefulSet;
  PersistentVolume: PersistentVolume;
  PersistentVolumeClaim: PersistentVolumeClaim;
  StorageClass: StorageClass;
  Lease: Lease;
}

export type Kind = keyof KindMap;
export type ApiObject = KindMap[Kind];

/** The reasons of metav1.StatusReason that the simulated API server returns. */
export type ApiErrorReason = 'AlreadyExists' | 'NotFound' | 'Invalid' | 'Conflict' | 'Forbidden' | 'BadRequest';

/** A refused request: returned to the caller as data, never thrown through the event loop. */
export interface ApiError {
  readonly reason: ApiErrorReason;
  /** As kubectl prints it: `Pod "web" is invalid: spec.containers[0].image: Required value`. */
  readonly message: string;
}

export type ApiResult<T> = { readonly ok: true; readonly object: T } | { readonly ok: false; readonly error: ApiError };

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface WatchEvent<T> {
  readonly type: WatchEventType;
  readonly object: T;
  /** The previous version, on MODIFIED. */
  readonly old?: T;
}

export type WatchHandler<T> = (event: WatchEvent<T>) => void;

export interface ContainerStateWaiting {
  readonly reason: string;
  readonly message?: string;
}

export interface ContainerStateRunning {
  readonly startedAt: string;
}

export interface ContainerStateTerminated {
  readonly exitCode: number;
  readonly reason: string;
  readonly message?: string;
  readonly startedAt?: string;
  readonly finishedAt: string;
}

export interface ContainerState {
  readonly waiting?: ContainerStateWaiting;
  readonly running?: ContainerStateRunning;
  readonly terminated?: ContainerStateTerminated;
}

export interface ContainerStatus {
  readonly name: string;
  readonly image: string;
  readonly ready: boolean;
  readonly started: boolean;
  readonly restartCount: number;
  readonly state: ContainerState;
  readonly lastState: ContainerState;
}

export interface PodCondition {
  readonly type: string;
  readonly status: 'True' | 'False' | 'Unknown';
  readonly reason?: string;
  readonly message?: string;
  readonly lastTransitionTime?: string;
  readonly [key: string]: unknown;
}

/** Pod status as the kubelet and the scheduler write it here (the core schema keeps these as unknown fields). */
export interface SimPodStatus extends PodStatus {
  hostIP?: string | null;
  podIPs?: { ip: string }[];
  reason?: string | null;
  message?: string | null;
  qosClass?: string;
  conditions?: PodCondition[];
  initContainerStatuses?: ContainerStatus[];
  containerStatuses?: ContainerStatus[];
}

export function podStatus(pod: Pod): SimPodStatus {
  return (pod.status ?? {}) as SimPodStatus;
}

export interface NodeCondition {
  readonly type: string;
  readonly status: 'True' | 'False' | 'Unknown';
  readonly reason?: string;
  readonly message?: string;
  readonly lastHeartbeatTime?: string;
  readonly lastTransitionTime?: string;
}
