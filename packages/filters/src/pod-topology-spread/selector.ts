import {
  type CompiledRequirement,
  compileRequirement,
  type LabelMap,
  type LabelMatcher,
  type LabelSelector,
  MATCH_NOTHING,
  requirementsKey,
  requirementsMatch,
  type SelectorRequirement,
} from '@peapod/core';

/** A label selector as upstream's `labels.Selector`: how it matches, and whether it is `Empty()`. */
export interface SpreadSelector {
  readonly matches: LabelMatcher;
  /** What `matches` checks, ANDed; undefined for a nil selector (matches nothing). */
  readonly requirements: readonly CompiledRequirement[] | undefined;
  /** Identity of the selection (`requirementsKey`), for the snapshot's match counts. */
  readonly key: string;
  /**
   * No requirements (upstream `Selector.Empty()`): matches every pod, yet `countPodsMatchSelector` counts
   * no pod for it. A nil `labelSelector` is not empty: it matches nothing.
   */
  readonly empty: boolean;
}

export const NOTHING: SpreadSelector = Object.freeze({
  matches: MATCH_NOTHING,
  requirements: undefined,
  key: '',
  empty: false,
});

/** A selector ANDing the requirements; none gives upstream's `labels.Everything()`. */
export function selectorOf(requirements: readonly CompiledRequirement[]): SpreadSelector {
  return {
    matches: (labels: LabelMap) => requirementsMatch(requirements, labels),
    requirements,
    key: requirementsKey(requirements),
    empty: requirements.length === 0,
  };
}

export function mapRequirements(set: Readonly<Record<string, string>>): SelectorRequirement[] {
  return Object.keys(set).map((key) => ({ key, operator: 'Equals', values: [set[key]!] }));
}

/** The requirements of a valid metav1.LabelSelector (matchLabels as Equals, then matchExpressions). */
export function labelSelectorRequirements(selector: LabelSelector): CompiledRequirement[] {
  return [...mapRequirements(selector.matchLabels ?? {}), ...(selector.matchExpressions ?? [])].map(compileRequirement);
}
