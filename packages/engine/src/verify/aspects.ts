import type { CycleOutcome } from '../cycle.js';
import { compareBytes } from '../failure-message.js';
import type { ExpectedDecision } from './decision-log.js';

/**
 * What `verifyDecisions` can compare, in report order. `order` checks that the pod the log attempts next
 * is the one peapod's queue would take next; the others compare one attempt's outcome.
 */
export const COMPARE_ASPECTS = [
  'order',
  'feasibility',
  'message',
  'reasonCounts',
  'unschedulablePlugins',
  'evaluatedNodes',
  'feasibleNodes',
  'node',
  'topNodes',
  'topScore',
  'scores',
  'preemption',
] as const;

export type CompareAspect = (typeof COMPARE_ASPECTS)[number];

/**
 * A disagreement is about an aspect, or about the replay itself: `pod` (the line names a pod that is not
 * pending in peapod's replay, so it got no attempt) and `state` (the log's state change could not be
 * applied: its node is unknown, its victim is not running). `pod` and `state` are always reported.
 */
export type VerifyField = CompareAspect | 'pod' | 'state';

/** Every field, in the order reports list them. */
export const VERIFY_FIELDS: readonly VerifyField[] = ['pod', ...COMPARE_ASPECTS, 'state'];

export interface FieldDisagreement {
  readonly field: VerifyField;
  /** What the log says (for `message`, the part that was compared; see docs/verify.md). */
  readonly expected: unknown;
  /** What peapod did. */
  readonly actual: unknown;
}

/** What the comparison of one attempt needs beyond the two outcomes. */
export interface CompareContext {
  readonly aspects: ReadonlySet<CompareAspect>;
  /** Node names by index, to name peapod's chosen node. */
  readonly nodeNames: readonly string[];
  /** Whether peapod's profile for the pod runs PostFilter plugins (preemption). */
  readonly enginePostFilter: boolean;
}

const PREEMPTION_PART = ' preemption: ';

/**
 * The expected message as far as peapod can be held to it: when the log's scheduler ran preemption
 * (a nomination, or a ` preemption: ...` suffix) and peapod's profile has no PostFilter, the part before
 * ` preemption:`.
 */
export function comparableMessage(line: ExpectedDecision, enginePostFilter: boolean): string | undefined {
  const message = line.message;
  if (message === undefined || enginePostFilter) return message;
  const cut = message.indexOf(PREEMPTION_PART);
  if (cut >= 0) return message.slice(0, cut);
  return message;
}

function sortedStrings(values: readonly string[] | undefined): string[] {
  return [...(values ?? [])].sort(compareBytes);
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

function sameRecord(
  a: Readonly<Record<string, number>> | undefined,
  b: Readonly<Record<string, number>> | undefined,
): boolean {
  const ka = Object.keys(a ?? {});
  if (ka.length !== Object.keys(b ?? {}).length) return false;
  return ka.every((k) => b !== undefined && Object.hasOwn(b, k) && b[k] === a![k]);
}

function sortedRecord(r: Readonly<Record<string, number>> | undefined): Record<string, number> | null {
  if (r === undefined) return null;
  const out: Record<string, number> = {};
  for (const k of Object.keys(r).sort(compareBytes)) out[k] = r[k]!;
  return out;
}

/**
 * Compares one attempt on the selected aspects. Aspects of a failed attempt (`message`, `reasonCounts`,
 * `unschedulablePlugins`) are compared when either side failed, those of a scheduled one (`node`,
 * `topNodes`, `topScore`, `scores`) when either side scheduled; when only one side did and `feasibility`
 * is compared too, they are not reported, since `feasibility` already says it.
 */
export function compareAttempt(
  line: ExpectedDecision,
  outcome: CycleOutcome,
  ctx: CompareContext,
): FieldDisagreement[] {
  const out: FieldDisagreement[] = [];
  const on = (a: CompareAspect) => ctx.aspects.has(a);
  const expScheduled = line.scheduled;
  const actScheduled = outcome.node >= 0;
  const feasibilityDiffers = expScheduled !== actScheduled;
  const oneSidedHidden = feasibilityDiffers && on('feasibility');
  const failedSide = (!expScheduled || !actScheduled) && !oneSidedHidden;
  const scheduledSide = (expScheduled || actScheduled) && !oneSidedHidden;
  const differ = (field: CompareAspect, expected: unknown, actual: unknown) => out.push({ field, expected, actual });

  if (on('feasibility') && feasibilityDiffers) {
    differ('feasibility', expScheduled ? 'scheduled' : 'unschedulable', actScheduled ? 'scheduled' : 'unschedulable');
  }
  if (failedSide) {
    if (on('message')) {
      const expected = comparableMessage(line, ctx.enginePostFilter);
      if (expected !== outcome.message) differ('message', expected ?? null, outcome.message ?? null);
    }
    if (on('reasonCounts') && !sameRecord(line.reasonCounts, outcome.reasonCounts)) {
      differ('reasonCounts', sortedRecord(line.reasonCounts) ?? {}, sortedRecord(outcome.reasonCounts) ?? {});
    }
    if (on('unschedulablePlugins')) {
      const expected = sortedStrings(line.unschedulablePlugins);
      const actual = sortedStrings(outcome.unschedulablePlugins);
      if (!sameList(expected, actual)) differ('unschedulablePlugins', expected, actual);
    }
  }
  if (on('evaluatedNodes') && line.evaluatedNodes !== undefined && line.evaluatedNodes !== outcome.evaluatedNodes) {
    differ('evaluatedNodes', line.evaluatedNodes, outcome.evaluatedNodes);
  }
  if (on('feasibleNodes')) {
    // The log leaves feasibleNodes out of failed attempts: nothing was feasible.
    const expected = line.feasibleNodes ?? (line.scheduled ? undefined : 0);
    if (expected !== undefined && expected !== outcome.feasibleNodes) {
      differ('feasibleNodes', expected, outcome.feasibleNodes);
    }
  }
  if (scheduledSide) {
    const actualNode = actScheduled ? ctx.nodeNames[outcome.node]! : null;
    if (on('node') && (line.node ?? null) !== actualNode) differ('node', line.node ?? null, actualNode);
    if (on('topNodes')) {
      const expected = sortedStrings(line.topNodes);
      const actual = sortedStrings(outcome.topNodes);
      if (!sameList(expected, actual)) differ('topNodes', expected, actual);
    }
    if (on('topScore') && (line.topScore ?? null) !== (outcome.topScore ?? null)) {
      differ('topScore', line.topScore ?? null, outcome.topScore ?? null);
    }
    if (on('scores')) {
      const expected = line.pluginScores ?? line.scores;
      if (!sameRecord(expected, outcome.scores)) differ('scores', sortedRecord(expected), sortedRecord(outcome.scores));
    }
  }
  if (on('preemption')) {
    const expected = { nominatedNode: line.nominatedNode ?? null, victims: sortedStrings(line.victims) };
    const actual = { nominatedNode: outcome.nominatedNode ?? null, victims: sortedStrings(outcome.victims) };
    if (expected.nominatedNode !== actual.nominatedNode || !sameList(expected.victims, actual.victims)) {
      differ('preemption', expected, actual);
    }
  }
  return out;
}
