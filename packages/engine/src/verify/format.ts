import type { FieldDisagreement } from './aspects.js';
import type { AttemptDisagreement, VerifySummary } from './replay.js';

/** Longest rendering of one value in a text line; longer ones are cut with `...`. */
const MAX_VALUE = 160;
/** Characters of a common prefix kept before the point where two strings differ. */
const PREFIX_CONTEXT = 24;

function clip(text: string): string {
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 3)}...` : text;
}

/** Two strings from shortly before the first difference: long messages usually differ in the middle. */
function diffStrings(expected: string, actual: string): [string, string] {
  let common = 0;
  while (common < expected.length && common < actual.length && expected[common] === actual[common]) common++;
  const from = common > PREFIX_CONTEXT * 2 ? common - PREFIX_CONTEXT : 0;
  const lead = from > 0 ? '...' : '';
  return [`${lead}${expected.slice(from)}`, `${lead}${actual.slice(from)}`];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Of two flat records, only the keys whose values differ (missing ones as null). */
function diffRecords(expected: Record<string, unknown>, actual: Record<string, unknown>): [object, object] {
  const keys = [...new Set([...Object.keys(expected), ...Object.keys(actual)])].sort();
  const e: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  for (const k of keys) {
    if (JSON.stringify(expected[k]) === JSON.stringify(actual[k])) continue;
    e[k] = expected[k] ?? null;
    a[k] = actual[k] ?? null;
  }
  return [e, a];
}

/** `message: expected "..." got "..."`, showing only where long strings and flat records differ. */
export function formatFieldDisagreement({ field, expected, actual }: FieldDisagreement): string {
  let e = expected;
  let a = actual;
  if (typeof e === 'string' && typeof a === 'string') [e, a] = diffStrings(e, a);
  else if ((field === 'reasonCounts' || field === 'scores') && isRecord(e) && isRecord(a)) [e, a] = diffRecords(e, a);
  return `${field}: expected ${clip(JSON.stringify(e) ?? 'null')} got ${clip(JSON.stringify(a) ?? 'null')}`;
}

/** `seq 12 default/web-1 attempt 1: message: expected "..." got "..."; feasibility: ...` */
export function formatAttemptDisagreement(attempt: AttemptDisagreement): string {
  const fields = attempt.disagreements.map(formatFieldDisagreement).join('; ');
  return `seq ${attempt.seq} ${attempt.pod} attempt ${attempt.attempt}: ${fields}`;
}

/** `verify: 251 attempts, 240 agree, 11 disagree (message 9, feasibility 2)`; fields by count, then name. */
export function formatVerifySummary(summary: VerifySummary): string {
  const { attempts, agreed, disagreed } = summary;
  const fields = Object.entries(summary.byField)
    .sort(([fa, a], [fb, b]) => (b ?? 0) - (a ?? 0) || (fa < fb ? -1 : fa > fb ? 1 : 0))
    .map(([field, n]) => `${field} ${n}`);
  const detail = fields.length > 0 ? ` (${fields.join(', ')})` : '';
  return `verify: ${attempts} attempt${attempts === 1 ? '' : 's'}, ${agreed} agree, ${disagreed} disagree${detail}`;
}
