import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import { runTask } from './task.js';
import type { RunManyOptions, RunResult, RunTask } from './types.js';
import type { WorkerMessage } from './worker.js';

/** Tries on the pool before the last one in the calling thread: the first, then one on another worker. */
const POOL_TRIES = 2;

/** `--workers auto`: one thread per task, at most one per core. */
export function autoWorkers(tasks: number): number {
  return Math.max(1, Math.min(tasks, availableParallelism()));
}

function defaultWorkerFilename(): string {
  // From sources (vitest, dev) this module is a .ts file and workers need tsx registered first.
  const file = import.meta.url.endsWith('.ts') ? './worker-dev.mjs' : './worker.js';
  return new URL(file, import.meta.url).href;
}

/**
 * Runs independent scheduling runs, `workers` at a time, each in a worker thread (`workers: 0`: one after
 * another in this thread, through the same `runTask`). Results come back in task order and depend only on
 * the tasks, never on the worker count. A task that throws yields a `RunFailure`; a task whose worker
 * dies is retried once on the pool (piscina replaces the dead thread), then in this thread. The pool is
 * destroyed when the runs end, fail, or the process gets SIGINT; then `runMany` never settles and the
 * process dies of the signal once the threads are gone (with another SIGINT listener installed, that
 * listener decides instead).
 */
export async function runMany(tasks: readonly RunTask[], options: RunManyOptions): Promise<RunResult[]> {
  if (options.workers <= 0 || tasks.length === 0) {
    const results: RunResult[] = [];
    for (const [index, task] of tasks.entries()) results.push(await runTask(task, index, 'in-thread'));
    return results;
  }
  const threads = Math.min(options.workers, tasks.length);
  const pool = new Piscina<WorkerMessage, RunResult>({
    filename: options.workerFilename ?? defaultWorkerFilename(),
    minThreads: threads,
    maxThreads: threads,
    // One task per thread at a time: a run keeps its core busy for its whole length.
    concurrentTasksPerWorker: 1,
  });
  const state = { interrupted: false };
  const onSigint = (): void => {
    state.interrupted = true;
    // Stop the workers, then die of the signal as if nothing had caught it (exit status 130).
    void pool.destroy().finally(() => {
      process.off('SIGINT', onSigint);
      process.kill(process.pid, 'SIGINT');
    });
  };
  process.on('SIGINT', onSigint);
  try {
    return await Promise.all(tasks.map((task, index) => runOnPool(pool, task, index, state)));
  } finally {
    process.off('SIGINT', onSigint);
    await pool.destroy();
  }
}

async function runOnPool(
  pool: Piscina<WorkerMessage, RunResult>,
  task: RunTask,
  index: number,
  state: { readonly interrupted: boolean },
): Promise<RunResult> {
  let crashes = 0;
  for (let i = 0; i < POOL_TRIES; i++) {
    try {
      const result = await pool.run({ task, index });
      return crashes > 0 ? { ...result, crashes } : result;
    } catch {
      // Destroying the pool on SIGINT rejects its tasks: retrying them would outlive the signal, so wait
      // for it to end the process instead.
      if (state.interrupted) return new Promise<RunResult>(() => {});
      // `runTask` turns a task's own errors into results, so a rejection means the worker thread died.
      crashes++;
    }
  }
  return runTask(task, index, 'in-thread', crashes);
}
