import {
  type CycleState,
  errorStatus,
  type Handle,
  type LabelMap,
  MAX_NODE_SCORE,
  type MaybeStatus,
  PluginNames,
  type Pod,
  type PodInfo,
  type PreScorePlugin,
  type ScorePlugin,
  type SnapshotView,
  type StateKey,
  type Status,
  stateKey,
} from '@peapod/core';
import {
  type AffinityTerm,
  affinityPodGroups,
  affinityTermMatches,
  type CompiledPodAffinityTerms,
  mergeNamespaceSelectors,
  namespaceLabelsOf,
  podAffinityTerms,
  termMatchCounts,
  termMatcher,
  type WeightedAffinityTerm,
} from '@peapod/filters';
import { type InterPodAffinityArgsInput, InterPodAffinityArgsSchema } from './args.js';
import { TopologyScore } from './topology-score.js';

/** CycleState key of the score half's PreScore state (upstream `"PreScore" + Name`). */
export const INTER_POD_AFFINITY_SCORE_STATE: StateKey<TopologyScore> = stateKey<TopologyScore>(
  `PreScore${PluginNames.InterPodAffinity}`,
);

const SKIP: Status = Object.freeze({ code: 'Skip', reasons: [] });

/**
 * InterPodAffinity, score half (upstream v1.26 `interpodaffinity/scoring.go`): preferred pod (anti-)affinity, the
 * incoming pod's and the existing pods', plus the existing pods' REQUIRED affinity weighted by
 * `hardPodAffinityWeight`.
 *
 * PreScore walks the existing pods of every node of the snapshot (not only the feasible ones) and, for each pod on a
 * node that has the term's topology key, adds to the domain (key, that node's value):
 * - `+weight` per preferred affinity term of the incoming pod that selects the existing pod, `-weight` per preferred
 *   anti-affinity term (the incoming pod's terms have their namespace selectors merged into names);
 * - `+hardPodAffinityWeight` per required affinity term of the existing pod that selects the incoming pod, `+weight`
 *   per preferred affinity term, `-weight` per preferred anti-affinity term (matched against the incoming pod's
 *   namespace labels).
 * Score is the sum of the domains a node is in; NormalizeScore maps [min, max] of the feasible nodes' sums onto
 * [0, 100] (`int64(100 * (s - min) / (max - min))`, all 0 when they are equal). Since v1.21 min and max are those of
 * the scores themselves, not clamped to 0: a lone positive or negative score still spans the whole range.
 *
 * When no domain is touched every node scores 0; upstream v1.26 still runs Score and returns early from
 * NormalizeScore, here PreScore returns Skip, which gives the same 0s. Upstream walks only the pods with (anti-)
 * affinity unless the incoming pod has preferred terms; pods without any contribute nothing then, so this walks the
 * same pods' contributions either way.
 */
export function interPodAffinityScore(
  args: InterPodAffinityArgsInput = {},
): PreScorePlugin & ScorePlugin & Required<Pick<ScorePlugin, 'normalizeScore'>> {
  const { hardPodAffinityWeight, ignorePreferredTermsOfExistingPods } = InterPodAffinityArgsSchema.parse(args);

  return {
    name: PluginNames.InterPodAffinity,

    preScore(state: CycleState, pod: PodInfo, feasibleNodes: Int32Array, handle: Handle): MaybeStatus {
      if (feasibleNodes.length === 0) return SKIP;
      const hasPreferred = hasPreferredTerms(pod.pod);
      if (ignorePreferredTermsOfExistingPods && !hasPreferred) return SKIP;
      const terms = podAffinityTerms(pod.pod);
      // Ideally never reached: PreFilter rejects a pod whose terms do not parse.
      if (terms.parseError !== undefined) return errorStatus(`failed to parse pod: ${terms.parseError}`);

      const namespaces = handle.cluster.namespaces;
      const namespaceLabels = namespaceLabelsOf(pod.namespace, namespaces);
      const scorer: ExistingPodScorer = {
        incoming: pod,
        affinityTerms: mergeNamespaceSelectors(terms.preferredAffinityTerms, namespaces),
        antiAffinityTerms: mergeNamespaceSelectors(terms.preferredAntiAffinityTerms, namespaces),
        namespaceLabels,
        hardPodAffinityWeight,
        topologyScore: new TopologyScore(),
        matches: termMatcher(pod, namespaceLabels),
      };
      const snapshot = handle.snapshot;
      // Without preferred terms of its own, only pods with (anti-)affinity can score the pod.
      if (!hasPreferred && snapshot.affinityPodCount === 0) return SKIP;
      // The incoming pod's terms select pods of every kind: counted per node by the snapshot.
      addIncomingTerms(scorer, snapshot, scorer.affinityTerms, 1);
      addIncomingTerms(scorer, snapshot, scorer.antiAffinityTerms, -1);
      // The existing pods' terms: only pods with (anti-)affinity have any, in groups that share them; a group
      // with `n` pods on a node adds `n` times what one would.
      if (snapshot.affinityPodCount > 0) {
        for (const group of affinityPodGroups(snapshot).values()) {
          const existingTerms = existingPodTerms(group.sample.pod);
          if (existingTerms === undefined || !anyTermMatches(scorer, existingTerms)) continue;
          for (const [node, count] of group.nodes) {
            const labels = snapshot.nodes[node]!.metadata.labels;
            if (labels != null) processExistingPodTerms(scorer, existingTerms, labels, count);
          }
        }
      }
      if (scorer.topologyScore.isEmpty) return SKIP;
      state.write(INTER_POD_AFFINITY_SCORE_STATE, scorer.topologyScore);
      return null;
    },

    score(state: CycleState, _pod: PodInfo, node: number, handle: Handle): number {
      return state.read(INTER_POD_AFFINITY_SCORE_STATE).scoreOf(handle.snapshot.nodes[node]!.metadata.labels);
    },

    scoreAll(state: CycleState, _pod: PodInfo, nodes: Int32Array, handle: Handle, out: Float64Array): void {
      state.read(INTER_POD_AFFINITY_SCORE_STATE).scoreNodes(handle.snapshot, nodes, out);
    },

    normalizeScore(_state: CycleState, _pod: PodInfo, _feasibleNodes: Int32Array, scores: Float64Array): MaybeStatus {
      normalizeInterPodAffinityScores(scores);
      return null;
    },
  } satisfies PreScorePlugin & ScorePlugin;
}

/**
 * Upstream v1.26 `InterPodAffinity.NormalizeScore` once some domain was touched: min and max over the scores
 * (starting from MaxInt64 / MinInt64, so not clamped to 0), then `int64(float64(100) * (float64(s-min) /
 * float64(max-min)))`, truncated; every score 0 when max == min. Rewrites `scores` in place.
 */
export function normalizeInterPodAffinityScores(scores: Float64Array): void {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i]!;
    if (s > max) max = s;
    if (s < min) min = s;
  }
  const diff = max - min;
  for (let i = 0; i < scores.length; i++) {
    scores[i] = diff > 0 ? Math.trunc(MAX_NODE_SCORE * ((scores[i]! - min) / diff)) : 0;
  }
}

/** What PreScore needs to process one existing pod. */
interface ExistingPodScorer {
  readonly incoming: PodInfo;
  /** The incoming pod's preferred affinity terms, namespace selectors merged. */
  readonly affinityTerms: readonly WeightedAffinityTerm[];
  /** The incoming pod's preferred anti-affinity terms, namespace selectors merged. */
  readonly antiAffinityTerms: readonly WeightedAffinityTerm[];
  /** The incoming pod's namespace labels, for the existing pods' namespace selectors. */
  readonly namespaceLabels: LabelMap;
  readonly hardPodAffinityWeight: number;
  readonly topologyScore: TopologyScore;
  /** Does an existing pod's term select the incoming pod (remembered per term, see `termMatcher`)? */
  readonly matches: (term: AffinityTerm) => boolean;
}

/** Upstream `hasPreferredAffinityConstraints || hasPreferredAntiAffinityConstraints`, on the pod spec. */
function hasPreferredTerms(pod: Pod): boolean {
  const affinity = pod.spec.affinity;
  return (
    (affinity?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution?.length ?? 0) > 0 ||
    (affinity?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution?.length ?? 0) > 0
  );
}

/**
 * The compiled terms of a pod with pod affinity or anti-affinity (upstream `NodeInfo.PodsWithAffinity`), undefined
 * for one without, cheaply. Existing pods' terms are compiled once per Pod object (`podAffinityTerms` memoizes).
 */
function existingPodTerms(pod: Pod): CompiledPodAffinityTerms | undefined {
  const affinity = pod.spec.affinity;
  if (affinity == null || (affinity.podAffinity == null && affinity.podAntiAffinity == null)) return undefined;
  return podAffinityTerms(pod);
}

/**
 * Upstream `processExistingPod`, the half that reads the existing pod's own terms: its required affinity
 * (weighted by `hardPodAffinityWeight`) and preferred (anti-)affinity terms that select the incoming pod.
 */
function processExistingPodTerms(
  s: ExistingPodScorer,
  existingTerms: CompiledPodAffinityTerms,
  nodeLabels: LabelMap,
  pods: number,
): void {
  const score = s.topologyScore;
  const matches = s.matches;
  if (s.hardPodAffinityWeight > 0) {
    const required = existingTerms.requiredAffinityTerms;
    for (let i = 0; i < required.length; i++) {
      const term = required[i]!;
      if (matches(term)) score.addForNode(term.topologyKey, nodeLabels, s.hardPodAffinityWeight * pods);
    }
  }
  const preferred = existingTerms.preferredAffinityTerms;
  for (let i = 0; i < preferred.length; i++) {
    const term = preferred[i]!;
    if (matches(term)) score.addForNode(term.topologyKey, nodeLabels, term.weight * pods);
  }
  const anti = existingTerms.preferredAntiAffinityTerms;
  for (let i = 0; i < anti.length; i++) {
    const term = anti[i]!;
    if (matches(term)) score.addForNode(term.topologyKey, nodeLabels, -term.weight * pods);
  }
}

/** Whether any term of an existing pod that scores would select the incoming pod. */
function anyTermMatches(s: ExistingPodScorer, terms: CompiledPodAffinityTerms): boolean {
  const matches = s.matches;
  if (s.hardPodAffinityWeight > 0 && terms.requiredAffinityTerms.some(matches)) return true;
  return terms.preferredAffinityTerms.some(matches) || terms.preferredAntiAffinityTerms.some(matches);
}

/**
 * Upstream `processExistingPod`, the half that reads the incoming pod's preferred terms: each existing pod a
 * term selects adds the term's weight to its node's domain. The selected pods are counted per node (the
 * snapshot's match counts), so a node with `n` of them adds `n` times the weight; the sums are integers, so the
 * order of the additions does not matter.
 */
function addIncomingTerms(
  s: ExistingPodScorer,
  snapshot: SnapshotView,
  terms: readonly WeightedAffinityTerm[],
  multiplier: 1 | -1,
): void {
  for (const term of terms) {
    const delta = term.weight * multiplier;
    const counts = termMatchCounts(snapshot, term);
    for (let node = 0; node < snapshot.nodeCount; node++) {
      const labels = snapshot.nodes[node]!.metadata.labels;
      if (labels == null) continue;
      if (counts !== undefined) {
        const n = counts[node]!;
        if (n > 0) s.topologyScore.addForNode(term.topologyKey, labels, delta * n);
        continue;
      }
      const pods = snapshot.podsOnNode[node]!;
      for (let i = 0; i < pods.length; i++) processTerm(s.topologyScore, term, delta, pods[i]!, null, labels);
    }
  }
}

/** Upstream `scoreMap.processTerm`: when the term selects `target`, `delta` goes to the node's domain of the key. */
function processTerm(
  score: TopologyScore,
  term: AffinityTerm,
  delta: number,
  target: PodInfo,
  nsLabels: LabelMap,
  nodeLabels: LabelMap,
): void {
  if (affinityTermMatches(term, target, nsLabels)) score.addForNode(term.topologyKey, nodeLabels, delta);
}
