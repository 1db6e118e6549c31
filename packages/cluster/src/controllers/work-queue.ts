import type { EventQueue } from '../event-queue.js';

/**
 * A controller's work queue: keys added while a sync is pending are coalesced, and syncs run after the
 * write that triggered them has finished (at the same virtual instant), as informer handlers only enqueue.
 */
export class WorkQueue {
  private readonly pending = new Set<string>();
  private scheduled = false;

  constructor(
    private readonly clock: EventQueue,
    private readonly sync: (key: string) => void,
  ) {}

  add(key: string): void {
    this.pending.add(key);
    if (this.scheduled) return;
    this.scheduled = true;
    this.clock.after(0, () => this.drain());
  }

  /** Adds the key again after `delay` ms (upstream `AddAfter`). */
  addAfter(key: string, delay: number): void {
    this.clock.after(delay, () => this.add(key));
  }

  private drain(): void {
    this.scheduled = false;
    const keys = [...this.pending];
    this.pending.clear();
    for (const key of keys) this.sync(key);
  }
}
