/**
 * `pnpm bench:workloads`: whole workloads through `peapod bench --json`, one child process each (so peak
 * RSS is each workload's own), and a table of the results. By default every generated scheduler_perf
 * workload at upstream's sizes, `basic` and `mixed` at 5,000 nodes, and the files of ../shared/perf, all
 * with every node scored. It takes minutes: name the ones you want.
 *
 *   pnpm bench:workloads [NAME...] [--release] [--runs N] [--percentage N] [--list]
 *
 * --release runs packages/cli/dist/bin.js (build first: pnpm build), as the issue's targets require;
 * otherwise the TypeScript sources through tsx, like `pnpm peapod`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { WORKLOADS } from '@peapod/engine';
import { perfFile } from './perf-files.js';

interface Case {
  readonly name: string;
  readonly args: readonly string[];
  /** Only when named: too big or too slow for the default list. */
  readonly onDemand?: boolean;
}

const CASES: Case[] = [
  ...WORKLOADS.filter((w) => w.name !== 'basic' && w.name !== 'mixed').map((w) => ({
    name: w.name,
    args: ['--workload', w.name],
  })),
  {
    name: 'small-500',
    args: ['--workload', 'SchedulingBasic', '--nodes', '500', '--pods', '10000', '--existing-pods', '0'],
  },
  { name: 'basic', args: ['--workload', 'basic'] },
  { name: 'mixed', args: ['--workload', 'mixed'] },
  ...(['basic-5000', 'mixed-5000'] as const).flatMap((name) => {
    const file = perfFile(name);
    return file === undefined ? [] : [{ name, args: ['-f', file] }];
  }),
  {
    name: 'basic-50000',
    args: ['--workload', 'basic', '--nodes', '50000', '--pods', '100000', '--existing-pods', '100000'],
    onDemand: true,
  },
];

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    release: { type: 'boolean', default: false },
    runs: { type: 'string', default: '1' },
    percentage: { type: 'string', default: '100' },
    list: { type: 'boolean', default: false },
  },
});

if (values.list) {
  for (const c of CASES)
    console.log(`${c.name.padEnd(28)}${c.onDemand ? '(on demand) ' : ''}peapod bench ${c.args.join(' ')}`);
  process.exit(0);
}

const unknown = positionals.filter((p) => !CASES.some((c) => c.name === p));
if (unknown.length > 0) {
  console.error(`unknown workload(s): ${unknown.join(', ')}; see --list`);
  process.exit(2);
}
const selected =
  positionals.length > 0 ? CASES.filter((c) => positionals.includes(c.name)) : CASES.filter((c) => !c.onDemand);

const root = fileURLToPath(new URL('../../', import.meta.url));
const dist = `${root}packages/cli/dist/bin.js`;
if (values.release && !existsSync(dist)) {
  console.error(`${dist} does not exist: build first (npx -y pnpm@12.4.2 build)`);
  process.exit(1);
}
const command = values.release
  ? [process.execPath, dist]
  : [process.execPath, '--conditions=@peapod/source', '--import', 'tsx', `${root}packages/cli/src/bin.ts`];

interface Row {
  name: string;
  nodes: number;
  pending: number;
  load: string;
  podsPerSecond: string;
  p50: string;
  p99: string;
  rss: string;
  outcome: string;
}
const rows: Row[] = [];
for (const c of selected) {
  const args = [
    ...command.slice(1),
    'bench',
    ...c.args,
    '--percentage-of-nodes-to-score',
    values.percentage!,
    '--runs',
    values.runs!,
    '--json',
  ];
  process.stderr.write(
    `${c.name}: peapod bench ${[...c.args, '--percentage-of-nodes-to-score', values.percentage!, '--runs', values.runs!].join(' ')}\n`,
  );
  const out = execFileSync(command[0]!, args, {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 << 20,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const r = JSON.parse(out);
  const row: Row = {
    name: c.name,
    nodes: r.nodes,
    pending: r.pendingPods,
    load: `${r.loadSeconds.toFixed(2)} s`,
    podsPerSecond: `${Math.round(r.podsPerSecond).toLocaleString('en-US')}${r.runs.length > 1 ? ` (${r.runs.map((x: { podsPerSecond: number }) => Math.round(x.podsPerSecond)).join('/')})` : ''}`,
    p50: `${Math.round(r.p50Micros)} µs`,
    p99: `${Math.round(r.p99Micros)} µs`,
    rss: `${(r.peakRssBytes / 2 ** 30).toFixed(2)} GiB`,
    outcome: `${r.scheduled} scheduled, ${r.unschedulable} unschedulable, ${r.preemptions} preemptions`,
  };
  rows.push(row);
  process.stderr.write(`  ${row.podsPerSecond} pods/s, load ${row.load}, p99 ${row.p99}, peak RSS ${row.rss}\n`);
}

// A markdown table, ready for docs/benchmarks.md.
const header = ['workload', 'nodes', 'pending pods', 'load', 'pods/s', 'p50', 'p99', 'peak RSS', 'outcome'];
const lines = rows.map((r) => [
  r.name,
  String(r.nodes),
  String(r.pending),
  r.load,
  r.podsPerSecond,
  r.p50,
  r.p99,
  r.rss,
  r.outcome,
]);
const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
const line = (cells: readonly string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
console.log(
  [
    `\nnode ${process.version}, ${values.release ? 'release build (dist)' : 'sources (tsx)'}, percentageOfNodesToScore ${values.percentage}, ${values.runs} run(s) each (median)`,
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...lines.map(line),
  ].join('\n'),
);
