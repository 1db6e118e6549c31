/**
 * Pod (anti-)affinity terms, compiled once per pod: shared by the InterPodAffinity filter and score halves.
 *
 * Upstream (v1.26): `framework/types.go` (`AffinityTerm`, `WeightedAffinityTerm`, `PodInfo.Update`,
 * `newAffinityTerm`, `getNamespacesFromPodAffinityTerm`, `AffinityTerm.Matches`) and
 * `plugins/interpodaffinity/plugin.go` (`mergeAffinityTermNamespacesIfNotEmpty`, `GetNamespaceLabelsSnapshot`).
 *
 * How a term selects pods:
 * - `namespaces` empty and `namespaceSelector` null: only the owning pod's namespace.
 * - otherwise the namespaces listed PLUS every namespace whose labels the `namespaceSelector` matches
 *   (`{}` matches every namespace, null none).
 * - a null `labelSelector` matches no pod, `{}` every pod.
 * - `matchLabelKeys` / `mismatchLabelKeys` (v1.29+, KEP-3633) are merged into the selector by the API server at
 *   admission in those versions; v1.26 does not know them, so they are ignored here.
 *
 * Two ways to match a namespace selector, as upstream:
 * - an EXISTING pod's terms keep their selector and are matched against the incoming pod's namespace labels
 *   (`namespaceLabelsOf`); a namespace that has no Namespace object has no labels, so a selector such as
 *   `DoesNotExist` still matches it.
 * - the INCOMING pod's terms are first "merged" (`mergeNamespaceSelectors`): the selector is resolved against the
 *   Namespace objects into names, so a namespace without an object is never selected by a non-empty selector.
 *   The merged selector is MATCH_NOTHING (or MATCH_EVERYTHING for `{}`), so matching needs no namespace labels.
 *
 * Typical use (filter half here; the score half's PreScore follows the same pattern for the preferred terms):
 * ```ts
 * const terms = podAffinityTerms(pod.pod);                       // cached per Pod object
 * if (terms.parseError !== undefined) ...;                         // upstream rejects the pod
 * const mine = mergeNamespaceSelectors(terms.requiredAffinityTerms, handle.cluster.namespaces);
 * affinityTermMatches(mine[0], existingPod, null);                 // incoming pod's term vs an existing pod
 * const nsLabels = namespaceLabelsOf(pod.namespace, handle.cluster.namespaces);
 * affinityTermMatches(podAffinityTerms(existingPod.pod).requiredAntiAffinityTerms[0], pod, nsLabels);
 * ```
 */

import {
  type CompiledRequirement,
  compileLabelSelector,
  type LabelMap,
  type LabelMatcher,
  type LabelSelector,
  labelSelectorProblems,
  labelSelectorRequirements,
  MATCH_EVERYTHING,
  MATCH_NOTHING,
  type Namespace,
  type Pod,
  type PodAffinityTerm,
  type PodInfo,
  type WeightedPodAffinityTerm,
} from '@peapod/core';

/** A compiled PodAffinityTerm (upstream `framework.AffinityTerm`). Immutable; shared between cycles. */
export interface AffinityTerm {
  /** Namespaces named by the term, or the owning pod's namespace when it names none and has no selector. */
  readonly namespaces: ReadonlySet<string>;
  /**
   * Matches a namespace's labels: MATCH_NOTHING when the term has no `namespaceSelector`, MATCH_EVERYTHING for
   * `{}` (compare by identity).
   */
  readonly namespaceSelector: LabelMatcher;
  /** Matches pod labels: MATCH_NOTHING when `labelSelector` is null. */
  readonly selector: LabelMatcher;
  /** What `selector` ANDs (undefined: a null selector, matching nothing), for the snapshot's match counts. */
  readonly requirements: readonly CompiledRequirement[] | undefined;
  readonly topologyKey: string;
}

/** A compiled WeightedPodAffinityTerm (upstream `framework.WeightedAffinityTerm`). */
export interface WeightedAffinityTerm extends AffinityTerm {
  readonly weight: number;
}

/** A pod's four groups of terms (upstream `PodInfo.Required*Terms` / `Preferred*Terms`). */
export interface CompiledPodAffinityTerms {
  readonly requiredAffinityTerms: readonly AffinityTerm[];
  readonly requiredAntiAffinityTerms: readonly AffinityTerm[];
  readonly preferredAffinityTerms: readonly WeightedAffinityTerm[];
  readonly preferredAntiAffinityTerms: readonly WeightedAffinityTerm[];
  /**
   * Upstream `PodInfo` parse error: `requiredAffinityTerms: <why>` and so on per group with an invalid selector
   * (several are joined as `[a, b]`, like Go's `utilerrors.NewAggregate`). A group with an invalid term is empty,
   * as upstream drops it. The selector error text is ours, not apimachinery's word for word.
   */
  readonly parseError: string | undefined;
}

const NO_TERMS: readonly never[] = Object.freeze([]);

/** The namespace of a pod as the engine sees it (`default` when unset, like `createPodInfo`). */
function podNamespace(pod: Pod): string {
  return pod.metadata.namespace ?? 'default';
}

/** Why a term cannot be compiled (an invalid labelSelector, then namespaceSelector), or undefined. */
export function affinityTermProblem(term: PodAffinityTerm): string | undefined {
  return selectorProblem(term.labelSelector) ?? selectorProblem(term.namespaceSelector);
}

function selectorProblem(selector: LabelSelector | null | undefined): string | undefined {
  const problems = labelSelectorProblems(selector);
  return problems.length === 0 ? undefined : problems.join('; ');
}

/**
 * Compiles one term of a pod in `namespace` (upstream `newAffinityTerm`). Throws a PeapodError (InputInvalid) on
 * an invalid selector; check `affinityTermProblem` first where that must not happen.
 */
export function compileAffinityTerm(namespace: string, term: PodAffinityTerm): AffinityTerm {
  const selector = compileLabelSelector(term.labelSelector);
  const namespaceSelector = compileLabelSelector(term.namespaceSelector);
  const listed = term.namespaces ?? [];
  // getNamespacesFromPodAffinityTerm: the pod's own namespace only when neither field is given.
  const namespaces = new Set(listed.length === 0 && term.namespaceSelector == null ? [namespace] : listed);
  const requirements = labelSelectorRequirements(term.labelSelector);
  return { namespaces, namespaceSelector, selector, requirements, topologyKey: term.topologyKey };
}

const cache = new WeakMap<Pod, CompiledPodAffinityTerms>();

/**
 * The compiled terms of a pod (upstream `PodInfo.Update`), memoized per Pod object: pods are never mutated, so
 * an existing pod's terms are compiled once, not once per cycle.
 */
export function podAffinityTerms(pod: Pod): CompiledPodAffinityTerms {
  let terms = cache.get(pod);
  if (terms === undefined) {
    // Replicas carry the same terms: they share one compiled copy (the same term objects), so that a cycle can
    // match each distinct term against the incoming pod once.
    const key = affinityTermsKey(pod);
    terms = key === undefined ? undefined : interned.get(key);
    if (terms === undefined) {
      terms = compilePodAffinityTerms(pod);
      if (key !== undefined) {
        if (interned.size >= 65536) interned.clear();
        interned.set(key, terms);
      }
    }
    cache.set(pod, terms);
  }
  return terms;
}

const interned = new Map<string, CompiledPodAffinityTerms>();
const keys = new WeakMap<Pod, string | undefined>();

/** The identity of a pod's affinity terms (its namespace and the terms as written); undefined without any. */
export function affinityTermsKey(pod: Pod): string | undefined {
  if (keys.has(pod)) return keys.get(pod);
  const affinity = pod.spec.affinity;
  const key =
    affinity?.podAffinity == null && affinity?.podAntiAffinity == null
      ? undefined
      : JSON.stringify([podNamespace(pod), affinity.podAffinity ?? null, affinity.podAntiAffinity ?? null]);
  keys.set(pod, key);
  return key;
}

function compilePodAffinityTerms(pod: Pod): CompiledPodAffinityTerms {
  const affinity = pod.spec.affinity;
  const podAffinity = affinity?.podAffinity;
  const podAntiAffinity = affinity?.podAntiAffinity;
  if (podAffinity == null && podAntiAffinity == null) {
    return {
      requiredAffinityTerms: NO_TERMS,
      requiredAntiAffinityTerms: NO_TERMS,
      preferredAffinityTerms: NO_TERMS,
      preferredAntiAffinityTerms: NO_TERMS,
      parseError: undefined,
    };
  }
  const namespace = podNamespace(pod);
  const errors: string[] = [];
  // As upstream getAffinityTerms: the first invalid term empties its whole group and records the group's error.
  const required = (group: string, terms: readonly PodAffinityTerm[] | null | undefined): readonly AffinityTerm[] => {
    if (terms == null || terms.length === 0) return NO_TERMS;
    for (const term of terms) {
      const problem = affinityTermProblem(term);
      if (problem !== undefined) {
        errors.push(`${group}: ${problem}`);
        return NO_TERMS;
      }
    }
    return terms.map((term) => compileAffinityTerm(namespace, term));
  };
  const preferred = (
    group: string,
    terms: readonly WeightedPodAffinityTerm[] | null | undefined,
  ): readonly WeightedAffinityTerm[] => {
    if (terms == null || terms.length === 0) return NO_TERMS;
    const compiled = required(
      group,
      terms.map((t) => t.podAffinityTerm),
    );
    return compiled.map((term, i) => ({ ...term, weight: terms[i]!.weight }));
  };
  return {
    requiredAffinityTerms: required(
      'requiredAffinityTerms',
      podAffinity?.requiredDuringSchedulingIgnoredDuringExecution,
    ),
    requiredAntiAffinityTerms: required(
      'requiredAntiAffinityTerms',
      podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution,
    ),
    preferredAffinityTerms: preferred(
      'preferredAffinityTerms',
      podAffinity?.preferredDuringSchedulingIgnoredDuringExecution,
    ),
    preferredAntiAffinityTerms: preferred(
      'preferredAntiAffinityTerms',
      podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution,
    ),
    parseError: aggregate(errors),
  };
}

/** Go's `utilerrors.NewAggregate(errs).Error()`: one message as is, several deduplicated in brackets. */
function aggregate(errors: readonly string[]): string | undefined {
  if (errors.length === 0) return undefined;
  const unique = [...new Set(errors)];
  return unique.length === 1 ? unique[0] : `[${unique.join(', ')}]`;
}

/**
 * Does the term select `pod` (upstream `AffinityTerm.Matches`)? The pod's namespace must be listed or its labels
 * (`nsLabels`) match the namespace selector, and the pod's labels must match the label selector. Pass null
 * `nsLabels` for merged terms of the incoming pod.
 */
export function affinityTermMatches(term: AffinityTerm, pod: PodInfo, nsLabels: LabelMap): boolean {
  if (term.namespaces.has(pod.namespace) || term.namespaceSelector(nsLabels)) {
    return term.selector(pod.pod.metadata.labels);
  }
  return false;
}

/**
 * Does `pod` match EVERY term (upstream `podMatchesAllAffinityTerms`)? False for no terms. The terms must be
 * merged ones (`mergeNamespaceSelectors`): no namespace labels are consulted.
 */
export function podMatchesAllAffinityTerms(terms: readonly AffinityTerm[], pod: PodInfo): boolean {
  if (terms.length === 0) return false;
  for (let i = 0; i < terms.length; i++) {
    if (!affinityTermMatches(terms[i]!, pod, null)) return false;
  }
  return true;
}

/**
 * Resolves the namespace selectors of the INCOMING pod's terms against the cluster's Namespace objects (upstream
 * `mergeAffinityTermNamespacesIfNotEmpty`): the names of the namespaces it selects join `namespaces`, and the
 * selector becomes MATCH_NOTHING. An empty selector (`{}`, every namespace) is kept as it is. Returns new terms;
 * the cached ones are not changed.
 */
export function mergeNamespaceSelectors<T extends AffinityTerm>(
  terms: readonly T[],
  namespaces: readonly Namespace[],
): readonly T[] {
  if (terms.every((t) => t.namespaceSelector === MATCH_EVERYTHING || t.namespaceSelector === MATCH_NOTHING)) {
    return terms;
  }
  return terms.map((term) => {
    if (term.namespaceSelector === MATCH_EVERYTHING || term.namespaceSelector === MATCH_NOTHING) return term;
    const merged = new Set(term.namespaces);
    for (const ns of namespaces) {
      if (term.namespaceSelector(ns.metadata.labels)) merged.add(ns.metadata.name);
    }
    return { ...term, namespaces: merged, namespaceSelector: MATCH_NOTHING };
  });
}

/**
 * The labels of a namespace (upstream `GetNamespaceLabelsSnapshot`): undefined when there is no Namespace object
 * of that name, which upstream treats as an empty label set.
 */
export function namespaceLabelsOf(namespace: string, namespaces: readonly Namespace[]): LabelMap {
  for (const ns of namespaces) {
    if (ns.metadata.name === namespace) return ns.metadata.labels;
  }
  return undefined;
}

/** Whether a pod has required anti-affinity terms (upstream `NodeInfo.PodsWithRequiredAntiAffinity`), cheaply. */
export function hasRequiredAntiAffinity(pod: Pod): boolean {
  const terms = pod.spec.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  return terms != null && terms.length > 0 && podAffinityTerms(pod).requiredAntiAffinityTerms.length > 0;
}
