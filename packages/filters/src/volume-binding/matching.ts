import {
  type ClusterListers,
  compileLabelSelector,
  compileRequirement,
  errorStatus,
  type LabelMatcher,
  labelSelectorProblems,
  MATCH_EVERYTHING,
  type NodeMatcher,
  type PersistentVolume,
  type PersistentVolumeClaim,
  type Quantity,
  requirementProblem,
  requirementsMatch,
  type Status,
  type StorageClass,
  type TopologySelectorTerm,
} from '@peapod/core';
import {
  ANN_SELECTED_NODE,
  claimClassName,
  compareQuantities,
  findClass,
  NOT_SUPPORTED_PROVISIONER,
  storageQuantity,
  volumeClassName,
  volumeNodeMatcher,
} from './claims.js';

/** A PV that passes every node-independent check of upstream `FindMatchingVolume` for one claim. */
export interface Candidate {
  /** Index of the PV in `cluster.persistentVolumes`: the identity used to exclude PVs already chosen. */
  readonly id: number;
  readonly matches: NodeMatcher;
}

/**
 * An unbound WaitForFirstConsumer claim with everything Filter needs per node precomputed: the PVs it could
 * bind to, smallest first, and whether its class could provision one instead.
 */
export interface UnboundClaim {
  readonly request: Quantity;
  /** `volume.kubernetes.io/selected-node`: the claim is already being provisioned for that node. */
  readonly selectedNode: string | undefined;
  /** A PV pre-bound to this claim (`claimRef` names it): it alone decides, by its node affinity. */
  readonly prebound: Candidate | undefined;
  /** Other available PVs, by capacity then input order (upstream keeps the first of equal smallest ones). */
  readonly candidates: readonly Candidate[];
  /** The claim's selector is invalid: upstream `FindMatchingVolume` returns this error. */
  readonly selectorError: Status | undefined;
  /** The class has a provisioner other than `kubernetes.io/no-provisioner`. */
  readonly provisionable: boolean;
  /** The class's `allowedTopologies` (upstream `MatchTopologySelectorTerms` over node labels). */
  readonly topology: LabelMatcher;
}

/** Upstream `IsVolumeBoundToClaim`: the claimRef names the claim (and its UID, when the ref has one). */
function isBoundToClaim(pv: PersistentVolume, claim: PersistentVolumeClaim): boolean {
  const ref = pv.spec.claimRef;
  if (ref == null) return false;
  if ((ref.name ?? '') !== claim.metadata.name || (ref.namespace ?? '') !== (claim.metadata.namespace ?? 'default')) {
    return false;
  }
  return !ref.uid || ref.uid === (claim.metadata.uid ?? '');
}

/** Upstream `CheckAccessModes`: the PV offers every mode the claim asks for. */
function hasAccessModes(claim: PersistentVolumeClaim, pv: PersistentVolume): boolean {
  const offered = pv.spec.accessModes ?? [];
  return (claim.spec.accessModes ?? []).every((m) => offered.includes(m));
}

/**
 * Volumes read as the PV controller leaves them: one without `status.phase` (a hand-written manifest) is
 * `Available`, which the controller sets within seconds of creation.
 */
function isAvailable(pv: PersistentVolume): boolean {
  const phase = pv.status?.phase;
  return phase == null || phase === 'Available';
}

/**
 * Upstream `MatchTopologySelectorTerms`: no terms match every node; otherwise some term whose expressions
 * (`key In values`) all match. An empty or invalid term selects nothing.
 */
export function compileAllowedTopologies(terms: readonly TopologySelectorTerm[] | null | undefined): LabelMatcher {
  if (terms == null || terms.length === 0) return MATCH_EVERYTHING;
  const compiled = terms.flatMap((term) => {
    const expressions = (term.matchLabelExpressions ?? []).map((e) => ({
      key: e.key,
      operator: 'In',
      values: e.values,
    }));
    if (expressions.length === 0 || expressions.some((e) => requirementProblem(e) !== undefined)) return [];
    return [expressions.map(compileRequirement)];
  });
  return (labels) => compiled.some((requirements) => requirementsMatch(requirements, labels));
}

function volumeModeOf(mode: string | null | undefined): string {
  return mode ?? 'Filesystem';
}

/**
 * The node-independent part of upstream `FindMatchingVolume` (claimRef, capacity, volume mode, deletion,
 * phase, selector, class, access modes) for one unbound WaitForFirstConsumer claim. Filter then only checks
 * node affinity and the PVs other claims of the pod took.
 */
export function unboundClaim(claim: PersistentVolumeClaim, cluster: ClusterListers): UnboundClaim {
  const className = claimClassName(claim, cluster.storageClasses);
  const request = storageQuantity(claim.spec.resources?.requests);
  const claimMode = volumeModeOf(claim.spec.volumeMode);
  const selectorProblems = claim.spec.selector == null ? [] : labelSelectorProblems(claim.spec.selector);
  const namespace = claim.metadata.namespace ?? 'default';
  const selectorError =
    selectorProblems.length === 0
      ? undefined
      : errorStatus(
          `error creating internal label selector for claim: ${namespace}/${claim.metadata.name}: ${selectorProblems.join(', ')}`,
        );
  const selector =
    claim.spec.selector == null || selectorError !== undefined
      ? MATCH_EVERYTHING
      : compileLabelSelector(claim.spec.selector);

  let prebound: Candidate | undefined;
  const sized: { candidate: Candidate; capacity: Quantity }[] = [];
  cluster.persistentVolumes.forEach((pv, id) => {
    if (prebound !== undefined || volumeClassName(pv) !== className) return;
    if (pv.spec.claimRef != null && !isBoundToClaim(pv, claim)) return;
    const capacity = storageQuantity(pv.spec.capacity);
    if (compareQuantities(capacity, request) < 0) return;
    if (volumeModeOf(pv.spec.volumeMode) !== claimMode) return;
    if (pv.metadata.deletionTimestamp != null) return;
    const candidate = { id, matches: volumeNodeMatcher(pv) };
    if (isBoundToClaim(pv, claim)) {
      prebound = candidate;
      return;
    }
    if (!isAvailable(pv) || !selector(pv.metadata.labels) || !hasAccessModes(claim, pv)) return;
    sized.push({ candidate, capacity });
  });
  // Array.prototype.sort is stable: equal capacities keep input order.
  sized.sort((a, b) => compareQuantities(a.capacity, b.capacity));

  const sc: StorageClass | undefined = className === '' ? undefined : findClass(cluster, className);
  const provisioner = sc?.provisioner ?? '';
  return {
    request,
    selectedNode: claim.metadata.annotations?.[ANN_SELECTED_NODE],
    prebound,
    candidates: sized.map((s) => s.candidate),
    selectorError,
    provisionable: provisioner !== '' && provisioner !== NOT_SUPPORTED_PROVISIONER,
    topology: compileAllowedTopologies(sc?.allowedTopologies),
  };
}
