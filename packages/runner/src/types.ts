import type { TieBreak } from '@peapod/engine';

/** Objects read from manifests (files or folders), as `peapod schedule -f` reads them. */
export interface ManifestSource {
  readonly kind: 'manifests';
  readonly paths: readonly string[];
}

/**
 * A workload the worker generates itself: a few numbers cross the thread boundary instead of a cloned
 * object graph (cloning costs ~1.5 µs per object). Counts left out take the workload's defaults.
 */
export interface WorkloadSource {
  readonly kind: 'workload';
  readonly workload: string;
  readonly nodes?: number;
  readonly pods?: number;
  readonly existingPods?: number;
  /** The generator's seed (default: the workload's). */
  readonly seed?: number;
}

export type TaskSource = ManifestSource | WorkloadSource;

/** One independent scheduling run. Plain data: it is structured-cloned to a worker. */
export interface RunTask {
  readonly source: TaskSource;
  readonly seed?: number;
  readonly tieBreak?: TieBreak;
  readonly percentageOfNodesToScore?: number;
  /** ms since the epoch: the clock of the first bind (see `ScheduleOptions.clockStart`). */
  readonly clockStart?: number;
  /** A KubeSchedulerConfiguration file; default: the default configuration (built-in plugins only). */
  readonly config?: string;
  /** Return the jsonl decisions as text too (they can be large). */
  readonly keepDecisions?: boolean;
  /**
   * Test hook: a worker thread running this task exits (`process.exit(1)`) while the marker file holds
   * fewer than `times` lines, appending one line each time. Never fires in the main thread.
   */
  readonly crashInWorker?: { readonly marker: string; readonly times: number };
}

export interface RunSummary {
  readonly nodes: number;
  readonly pendingPods: number;
  readonly attempts: number;
  readonly scheduled: number;
  readonly unschedulable: number;
  readonly preemptions: number;
}

/** Where a result was computed: the pool, or the calling thread (`workers: 0`, or the last retry). */
export type RunPlace = 'worker' | 'in-thread';

export interface RunSuccess {
  readonly ok: true;
  readonly index: number;
  readonly summary: RunSummary;
  /** Attempts ÷ wall time of the scheduling loop, as `peapod bench` defines it. */
  readonly podsPerSecond: number;
  readonly scheduleSeconds: number;
  /** The whole task: generating or loading, the session and the loop. */
  readonly taskSeconds: number;
  /** sha256 (hex) of the jsonl decisions, as `peapod schedule -o jsonl` prints them. */
  readonly decisionsHash: string;
  readonly decisions?: string;
  readonly place: RunPlace;
  /** Workers that died running this task before it completed. */
  readonly crashes: number;
}

export interface RunFailure {
  readonly ok: false;
  readonly index: number;
  readonly error: { readonly message: string; readonly index: number };
  readonly place: RunPlace;
  readonly crashes: number;
}

export type RunResult = RunSuccess | RunFailure;

export interface RunManyOptions {
  /** Worker threads; 0 runs every task in the calling thread, one after another. */
  readonly workers: number;
  /** The worker module (default: the compiled `worker.js`, or `worker-dev.mjs` when running from sources). */
  readonly workerFilename?: string;
}
