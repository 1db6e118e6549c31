/**
 * Label selectors with upstream semantics (apimachinery `labels` and metav1 `LabelSelectorAsSelector`).
 *
 * Selectors are compiled once into plain requirement records; matching then walks them without allocating.
 * Label maps are read with `Object.hasOwn`, so a label key such as `constructor` is not found on the prototype.
 */

import { ErrorCodes, PeapodError } from './errors.js';
import type { LabelSelector } from './model/meta.js';

/** Labels as found on objects; absent and null both mean "no labels". */
export type LabelMap = Readonly<Record<string, string>> | null | undefined;

export type LabelMatcher = (labels: LabelMap) => boolean;

/** One requirement as written in a manifest (LabelSelectorRequirement or NodeSelectorRequirement). */
export interface SelectorRequirement {
  readonly key: string;
  readonly operator: string;
  readonly values?: readonly string[] | null;
}

/** Operators a requirement may use: `Equals` is what matchLabels entries become; Gt and Lt only in node selectors. */
export type RequirementOperator = 'Equals' | 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Gt' | 'Lt';

/** A validated requirement, ready to match. */
export interface CompiledRequirement {
  readonly key: string;
  readonly operator: RequirementOperator;
  /** The only value (Equals, single-valued In/NotIn). */
  readonly value: string;
  /** All values, when there are several. */
  readonly values: ReadonlySet<string> | undefined;
  /** The parsed bound of Gt/Lt. */
  readonly bound: number | bigint;
}

export const MATCH_NOTHING: LabelMatcher = () => false;
export const MATCH_EVERYTHING: LabelMatcher = () => true;

const NAME_RE = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS1123_SUBDOMAIN_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE_RE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const INT_RE = /^[+-]?[0-9]+$/;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** Why `key` is not a valid label key (upstream `validation.IsQualifiedName`), or undefined when it is. */
export function labelKeyProblem(key: string): string | undefined {
  const parts = key.split('/');
  if (parts.length > 2) return `invalid label key ${JSON.stringify(key)}: more than one "/"`;
  const name = parts.length === 2 ? parts[1]! : parts[0]!;
  if (parts.length === 2) {
    const prefix = parts[0]!;
    if (prefix === '') return `invalid label key ${JSON.stringify(key)}: prefix part must be non-empty`;
    if (prefix.length > 253 || !DNS1123_SUBDOMAIN_RE.test(prefix)) {
      return `invalid label key ${JSON.stringify(key)}: prefix part must be a lowercase RFC 1123 subdomain`;
    }
  }
  if (name === '') return `invalid label key ${JSON.stringify(key)}: name part must be non-empty`;
  if (name.length > 63) return `invalid label key ${JSON.stringify(key)}: name part must be no more than 63 characters`;
  if (!NAME_RE.test(name)) {
    return `invalid label key ${JSON.stringify(key)}: name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`;
  }
  return undefined;
}

/** Why `value` is not a valid label value (upstream `validation.IsValidLabelValue`), or undefined when it is. */
export function labelValueProblem(value: string): string | undefined {
  if (value.length > 63) return `invalid label value ${JSON.stringify(value)}: must be no more than 63 characters`;
  if (!LABEL_VALUE_RE.test(value)) {
    return `invalid label value ${JSON.stringify(value)}: must be empty or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`;
  }
  return undefined;
}

/**
 * Parses a decimal int64 as Go's `strconv.ParseInt(s, 10, 64)` does (optional sign, digits only), or returns
 * undefined. Small values come back as numbers and large ones as bigints; JS compares the two exactly.
 */
export function parseInt64(text: string): number | bigint | undefined {
  if (!INT_RE.test(text)) return undefined;
  const digits = text.length - (text[0] === '+' || text[0] === '-' ? 1 : 0);
  if (digits <= 15) return Number(text);
  const big = BigInt(text);
  return big < INT64_MIN || big > INT64_MAX ? undefined : big;
}

/**
 * Why a requirement is invalid, as upstream `labels.NewRequirement` would refuse it, or undefined when it is valid.
 * In/NotIn need at least one value, Equals/Gt/Lt exactly one (Gt/Lt an integer), Exists/DoesNotExist none;
 * the key must be a qualified name and every value a valid label value.
 */
export function requirementProblem(requirement: SelectorRequirement): string | undefined {
  const { key, operator } = requirement;
  const values = requirement.values ?? [];
  const keyProblem = labelKeyProblem(key);
  if (keyProblem !== undefined) return keyProblem;
  switch (operator) {
    case 'In':
    case 'NotIn':
      if (values.length === 0)
        return `key ${JSON.stringify(key)}: for 'In', 'NotIn' operators, values set can't be empty`;
      break;
    case 'Equals':
      if (values.length !== 1) return `key ${JSON.stringify(key)}: exact-match compatibility requires one single value`;
      break;
    case 'Exists':
    case 'DoesNotExist':
      if (values.length !== 0) {
        return `key ${JSON.stringify(key)}: values set must be empty for exists and does not exist`;
      }
      break;
    case 'Gt':
    case 'Lt':
      if (values.length !== 1) {
        return `key ${JSON.stringify(key)}: for 'Gt', 'Lt' operators, exactly one value is required`;
      }
      if (parseInt64(values[0]!) === undefined) {
        return `key ${JSON.stringify(key)}: for 'Gt', 'Lt' operators, the value must be an integer`;
      }
      break;
    default:
      return `key ${JSON.stringify(key)}: operator ${JSON.stringify(operator)} is not recognized`;
  }
  for (const v of values) {
    const problem = labelValueProblem(v);
    if (problem !== undefined) return `key ${JSON.stringify(key)}: ${problem}`;
  }
  return undefined;
}

/** Compiles one requirement; throws a PeapodError (InputInvalid) when `requirementProblem` finds one. */
export function compileRequirement(requirement: SelectorRequirement): CompiledRequirement {
  const problem = requirementProblem(requirement);
  if (problem !== undefined) {
    throw new PeapodError(ErrorCodes.InputInvalid, `invalid selector requirement: ${problem}`);
  }
  const values = requirement.values ?? [];
  const operator = requirement.operator as RequirementOperator;
  const numeric = operator === 'Gt' || operator === 'Lt';
  return {
    key: requirement.key,
    operator,
    value: values[0] ?? '',
    values: values.length > 1 ? new Set(values) : undefined,
    bound: numeric ? parseInt64(values[0]!)! : 0,
  };
}

function hasValue(r: CompiledRequirement, v: string): boolean {
  return r.values === undefined ? v === r.value : r.values.has(v);
}

/** Upstream `Requirement.Matches`. NotIn and DoesNotExist match a missing key; Gt/Lt need an integer label value. */
export function requirementMatches(r: CompiledRequirement, labels: LabelMap): boolean {
  const present = labels != null && Object.hasOwn(labels, r.key);
  switch (r.operator) {
    case 'Equals':
    case 'In':
      return present && hasValue(r, labels![r.key]!);
    case 'NotIn':
      return !present || !hasValue(r, labels![r.key]!);
    case 'Exists':
      return present;
    case 'DoesNotExist':
      return !present;
    case 'Gt':
    case 'Lt': {
      if (!present) return false;
      const n = parseInt64(labels![r.key]!);
      if (n === undefined) return false;
      return r.operator === 'Gt' ? n > r.bound : n < r.bound;
    }
  }
}

/** Every requirement matches (an empty list matches everything, like upstream's empty internalSelector). */
export function requirementsMatch(requirements: readonly CompiledRequirement[], labels: LabelMap): boolean {
  for (let i = 0; i < requirements.length; i++) {
    if (!requirementMatches(requirements[i]!, labels)) return false;
  }
  return true;
}

const LABEL_SELECTOR_OPERATORS: ReadonlySet<string> = new Set(['In', 'NotIn', 'Exists', 'DoesNotExist']);

function selectorRequirements(selector: LabelSelector): SelectorRequirement[] {
  const matchLabels = selector.matchLabels ?? {};
  const requirements: SelectorRequirement[] = Object.keys(matchLabels).map((key) => ({
    key,
    operator: 'Equals',
    values: [matchLabels[key]!],
  }));
  return requirements.concat(selector.matchExpressions ?? []);
}

function isEmptySelector(selector: LabelSelector): boolean {
  return Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0;
}

/** The problems upstream `LabelSelectorAsSelector` would report for this selector (empty when it is valid). */
export function labelSelectorProblems(selector: LabelSelector | null | undefined): string[] {
  if (selector == null || isEmptySelector(selector)) return [];
  const problems: string[] = [];
  const expressions = new Set<SelectorRequirement>(selector.matchExpressions ?? []);
  for (const r of selectorRequirements(selector)) {
    const problem =
      expressions.has(r) && !LABEL_SELECTOR_OPERATORS.has(r.operator)
        ? `${JSON.stringify(r.operator)} is not a valid label selector operator`
        : requirementProblem(r);
    if (problem !== undefined) problems.push(problem);
  }
  return problems;
}

/**
 * Compiles a metav1.LabelSelector: null/undefined matches nothing, `{}` matches everything, otherwise matchLabels
 * and matchExpressions are ANDed. Throws a PeapodError (InputInvalid) on an invalid selector, where upstream's
 * `LabelSelectorAsSelector` returns an error; check `labelSelectorProblems` first where a caller must not throw.
 */
export function compileLabelSelector(selector: LabelSelector | null | undefined): LabelMatcher {
  if (selector == null) return MATCH_NOTHING;
  if (isEmptySelector(selector)) return MATCH_EVERYTHING;
  const problems = labelSelectorProblems(selector);
  if (problems.length > 0) {
    throw new PeapodError(ErrorCodes.InputInvalid, `invalid label selector: ${problems.join('; ')}`);
  }
  const requirements = selectorRequirements(selector).map(compileRequirement);
  return (labels) => requirementsMatch(requirements, labels);
}

/**
 * The requirements a valid metav1.LabelSelector ANDs (matchLabels as Equals, then matchExpressions), compiled:
 * `[]` for `{}` (everything), undefined for null (nothing). For indexes that count the pods a selector selects.
 */
export function labelSelectorRequirements(
  selector: LabelSelector | null | undefined,
): CompiledRequirement[] | undefined {
  if (selector == null) return undefined;
  if (isEmptySelector(selector)) return [];
  return selectorRequirements(selector).map(compileRequirement);
}

/** One-shot `compileLabelSelector(selector)(labels)`; compile once instead in hot paths. */
export function matchesLabelSelector(selector: LabelSelector | null | undefined, labels: LabelMap): boolean {
  return compileLabelSelector(selector)(labels);
}

/**
 * A plain map selector (Service `spec.selector`, RC selector, pod `spec.nodeSelector`) with upstream
 * `labels.SelectorFromSet` semantics: every entry must be present with an equal value, and an empty or absent
 * map matches EVERYTHING. Callers apply their own rule first where upstream does: the scheduler skips Services
 * whose selector is nil and ReplicationControllers whose selector is empty (those "match nothing").
 */
export function matchesLabelMap(selector: LabelMap, labels: LabelMap): boolean {
  if (selector == null) return true;
  for (const key in selector) {
    if (!Object.hasOwn(selector, key)) continue;
    if (labels == null || !Object.hasOwn(labels, key) || labels[key] !== selector[key]) return false;
  }
  return true;
}
