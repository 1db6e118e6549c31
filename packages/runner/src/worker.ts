import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';
import { runTask } from './task.js';
import type { RunResult, RunTask } from './types.js';

/** What the pool sends a worker: the task and its position in the caller's list. */
export interface WorkerMessage {
  readonly task: RunTask;
  readonly index: number;
}

function crashIfAsked(task: RunTask): void {
  const crash = task.crashInWorker;
  if (crash === undefined || isMainThread) return;
  const done = existsSync(crash.marker) ? readFileSync(crash.marker, 'utf8').split('\n').length - 1 : 0;
  if (done >= crash.times) return;
  appendFileSync(crash.marker, 'crashed\n');
  process.exit(1);
}

/** The pool's handler. `runTask` never throws, so a rejected `pool.run` means the worker died. */
export default async function handle({ task, index }: WorkerMessage): Promise<RunResult> {
  crashIfAsked(task);
  return runTask(task, index, 'worker');
}
