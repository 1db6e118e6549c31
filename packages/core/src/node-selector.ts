/**
 * Node selectors (required node affinity, preferred-term preferences, spec.nodeSelector) with the semantics of
 * upstream component-helpers `nodeaffinity.LazyErrorNodeSelector`.
 */

import {
  type CompiledRequirement,
  compileRequirement,
  type LabelMap,
  matchesLabelMap,
  requirementProblem,
  requirementsMatch,
} from './labels.js';
import type { NodeSelector, NodeSelectorRequirement, NodeSelectorTerm } from './model/meta.js';

/** What a node selector reads from a node: its name (for matchFields) and its labels. */
export interface NodeSelectorTarget {
  readonly name: string;
  readonly labels?: LabelMap;
}

export type NodeMatcher = (node: NodeSelectorTarget) => boolean;

/** The only field upstream's scheduler fills in for matchFields; any other key reads as "". */
export const NODE_NAME_FIELD = 'metadata.name';

const NODE_SELECTOR_OPERATORS: ReadonlySet<string> = new Set(['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt']);

interface FieldRequirement {
  readonly key: string;
  readonly equal: boolean;
  readonly value: string;
}

interface CompiledTerm {
  readonly labels: readonly CompiledRequirement[];
  readonly fields: readonly FieldRequirement[];
}

const NEVER: NodeMatcher = () => false;

/** A term with neither matchExpressions nor matchFields selects no node; upstream skips it. */
export function isEmptyNodeSelectorTerm(term: NodeSelectorTerm): boolean {
  return (term.matchExpressions ?? []).length === 0 && (term.matchFields ?? []).length === 0;
}

function expressionProblem(r: NodeSelectorRequirement, path: string): string | undefined {
  if (!NODE_SELECTOR_OPERATORS.has(r.operator))
    return `${path}.operator: unsupported value ${JSON.stringify(r.operator)}`;
  const problem = requirementProblem(r);
  return problem === undefined ? undefined : `${path}: ${problem}`;
}

function fieldProblem(r: NodeSelectorRequirement, path: string): string | undefined {
  if (r.operator !== 'In' && r.operator !== 'NotIn') {
    return `${path}.operator: unsupported value ${JSON.stringify(r.operator)}: supported values: "In", "NotIn"`;
  }
  const values = r.values ?? [];
  return values.length === 1 ? undefined : `${path}.values: must have one element`;
}

/**
 * The parse errors upstream `newNodeSelectorTerm` reports for a term (empty when valid): matchExpressions go
 * through `labels.NewRequirement`; matchFields allow only In/NotIn with exactly one value. Field keys are not
 * checked (the API server allows only `metadata.name`; the scheduler itself reads other keys as "").
 */
export function nodeSelectorTermProblems(term: NodeSelectorTerm, path = 'term'): string[] {
  const problems: string[] = [];
  (term.matchExpressions ?? []).forEach((r, i) => {
    const problem = expressionProblem(r, `${path}.matchExpressions[${i}]`);
    if (problem !== undefined) problems.push(problem);
  });
  (term.matchFields ?? []).forEach((r, i) => {
    const problem = fieldProblem(r, `${path}.matchFields[${i}]`);
    if (problem !== undefined) problems.push(problem);
  });
  return problems;
}

/** Parse errors of every non-empty term, as upstream `NewNodeSelector` aggregates them. */
export function nodeSelectorProblems(nodeSelector: NodeSelector): string[] {
  return nodeSelector.nodeSelectorTerms.flatMap((term, i) =>
    isEmptyNodeSelectorTerm(term) ? [] : nodeSelectorTermProblems(term, `nodeSelectorTerms[${i}]`),
  );
}

/** Compiles a valid, non-empty term; undefined when the term is empty or invalid (it then selects no node). */
function compileTerm(term: NodeSelectorTerm): CompiledTerm | undefined {
  if (isEmptyNodeSelectorTerm(term) || nodeSelectorTermProblems(term).length > 0) return undefined;
  return {
    labels: (term.matchExpressions ?? []).map(compileRequirement),
    fields: (term.matchFields ?? []).map((r) => ({ key: r.key, equal: r.operator === 'In', value: r.values![0]! })),
  };
}

function termMatches(term: CompiledTerm, node: NodeSelectorTarget): boolean {
  if (!requirementsMatch(term.labels, node.labels)) return false;
  // Upstream's field set is empty for a node without a name, and then matchFields are not consulted.
  if (node.name === '') return true;
  for (let i = 0; i < term.fields.length; i++) {
    const f = term.fields[i]!;
    const actual = f.key === NODE_NAME_FIELD ? node.name : '';
    if ((actual === f.value) !== f.equal) return false;
  }
  return true;
}

/**
 * Compiles one NodeSelectorTerm (e.g. a preferred scheduling term's `preference`): matchExpressions and
 * matchFields are ANDed; an empty term or one with a parse error matches no node.
 */
export function compileNodeSelectorTerm(term: NodeSelectorTerm): NodeMatcher {
  const compiled = compileTerm(term);
  return compiled === undefined ? NEVER : (node) => termMatches(compiled, node);
}

/**
 * Compiles a NodeSelector (required node affinity): terms are ORed, an empty term list matches no node, and an
 * empty or invalid term is dropped (it matches nothing; the other terms still apply), as upstream's
 * LazyErrorNodeSelector does. Operators: In, NotIn (matches a missing key), Exists, DoesNotExist, and Gt/Lt, which
 * compare int64 values and do not match a label value that is not an integer.
 */
export function compileNodeSelector(nodeSelector: NodeSelector): NodeMatcher {
  const terms: CompiledTerm[] = [];
  for (const term of nodeSelector.nodeSelectorTerms) {
    const compiled = compileTerm(term);
    if (compiled !== undefined) terms.push(compiled);
  }
  if (terms.length === 0) return NEVER;
  return (node) => {
    for (let i = 0; i < terms.length; i++) {
      if (termMatches(terms[i]!, node)) return true;
    }
    return false;
  };
}

/**
 * `spec.nodeSelector`: every entry must be a node label with an equal value; an empty or absent map matches
 * every node (upstream builds no selector for it).
 */
export function matchesNodeSelectorMap(nodeSelector: LabelMap, nodeLabels: LabelMap): boolean {
  return matchesLabelMap(nodeSelector, nodeLabels);
}
