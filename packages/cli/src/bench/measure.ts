import { type ClusterObjects, emptyClusterObjects, loadManifests, parseManifests } from '@peapod/core';
import {
  type AttemptObserver,
  generateWorkload,
  type PluginTimer,
  type PluginTimingReport,
  type ResolvedWorkloadOptions,
  type Scheduler,
} from '@peapod/engine';

/** The objects a benchmark schedules and what it took to get them. */
export interface BenchInput {
  readonly objects: ClusterObjects;
  /** Reading, JSON/YAML parsing and validation. */
  readonly loadSeconds: number;
  /** Generated workloads only: making the objects and their JSON text (not part of loading). */
  readonly generateSeconds?: number;
}

/** Loads manifests as `peapod schedule` does, timed. */
export async function loadBenchInput(paths: readonly string[], stdin: NodeJS.ReadableStream): Promise<BenchInput> {
  const start = performance.now();
  const objects = await loadManifests(paths, { stdin });
  return { objects, loadSeconds: (performance.now() - start) / 1000 };
}

/** Text per parse: well under V8's longest string (~512 MiB), so clusters of any size load. */
const DOCUMENT_CHARS = 64 << 20;

/**
 * Generates a workload as JSON text and loads it with the loader `-f` uses (parse + validate), in
 * `kind: List` documents of at most ~64 MiB, so that only loading is timed as `loadSeconds` and no
 * document ever exceeds the longest string V8 can hold.
 */
export function generateBenchInput(name: string, options: ResolvedWorkloadOptions): BenchInput {
  const objects = emptyClusterObjects();
  const file = `${name}.json`;
  let loadMs = 0;
  const start = performance.now();
  let items: string[] = [];
  let chars = 0;
  const flush = () => {
    const text = `{"apiVersion":"v1","kind":"List","items":[\n${items.join(',\n')}\n]}\n`;
    items = [];
    chars = 0;
    const t = performance.now();
    parseManifests(text, file, objects);
    loadMs += performance.now() - t;
  };
  for (const object of generateWorkload(name, options)) {
    const json = JSON.stringify(object);
    items.push(json);
    chars += json.length + 2;
    if (chars >= DOCUMENT_CHARS) flush();
  }
  if (items.length > 0) flush();
  const totalMs = performance.now() - start;
  return { objects, loadSeconds: loadMs / 1000, generateSeconds: (totalMs - loadMs) / 1000 };
}

/** One scheduling run of a benchmark. */
export interface RunMeasurement {
  /** Building the session: snapshot, bound pods accounted, queue sorted. */
  readonly sessionSeconds: number;
  /** The scheduling loop, from the first pending pod to the last decision. */
  readonly scheduleSeconds: number;
  readonly attempts: number;
  readonly scheduled: number;
  readonly unschedulable: number;
  readonly preemptions: number;
  readonly nodes: number;
  readonly boundPods: number;
  readonly pendingPods: number;
  /** Wall time per pod (all its attempts: a preempting pod has two), sorted ascending, in µs. */
  readonly podMicros: Float64Array;
  /** With `--profile-plugins`. */
  readonly timings?: PluginTimingReport;
}

/**
 * Builds a fresh session over `objects` and schedules it, timing the session, the loop and each pod (the
 * observer reads the clock once per attempt). `progress` sees every attempt too.
 */
export function measureRun(
  scheduler: Scheduler,
  objects: ClusterObjects,
  timer: PluginTimer | undefined,
  progress: AttemptObserver | undefined,
): RunMeasurement {
  const t0 = performance.now();
  const session = scheduler.session(objects);
  const t1 = performance.now();
  timer?.reset();
  const micros = new Float64Array(session.queue.length);
  let pods = 0;
  let last = performance.now();
  const start = last;
  const result = scheduler.runSession(session, (attempt) => {
    const now = performance.now();
    const spent = (now - last) * 1000;
    last = now;
    // A retry after preemption belongs to the pod of the attempt before it.
    if (attempt.decision.attempt === 1 || pods === 0) micros[pods++] = spent;
    else micros[pods - 1]! += spent;
    progress?.(attempt);
    return undefined;
  });
  const end = performance.now();
  const podMicros = micros.subarray(0, pods).sort();
  const summary = result.summary;
  return {
    sessionSeconds: (t1 - t0) / 1000,
    scheduleSeconds: (end - start) / 1000,
    attempts: summary.attempts,
    scheduled: summary.scheduled,
    unschedulable: summary.unschedulable,
    preemptions: summary.preemptions,
    nodes: summary.nodes,
    boundPods: summary.boundPods,
    pendingPods: summary.pendingPods,
    podMicros,
    ...(timer !== undefined ? { timings: timer.report() } : {}),
  };
}

/** The nearest-rank percentile `p` (0-100) of sorted values; 0 when there are none. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

/** pods/s as defined for every benchmark: attempts ÷ wall time of the scheduling loop. */
export function podsPerSecond(run: Pick<RunMeasurement, 'attempts' | 'scheduleSeconds'>): number {
  return run.scheduleSeconds > 0 ? run.attempts / run.scheduleSeconds : 0;
}

/** The median run by pods/s (the slower middle one for an even count). */
export function medianRun<T extends Pick<RunMeasurement, 'attempts' | 'scheduleSeconds'>>(runs: readonly T[]): T {
  const sorted = [...runs].sort((a, b) => podsPerSecond(a) - podsPerSecond(b));
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}
