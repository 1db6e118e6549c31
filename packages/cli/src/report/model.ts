import { type Node, resourceAmount, type SnapshotView } from '@peapod/core';
import {
  compareBytes,
  type Decision,
  type NodeScore,
  type NodeUsage,
  type ScheduleResult,
  type ScheduleSummary,
  type TieBreak,
} from '@peapod/engine';
import {
  finalDecisions,
  GATED_NODE,
  OTHER_SCHEDULER_NODE,
  PREEMPTED_NODE,
  UNSCHEDULABLE_NODE,
} from '../output/schedule-output.js';

/** What the HTML report shows, as plain data: built from one run, rendered by `renderReport`. */
export interface ReportData {
  /** The `-f` arguments, as given. */
  readonly inputs: readonly string[];
  readonly seed: number;
  readonly tieBreak: TieBreak;
  readonly summary: ScheduleSummary;
  readonly nodes: readonly ReportNode[];
  readonly pods: readonly PodRow[];
  readonly unschedulable: readonly ReasonGroup[];
  readonly preemptions: readonly Preemption[];
  readonly scores: readonly ScoreBreakdown[];
}

export interface Amounts {
  /** millicores */
  readonly cpu: number;
  /** bytes */
  readonly memory: number;
  readonly pods: number;
}

export interface ReportNode {
  readonly name: string;
  /** `[key, value]`, sorted by key. */
  readonly labels: readonly (readonly [string, string])[];
  /** `key=value:Effect`, as `kubectl describe` writes them. */
  readonly taints: readonly string[];
  /** `status.capacity`; a resource the node does not list is left out. */
  readonly capacity: Partial<Amounts>;
  readonly allocatable: Amounts;
  /** Requested by the pods bound before the run. */
  readonly before: Amounts;
  /** Requested after the run: `schedule -o json`'s `nodes[].requested`. */
  readonly after: Amounts;
}

export type PodResult = 'scheduled' | 'unschedulable' | 'error' | 'preempted' | 'gated' | 'other-scheduler';

/** One row of "where every pod went", as a row of `schedule`'s table. */
export interface PodRow {
  readonly pod: string;
  readonly result: PodResult;
  /** The node it was bound to, else what the table prints (`<unschedulable>`, `<preempted>`...). */
  readonly node: string;
  /** Scheduling attempts of the pod (0 for victims and pods that got none). */
  readonly attempts: number;
  readonly detail: string;
}

/** Pods whose last attempt failed with the same message. */
export interface ReasonGroup {
  readonly result: 'unschedulable' | 'error' | 'gated' | 'other-scheduler';
  readonly message: string;
  readonly pods: readonly string[];
}

export interface Preemption {
  readonly seq: number;
  readonly pod: string;
  readonly node: string;
  readonly victims: readonly string[];
  /** Where the preemptor's last attempt bound it, or null. */
  readonly boundTo: string | null;
}

/** A scheduled pod's scores: the chosen node and the (at most 3) best nodes, best first. */
export interface ScoreBreakdown {
  readonly pod: string;
  readonly node: string;
  readonly evaluatedNodes: number;
  readonly feasibleNodes: number;
  /** The chosen node first, then the other top nodes; empty when scoring was skipped (one feasible node). */
  readonly columns: readonly NodeScore[];
}

export interface ReportInput {
  readonly inputs: readonly string[];
  readonly seed: number;
  readonly tieBreak: TieBreak;
  readonly before: readonly NodeUsage[];
  readonly result: ScheduleResult;
  readonly nodes: readonly Node[];
}

/** The nodes' usage as `Scheduler.run` reports it, read from a session's snapshot (before the run). */
export function snapshotUsage(s: SnapshotView): NodeUsage[] {
  return s.nodeNames.map((name, i) => ({
    name,
    allocatable: { cpu: s.allocatable[0]![i]!, memory: s.allocatable[1]![i]!, pods: s.allowedPods[i]! },
    requested: { cpu: s.requested[0]![i]!, memory: s.requested[1]![i]!, pods: s.podCount[i]! },
  }));
}

export function buildReport(input: ReportInput): ReportData {
  const { result } = input;
  const final = finalDecisions(result.decisions);
  return {
    inputs: input.inputs,
    seed: input.seed,
    tieBreak: input.tieBreak,
    summary: result.summary,
    nodes: result.nodes.map((after, i) => reportNode(input.nodes[i]!, input.before[i]!, after)),
    pods: podRows(result),
    unschedulable: reasonGroups(final, result),
    preemptions: preemptions(result.decisions, final),
    scores: final.filter((d) => d.scheduled && d.node !== null).map(scoreBreakdown),
  };
}

function reportNode(node: Node, before: NodeUsage, after: NodeUsage): ReportNode {
  const labels = Object.entries(node.metadata.labels ?? {}).sort(([a], [b]) => compareBytes(a, b));
  const taints = (node.spec?.taints ?? []).map(
    (t) => `${t.key}${t.value ? `=${t.value}` : ''}${t.effect ? `:${t.effect}` : ''}`,
  );
  const capacity: { cpu?: number; memory?: number; pods?: number } = {};
  for (const resource of ['cpu', 'memory', 'pods'] as const) {
    const quantity = node.status?.capacity?.[resource];
    const amount = quantity === undefined || quantity === null ? undefined : tryAmount(resource, quantity);
    if (amount !== undefined) capacity[resource] = amount;
  }
  return {
    name: after.name,
    labels,
    taints,
    capacity,
    allocatable: after.allocatable,
    before: before.requested,
    after: after.requested,
  };
}

function tryAmount(resource: string, quantity: string | number): number | undefined {
  try {
    return resourceAmount(resource, quantity);
  } catch {
    return undefined;
  }
}

/** Every pending pod (its last attempt), the pods preemptions evicted, and the pods that got no attempt. */
function podRows(result: ScheduleResult): PodRow[] {
  const attempts = new Map<number, number>();
  for (const d of result.decisions) attempts.set(d.index, (attempts.get(d.index) ?? 0) + 1);
  type Keyed = { index: number; order: number; row: PodRow };
  const rows: Keyed[] = finalDecisions(result.decisions).map((d) => ({
    index: d.index,
    order: 0,
    row: {
      pod: d.pod,
      result: d.scheduled ? 'scheduled' : d.reason === 'SchedulerError' ? 'error' : 'unschedulable',
      node: d.node ?? UNSCHEDULABLE_NODE,
      attempts: attempts.get(d.index) ?? 1,
      detail: d.scheduled ? '' : (d.message ?? d.reason ?? ''),
    },
  }));
  for (const d of result.decisions) {
    (d.victims ?? []).forEach((victim, i) => {
      rows.push({
        index: d.index,
        order: i + 1,
        row: {
          pod: victim,
          result: 'preempted',
          node: PREEMPTED_NODE,
          attempts: 0,
          detail: `preempted by ${d.pod} on ${d.nominatedNode}`,
        },
      });
    });
  }
  for (const s of result.skipped) {
    const node = s.reason === 'gated' ? GATED_NODE : OTHER_SCHEDULER_NODE;
    rows.push({
      index: s.index,
      order: 0,
      row: { pod: s.pod, result: s.reason, node, attempts: 0, detail: s.message },
    });
  }
  return rows.sort((a, b) => a.index - b.index || a.order - b.order).map((r) => r.row);
}

/** Failed pods by message, the largest group first (then by message); pods in input order. */
function reasonGroups(final: readonly Decision[], result: ScheduleResult): ReasonGroup[] {
  const groups = new Map<string, { result: ReasonGroup['result']; message: string; pods: string[] }>();
  const add = (kind: ReasonGroup['result'], message: string, pod: string): void => {
    const key = `${kind}\u0000${message}`;
    const group = groups.get(key) ?? { result: kind, message, pods: [] };
    group.pods.push(pod);
    groups.set(key, group);
  };
  for (const d of final) {
    if (!d.scheduled)
      add(d.reason === 'SchedulerError' ? 'error' : 'unschedulable', d.message ?? d.reason ?? '', d.pod);
  }
  for (const s of result.skipped) add(s.reason, s.message, s.pod);
  return [...groups.values()].sort(
    (a, b) => rank(a.result) - rank(b.result) || b.pods.length - a.pods.length || compareBytes(a.message, b.message),
  );
}

function rank(result: ReasonGroup['result']): number {
  return ['unschedulable', 'error', 'gated', 'other-scheduler'].indexOf(result);
}

function preemptions(decisions: readonly Decision[], final: readonly Decision[]): Preemption[] {
  const last = new Map(final.map((d) => [d.index, d]));
  return decisions
    .filter((d) => d.nominatedNode !== undefined)
    .map((d) => ({
      seq: d.seq,
      pod: d.pod,
      node: d.nominatedNode!,
      victims: d.victims ?? [],
      boundTo: last.get(d.index)?.node ?? null,
    }));
}

function scoreBreakdown(d: Decision): ScoreBreakdown {
  const node = d.node!;
  const byNode = new Map((d.nodeScores ?? []).map((s) => [s.node, s]));
  const names = [node, ...(d.top3Nodes ?? []).filter((n) => n !== node)];
  const columns = names.flatMap((n) => {
    const scores = byNode.get(n);
    return scores === undefined ? [] : [scores];
  });
  return { pod: d.pod, node, evaluatedNodes: d.evaluatedNodes, feasibleNodes: d.feasibleNodes, columns };
}
