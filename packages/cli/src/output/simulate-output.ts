import { formatDuration, type SimulationResult } from '@peapod/cluster';
import { formatTable } from './table.js';

export const SIMULATE_FORMATS = ['table', 'json', 'jsonl'] as const;
export type SimulateFormat = (typeof SIMULATE_FORMATS)[number];

export interface TableOptions {
  /** Show the seed story's step (1-12) of each line: `peapod demo`. */
  readonly steps?: boolean;
}

function objectRef(kind: string, name: string): string {
  return `${kind.toLowerCase()}/${name}`;
}

/** The timeline like `kubectl get events`, then pods, Services and nodes like `kubectl get -o wide`, then metrics. */
export function renderSimulationTable(result: SimulationResult, options: TableOptions = {}): string {
  const steps = options.steps === true;
  const header = [...(steps ? ['STEP'] : []), 'TIME', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE'];
  const timeline = result.events.map((e) => [
    ...(steps ? [e.step === undefined ? '' : String(e.step)] : []),
    formatDuration(Math.round(e.time * 1000)),
    e.type,
    e.reason,
    objectRef(e.kind, e.name),
    e.message,
  ]);
  const pods = result.pods.map((p) => [
    p.namespace,
    p.name,
    p.ready,
    p.status,
    String(p.restarts),
    p.podIP ?? '<none>',
    p.node ?? '<none>',
  ]);
  const services = result.services.map((s) => [
    s.namespace,
    s.name,
    s.clusterIP ?? '<none>',
    s.endpoints.length > 0 ? s.endpoints.join(',') : '<none>',
  ]);
  const nodes = result.nodes.map((n) => [
    n.name,
    n.ready === 'True' ? 'Ready' : 'NotReady',
    n.podCIDR ?? '<none>',
    String(n.pods),
    n.taints.join(',') || '<none>',
  ]);
  const m = result.metrics;
  const ending = result.steady
    ? `steady at ${formatDuration(Math.round(result.endTime * 1000))}`
    : `stopped at ${formatDuration(Math.round(result.endTime * 1000))}`;
  return [
    formatTable(header, timeline),
    `\nPods (${ending}):\n`,
    formatTable(['NAMESPACE', 'NAME', 'READY', 'STATUS', 'RESTARTS', 'IP', 'NODE'], pods),
    '\nServices:\n',
    formatTable(['NAMESPACE', 'NAME', 'CLUSTER-IP', 'ENDPOINTS'], services),
    '\nNodes:\n',
    formatTable(['NAME', 'STATUS', 'POD-CIDR', 'PODS', 'TAINTS'], nodes),
    '\nMetrics:\n',
    `  pod startup latency (created to Ready): p50 ${m.podStartupLatency.p50}s, p99 ${m.podStartupLatency.p99}s over ${m.podStartupLatency.count} pods\n`,
    `  scheduling attempts: ${m.schedulingAttempts} (${m.scheduled} scheduled, ${m.schedulingFailures} failed, ${m.preemptions} preemptions)\n`,
    `  evictions: ${m.evictions}; pods created: ${m.podsCreated}, deleted: ${m.podsDeleted}; container restarts: ${m.containerRestarts}\n`,
  ].join('');
}

/** One JSON object with events, pods, services, nodes and metrics (the documented `-o json`). */
export function renderSimulationJson(result: SimulationResult): string {
  return `${JSON.stringify(result, null, 2)}\n`;
}

/** One JSON object per line: every event, then every pod, Service and node, then the metrics. */
export function renderSimulationJsonl(result: SimulationResult): string {
  const lines: string[] = [];
  for (const e of result.events) lines.push(JSON.stringify({ record: 'event', ...e }));
  for (const p of result.pods) lines.push(JSON.stringify({ record: 'pod', ...p }));
  for (const s of result.services) lines.push(JSON.stringify({ record: 'service', ...s }));
  for (const n of result.nodes) lines.push(JSON.stringify({ record: 'node', ...n }));
  lines.push(JSON.stringify({ record: 'metrics', endTime: result.endTime, steady: result.steady, ...result.metrics }));
  return `${lines.join('\n')}\n`;
}

export function renderSimulation(result: SimulationResult, format: SimulateFormat, options: TableOptions = {}): string {
  if (format === 'json') return renderSimulationJson(result);
  if (format === 'jsonl') return renderSimulationJsonl(result);
  return renderSimulationTable(result, options);
}
