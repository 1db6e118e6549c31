import {
  compileNodeSelectorTerm,
  isEmptyNodeSelectorTerm,
  type NodeMatcher,
  type NodeSelectorTarget,
  nodeSelectorTermProblems,
  type PreferredSchedulingTerm,
} from '@peapod/core';

/** Preferred node-affinity terms compiled once (upstream component-helpers `PreferredSchedulingTerms`). */
export interface CompiledPreferredTerms {
  readonly matchers: readonly NodeMatcher[];
  readonly weights: Int32Array;
}

/** The terms, or the parse errors that make upstream's `NewPreferredSchedulingTerms` fail. */
export type PreferredTermsResult =
  | { readonly terms: CompiledPreferredTerms; readonly problems?: undefined }
  | { readonly terms?: undefined; readonly problems: readonly string[] };

export const NO_PREFERRED_TERMS: CompiledPreferredTerms = { matchers: [], weights: new Int32Array(0) };

/**
 * Compiles preferred scheduling terms as upstream `NewPreferredSchedulingTerms`: terms of weight 0 and terms
 * with neither matchExpressions nor matchFields are dropped before parsing; a parse error in any other term
 * fails the whole list (unlike required terms, which are lazy: an invalid required term only matches nothing).
 */
export function compilePreferredTerms(
  terms: readonly PreferredSchedulingTerm[] | null | undefined,
): PreferredTermsResult {
  const matchers: NodeMatcher[] = [];
  const weights: number[] = [];
  const problems: string[] = [];
  for (const term of terms ?? []) {
    if (term.weight === 0 || isEmptyNodeSelectorTerm(term.preference)) continue;
    const termProblems = nodeSelectorTermProblems(term.preference, 'preference');
    if (termProblems.length > 0) {
      problems.push(...termProblems);
      continue;
    }
    matchers.push(compileNodeSelectorTerm(term.preference));
    weights.push(term.weight);
  }
  if (problems.length > 0) return { problems };
  return { terms: matchers.length === 0 ? NO_PREFERRED_TERMS : { matchers, weights: Int32Array.from(weights) } };
}

/** Sum of the weights of the terms the node matches (upstream `PreferredSchedulingTerms.Score`). */
export function preferredTermsScore(terms: CompiledPreferredTerms, node: NodeSelectorTarget): number {
  let score = 0;
  for (let i = 0; i < terms.matchers.length; i++) if (terms.matchers[i]!(node)) score += terms.weights[i]!;
  return score;
}

/** An error aggregate's text as upstream's `utilerrors.Aggregate.Error()`: one message alone, else `[a, b]`, deduplicated. */
export function aggregateMessage(messages: readonly string[]): string {
  const unique = [...new Set(messages)];
  return unique.length === 1 ? unique[0]! : `[${unique.join(', ')}]`;
}
