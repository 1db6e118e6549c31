import {
  type Decision,
  decisionRecord,
  decisionsJsonl,
  type NodeUsage,
  orderKeys,
  type ScheduleResult,
} from '@peapod/engine';
import { formatTable } from './table.js';

export const OUTPUT_FORMATS = ['table', 'json', 'jsonl'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

const SUMMARY_KEYS = [
  'nodes',
  'boundPods',
  'pendingPods',
  'gated',
  'otherScheduler',
  'attempts',
  'scheduled',
  'unschedulable',
  'preemptions',
  'victims',
] as const;
const SKIPPED_KEYS = ['index', 'pod', 'reason', 'message'] as const;
const NODE_KEYS = ['name', 'allocatable', 'requested'] as const;

export const UNSCHEDULABLE_NODE = '<unschedulable>';
/** NODE column of pods that got no attempt: held by scheduling gates, or left to another scheduler. */
export const GATED_NODE = '<gated>';
export const OTHER_SCHEDULER_NODE = '<other-scheduler>';
/** NODE column of a bound pod evicted by a preemption. */
export const PREEMPTED_NODE = '<preempted>';

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

/**
 * One row per pending pod (its final attempt, or why it got none), in input order. Empty string when no
 * pod was pending.
 */
export function renderTable(result: ScheduleResult): string {
  type Row = { index: number; order: number; cells: [node: string, reason: string, pod: string] };
  const rows: Row[] = finalDecisions(result.decisions).map((d) => ({
    index: d.index,
    order: 0,
    cells: [d.node ?? UNSCHEDULABLE_NODE, d.scheduled ? '' : (d.message ?? d.reason ?? ''), d.pod],
  }));
  // Pods evicted by a preemption follow the row of the pod that preempted them.
  for (const d of result.decisions) {
    (d.victims ?? []).forEach((victim, i) => {
      rows.push({
        index: d.index,
        order: i + 1,
        cells: [PREEMPTED_NODE, `preempted by ${d.pod} on ${d.nominatedNode}`, victim],
      });
    });
  }
  for (const s of result.skipped) {
    rows.push({
      index: s.index,
      order: 0,
      cells: [s.reason === 'gated' ? GATED_NODE : OTHER_SCHEDULER_NODE, s.message, s.pod],
    });
  }
  if (rows.length === 0) return '';
  rows.sort((a, b) => a.index - b.index || a.order - b.order);
  return formatTable(
    ['NAMESPACE', 'NAME', 'NODE', 'REASON'],
    rows.map(({ cells: [node, reason, pod] }) => {
      const [namespace = '', name = pod] = splitPodKey(pod);
      return [namespace, name, node, reason];
    }),
  );
}

export function renderJson(result: ScheduleResult): string {
  const doc = {
    apiVersion: 'peapod.dev/v1alpha1',
    kind: 'ScheduleResult',
    summary: orderKeys(result.summary, SUMMARY_KEYS),
    decisions: result.decisions.map(decisionRecord),
    skipped: result.skipped.map((p) => orderKeys(p, SKIPPED_KEYS)),
    nodes: result.nodes.map(nodeRecord),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/** One line per scheduling attempt, in attempt order. */
export function renderJsonl(result: ScheduleResult): string {
  return decisionsJsonl(result.decisions);
}

export { decisionRecord };

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
