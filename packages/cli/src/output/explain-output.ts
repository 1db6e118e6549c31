import type {
  FilterOutcome,
  NodeFilterExplanation,
  NodeVerdict,
  PluginScoreExplanation,
  PodExplanation,
  RankedNodeScore,
} from '@peapod/engine';
import { orderKeys } from './json.js';
import { formatTable } from './table.js';

export const EXPLAIN_FORMATS = ['text', 'json'] as const;
export type ExplainFormat = (typeof EXPLAIN_FORMATS)[number];

/** Scored nodes shown in the text score table without --wide. */
export const TOP_NODES = 5;

export interface ExplainRender {
  readonly explanation: PodExplanation;
  /** With --node: the answer to "why not this node?". */
  readonly verdict?: NodeVerdict;
  /** Every scored node and every score plugin, with raw and normalised scores. */
  readonly wide: boolean;
}

/** The field order of the json document: the declaration order of PodExplanation in @peapod/engine. */
const EXPLANATION_KEYS = [
  'pod',
  'seq',
  'index',
  'attempt',
  'schedulerName',
  'priority',
  'result',
  'node',
  'message',
  'reasonCounts',
  'nominatedNode',
  'victims',
  'nodes',
  'filterPlugins',
  'scorePlugins',
  'filters',
  'scores',
  'selection',
] as const;

/** One document, kind PodExplanation; `nodeVerdict` last when --node was given. */
export function renderExplainJson({ explanation, verdict }: ExplainRender): string {
  const doc = {
    apiVersion: 'peapod.dev/v1alpha1',
    kind: 'PodExplanation',
    ...orderKeys(explanation, EXPLANATION_KEYS),
    ...(verdict ? { nodeVerdict: orderKeys(verdict, ['node', 'verdict', 'summary']) } : {}),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/** A kubectl-describe-like report: the header, then the node's verdict (--node) or the Filter and score tables. */
export function renderExplainText(render: ExplainRender): string {
  const { explanation: e, verdict } = render;
  // Sections are separated by one blank line; formatTable ends every table with a newline.
  const sections = [header(e)];
  if (verdict !== undefined) sections.push(verdictSection(e, verdict));
  else {
    sections.push(filterSection(e));
    if (e.scores.length > 0) sections.push(scoreSection(e, render.wide));
  }
  return sections.join('\n');
}

function header(e: PodExplanation): string {
  const outcome =
    e.result === 'Scheduled'
      ? `Scheduled on ${e.node}`
      : e.nominatedNode !== undefined
        ? `${e.result} (preemption nominated ${e.nominatedNode}${e.victims?.length ? `, evicting ${e.victims.join(', ')}` : ''}; the pod is retried there)`
        : e.result;
  const rows: [string, string][] = [
    ['Pod:', e.pod],
    ['Scheduler:', e.schedulerName],
    ['Priority:', String(e.priority)],
    ['Attempt:', `${e.attempt} (attempt ${e.seq + 1} of the run, in queue order)`],
    ['Result:', outcome],
  ];
  if (e.message !== undefined) rows.push(['Message:', e.message]);
  rows.push([
    'Nodes:',
    `${e.nodes.total} in the cluster, ${e.nodes.evaluated} evaluated, ${e.nodes.feasible} feasible`,
  ]);
  if (e.selection !== undefined) rows.push(['Chosen because:', e.selection.summary]);
  const width = Math.max(...rows.map(([k]) => k.length)) + 1;
  return rows.map(([k, v]) => `${k.padEnd(width)}${v}\n`).join('');
}

function filterSection(e: PodExplanation): string {
  const rows = e.filters.map((f) => [f.node, f.result, f.plugin ?? '', filterReason(f)]);
  const groups = new Map<string, { result: FilterOutcome; plugin: string; reason: string; count: number }>();
  for (const f of e.filters) {
    const reason = f.result === 'fail' ? filterReason(f) : '';
    const key = `${f.result}\u0000${f.plugin ?? ''}\u0000${reason}`;
    const group = groups.get(key) ?? { result: f.result, plugin: f.plugin ?? '', reason, count: 0 };
    group.count++;
    groups.set(key, group);
  }
  const order: Record<FilterOutcome, number> = { pass: 0, fail: 1, 'not-evaluated': 2 };
  const summary = [...groups.values()]
    .sort((a, b) => order[a.result] - order[b.result] || b.count - a.count)
    .map((g) => [String(g.count), g.result, g.plugin, g.reason]);
  return [
    'Filter:',
    indent(
      [
        `Plugins, in the order they run: ${e.filterPlugins.join(', ')}.`,
        'A node stops at its first rejection: the plugins after it are not evaluated there, as upstream.',
        ...(e.filters.some((f) => f.code === 'UnschedulableAndUnresolvable')
          ? [`${UNRESOLVABLE}: code UnschedulableAndUnresolvable, preemption cannot help on that node.`]
          : []),
      ].join('\n'),
    ),
    '',
    indent(formatTable(['NODES', 'RESULT', 'PLUGIN', 'REASON'], summary)),
    indent(formatTable(['NODE', 'RESULT', 'PLUGIN', 'REASON'], rows)),
  ].join('\n');
}

/** Marks the reasons of a node rejected with UnschedulableAndUnresolvable in the text tables. */
const UNRESOLVABLE = '[unresolvable]';

function filterReason(f: NodeFilterExplanation): string {
  if (f.result === 'fail') {
    const reasons = (f.reasons ?? []).join(', ');
    return f.code === 'UnschedulableAndUnresolvable' ? `${reasons} ${UNRESOLVABLE}` : reasons;
  }
  if (f.result === 'not-evaluated') return f.note ?? '';
  return '';
}

function scoreSection(e: PodExplanation, wide: boolean): string {
  const shown = wide ? e.scores : e.scores.slice(0, TOP_NODES);
  const zero = e.scorePlugins.map((s) => s.plugin).filter((p) => e.scores.every((n) => pluginOf(n, p)?.weighted === 0));
  const columns = e.scorePlugins.map((s) => s.plugin).filter((p) => wide || !zero.includes(p));
  const rows = shown.map((n) => [
    String(n.rank),
    n.node === e.node ? `${n.node} *` : n.node,
    String(n.total),
    ...columns.map((p) => String(pluginOf(n, p)?.weighted ?? '')),
  ]);
  const notes = [
    `Weighted score per plugin (normalised 0-100 x weight) of ${
      shown.length === e.scores.length
        ? `the ${e.scores.length} scored nodes`
        : `the best ${shown.length} of ${e.scores.length} scored nodes (--wide for all)`
    }, best first; * marks the chosen node.`,
  ];
  if (!wide && zero.length > 0) {
    const skipped = new Set(e.scores[0]?.plugins.filter((p) => p.skipped).map((p) => p.plugin));
    const names = zero.map((p) => (skipped.has(p) ? `${p} (skipped: PreScore returned Skip)` : p));
    notes.push(`Not shown, 0 on every scored node: ${names.join(', ')}.`);
  }
  const lines = [
    'Scores:',
    indent(notes.join('\n')),
    '',
    indent(formatTable(['RANK', 'NODE', 'TOTAL', ...columns], rows)),
  ];
  if (wide) {
    const details = shown.flatMap((n) => n.plugins.map((p) => [String(n.rank), n.node, p.plugin, ...scoreCells(p)]));
    lines.push(indent(formatTable(['RANK', 'NODE', 'PLUGIN', 'WEIGHT', 'RAW', 'NORMALIZED', 'WEIGHTED'], details)));
  }
  return lines.join('\n');
}

function scoreCells(p: PluginScoreExplanation): string[] {
  if (p.skipped) return [String(p.weight), '-', '-', `${p.weighted} (skipped)`];
  return [String(p.weight), String(p.raw), String(p.normalized), String(p.weighted)];
}

function pluginOf(node: RankedNodeScore, plugin: string): PluginScoreExplanation | undefined {
  return node.plugins.find((p) => p.plugin === plugin);
}

function verdictSection(e: PodExplanation, v: NodeVerdict): string {
  const filter = (['pass', 'fail', 'not-evaluated'] as const)
    .map((result) => {
      const plugins = v.filter.plugins.filter((p) => p.result === result).map((p) => p.plugin);
      return plugins.length === 0
        ? ''
        : `${result === 'pass' ? 'passed' : result === 'fail' ? 'failed' : 'not evaluated'}: ${plugins.join(', ')}`;
    })
    .filter((part) => part !== '')
    .join('; ');
  const rows: [string, string][] = [
    ['Node:', v.node],
    ['Verdict:', v.verdict],
    ['Why:', v.summary],
    ['Filter:', filter],
  ];
  if (v.score !== undefined) rows.push(['Score:', `${v.score.total} (rank ${v.score.rank} of ${e.scores.length})`]);
  const width = Math.max(...rows.map(([k]) => k.length)) + 1;
  const lines = [rows.map(([k, val]) => `${k.padEnd(width)}${val}\n`).join('')];
  const chosen = e.scores.find((s) => s.node === e.node);
  if (v.comparison !== undefined && chosen !== undefined && v.score !== undefined) {
    const weights = new Map(e.scorePlugins.map((s) => [s.plugin, s.weight]));
    const rows2 = v.comparison.map((c) => [
      c.plugin,
      String(weights.get(c.plugin) ?? ''),
      String(c.chosen),
      String(c.other),
      c.difference > 0 ? `+${c.difference}` : String(c.difference),
    ]);
    rows2.push(['TOTAL', '', String(chosen.total), String(v.score.total), `+${chosen.total - v.score.total}`]);
    lines.push(
      `Weighted scores of the chosen node and of ${v.node}, the largest difference first:`,
      '',
      indent(formatTable(['PLUGIN', 'WEIGHT', chosen.node, v.node, 'DIFFERENCE'], rows2)),
    );
  }
  return lines.join('\n');
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => (line === '' ? line : `  ${line}`))
    .join('\n');
}
