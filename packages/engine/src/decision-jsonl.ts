import type { Decision } from './types.js';

/**
 * JSON with a stable key order: the keys listed first, in that order, then any other key sorted by
 * name; nested objects (reasonCounts, scores, allocatable...) have their keys sorted by name. Undefined
 * fields are left out. So output never depends on the order the engine happened to build objects in,
 * and fields added to the result types later appear without code changes here.
 */
export function orderKeys(value: object, firstKeys: readonly string[]): Record<string, unknown> {
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  const rest = Object.keys(source)
    .filter((k) => !firstKeys.includes(k))
    .sort();
  for (const key of [...firstKeys, ...rest]) {
    const v = source[key];
    if (v !== undefined) out[key] = sortNested(v);
  }
  return out;
}

function sortNested(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortNested);
  if (value === null || typeof value !== 'object') return value;
  return orderKeys(value, []);
}

/**
 * The order of Decision fields in jsonl and json output: the declaration order of `Decision`, as
 * documented in docs/cli.md. Fields added later follow, sorted by name.
 */
export const DECISION_KEYS: readonly string[] = [
  'seq',
  'index',
  'pod',
  'attempt',
  'scheduled',
  'node',
  'evaluatedNodes',
  'feasibleNodes',
  'topNodes',
  'topScore',
  'scores',
  'reason',
  'message',
  'reasonCounts',
  'unschedulablePlugins',
  'nominatedNode',
  'victims',
  'preemptionTopNodes',
  'nodeStatuses',
  'top3Nodes',
  'nodeScores',
];

/** A decision as `schedule -o jsonl` and `-o json` print it. */
export function decisionRecord(decision: Decision): Record<string, unknown> {
  return orderKeys(decision, DECISION_KEYS);
}

/** One line per scheduling attempt, in attempt order: the bytes of `peapod schedule -o jsonl`. */
export function decisionsJsonl(decisions: readonly Decision[]): string {
  return decisions.map((d) => `${JSON.stringify(decisionRecord(d))}\n`).join('');
}
