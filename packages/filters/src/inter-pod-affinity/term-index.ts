import {
  type LabelMap,
  MATCH_EVERYTHING,
  MATCH_NOTHING,
  type PodGroup,
  type PodInfo,
  requirementsKey,
  type SnapshotView,
} from '@peapod/core';
import { type AffinityTerm, affinityTermMatches, affinityTermsKey } from './terms.js';

/**
 * What InterPodAffinity reads from the snapshot's indexes instead of walking every pod: the existing pods with
 * (anti-)affinity grouped by their terms, the answers of each distinct term for an incoming label set, and
 * the per-node counts of the pods an incoming pod's term selects.
 */

/** The snapshot's grouping of pods with (anti-)affinity by their terms (see `affinityPodGroups`). */
export const AFFINITY_GROUPS = 'InterPodAffinity/terms';

/**
 * The pods with pod (anti-)affinity of the snapshot, grouped by their terms (replicas share them), with how
 * many of each group are on each node: a cycle matches each group's terms against the incoming pod once.
 */
export function affinityPodGroups(snapshot: SnapshotView): ReadonlyMap<string, PodGroup> {
  return snapshot.podGroups(AFFINITY_GROUPS, (pod) => (pod.hasAffinity ? affinityTermsKey(pod.pod) : undefined));
}

/**
 * `affinityTermMatches(term, pod, nsLabels)` remembered per term object, for the incoming pod's namespace,
 * labels and namespace labels: existing pods of one workload share their terms (see `podAffinityTerms`), so
 * each distinct term is matched once per cycle, and replicas of the incoming pod (same labels) reuse the
 * answers of the previous one.
 */
export function termMatcher(pod: PodInfo, nsLabels: LabelMap): (term: AffinityTerm) => boolean {
  // A term's answer depends on the incoming pod's namespace, labels and namespace labels only.
  const key = JSON.stringify([pod.namespace, pod.pod.metadata.labels ?? null, nsLabels ?? null]);
  let memo = matchMemos.get(key);
  if (memo === undefined) {
    memo = new Map();
    if (matchMemos.size >= 256) matchMemos.delete(matchMemos.keys().next().value as string);
  } else matchMemos.delete(key);
  matchMemos.set(key, memo);
  const answers = memo;
  return (term) => {
    let matches = answers.get(term);
    if (matches === undefined) {
      matches = affinityTermMatches(term, pod, nsLabels);
      answers.set(term, matches);
    }
    return matches;
  };
}

/** Recently seen incoming label sets, least recently used first, each with its terms' answers. */
const matchMemos = new Map<string, Map<AffinityTerm, boolean>>();

/**
 * How many pods on each node the merged term of an INCOMING pod selects (any label set, terminating pods
 * included, as `affinityTermMatches` counts them), from the snapshot's live match counts; undefined when the
 * term cannot be counted that way (a namespace selector not merged into names).
 */
export function termMatchCounts(snapshot: SnapshotView, term: AffinityTerm): Int32Array | undefined {
  const everyNamespace = term.namespaceSelector === MATCH_EVERYTHING;
  if (!everyNamespace && term.namespaceSelector !== MATCH_NOTHING) return undefined;
  if (term.requirements === undefined) return NO_MATCHES.get(snapshot.nodeCount);
  const namespaces = everyNamespace ? undefined : term.namespaces;
  const names = namespaces === undefined ? '*' : [...namespaces].sort().join(',');
  return snapshot.matchCounts({
    key: `affinity\u0000${names}\u0000${requirementsKey(term.requirements)}`,
    namespace: undefined,
    namespaces,
    requirements: term.requirements,
    skipTerminating: false,
  });
}

/** All-zero counts, one array per node count. */
const NO_MATCHES = {
  arrays: new Map<number, Int32Array>(),
  get(nodeCount: number): Int32Array {
    let zeros = this.arrays.get(nodeCount);
    if (zeros === undefined) {
      zeros = new Int32Array(nodeCount);
      this.arrays.set(nodeCount, zeros);
    }
    return zeros;
  },
};
