import {
  type CycleState,
  errorStatus,
  type FilterPlugin,
  type Handle,
  type LabelMap,
  type MaybeStatus,
  PluginNames,
  type PodInfo,
  type PreFilterExtensions,
  type PreFilterPlugin,
  type SnapshotView,
  type Status,
  unresolvable,
  unschedulable,
} from '@peapod/core';
import { topologyIndex } from '../pod-topology-spread/topology-index.js';
import { ReasonExistingAntiAffinity, ReasonPodAffinity, ReasonPodAntiAffinity } from '../reasons.js';
import {
  existingAntiAffinityCounts,
  INTER_POD_AFFINITY_STATE,
  InterPodAffinityState,
  incomingAffinityCounts,
} from './state.js';
import { mergeNamespaceSelectors, namespaceLabelsOf, podAffinityTerms, podMatchesAllAffinityTerms } from './terms.js';
import type { TopologyPairCounts } from './topology-counts.js';

const AFFINITY_NOT_MATCH: Status = Object.freeze(unresolvable(ReasonPodAffinity));
const ANTI_AFFINITY_NOT_MATCH: Status = Object.freeze(unschedulable(ReasonPodAntiAffinity));
const EXISTING_ANTI_AFFINITY_NOT_MATCH: Status = Object.freeze(unschedulable(ReasonExistingAntiAffinity));

/**
 * InterPodAffinity, filter half (upstream v1.26 `interpodaffinity/filtering.go`): required pod affinity and
 * anti-affinity, the incoming pod's and the existing pods'.
 *
 * PreFilter counts, per topology pair (label key, value), the existing pods that (1) have a required anti-affinity
 * term selecting the incoming pod, (2) match all the incoming pod's required affinity terms, (3) match one of its
 * required anti-affinity terms. Filter then checks a node, in upstream's order:
 * 1. affinity: the node has every term's topology key and each pair has a count; except that a pod matching its
 *    own terms may go anywhere having the keys while no pod anywhere matches (the first pod of a group)
 *    -> UnschedulableAndUnresolvable `node(s) didn't match pod affinity rules`;
 * 2. anti-affinity: no term's pair on the node has a count -> Unschedulable `node(s) didn't match pod anti-affinity rules`;
 * 3. existing pods' anti-affinity: none of the node's label pairs has a count
 *    -> Unschedulable `node(s) didn't satisfy existing pods anti-affinity rules`.
 *
 * An invalid label selector in any of the pod's terms (required or preferred) rejects the pod in PreFilter with
 * UnschedulableAndUnresolvable `parsing pod: ...`, as v1.26 does. v1.26 never returns Skip here (v1.27+ does when
 * there is nothing to check); every pod in the snapshot counts, terminating ones included.
 */
export function interPodAffinityFilter(): PreFilterPlugin &
  FilterPlugin & { readonly preFilterExtensions: PreFilterExtensions } {
  return {
    name: PluginNames.InterPodAffinity,

    preFilter(state: CycleState, pod: PodInfo, handle: Handle): MaybeStatus {
      const terms = podAffinityTerms(pod.pod);
      if (terms.parseError !== undefined) return unresolvable(`parsing pod: ${terms.parseError}`);
      const namespaces = handle.cluster.namespaces;
      const affinityTerms = mergeNamespaceSelectors(terms.requiredAffinityTerms, namespaces);
      const antiAffinityTerms = mergeNamespaceSelectors(terms.requiredAntiAffinityTerms, namespaces);
      const namespaceLabels = namespaceLabelsOf(pod.namespace, namespaces);
      const snapshot = handle.snapshot;
      const incoming = incomingAffinityCounts(affinityTerms, antiAffinityTerms, snapshot);
      state.write(
        INTER_POD_AFFINITY_STATE,
        new InterPodAffinityState(
          pod,
          affinityTerms,
          antiAffinityTerms,
          namespaceLabels,
          podMatchesAllAffinityTerms(affinityTerms, pod),
          existingAntiAffinityCounts(pod, namespaceLabels, snapshot),
          incoming.affinity,
          incoming.antiAffinity,
        ),
      );
      return null;
    },

    preFilterExtensions: {
      addPod(state: CycleState, _pod: PodInfo, podToAdd: PodInfo, node: number, handle: Handle): MaybeStatus {
        return update(state, podToAdd, node, handle, 1);
      },
      removePod(state: CycleState, _pod: PodInfo, podToRemove: PodInfo, node: number, handle: Handle): MaybeStatus {
        return update(state, podToRemove, node, handle, -1);
      },
    },

    filterAll(state: CycleState, _pod: PodInfo, nodes: Int32Array, handle: Handle, out: MaybeStatus[]): boolean {
      const s = state.read(INTER_POD_AFFINITY_STATE);
      const nothingToCheck =
        s.affinityTerms.length === 0 && s.antiAffinityTerms.length === 0 && s.existingAntiAffinityCounts.size === 0;
      if (nothingToCheck) return true;
      return filterNodes(s, handle.snapshot, nodes, out);
    },

    filter(state: CycleState, _pod: PodInfo, node: number, handle: Handle): MaybeStatus {
      const s = state.read(INTER_POD_AFFINITY_STATE);
      const labels = handle.snapshot.nodes[node]!.metadata.labels;
      if (!satisfiesPodAffinity(s, labels)) return AFFINITY_NOT_MATCH;
      if (!satisfiesPodAntiAffinity(s, labels)) return ANTI_AFFINITY_NOT_MATCH;
      if (s.existingAntiAffinityCounts.anyPositiveOnNode(labels)) return EXISTING_ANTI_AFFINITY_NOT_MATCH;
      return null;
    },
  } satisfies PreFilterPlugin & FilterPlugin;
}

function update(state: CycleState, other: PodInfo, node: number, handle: Handle, multiplier: number): MaybeStatus {
  const s = state.tryRead(INTER_POD_AFFINITY_STATE);
  if (s === undefined) {
    return errorStatus(`error reading "${INTER_POD_AFFINITY_STATE.name}" from cycleState: not found`);
  }
  s.updateWithPod(other, handle.snapshot.nodes[node]!.metadata.labels, multiplier);
  return null;
}

/** Upstream `satisfyPodAffinity`. */
function satisfiesPodAffinity(s: InterPodAffinityState, labels: LabelMap): boolean {
  const terms = s.affinityTerms;
  let podsExist = true;
  for (let i = 0; i < terms.length; i++) {
    const key = terms[i]!.topologyKey;
    // Every topology key must exist on the node, even for the first pod of a group.
    if (labels == null || !Object.hasOwn(labels, key)) return false;
    if (s.affinityCounts.get(key, labels[key]!) <= 0) podsExist = false;
  }
  // No pod anywhere matches yet: a pod that matches its own terms may start the group.
  return podsExist || (s.affinityCounts.size === 0 && s.matchesOwnAffinityTerms);
}

/** Upstream `satisfyPodAntiAffinity`. */
function satisfiesPodAntiAffinity(s: InterPodAffinityState, labels: LabelMap): boolean {
  if (s.antiAffinityCounts.size === 0) return true;
  const terms = s.antiAffinityTerms;
  for (let i = 0; i < terms.length; i++) {
    if (s.antiAffinityCounts.countOnNode(terms[i]!.topologyKey, labels) > 0) return false;
  }
  return true;
}

/** One topology key's counts laid out per domain of the key's index, for reading per node without strings. */
interface DomainCounts {
  readonly domainOf: Int32Array;
  readonly counts: Float64Array;
}

function domainCounts(snapshot: SnapshotView, counts: TopologyPairCounts, key: string): DomainCounts {
  const index = topologyIndex(snapshot.nodes, key);
  // Few pairs have counts: placed by value, not looked up for every domain (a hostname key has one per node).
  const perDomain = new Float64Array(index.values.length);
  for (const [value, count] of counts.valuesOf(key) ?? []) {
    const domain = index.domainOfValue.get(value);
    if (domain !== undefined) perDomain[domain] = count;
  }
  return { domainOf: index.domainOf, counts: perDomain };
}

/**
 * `filter` over many nodes: the same three checks in the same order, each count read through the node's
 * domain index. Returns true when every node passes.
 */
function filterNodes(s: InterPodAffinityState, snapshot: SnapshotView, nodes: Int32Array, out: MaybeStatus[]): boolean {
  const affinity = s.affinityTerms.map((t) => domainCounts(snapshot, s.affinityCounts, t.topologyKey));
  const anti =
    s.antiAffinityCounts.size === 0
      ? []
      : s.antiAffinityTerms.map((t) => domainCounts(snapshot, s.antiAffinityCounts, t.topologyKey));
  const existing =
    s.existingAntiAffinityCounts.size === 0
      ? []
      : s.existingAntiAffinityCounts.keyList().map((key) => domainCounts(snapshot, s.existingAntiAffinityCounts, key));
  // The first pod of a group may go to any node that has the keys.
  const firstOfGroup = s.affinityCounts.size === 0 && s.matchesOwnAffinityTerms;
  let allPass = true;
  for (let k = 0; k < nodes.length; k++) {
    const node = nodes[k]!;
    let status: MaybeStatus = null;
    let podsExist = true;
    for (let t = 0; t < affinity.length; t++) {
      const d = affinity[t]!.domainOf[node]!;
      if (d < 0) {
        status = AFFINITY_NOT_MATCH;
        break;
      }
      if (affinity[t]!.counts[d]! <= 0) podsExist = false;
    }
    if (status === null && !podsExist && !firstOfGroup) status = AFFINITY_NOT_MATCH;
    for (let t = 0; status === null && t < anti.length; t++) {
      const d = anti[t]!.domainOf[node]!;
      if (d >= 0 && anti[t]!.counts[d]! > 0) status = ANTI_AFFINITY_NOT_MATCH;
    }
    for (let t = 0; status === null && t < existing.length; t++) {
      const d = existing[t]!.domainOf[node]!;
      if (d >= 0 && existing[t]!.counts[d]! > 0) status = EXISTING_ANTI_AFFINITY_NOT_MATCH;
    }
    out[k] = status;
    if (status !== null) allPass = false;
  }
  return allPass;
}
