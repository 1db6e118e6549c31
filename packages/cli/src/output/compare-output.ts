import type { Balance, ComparedRun, Comparison, NodeUsage, Placement } from '@peapod/engine';
import { orderKeys } from './json.js';
import { UNSCHEDULABLE_NODE } from './schedule-output.js';
import { formatTable } from './table.js';

export const COMPARE_FORMATS = ['table', 'json'] as const;
export type CompareFormat = (typeof COMPARE_FORMATS)[number];

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

/** `--config` values as given: a file path or `default`. */
type Configs = readonly [a: string, b: string];

export function renderCompare(configs: Configs, comparison: Comparison, format: CompareFormat): string {
  return format === 'json' ? renderJson(configs, comparison) : renderTable(configs, comparison);
}

/** `12 pods placed differently` / `No pod placed differently.` (stderr, table output only). */
export function differencesLine(comparison: Comparison): string {
  const n = comparison.differences.length;
  if (n === 0) return 'No pod placed differently.';
  return `${n} pod${n === 1 ? '' : 's'} placed differently`;
}

function percent(ratio: number): string {
  return `${(ratio * 100).toFixed(1)}%`;
}

/** NODE column: the node, or `<unschedulable>`, `<gated>`, `<other-scheduler>`, `<preempted>`. */
function placementCell(p: Placement): string {
  if (p.node !== undefined) return p.node;
  return p.status === 'unschedulable' ? UNSCHEDULABLE_NODE : `<${p.status}>`;
}

/** Which config is which, the metrics side by side, then the pods placed differently. */
function renderTable(configs: Configs, { a, b, differences }: Comparison): string {
  const metrics = (pick: (run: ComparedRun) => string, name: string): string[] => [name, pick(a), pick(b)];
  const metricTable = formatTable(
    ['METRIC', 'A', 'B'],
    [
      metrics((r) => `${r.summary.scheduled}/${r.summary.pendingPods}`, 'scheduled'),
      metrics((r) => String(r.summary.unschedulable), 'unschedulable'),
      metrics((r) => String(r.summary.preemptions), 'preemptions'),
      metrics((r) => String(r.utilisation.nodesWithPods), 'nodes with pods'),
      metrics((r) => percent(r.utilisation.cpu.mean), 'cpu requested (mean)'),
      metrics((r) => percent(r.utilisation.cpu.stddev), 'cpu requested (stddev)'),
      metrics((r) => percent(r.utilisation.memory.mean), 'memory requested (mean)'),
      metrics((r) => percent(r.utilisation.memory.stddev), 'memory requested (stddev)'),
    ],
  );
  const header = `A: ${configs[0]}\nB: ${configs[1]}\n\n${metricTable}`;
  if (differences.length === 0) return header;
  const placements = formatTable(
    ['NAMESPACE', 'NAME', 'NODE (A)', 'NODE (B)'],
    differences.map((d) => {
      const slash = d.pod.indexOf('/');
      return [d.pod.slice(0, slash), d.pod.slice(slash + 1), placementCell(d.a), placementCell(d.b)];
    }),
  );
  return `${header}\n${placements}`;
}

/** Ratios rounded to 6 decimal places, so the document does not carry float noise. */
function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

function balanceRecord(balance: Balance): Record<string, number> {
  return { mean: round(balance.mean), stddev: round(balance.stddev) };
}

function runRecord(config: string, run: ComparedRun): Record<string, unknown> {
  return {
    config,
    summary: orderKeys(run.summary, SUMMARY_KEYS),
    utilisation: {
      cpu: balanceRecord(run.utilisation.cpu),
      memory: balanceRecord(run.utilisation.memory),
      nodesWithPods: run.utilisation.nodesWithPods,
    },
  };
}

function usageRecord(n: NodeUsage | undefined): Record<string, unknown> | undefined {
  return n === undefined ? undefined : orderKeys({ allocatable: n.allocatable, requested: n.requested }, []);
}

function renderJson(configs: Configs, { a, b, differences }: Comparison): string {
  const doc = {
    apiVersion: 'peapod.dev/v1alpha1',
    kind: 'CompareResult',
    a: runRecord(configs[0], a),
    b: runRecord(configs[1], b),
    differences: differences.map((d) => ({
      pod: d.pod,
      a: orderKeys(d.a, ['status', 'node']),
      b: orderKeys(d.b, ['status', 'node']),
    })),
    nodes: a.nodes.map((n, i) => ({ name: n.name, a: usageRecord(n), b: usageRecord(b.nodes[i]) })),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
