import { autoWorkers, type RunResult, type RunTask, runMany, type TaskSource } from '@peapod/runner';
import { usageError } from '../args.js';
import type { SchedulingFlags } from '../scheduling-flags.js';
import { parseGenSeed } from './counts.js';

/** The most runs one sweep makes. */
export const MAX_SWEEP = 1000;
/** `--sweep N` (seeds 0..N-1) or `--sweep A,B,C` (those seeds). */
export function parseSweep(text: string): number[] {
  if (text.includes(',')) {
    const seeds = text.split(',').map((part) => parseGenSeed('--sweep', part.trim()) ?? 0);
    if (seeds.length > MAX_SWEEP) throw usageError(`--sweep: at most ${MAX_SWEEP} seeds`);
    return seeds;
  }
  const count = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!(count >= 1 && count <= MAX_SWEEP)) {
    throw usageError(
      `invalid value ${JSON.stringify(text)} for --sweep: must be a count from 1 to ${MAX_SWEEP} or a comma list of seeds`,
    );
  }
  return Array.from({ length: count }, (_, i) => i);
}

/** One task per seed: the same objects, scheduled with each seed. */
export function sweepTasks(source: TaskSource, seeds: readonly number[], flags: SchedulingFlags): RunTask[] {
  return seeds.map((seed) => ({
    source,
    seed,
    tieBreak: flags.tieBreak,
    ...(flags.percentageOfNodesToScore !== undefined
      ? { percentageOfNodesToScore: flags.percentageOfNodesToScore }
      : {}),
    ...(flags.clockStart !== undefined ? { clockStart: flags.clockStart } : {}),
    ...(flags.config !== undefined ? { config: flags.config } : {}),
  }));
}

export interface SweepTiming {
  readonly results: RunResult[];
  readonly workers: number;
  readonly wallSeconds: number;
}

export interface SweepReport {
  readonly seeds: readonly number[];
  readonly parallel: SweepTiming;
  /** `--compare`: the same tasks with `workers: 0`, run first. */
  readonly sequential?: SweepTiming;
}

async function timed(tasks: readonly RunTask[], workers: number): Promise<SweepTiming> {
  const start = performance.now();
  const results = await runMany(tasks, { workers });
  return { results, workers, wallSeconds: (performance.now() - start) / 1000 };
}

export async function runSweep(
  tasks: readonly RunTask[],
  seeds: readonly number[],
  workers: number | 'auto',
  compare: boolean,
): Promise<SweepReport> {
  const sequential = compare ? await timed(tasks, 0) : undefined;
  const parallel = await timed(tasks, workers === 'auto' ? autoWorkers(tasks.length) : workers);
  return { seeds, parallel, ...(sequential !== undefined ? { sequential } : {}) };
}

/** Whether every run succeeded and, with `--compare`, both passes made the same decisions. */
export function sweepOk(report: SweepReport): boolean {
  const ok = report.parallel.results.every((r) => r.ok);
  const seq = report.sequential?.results;
  return ok && (seq === undefined || seq.every((r, i) => hashOf(r) === hashOf(report.parallel.results[i]!)));
}

const hashOf = (r: RunResult): string | undefined => (r.ok ? r.decisionsHash : undefined);
const seconds = (s: number): string => `${s.toFixed(2)} s`;
const rate = (r: number): string => Math.round(r).toLocaleString('en-US');

export function renderSweep(report: SweepReport): string {
  const header = ['SEED', 'SCHEDULED', 'UNSCHEDULABLE', 'PODS/S', 'DECISIONS (sha256)'];
  const rows = report.parallel.results.map((r, i) => {
    const seed = String(report.seeds[i]);
    return r.ok
      ? [
          seed,
          String(r.summary.scheduled),
          String(r.summary.unschedulable),
          rate(r.podsPerSecond),
          r.decisionsHash.slice(0, 16),
        ]
      : [seed, '-', '-', '-', `error: ${r.error.message}`];
  });
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((row) => row[c]!.length)));
  const line = (cells: readonly string[]) =>
    `${cells.map((cell, c) => (c === cells.length - 1 ? cell : cell.padEnd(widths[c]! + 2))).join('')}\n`;
  let text = line(header) + rows.map(line).join('');
  const { parallel, sequential } = report;
  const runs = parallel.results.length;
  text += `\n${runs} runs on ${parallel.workers === 0 ? 'this thread' : `${parallel.workers} workers`}: ${seconds(parallel.wallSeconds)} wall\n`;
  if (sequential !== undefined) {
    const same = sweepOk(report) ? 'same decisions' : 'DECISIONS DIFFER';
    text += `one after another (measured, --compare): ${seconds(sequential.wallSeconds)}; speed-up ${(sequential.wallSeconds / parallel.wallSeconds).toFixed(2)}x; ${same}\n`;
  } else {
    // Without --compare: the runs' own durations summed, an estimate of running them one after another.
    const sum = parallel.results.reduce((s, r) => s + (r.ok ? r.taskSeconds : 0), 0);
    text += `one after another (estimated: the runs' times summed): ${seconds(sum)}; speed-up ~${(sum / parallel.wallSeconds).toFixed(2)}x\n`;
  }
  return text;
}

export function sweepJson(report: SweepReport): unknown {
  const pass = (t: SweepTiming) => ({ workers: t.workers, wallSeconds: t.wallSeconds, runs: t.results });
  return {
    apiVersion: 'peapod.dev/v1alpha1',
    kind: 'BenchSweep',
    seeds: report.seeds,
    parallel: pass(report.parallel),
    sequential: report.sequential !== undefined ? pass(report.sequential) : null,
    speedUp: report.sequential !== undefined ? report.sequential.wallSeconds / report.parallel.wallSeconds : null,
  };
}
