/**
 * Fluent builders for test objects, after kube's `pkg/scheduler/testing/wrappers.go`:
 * `makePod('p').cpu('500m').toleration({ key: 'k', operator: 'Exists' }).obj()`.
 *
 * `obj()` returns a deep copy, so a builder can be extended and reused without changing objects it returned.
 */

import type {
  AccessMode,
  Affinity,
  Container,
  LabelSelector,
  Node,
  NodeSelectorRequirement,
  PersistentVolume,
  PersistentVolumeClaim,
  Pod,
  ResourceList,
  StorageClass,
  TaintEffect,
  Toleration,
  TopologySelectorTerm,
  TopologySpreadConstraint,
} from '@peapod/core';

type PodPhase = NonNullable<NonNullable<Pod['status']>['phase']>;
type Protocol = 'TCP' | 'UDP' | 'SCTP';

function timestamp(ts: string | Date): string {
  return typeof ts === 'string' ? ts : ts.toISOString();
}

export class PodWrapper {
  private readonly pod: Pod;

  constructor(name: string, namespace: string) {
    this.pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace }, spec: { containers: [] } };
  }

  /** The last regular container, created (`container-0`) when there is none yet. */
  private lastContainer(): Container {
    const containers = this.pod.spec.containers;
    if (containers.length === 0) containers.push({ name: 'container-0' });
    return containers[containers.length - 1]!;
  }

  uid(uid: string): this {
    this.pod.metadata.uid = uid;
    return this;
  }

  label(key: string, value: string): this {
    this.pod.metadata.labels = { ...this.pod.metadata.labels, [key]: value };
    return this;
  }

  labels(labels: Record<string, string>): this {
    this.pod.metadata.labels = { ...this.pod.metadata.labels, ...labels };
    return this;
  }

  /** Merges requests into the last regular container (creating one when the pod has none). */
  req(requests: ResourceList): this {
    const c = this.lastContainer();
    c.resources = { ...c.resources, requests: { ...c.resources?.requests, ...requests } };
    return this;
  }

  cpu(quantity: string | number): this {
    return this.req({ cpu: quantity });
  }

  memory(quantity: string | number): this {
    return this.req({ memory: quantity });
  }

  /** Appends a regular container; later `req`/`cpu`/`memory`/`hostPort`/`image` calls apply to it. */
  container(requests: ResourceList = {}, overrides: Partial<Container> = {}): this {
    const containers = this.pod.spec.containers;
    containers.push({ name: `container-${containers.length}`, resources: { requests }, ...overrides });
    return this;
  }

  /** Appends an init container that runs to completion before the app containers start. */
  initContainer(requests: ResourceList = {}, overrides: Partial<Container> = {}): this {
    const inits = this.pod.spec.initContainers ?? [];
    inits.push({ name: `init-${inits.length}`, resources: { requests }, ...overrides });
    this.pod.spec.initContainers = inits;
    return this;
  }

  /** Appends a sidecar: an init container with `restartPolicy: Always`. */
  sidecar(requests: ResourceList = {}, overrides: Partial<Container> = {}): this {
    return this.initContainer(requests, { restartPolicy: 'Always', ...overrides });
  }

  /** Sets the image of the last regular container. */
  image(image: string): this {
    this.lastContainer().image = image;
    return this;
  }

  overhead(overhead: ResourceList): this {
    this.pod.spec.overhead = { ...this.pod.spec.overhead, ...overhead };
    return this;
  }

  /** Pod-level `spec.resources.requests`. */
  podResources(requests: ResourceList): this {
    this.pod.spec.resources = {
      ...this.pod.spec.resources,
      requests: { ...this.pod.spec.resources?.requests, ...requests },
    };
    return this;
  }

  /** Binds the pod: sets `spec.nodeName`. */
  node(name: string): this {
    this.pod.spec.nodeName = name;
    return this;
  }

  nominatedNode(name: string): this {
    this.pod.status = { ...this.pod.status, nominatedNodeName: name };
    return this;
  }

  priority(priority: number): this {
    this.pod.spec.priority = priority;
    return this;
  }

  priorityClass(name: string): this {
    this.pod.spec.priorityClassName = name;
    return this;
  }

  schedulerName(name: string): this {
    this.pod.spec.schedulerName = name;
    return this;
  }

  nodeSelector(selector: Record<string, string>): this {
    this.pod.spec.nodeSelector = { ...this.pod.spec.nodeSelector, ...selector };
    return this;
  }

  affinity(affinity: Affinity): this {
    this.pod.spec.affinity = affinity;
    return this;
  }

  /** Adds `key In values` to the first required node affinity term (created when missing). */
  nodeAffinityIn(key: string, values: string[]): this {
    return this.nodeAffinityExpression({ key, operator: 'In', values });
  }

  /** Adds `key NotIn values` to the first required node affinity term (created when missing). */
  nodeAffinityNotIn(key: string, values: string[]): this {
    return this.nodeAffinityExpression({ key, operator: 'NotIn', values });
  }

  private nodeAffinityExpression(expression: { key: string; operator: 'In' | 'NotIn'; values: string[] }): this {
    const affinity = this.pod.spec.affinity ?? {};
    const nodeAffinity = affinity.nodeAffinity ?? {};
    const required = nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution ?? { nodeSelectorTerms: [] };
    const [first = {}, ...rest] = required.nodeSelectorTerms;
    const term = { ...first, matchExpressions: [...(first.matchExpressions ?? []), expression] };
    this.pod.spec.affinity = {
      ...affinity,
      nodeAffinity: {
        ...nodeAffinity,
        requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [term, ...rest] },
      },
    };
    return this;
  }

  toleration(toleration: Toleration): this {
    this.pod.spec.tolerations = [...(this.pod.spec.tolerations ?? []), toleration];
    return this;
  }

  spreadConstraint(
    maxSkew: number,
    topologyKey: string,
    whenUnsatisfiable: TopologySpreadConstraint['whenUnsatisfiable'],
    labelSelector: LabelSelector | null,
    extra: Partial<TopologySpreadConstraint> = {},
  ): this {
    const constraint: TopologySpreadConstraint = { maxSkew, topologyKey, whenUnsatisfiable, labelSelector, ...extra };
    this.pod.spec.topologySpreadConstraints = [...(this.pod.spec.topologySpreadConstraints ?? []), constraint];
    return this;
  }

  /** Adds a host port to the last regular container (containerPort = hostPort; protocol defaults to TCP). */
  hostPort(port: number, protocol: Protocol = 'TCP', hostIP?: string): this {
    const c = this.lastContainer();
    c.ports = [...(c.ports ?? []), { containerPort: port, hostPort: port, protocol, ...(hostIP ? { hostIP } : {}) }];
    return this;
  }

  created(ts: string | Date): this {
    this.pod.metadata.creationTimestamp = timestamp(ts);
    return this;
  }

  /** Marks the pod as being deleted (`metadata.deletionTimestamp`). */
  terminating(ts: string | Date = '2024-01-01T00:00:00Z'): this {
    this.pod.metadata.deletionTimestamp = timestamp(ts);
    return this;
  }

  phase(phase: PodPhase): this {
    this.pod.status = { ...this.pod.status, phase };
    return this;
  }

  /** A deep copy of the pod; a pod without containers gets one empty container, as the API requires one. */
  obj(): Pod {
    this.lastContainer();
    return structuredClone(this.pod);
  }
}

export class NodeWrapper {
  private readonly node: Node;
  private readonly spec: NonNullable<Node['spec']> = {};
  private readonly status: NonNullable<Node['status']> = {};

  constructor(name: string) {
    this.node = { apiVersion: 'v1', kind: 'Node', metadata: { name }, spec: this.spec, status: this.status };
  }

  /** Sets both capacity and allocatable, as kube's wrapper does. */
  capacity(resources: ResourceList): this {
    this.status.capacity = { ...resources };
    this.status.allocatable = { ...resources };
    return this;
  }

  allocatable(resources: ResourceList): this {
    this.status.allocatable = { ...resources };
    return this;
  }

  label(key: string, value: string): this {
    this.node.metadata.labels = { ...this.node.metadata.labels, [key]: value };
    return this;
  }

  labels(labels: Record<string, string>): this {
    this.node.metadata.labels = { ...this.node.metadata.labels, ...labels };
    return this;
  }

  taint(key: string, value: string, effect: TaintEffect): this {
    this.spec.taints = [...(this.spec.taints ?? []), { key, value, effect }];
    return this;
  }

  unschedulable(unschedulable = true): this {
    this.spec.unschedulable = unschedulable;
    return this;
  }

  /** Adds an image present on the node (`status.images`). */
  image(names: string | string[], sizeBytes: number): this {
    const entry = { names: typeof names === 'string' ? [names] : [...names], sizeBytes };
    this.status.images = [...(this.status.images ?? []), entry];
    return this;
  }

  obj(): Node {
    return structuredClone(this.node);
  }
}

/** A pod builder: `makePod('web', 'prod').cpu('500m').memory('1Gi').obj()`. */
export function makePod(name: string, namespace = 'default'): PodWrapper {
  return new PodWrapper(name, namespace);
}

/** A node builder; a node has no allocatable resources unless given: `makeNode('n1').capacity({ cpu: '4' })`. */
export function makeNode(name: string): NodeWrapper {
  return new NodeWrapper(name);
}

export class PersistentVolumeClaimWrapper {
  private readonly pvc: PersistentVolumeClaim;

  constructor(name: string, namespace: string) {
    this.pvc = { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name, namespace }, spec: {} };
  }

  uid(uid: string): this {
    this.pvc.metadata.uid = uid;
    return this;
  }

  annotation(key: string, value: string): this {
    this.pvc.metadata.annotations = { ...this.pvc.metadata.annotations, [key]: value };
    return this;
  }

  /** `spec.storageClassName`; `''` asks for a PV without a class. */
  storageClass(name: string): this {
    this.pvc.spec.storageClassName = name;
    return this;
  }

  accessModes(...modes: AccessMode[]): this {
    this.pvc.spec.accessModes = modes;
    return this;
  }

  /** `spec.resources.requests.storage`. */
  request(storage: string): this {
    this.pvc.spec.resources = { ...this.pvc.spec.resources, requests: { storage } };
    return this;
  }

  selector(selector: LabelSelector): this {
    this.pvc.spec.selector = selector;
    return this;
  }

  volumeMode(mode: 'Filesystem' | 'Block'): this {
    this.pvc.spec.volumeMode = mode;
    return this;
  }

  /** Pre-binds the claim to a PV (`spec.volumeName`) without marking the binding complete. */
  volumeName(name: string): this {
    this.pvc.spec.volumeName = name;
    return this;
  }

  /** Binds the claim to a PV as the PV controller leaves it: volumeName, bind-completed, phase Bound. */
  boundTo(pv: string): this {
    this.pvc.spec.volumeName = pv;
    this.pvc.status = { ...this.pvc.status, phase: 'Bound' };
    return this.annotation('pv.kubernetes.io/bind-completed', 'yes');
  }

  phase(phase: 'Pending' | 'Bound' | 'Lost'): this {
    this.pvc.status = { ...this.pvc.status, phase };
    return this;
  }

  /** Marks the claim as controlled by a pod (generic ephemeral volumes). */
  ownedByPod(podName: string, podUid?: string): this {
    const ref = { apiVersion: 'v1', kind: 'Pod', name: podName, controller: true, ...(podUid ? { uid: podUid } : {}) };
    this.pvc.metadata.ownerReferences = [...(this.pvc.metadata.ownerReferences ?? []), ref];
    return this;
  }

  terminating(ts: string | Date = '2024-01-01T00:00:00Z'): this {
    this.pvc.metadata.deletionTimestamp = timestamp(ts);
    return this;
  }

  obj(): PersistentVolumeClaim {
    return structuredClone(this.pvc);
  }
}

export class PersistentVolumeWrapper {
  private readonly pv: PersistentVolume;

  constructor(name: string) {
    this.pv = {
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name },
      spec: {},
      status: { phase: 'Available' },
    };
  }

  label(key: string, value: string): this {
    this.pv.metadata.labels = { ...this.pv.metadata.labels, [key]: value };
    return this;
  }

  annotation(key: string, value: string): this {
    this.pv.metadata.annotations = { ...this.pv.metadata.annotations, [key]: value };
    return this;
  }

  storageClass(name: string): this {
    this.pv.spec.storageClassName = name;
    return this;
  }

  /** `spec.capacity.storage`. */
  capacity(storage: string): this {
    this.pv.spec.capacity = { storage };
    return this;
  }

  accessModes(...modes: AccessMode[]): this {
    this.pv.spec.accessModes = modes;
    return this;
  }

  volumeMode(mode: 'Filesystem' | 'Block'): this {
    this.pv.spec.volumeMode = mode;
    return this;
  }

  /** `spec.claimRef`: the PV is bound, or pre-bound, to that claim. */
  claimRef(name: string, namespace = 'default', uid?: string): this {
    this.pv.spec.claimRef = { kind: 'PersistentVolumeClaim', name, namespace, ...(uid ? { uid } : {}) };
    return this;
  }

  /** Adds a required node affinity term with these expressions (terms are ORed). */
  nodeAffinityTerm(...matchExpressions: NodeSelectorRequirement[]): this {
    const terms = this.pv.spec.nodeAffinity?.required?.nodeSelectorTerms ?? [];
    this.pv.spec.nodeAffinity = { required: { nodeSelectorTerms: [...terms, { matchExpressions }] } };
    return this;
  }

  /** A local PV on one node: required `kubernetes.io/hostname In [node]`. */
  onNode(node: string): this {
    return this.nodeAffinityTerm({ key: 'kubernetes.io/hostname', operator: 'In', values: [node] });
  }

  phase(phase: 'Pending' | 'Available' | 'Bound' | 'Released' | 'Failed'): this {
    this.pv.status = { ...this.pv.status, phase };
    return this;
  }

  terminating(ts: string | Date = '2024-01-01T00:00:00Z'): this {
    this.pv.metadata.deletionTimestamp = timestamp(ts);
    return this;
  }

  obj(): PersistentVolume {
    return structuredClone(this.pv);
  }
}

export class StorageClassWrapper {
  private readonly sc: StorageClass;

  constructor(name: string, provisioner: string) {
    this.sc = { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name }, provisioner };
  }

  waitForFirstConsumer(): this {
    this.sc.volumeBindingMode = 'WaitForFirstConsumer';
    return this;
  }

  immediate(): this {
    this.sc.volumeBindingMode = 'Immediate';
    return this;
  }

  /** Marks the class as the cluster default (`storageclass.kubernetes.io/is-default-class: "true"`). */
  default(created?: string | Date): this {
    this.sc.metadata.annotations = {
      ...this.sc.metadata.annotations,
      'storageclass.kubernetes.io/is-default-class': 'true',
    };
    if (created !== undefined) this.sc.metadata.creationTimestamp = timestamp(created);
    return this;
  }

  allowedTopologies(...terms: TopologySelectorTerm[]): this {
    this.sc.allowedTopologies = terms;
    return this;
  }

  obj(): StorageClass {
    return structuredClone(this.sc);
  }
}

/** A PersistentVolumeClaim builder: `makePVC('data').storageClass('fast').request('10Gi').obj()`. */
export function makePVC(name: string, namespace = 'default'): PersistentVolumeClaimWrapper {
  return new PersistentVolumeClaimWrapper(name, namespace);
}

/** A PersistentVolume builder, `Available` unless told otherwise: `makePV('pv1').capacity('10Gi').onNode('n1')`. */
export function makePV(name: string): PersistentVolumeWrapper {
  return new PersistentVolumeWrapper(name);
}

/** A StorageClass builder (Immediate binding unless told otherwise, as API defaulting leaves it). */
export function makeStorageClass(name: string, provisioner = 'kubernetes.io/no-provisioner'): StorageClassWrapper {
  return new StorageClassWrapper(name, provisioner);
}
