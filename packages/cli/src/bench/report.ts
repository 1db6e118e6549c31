import type { PluginTimingReport } from '@peapod/engine';
import { formatTable } from '../output/table.js';
import { medianRun, percentile, podsPerSecond, type RunMeasurement } from './measure.js';

/** What a benchmark ran on. */
export interface BenchSource {
  /** `-f` paths, or the generated workload's name. */
  readonly files?: readonly string[];
  readonly workload?: {
    readonly name: string;
    readonly nodes: number;
    readonly pods: number;
    readonly existingPods: number;
    readonly seed: number;
  };
}

export interface BenchSettings {
  readonly seed: number;
  readonly tieBreak: string;
  /** The command line's override, else the configuration's (0 = upstream's adaptive percentage). */
  readonly percentageOfNodesToScore: number;
  readonly config?: string;
  readonly profilePlugins: boolean;
  /** Evaluator threads Filter and Score fanned out to (0: this thread), as `--workers` resolved. */
  readonly workers: number;
}

/** The `--json` document: one object, keys in a fixed order. */
export interface BenchReport {
  readonly apiVersion: 'peapod.dev/v1alpha1';
  readonly kind: 'BenchResult';
  readonly source: BenchSource;
  readonly settings: BenchSettings;
  readonly nodes: number;
  readonly boundPods: number;
  readonly pendingPods: number;
  readonly attempts: number;
  readonly scheduled: number;
  readonly unschedulable: number;
  readonly preemptions: number;
  readonly generateSeconds?: number;
  readonly loadSeconds: number;
  readonly sessionSeconds: number;
  readonly scheduleSeconds: number;
  readonly podsPerSecond: number;
  readonly p50Micros: number;
  readonly p90Micros: number;
  readonly p99Micros: number;
  readonly maxMicros: number;
  readonly peakRssBytes: number;
  /** Every run, in the order run; the fields above are the median run's. */
  readonly runs: readonly {
    readonly podsPerSecond: number;
    readonly scheduleSeconds: number;
    readonly sessionSeconds: number;
  }[];
  /** With `--profile-plugins` (null without): self time per extension point, over the median run. */
  readonly extensionPoints: PluginTimingReport['extensionPoints'] | null;
  /** With `--profile-plugins` (null without): time per plugin method, most self time first. */
  readonly plugins: PluginTimingReport['plugins'] | null;
}

export function buildReport(
  source: BenchSource,
  settings: BenchSettings,
  load: { readonly loadSeconds: number; readonly generateSeconds?: number },
  runs: readonly RunMeasurement[],
  peakRssBytes: number,
): BenchReport {
  const median = medianRun(runs);
  const micros = median.podMicros;
  return {
    apiVersion: 'peapod.dev/v1alpha1',
    kind: 'BenchResult',
    source,
    settings,
    nodes: median.nodes,
    boundPods: median.boundPods,
    pendingPods: median.pendingPods,
    attempts: median.attempts,
    scheduled: median.scheduled,
    unschedulable: median.unschedulable,
    preemptions: median.preemptions,
    ...(load.generateSeconds !== undefined ? { generateSeconds: round(load.generateSeconds, 6) } : {}),
    loadSeconds: round(load.loadSeconds, 6),
    sessionSeconds: round(median.sessionSeconds, 6),
    scheduleSeconds: round(median.scheduleSeconds, 6),
    podsPerSecond: round(podsPerSecond(median), 1),
    p50Micros: round(percentile(micros, 50), 1),
    p90Micros: round(percentile(micros, 90), 1),
    p99Micros: round(percentile(micros, 99), 1),
    maxMicros: round(micros.length > 0 ? micros[micros.length - 1]! : 0, 1),
    peakRssBytes,
    runs: runs.map((r) => ({
      podsPerSecond: round(podsPerSecond(r), 1),
      scheduleSeconds: round(r.scheduleSeconds, 6),
      sessionSeconds: round(r.sessionSeconds, 6),
    })),
    extensionPoints: median.timings?.extensionPoints.map((p) => ({ ...p, seconds: round(p.seconds, 6) })) ?? null,
    plugins:
      median.timings?.plugins.map((p) => ({
        ...p,
        seconds: round(p.seconds, 6),
        selfSeconds: round(p.selfSeconds, 6),
      })) ?? null,
  };
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

function seconds(s: number): string {
  return `${s.toFixed(3)} s`;
}

function rate(r: number): string {
  return r >= 100 ? Math.round(r).toLocaleString('en-US') : r.toFixed(1);
}

function micros(us: number): string {
  if (us >= 10_000) return `${(us / 1000).toFixed(1)} ms`;
  if (us >= 1000) return `${(us / 1000).toFixed(2)} ms`;
  return `${us.toFixed(0)} µs`;
}

function bytes(n: number): string {
  return n >= 1024 ** 3 ? `${(n / 1024 ** 3).toFixed(2)} GiB` : `${(n / 1024 ** 2).toFixed(0)} MiB`;
}

function share(part: number, whole: number): string {
  return whole > 0 ? `${((100 * part) / whole).toFixed(1)}%` : '-';
}

/** The human-readable report: a few labelled lines, then the timing tables with `--profile-plugins`. */
export function renderReport(report: BenchReport): string {
  const lines: [string, string][] = [];
  const w = report.source.workload;
  if (w !== undefined) {
    lines.push([
      'workload',
      `${w.name} (generated: ${w.nodes} nodes, ${w.existingPods} existing pods, ${w.pods} pending pods, seed ${w.seed})`,
    ]);
  } else {
    lines.push(['input', (report.source.files ?? []).join(', ')]);
  }
  const pct = report.settings.percentageOfNodesToScore;
  lines.push([
    'scheduler',
    `${report.settings.config ?? 'default configuration'}, percentageOfNodesToScore ${pct === 0 ? '0 (adaptive)' : pct}, tie-break ${report.settings.tieBreak}, seed ${report.settings.seed}, ${report.settings.workers === 0 ? 'in-thread' : `${report.settings.workers} evaluator thread(s)`}`,
  ]);
  lines.push(['cluster', `${report.nodes} nodes, ${report.boundPods} bound pods, ${report.pendingPods} pending pods`]);
  if (report.generateSeconds !== undefined)
    lines.push(['generate', `${seconds(report.generateSeconds)}  (objects and JSON text)`]);
  lines.push(['load', `${seconds(report.loadSeconds)}  (parse + validate)`]);
  lines.push(['session', `${seconds(report.sessionSeconds)}  (snapshot, bound pods, queue)`]);
  lines.push([
    'schedule',
    `${seconds(report.scheduleSeconds)}  ${rate(report.podsPerSecond)} pods/s  (${report.attempts} attempts: ${report.scheduled} scheduled, ${report.unschedulable} unschedulable, ${report.preemptions} preemptions)`,
  ]);
  lines.push([
    'latency',
    `p50 ${micros(report.p50Micros)}  p90 ${micros(report.p90Micros)}  p99 ${micros(report.p99Micros)}  max ${micros(report.maxMicros)}  (per pod)`,
  ]);
  lines.push(['peak RSS', bytes(report.peakRssBytes)]);
  if (report.runs.length > 1) {
    lines.push([
      'runs',
      `${report.runs.length}, median shown: ${report.runs.map((r) => rate(r.podsPerSecond)).join(' / ')} pods/s`,
    ]);
  }
  const width = Math.max(...lines.map(([label]) => label.length)) + 3;
  let text = `${lines.map(([label, value]) => `${label.padEnd(width)}${value}`).join('\n')}\n`;
  if (report.extensionPoints !== null && report.plugins !== null) {
    const total = report.scheduleSeconds;
    const inPlugins = report.extensionPoints.reduce((n, p) => n + p.seconds, 0);
    text += `\n${formatTable(
      ['EXTENSION POINT', 'CALLS', 'SECONDS', 'SHARE'],
      [
        ...report.extensionPoints.map((p) => [
          p.extensionPoint,
          String(p.calls),
          p.seconds.toFixed(3),
          share(p.seconds, total),
        ]),
        [
          '(outside plugins)',
          '',
          Math.max(0, total - inPlugins).toFixed(3),
          share(Math.max(0, total - inPlugins), total),
        ],
      ],
    )}`;
    text += `\n${formatTable(
      ['PLUGIN', 'EXTENSION POINT', 'METHOD', 'CALLS', 'SELF SECONDS', 'SHARE', 'µs/CALL'],
      report.plugins.map((p) => [
        p.plugin,
        p.extensionPoint,
        p.method,
        String(p.calls),
        p.selfSeconds.toFixed(3),
        share(p.selfSeconds, total),
        p.calls > 0 ? ((p.selfSeconds * 1e6) / p.calls).toFixed(2) : '-',
      ]),
    )}`;
    text +=
      '\nTimes include the timer itself (two clock reads per call): per-node methods look slower than they are.\n';
  }
  return text;
}
