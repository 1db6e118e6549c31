import {
  type CycleState,
  type FilterPlugin,
  type Handle,
  type MaybeStatus,
  type NodeMatcher,
  type NodeSelectorTarget,
  PluginNames,
  type PodInfo,
  type PreFilterPlugin,
  type Status,
  stateKey,
  unresolvable,
} from '@peapod/core';
import { z } from 'zod';
import { filterAllUnless } from '../helper/node-verdicts.js';
import {
  ReasonPVNotExist,
  ReasonUnboundImmediatePVC,
  ReasonVolumeBindConflict,
  ReasonVolumeNodeConflict,
} from '../reasons.js';
import {
  claimNotFound,
  compareQuantities,
  findClaim,
  findVolume,
  isClaimFullyBound,
  isControlledBy,
  isDelayBinding,
  labelsOnly,
  podClaimRefs,
  volumeNodeMatcher,
} from './claims.js';
import { type UnboundClaim, unboundClaim } from './matching.js';

/**
 * VolumeBinding args (upstream `VolumeBindingArgs`). `bindTimeoutSeconds` bounds PreBind; `shape` needs the
 * VolumeCapacityPriority feature gate, which is off in v1.26, so upstream validation rejects it.
 */
export const VolumeBindingArgsSchema = z.strictObject({
  bindTimeoutSeconds: z
    .number()
    .int()
    .min(0, 'invalid BindTimeoutSeconds, should not be a negative value')
    .default(600),
  shape: z
    .unknown()
    .optional()
    .refine((v) => v == null, 'unsupported when VolumeCapacityPriority feature is disabled'),
});
export type VolumeBindingArgs = z.output<typeof VolumeBindingArgsSchema>;

/** What PreFilter found about the pod's claims. */
interface BindingState {
  /** The pod uses no PVC: Filter passes every node (v1.26 returns success here, not Skip). */
  readonly skip: boolean;
  /**
   * Node affinity of the PV of each fully bound claim, in volume order; `null` marks a claim whose PV does
   * not exist (and ends the list: upstream `checkBoundClaims` stops there).
   */
  readonly bound: readonly (NodeMatcher | null)[];
  /** Unbound WaitForFirstConsumer claims, by requested size (upstream `byPVCSize`). */
  readonly toBind: readonly UnboundClaim[];
  /** Scratch for the PVs chosen on the node being filtered (only touched when the pod has several claims). */
  readonly chosen: Int32Array;
}

const BINDING_STATE = stateKey<BindingState>('PreFilterVolumeBinding');
const SKIP_STATE: BindingState = { skip: true, bound: [], toBind: [], chosen: new Int32Array(0) };

const NODE_CONFLICT = 1;
const BIND_CONFLICT = 2;
const PV_NOT_EXIST = 4;

/** One status per combination of failures, reasons in upstream's order (FindPodVolumes' deferred appends). */
const STATUSES: readonly Status[] = Array.from({ length: 8 }, (_, mask) =>
  unresolvable(
    ...[
      mask & NODE_CONFLICT ? ReasonVolumeNodeConflict : undefined,
      mask & BIND_CONFLICT ? ReasonVolumeBindConflict : undefined,
      mask & PV_NOT_EXIST ? ReasonPVNotExist : undefined,
    ].filter((r): r is string => r !== undefined),
  ),
);

/** Upstream `podHasPVCs`: every claim must exist, not be lost or deleted, and ephemeral ones belong to the pod. */
function checkClaims(pod: PodInfo, handle: Handle): Status | null {
  for (const ref of podClaimRefs(pod.pod)) {
    const claim = findClaim(handle.cluster, pod.namespace, ref.claimName);
    if (claim === undefined) {
      return unresolvable(
        ref.ephemeral
          ? `waiting for ephemeral volume controller to create the persistentvolumeclaim "${ref.claimName}"`
          : claimNotFound(ref.claimName),
      );
    }
    const name = claim.metadata.name;
    if (claim.status?.phase === 'Lost') {
      return unresolvable(
        `persistentvolumeclaim "${name}" bound to non-existent persistentvolume "${claim.spec.volumeName ?? ''}"`,
      );
    }
    if (claim.metadata.deletionTimestamp != null) {
      return unresolvable(`persistentvolumeclaim "${name}" is being deleted`);
    }
    if (ref.ephemeral && !isControlledBy(claim, pod.pod)) {
      const ns = claim.metadata.namespace ?? 'default';
      return unresolvable(`PVC ${ns}/${name} was not created for pod ${pod.namespace}/${pod.name} (pod is not owner)`);
    }
  }
  return null;
}

/** The first PV not yet chosen that sits on the node (candidates are smallest first). */
function matchOnNode(claim: UnboundClaim, target: NodeSelectorTarget, chosen: Int32Array, n: number): number {
  const prebound = claim.prebound;
  if (prebound !== undefined && !isChosen(chosen, n, prebound.id)) {
    return prebound.matches(target) ? prebound.id : -1;
  }
  const candidates = claim.candidates;
  for (let i = 0; i < candidates.length; i++) {
    const c = candidates[i]!;
    if (!isChosen(chosen, n, c.id) && c.matches(target)) return c.id;
  }
  return -1;
}

function isChosen(chosen: Int32Array, n: number, id: number): boolean {
  for (let i = 0; i < n; i++) if (chosen[i] === id) return true;
  return false;
}

/**
 * VolumeBinding, filter half (upstream `volume_binding.go` PreFilter/Filter and `binder.go` FindPodVolumes):
 * PVs of bound claims must be reachable from the node; unbound WaitForFirstConsumer claims need an available
 * PV there or a class that can provision for the node. Pure: nothing is assumed or bound across pods here.
 * Reserve would assume the chosen PVs (claimRef) and the claims to provision (selected-node annotation) so
 * later pods see them taken; PreBind would write those bindings and wait for the PV controller.
 */
export function volumeBindingFilter(_args?: Partial<VolumeBindingArgs>): PreFilterPlugin & FilterPlugin {
  return {
    name: PluginNames.VolumeBinding,

    preFilter(state: CycleState, pod: PodInfo, handle: Handle): MaybeStatus {
      const refs = podClaimRefs(pod.pod);
      if (refs.length === 0) {
        state.write(BINDING_STATE, SKIP_STATE);
        return null;
      }
      const invalid = checkClaims(pod, handle);
      if (invalid !== null) return invalid;

      // Upstream GetPodVolumes: bound, unbound delayed (the scheduler binds them) and unbound immediate.
      const bound: (NodeMatcher | null)[] = [];
      let boundDone = false;
      const toBind: UnboundClaim[] = [];
      for (const ref of refs) {
        const claim = findClaim(handle.cluster, pod.namespace, ref.claimName)!;
        if (isClaimFullyBound(claim)) {
          if (boundDone) continue;
          const pv = findVolume(handle.cluster, claim.spec.volumeName!);
          bound.push(pv === undefined ? null : volumeNodeMatcher(pv));
          boundDone = pv === undefined;
        } else if (isDelayBinding(claim, handle.cluster) && !claim.spec.volumeName) {
          toBind.push(unboundClaim(claim, handle.cluster));
        } else {
          // Immediate binding (or pre-bound by the user): the PV controller must bind it first.
          return unresolvable(ReasonUnboundImmediatePVC);
        }
      }
      // Stable, where Go's sort.Sort is not: claims of equal size keep volume order.
      toBind.sort((a, b) => compareQuantities(a.request, b.request));
      state.write(BINDING_STATE, { skip: false, bound, toBind, chosen: new Int32Array(toBind.length) });
      return null;
    },

    filterAll: filterAllUnless((state) => state.read(BINDING_STATE).skip),

    filter(state: CycleState, _pod: PodInfo, node: number, handle: Handle): MaybeStatus {
      const s = state.read(BINDING_STATE);
      if (s.skip) return null;
      const nodeObject = handle.snapshot.nodes[node]!;
      const target = labelsOnly(nodeObject);
      let failed = 0;
      for (let i = 0; i < s.bound.length; i++) {
        const matches = s.bound[i]!;
        if (matches === null) {
          failed |= PV_NOT_EXIST;
          break;
        }
        if (!matches(target)) {
          failed |= NODE_CONFLICT;
          break;
        }
      }
      const toBind = s.toBind;
      if (toBind.length > 0) {
        const unbound = unboundOnNode(s, target, handle.snapshot.nodeNames[node]!);
        if (typeof unbound !== 'boolean') return unbound;
        if (!unbound) failed |= BIND_CONFLICT;
      }
      return failed === 0 ? null : STATUSES[failed]!;
    },
  } satisfies PreFilterPlugin & FilterPlugin;
}

/**
 * Whether every unbound claim can be satisfied on the node (upstream FindPodVolumes' second half), or an
 * error status where upstream returns an error.
 */
function unboundOnNode(s: BindingState, target: NodeSelectorTarget, nodeName: string): boolean | Status {
  const toBind = s.toBind;
  // A claim already being provisioned for another node rules this one out at once.
  for (let i = 0; i < toBind.length; i++) {
    const selected = toBind[i]!.selectedNode;
    if (selected !== undefined && selected !== nodeName) return false;
  }
  for (let i = 0; i < toBind.length; i++) {
    const claim = toBind[i]!;
    if (claim.selectedNode === undefined && claim.selectorError !== undefined) return claim.selectorError;
  }
  // findMatchingVolumes (smallest claims first, each PV used once), then checkVolumeProvisions for the claims
  // with a selected node or without a PV: when there are any, their verdict is the result.
  let chosenCount = 0;
  let satisfied = true;
  for (let i = 0; i < toBind.length; i++) {
    const claim = toBind[i]!;
    if (claim.selectedNode === undefined) {
      const id = matchOnNode(claim, target, s.chosen, chosenCount);
      if (id >= 0) {
        s.chosen[chosenCount++] = id;
        continue;
      }
    }
    if (!claim.provisionable || !claim.topology(target.labels)) satisfied = false;
  }
  return satisfied;
}
