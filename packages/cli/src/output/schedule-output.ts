import type { Decision, NodeUsage, ScheduleResult } from '@peapod/engine';
import { orderKeys } from './json.js';
import { formatTable } from './table.js';

export const OUTPUT_FORMATS = ['table', 'json', 'jsonl'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/**
 * The order of Decision fields in jsonl and json output: the declaration order of `Decision` in
 * @peapod/engine, as documented in docs/cli.md. Fields added later follow, sorted by name.
 */
const DECISION_KEYS = [
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
] as const;
const SUMMARY_KEYS = ['nodes', 'boundPods', 'pendingPods', 'attempts', 'scheduled', 'unschedulable'] as const;
const NODE_KEYS = ['name', 'allocatable', 'requested'] as const;

export const UNSCHEDULABLE_NODE = '<unschedulable>';

export function renderSchedule(result: ScheduleResult, format: OutputFormat): string {
  switch (format) {
    case 'table':
      return renderTable(result);
    case 'json':
      return renderJson(result);
    case 'jsonl':
      return renderJsonl(result);
  }
}

/** One row per pending pod (its final attempt), in input order. Empty string when no pod was pending. */
export function renderTable(result: ScheduleResult): string {
  const finals = finalDecisions(result.decisions);
  if (finals.length === 0) return '';
  const rows = finals.map((d) => {
    const [namespace = '', name = d.pod] = splitPodKey(d.pod);
    return [namespace, name, d.node ?? UNSCHEDULABLE_NODE, d.scheduled ? '' : (d.message ?? d.reason ?? '')];
  });
  return formatTable(['NAMESPACE', 'NAME', 'NODE', 'REASON'], rows);
}

export function renderJson(result: ScheduleResult): string {
  const doc = {
    apiVersion: 'peapod.dev/v1alpha1',
    kind: 'ScheduleResult',
    summary: orderKeys(result.summary, SUMMARY_KEYS),
    decisions: result.decisions.map(decisionRecord),
    nodes: result.nodes.map(nodeRecord),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/** One line per scheduling attempt, in attempt order. */
export function renderJsonl(result: ScheduleResult): string {
  return result.decisions.map((d) => `${JSON.stringify(decisionRecord(d))}\n`).join('');
}

export function decisionRecord(decision: Decision): Record<string, unknown> {
  return orderKeys(decision, DECISION_KEYS);
}

function nodeRecord(node: NodeUsage): Record<string, unknown> {
  return orderKeys(node, NODE_KEYS);
}

/** The last attempt of every pod, ordered by the pod's position in the input. */
export function finalDecisions(decisions: readonly Decision[]): Decision[] {
  const last = new Map<number, Decision>();
  for (const d of decisions) last.set(d.index, d);
  return [...last.values()].sort((a, b) => a.index - b.index);
}

/** `scheduled 7/9 pods on 3 nodes, 2 unschedulable` (stderr, table output only). */
export function summaryLine(result: ScheduleResult): string {
  const used = finalDecisions(result.decisions).filter((d) => d.scheduled);
  const nodes = new Set(used.map((d) => d.node)).size;
  const { pendingPods, scheduled, unschedulable } = result.summary;
  return `scheduled ${scheduled}/${plural(pendingPods, 'pod')} on ${plural(nodes, 'node')}, ${unschedulable} unschedulable`;
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function splitPodKey(key: string): [string, string] | [] {
  const slash = key.indexOf('/');
  return slash < 0 ? [] : [key.slice(0, slash), key.slice(slash + 1)];
}
