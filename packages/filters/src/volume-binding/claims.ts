import {
  type ClusterListers,
  compileNodeSelector,
  type LabelMap,
  type Node,
  type NodeMatcher,
  type NodeSelectorTarget,
  type PersistentVolume,
  type PersistentVolumeClaim,
  type Pod,
  type Quantity,
  type StorageClass,
  tryParseQuantity,
} from '@peapod/core';

/**
 * Lookups and helpers shared by VolumeBinding, VolumeZone and VolumeRestrictions, after upstream
 * component-helpers `storage/volume` and `storage/ephemeral`. Objects are read as the API server would hold
 * them after defaulting and admission (see `claimClassName`).
 */

/** Set by the PV controller once a claim is bound; `spec.volumeName` alone is only a pre-binding. */
export const ANN_BIND_COMPLETED = 'pv.kubernetes.io/bind-completed';
/** Set on a claim by the scheduler (or a user) to ask for provisioning on that node. */
export const ANN_SELECTED_NODE = 'volume.kubernetes.io/selected-node';
/** Deprecated class annotation, read before `spec.storageClassName` on claims and volumes. */
export const ANN_BETA_STORAGE_CLASS = 'volume.beta.kubernetes.io/storage-class';
export const ANN_DEFAULT_CLASS = 'storageclass.kubernetes.io/is-default-class';
export const ANN_BETA_DEFAULT_CLASS = 'storageclass.beta.kubernetes.io/is-default-class';
/** A StorageClass with this provisioner cannot provision dynamically. */
export const NOT_SUPPORTED_PROVISIONER = 'kubernetes.io/no-provisioner';

/** One PVC a pod uses: a `persistentVolumeClaim` volume, or an `ephemeral` one (claim `<pod>-<volume>`). */
export interface PodClaimRef {
  readonly claimName: string;
  readonly ephemeral: boolean;
}

/** The pod's PVC references in volume order (upstream `podHasPVCs` / `GetPodVolumes` walk). */
export function podClaimRefs(pod: Pod): PodClaimRef[] {
  const refs: PodClaimRef[] = [];
  for (const volume of pod.spec.volumes ?? []) {
    if (volume.persistentVolumeClaim != null) {
      refs.push({ claimName: volume.persistentVolumeClaim.claimName, ephemeral: false });
    } else if (volume.ephemeral != null) {
      refs.push({ claimName: `${pod.metadata.name}-${volume.name}`, ephemeral: true });
    }
  }
  return refs;
}

export function findClaim(cluster: ClusterListers, namespace: string, name: string): PersistentVolumeClaim | undefined {
  return cluster.persistentVolumeClaims.find(
    (c) => c.metadata.name === name && (c.metadata.namespace ?? 'default') === namespace,
  );
}

export function findVolume(cluster: ClusterListers, name: string): PersistentVolume | undefined {
  return cluster.persistentVolumes.find((v) => v.metadata.name === name);
}

export function findClass(cluster: ClusterListers, name: string): StorageClass | undefined {
  return cluster.storageClasses.find((c) => c.metadata.name === name);
}

/** Lister NotFound messages, byte for byte (`persistentvolumeclaim "x" not found`). */
export const claimNotFound = (name: string): string => `persistentvolumeclaim "${name}" not found`;
export const volumeNotFound = (name: string): string => `persistentvolume "${name}" not found`;
export const classNotFound = (name: string): string => `storageclass.storage.k8s.io "${name}" not found`;

function isDefaultClass(sc: StorageClass): boolean {
  const a = sc.metadata.annotations;
  return a?.[ANN_DEFAULT_CLASS] === 'true' || a?.[ANN_BETA_DEFAULT_CLASS] === 'true';
}

function createdAt(sc: StorageClass): number {
  const t = Date.parse(sc.metadata.creationTimestamp ?? '');
  return Number.isNaN(t) ? Number.NEGATIVE_INFINITY : t;
}

/**
 * The default StorageClass as the DefaultStorageClass admission plugin (and, from v1.26, the PV controller's
 * retroactive assignment) picks it: among classes annotated default, the newest, then the lowest name.
 */
export function defaultClassName(classes: readonly StorageClass[]): string | undefined {
  let best: StorageClass | undefined;
  for (const sc of classes) {
    if (!isDefaultClass(sc)) continue;
    if (
      best === undefined ||
      createdAt(sc) > createdAt(best) ||
      (createdAt(sc) === createdAt(best) && sc.metadata.name < best.metadata.name)
    ) {
      best = sc;
    }
  }
  return best?.metadata.name;
}

/**
 * Upstream `GetPersistentVolumeClaimClass`: the beta annotation, then `spec.storageClassName`; `""` is "no
 * class". A claim that names no class at all gets the default class, as admission would have set it when the
 * claim was created (so hand-written manifests behave like objects read back from a cluster).
 */
export function claimClassName(claim: PersistentVolumeClaim, classes: readonly StorageClass[]): string {
  const annotated = claim.metadata.annotations?.[ANN_BETA_STORAGE_CLASS];
  if (annotated !== undefined) return annotated;
  const named = claim.spec.storageClassName;
  if (named != null) return named;
  return defaultClassName(classes) ?? '';
}

/** Upstream `GetPersistentVolumeClass`: the beta annotation, then `spec.storageClassName`. */
export function volumeClassName(pv: PersistentVolume): string {
  return pv.metadata.annotations?.[ANN_BETA_STORAGE_CLASS] ?? pv.spec.storageClassName ?? '';
}

/**
 * Upstream `isPVCFullyBound`: `spec.volumeName` plus the bind-completed annotation. A claim whose
 * `status.phase` is `Bound` counts too: the PV controller sets both, and hand-written manifests often carry
 * only the phase.
 */
export function isClaimFullyBound(claim: PersistentVolumeClaim): boolean {
  if (!claim.spec.volumeName) return false;
  const annotations = claim.metadata.annotations;
  return (annotations != null && Object.hasOwn(annotations, ANN_BIND_COMPLETED)) || claim.status?.phase === 'Bound';
}

/** `volumeBindingMode` as API defaulting leaves it: absent means `Immediate`. */
export function isWaitForFirstConsumer(sc: StorageClass): boolean {
  return sc.volumeBindingMode === 'WaitForFirstConsumer';
}

/** Upstream `IsDelayBindingMode`: a claim without a class, or whose class does not exist, binds immediately. */
export function isDelayBinding(claim: PersistentVolumeClaim, cluster: ClusterListers): boolean {
  const name = claimClassName(claim, cluster.storageClasses);
  if (name === '') return false;
  const sc = findClass(cluster, name);
  return sc !== undefined && isWaitForFirstConsumer(sc);
}

/** Upstream `metav1.IsControlledBy`: the first controller owner reference has the owner's UID. */
export function isControlledBy(claim: PersistentVolumeClaim, pod: Pod): boolean {
  const controller = claim.metadata.ownerReferences?.find((r) => r.controller === true);
  return controller !== undefined && (controller.uid ?? '') === (pod.metadata.uid ?? '');
}

const ZERO: Quantity = { numerator: 0n, denominator: 1n };

/** A storage quantity from a resource list; absent (or unparsable) is zero, as a Go map lookup gives. */
export function storageQuantity(list: Readonly<Record<string, string | number>> | null | undefined): Quantity {
  const raw = list?.storage;
  return raw === undefined ? ZERO : (tryParseQuantity(raw) ?? ZERO);
}

/** Upstream `Quantity.Cmp`: -1, 0 or 1. */
export function compareQuantities(a: Quantity, b: Quantity): number {
  const l = a.numerator * b.denominator;
  const r = b.numerator * a.denominator;
  return l < r ? -1 : l > r ? 1 : 0;
}

const ALWAYS: NodeMatcher = () => true;
const pvMatchers = new WeakMap<PersistentVolume, NodeMatcher>();

/**
 * Upstream `CheckNodeAffinity(pv, node.Labels)` compiled once per PV object: `spec.nodeAffinity.required` must
 * match. Upstream builds a node that has only labels, so `matchFields` terms are never consulted; pass targets
 * from `labelsOnly`.
 */
export function volumeNodeMatcher(pv: PersistentVolume): NodeMatcher {
  let m = pvMatchers.get(pv);
  if (m === undefined) {
    const required = pv.spec.nodeAffinity?.required;
    m = required == null ? ALWAYS : compileNodeSelector(required);
    pvMatchers.set(pv, m);
  }
  return m;
}

const labelTargets = new WeakMap<Node, NodeSelectorTarget>();

/** The node as upstream's volume helpers see it: labels only, no name. Cached, so Filter allocates nothing. */
export function labelsOnly(node: Node): NodeSelectorTarget {
  let t = labelTargets.get(node);
  if (t === undefined) {
    t = { name: '', labels: node.metadata.labels as LabelMap };
    labelTargets.set(node, t);
  }
  return t;
}
