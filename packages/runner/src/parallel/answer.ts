import { availableParallelism } from 'node:os';
import { receiveMessageOnPort } from 'node:worker_threads';
import type { Thread } from './pool.js';
import { BUSY, COUNT, DONE, OUTCOME, Outcome, type Report, SLOTS, STATE, ThreadState } from './protocol.js';

/**
 * How long a thread spins for the other side before it blocks (see `ThreadData.spinMs`), when every evaluator
 * thread has a core of its own besides the calling thread's; without, spinning would take the cores the
 * threads need, and nothing spins.
 */
export const SPIN_MS = 5;

/** `SPIN_MS` when `threads` evaluator threads and the calling thread each have a core, else 0. */
export function spinMsFor(threads: number): number {
  return threads < availableParallelism() ? SPIN_MS : 0;
}

/**
 * A thread's answer to its latest request: done (with the feasible count of a filter shard and the time the
 * thread took), a plugin error (the replica is intact), or the thread lost (why, for the warning).
 */
export type Answer =
  | { readonly kind: 'done'; readonly count: number; readonly busyMs: number }
  | { readonly kind: 'plugin-error' }
  | { readonly kind: 'lost'; readonly why: string };

/**
 * Waits for `thread` to answer its latest request: spins for `spinMs`, then blocks on its done counter in
 * slices, watching for its exit (its `exit` handler flags it) and for `stallMs` without an answer.
 */
export function awaitAnswer(thread: Thread, control: Int32Array, spinMs: number, stallMs: number): Answer {
  const at = thread.slot * SLOTS;
  const start = performance.now();
  const spinUntil = start + spinMs;
  const deadline = start + stallMs;
  for (let spin = 1; ; spin++) {
    const done = Atomics.load(control, at + DONE);
    if (done === thread.sent) break;
    const state = Atomics.load(control, at + STATE);
    if (state === ThreadState.Failed) return { kind: 'lost', why: `failed to start: ${threadReport(thread)}` };
    if (state === ThreadState.Exited) return { kind: 'lost', why: 'exited' };
    if ((spin & 1023) !== 0) continue;
    const now = performance.now();
    if (now < spinUntil) continue;
    if (now > deadline) return { kind: 'lost', why: `gave no answer within ${stallMs} ms` };
    Atomics.wait(control, at + DONE, done, 20);
  }
  const outcome = Atomics.load(control, at + OUTCOME);
  if (outcome === Outcome.Ok) {
    return { kind: 'done', count: Atomics.load(control, at + COUNT), busyMs: Atomics.load(control, at + BUSY) / 1000 };
  }
  const report = threadReport(thread);
  return outcome === Outcome.Broken ? { kind: 'lost', why: `failed (${report})` } : { kind: 'plugin-error' };
}

/** The last reason the thread posted (its start or a request failed), reading every report it left. */
function threadReport(thread: Thread): string {
  let last = 'no reason given';
  for (const report of threadReports(thread)) if ('error' in report) last = report.error;
  return last;
}

/** Every report the thread has posted since the last read. */
export function threadReports(thread: Thread): Report[] {
  const reports: Report[] = [];
  for (let m = receiveMessageOnPort(thread.port); m !== undefined; m = receiveMessageOnPort(thread.port)) {
    reports.push(m.message as Report);
  }
  return reports;
}
