import { MinHeap } from './min-heap.js';

/**
 * The discrete-event core: a virtual clock and a queue of timers ordered by (time, insertion sequence), so
 * two timers due at the same instant always run in the order they were set. Nothing here reads a wall
 * clock.
 */

export interface Timer {
  readonly at: number;
  readonly seq: number;
  /**
   * A periodic timer (heartbeat, probe tick, monitor pass) does not by itself keep the simulation from being
   * steady; every other pending timer is work still to do.
   */
  readonly periodic: boolean;
  readonly run: () => void;
  cancelled: boolean;
}

export interface TimerOptions {
  readonly periodic?: boolean;
}

export class EventQueue {
  // Earliest first; equal times in the order they were set.
  private readonly heap = new MinHeap<Timer>((a, b) => a.at < b.at || (a.at === b.at && a.seq < b.seq));
  private seq = 0;
  private work = 0;
  private current = 0;
  /** Timers run so far. */
  processed = 0;

  /** The virtual time in ms since the start. */
  get now(): number {
    return this.current;
  }

  /** Pending non-periodic timers: 0 means nothing but periodic chores is left. */
  get pendingWork(): number {
    return this.work;
  }

  get size(): number {
    return this.heap.size;
  }

  /** Runs `run` at `now + delay` (a negative delay counts as 0). */
  after(delay: number, run: () => void, options: TimerOptions = {}): Timer {
    return this.at(this.current + Math.max(0, delay), run, options);
  }

  /** Runs `run` at absolute time `at` (never in the past). */
  at(at: number, run: () => void, options: TimerOptions = {}): Timer {
    const timer: Timer = {
      at: Math.max(at, this.current),
      seq: this.seq++,
      periodic: options.periodic === true,
      run,
      cancelled: false,
    };
    if (!timer.periodic) this.work++;
    this.heap.push(timer);
    return timer;
  }

  cancel(timer: Timer | undefined): void {
    if (timer === undefined || timer.cancelled) return;
    timer.cancelled = true;
    if (!timer.periodic) this.work--;
  }

  /** Time of the next live timer, or undefined. */
  peek(): number | undefined {
    this.dropCancelled();
    return this.heap.peek()?.at;
  }

  /**
   * Runs timers due at or before `limit`, in order, stopping early when `stop()` turns true (checked
   * between timers). The clock ends at `limit` unless stopped early.
   */
  runUntil(limit: number, stop?: () => boolean): void {
    for (;;) {
      if (stop?.()) return;
      const next = this.peek();
      if (next === undefined || next > limit) break;
      const timer = this.heap.pop()!;
      this.current = timer.at;
      if (!timer.periodic) this.work--;
      timer.cancelled = true;
      this.processed++;
      timer.run();
    }
    if (limit > this.current && Number.isFinite(limit)) this.current = limit;
  }

  private dropCancelled(): void {
    while (this.heap.peek()?.cancelled === true) this.heap.pop();
  }
}
