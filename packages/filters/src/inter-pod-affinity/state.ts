import { type LabelMap, PluginNames, type PodInfo, type SnapshotView, stateKey } from '@peapod/core';
import { affinityPodGroups, termMatchCounts, termMatcher } from './term-index.js';
import {
  type AffinityTerm,
  affinityTermMatches,
  hasRequiredAntiAffinity,
  podAffinityTerms,
  podMatchesAllAffinityTerms,
} from './terms.js';
import { TopologyPairCounts } from './topology-counts.js';

/** CycleState key of the filter half's PreFilter state (upstream `"PreFilter" + Name`). */
export const INTER_POD_AFFINITY_STATE = stateKey<InterPodAffinityState>(`PreFilter${PluginNames.InterPodAffinity}`);

/**
 * What InterPodAffinity's PreFilter computes for Filter (upstream `preFilterState`, v1.26 filtering.go).
 * AddPod/RemovePod update the counts in place, so the state has a `clone()` that the framework uses when it copies
 * a CycleState for nominated pods and preemption dry runs.
 */
export class InterPodAffinityState {
  constructor(
    /** The incoming pod. */
    readonly pod: PodInfo,
    /** Its required affinity terms, namespace selectors merged. */
    readonly affinityTerms: readonly AffinityTerm[],
    /** Its required anti-affinity terms, namespace selectors merged. */
    readonly antiAffinityTerms: readonly AffinityTerm[],
    /** Labels of its namespace, against which existing pods' namespace selectors are matched. */
    readonly namespaceLabels: LabelMap,
    /** The pod matches all its own affinity terms (the "first pod of a group" rule). */
    readonly matchesOwnAffinityTerms: boolean,
    /** Pairs where existing pods' required anti-affinity terms select the incoming pod. */
    readonly existingAntiAffinityCounts: TopologyPairCounts,
    /** Pairs of existing pods that match ALL the incoming pod's affinity terms (one count per term). */
    readonly affinityCounts: TopologyPairCounts,
    /** Pairs of existing pods that match the incoming pod's anti-affinity terms (one count per matching term). */
    readonly antiAffinityCounts: TopologyPairCounts,
  ) {}

  /** A deep copy of the counts (upstream `preFilterState.Clone`); the terms are immutable and shared. */
  clone(): InterPodAffinityState {
    return new InterPodAffinityState(
      this.pod,
      this.affinityTerms,
      this.antiAffinityTerms,
      this.namespaceLabels,
      this.matchesOwnAffinityTerms,
      this.existingAntiAffinityCounts.clone(),
      this.affinityCounts.clone(),
      this.antiAffinityCounts.clone(),
    );
  }

  /** Upstream `updateWithPod`: accounts (`multiplier` 1) or un-accounts (-1) one pod on a node with these labels. */
  updateWithPod(other: PodInfo, nodeLabels: LabelMap, multiplier: number): void {
    const terms = podAffinityTerms(other.pod);
    countAntiAffinity(
      this.existingAntiAffinityCounts,
      terms.requiredAntiAffinityTerms,
      this.pod,
      this.namespaceLabels,
      nodeLabels,
      multiplier,
    );
    countAffinity(this.affinityCounts, this.affinityTerms, other, nodeLabels, multiplier);
    // The incoming pod's terms are merged: the other pod's namespace labels are not needed.
    countAntiAffinity(this.antiAffinityCounts, this.antiAffinityTerms, other, null, nodeLabels, multiplier);
  }
}

/** Upstream `updateWithAffinityTerms`: when `target` matches ALL terms, each term counts on its pair. */
function countAffinity(
  counts: TopologyPairCounts,
  terms: readonly AffinityTerm[],
  target: PodInfo,
  nodeLabels: LabelMap,
  delta: number,
): void {
  if (!podMatchesAllAffinityTerms(terms, target)) return;
  for (const term of terms) counts.addForNode(term.topologyKey, nodeLabels, delta);
}

/** Upstream `updateWithAntiAffinityTerms`: each term that selects `target` counts on its pair. */
function countAntiAffinity(
  counts: TopologyPairCounts,
  terms: readonly AffinityTerm[],
  target: PodInfo,
  nsLabels: LabelMap,
  nodeLabels: LabelMap,
  delta: number,
): void {
  for (const term of terms) {
    if (affinityTermMatches(term, target, nsLabels)) counts.addForNode(term.topologyKey, nodeLabels, delta);
  }
}

/**
 * Upstream `getExistingAntiAffinityCounts`: for every existing pod with required anti-affinity (on every node),
 * each of its terms that selects the incoming pod counts on (term's key, that pod's node's value).
 */
export function existingAntiAffinityCounts(
  pod: PodInfo,
  namespaceLabels: LabelMap,
  snapshot: SnapshotView,
): TopologyPairCounts {
  const counts = new TopologyPairCounts();
  if (snapshot.requiredAntiAffinityPodCount === 0) return counts;
  const matches = termMatcher(pod, namespaceLabels);
  // By groups of pods with the same terms: each term is matched once, and counts as many times as the group
  // has pods on a node.
  for (const group of affinityPodGroups(snapshot).values()) {
    if (!hasRequiredAntiAffinity(group.sample.pod)) continue;
    for (const term of podAffinityTerms(group.sample.pod).requiredAntiAffinityTerms) {
      if (!matches(term)) continue;
      for (const [node, count] of group.nodes) {
        counts.addForNode(term.topologyKey, snapshot.nodes[node]!.metadata.labels, count);
      }
    }
  }
  return counts;
}

/**
 * Upstream `getIncomingAffinityAntiAffinityCounts`: every existing pod (on every node) is matched against the
 * incoming pod's merged required affinity terms (all must match) and anti-affinity terms (each on its own).
 * With at most one affinity term, each term's matches per node come from the snapshot's live match counts
 * instead of a walk over every pod; the counts are the same.
 */
export function incomingAffinityCounts(
  affinityTerms: readonly AffinityTerm[],
  antiAffinityTerms: readonly AffinityTerm[],
  snapshot: SnapshotView,
): { affinity: TopologyPairCounts; antiAffinity: TopologyPairCounts } {
  const affinity = new TopologyPairCounts();
  const antiAffinity = new TopologyPairCounts();
  if (affinityTerms.length === 0 && antiAffinityTerms.length === 0) return { affinity, antiAffinity };
  const affinityCounts = affinityTerms.length === 1 ? termMatchCounts(snapshot, affinityTerms[0]!) : undefined;
  const antiCounts = antiAffinityTerms.map((term) => termMatchCounts(snapshot, term));
  if ((affinityTerms.length === 0 || affinityCounts !== undefined) && antiCounts.every((c) => c !== undefined)) {
    for (let node = 0; node < snapshot.nodeCount; node++) {
      const labels = snapshot.nodes[node]!.metadata.labels;
      if (affinityCounts !== undefined && affinityCounts[node]! > 0) {
        affinity.addForNode(affinityTerms[0]!.topologyKey, labels, affinityCounts[node]!);
      }
      for (let t = 0; t < antiAffinityTerms.length; t++) {
        const n = antiCounts[t]![node]!;
        if (n > 0) antiAffinity.addForNode(antiAffinityTerms[t]!.topologyKey, labels, n);
      }
    }
    return { affinity, antiAffinity };
  }
  for (let node = 0; node < snapshot.nodeCount; node++) {
    const labels = snapshot.nodes[node]!.metadata.labels;
    const pods = snapshot.podsOnNode[node]!;
    for (let i = 0; i < pods.length; i++) {
      countAffinity(affinity, affinityTerms, pods[i]!, labels, 1);
      countAntiAffinity(antiAffinity, antiAffinityTerms, pods[i]!, null, labels, 1);
    }
  }
  return { affinity, antiAffinity };
}
