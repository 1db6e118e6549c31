import type { Pod } from '@peapod/core';
import type { EventQueue, Timer } from '../event-queue.js';
import { MinHeap } from '../min-heap.js';

export const INITIAL_BACKOFF_MS = 1_000;
export const MAX_BACKOFF_MS = 10_000;
/** podMaxInUnschedulablePodsDuration: an unschedulable pod is retried after this long even without events. */
export const UNSCHEDULABLE_TIMEOUT_MS = 5 * 60_000;

export type QueueArea = 'active' | 'backoff' | 'unschedulable' | 'gated';

export interface QueuedPod {
  readonly key: string;
  pod: Pod;
  /** When it (re-)entered the queue: PrioritySort's second key. */
  timestamp: number;
  readonly seq: number;
  attempts: number;
  lastAttempt: number;
  area: QueueArea;
  timer?: Timer;
  /** Bumped whenever the pod enters activeQ; stale heap entries are skipped. */
  token: number;
}

/** A heap slot keeps the order keys the entry had when pushed, so later changes cannot break the heap. */
interface HeapItem {
  readonly entry: QueuedPod;
  readonly token: number;
  readonly priority: number;
  readonly timestamp: number;
  readonly seq: number;
}

/** PrioritySort: higher priority first, then earlier queue timestamp, then arrival. */
function less(a: HeapItem, b: HeapItem): boolean {
  if (a.priority !== b.priority) return a.priority > b.priority;
  if (a.timestamp !== b.timestamp) return a.timestamp < b.timestamp;
  return a.seq < b.seq;
}

/**
 * kube-scheduler's scheduling queue: activeQ (a heap in PrioritySort order), backoffQ (1 s doubling per
 * attempt up to 10 s) and the unschedulable pool, whose pods move back on a cluster event that may help
 * them, or after 5 minutes.
 */
export class SchedulingQueue {
  private readonly entries = new Map<string, QueuedPod>();
  private readonly heap = new MinHeap<HeapItem>(less);
  private seq = 0;
  private readonly unschedulable = new Set<QueuedPod>();
  private readonly counts: Record<QueueArea, number> = { active: 0, backoff: 0, unschedulable: 0, gated: 0 };

  constructor(
    private readonly clock: EventQueue,
    /** Called when a pod becomes ready to be scheduled. */
    private readonly onActive: () => void,
  ) {}

  get(key: string): QueuedPod | undefined {
    return this.entries.get(key);
  }

  count(area: QueueArea): number {
    return this.counts[area];
  }

  private setArea(entry: QueuedPod, area: QueueArea): void {
    this.counts[entry.area]--;
    if (entry.area === 'unschedulable') this.unschedulable.delete(entry);
    entry.area = area;
    this.counts[area]++;
    if (area === 'unschedulable') this.unschedulable.add(entry);
  }

  /** A new pending pod: straight into activeQ. */
  add(key: string, pod: Pod): void {
    if (this.entries.has(key)) return;
    const entry: QueuedPod = {
      key,
      pod,
      timestamp: this.clock.now,
      seq: this.seq++,
      attempts: 0,
      lastAttempt: 0,
      area: 'active',
      token: 0,
    };
    this.entries.set(key, entry);
    this.counts.active++;
    this.activate(entry);
  }

  remove(key: string): void {
    const entry = this.entries.get(key);
    if (entry === undefined) return;
    this.clock.cancel(entry.timer);
    entry.token++;
    this.counts[entry.area]--;
    this.unschedulable.delete(entry);
    this.entries.delete(key);
  }

  pop(): QueuedPod | undefined {
    while (this.heap.size > 0) {
      const item = this.heap.pop()!;
      if (
        item.token === item.entry.token &&
        item.entry.area === 'active' &&
        this.entries.get(item.entry.key) === item.entry
      ) {
        item.entry.token++;
        return item.entry;
      }
    }
    return undefined;
  }

  /** After a failed attempt: the unschedulable pool, or backoffQ for errors. */
  requeue(entry: QueuedPod, unschedulable: boolean): void {
    if (this.entries.get(entry.key) !== entry) return;
    entry.timestamp = this.clock.now;
    if (unschedulable) {
      this.setArea(entry, 'unschedulable');
      this.clock.cancel(entry.timer);
      // A chore, not work: a pod nothing can place stays pending, and that is a steady state.
      entry.timer = this.clock.after(UNSCHEDULABLE_TIMEOUT_MS, () => this.moveOne(entry), { periodic: true });
    } else {
      this.toBackoff(entry);
    }
  }

  /** A pod held back by PreEnqueue (scheduling gates) until it changes. */
  gate(entry: QueuedPod): void {
    this.setArea(entry, 'gated');
  }

  /** Re-admits a gated pod after an update. */
  ungate(key: string): void {
    const entry = this.entries.get(key);
    if (entry?.area === 'gated') this.activate(entry);
  }

  /** A cluster event that may make unschedulable pods fit: each goes to backoffQ or activeQ. */
  moveAllUnschedulable(): void {
    for (const entry of [...this.unschedulable]) this.moveOne(entry);
  }

  backoffMs(entry: QueuedPod): number {
    let duration = INITIAL_BACKOFF_MS;
    for (let i = 1; i < entry.attempts; i++) {
      duration *= 2;
      if (duration > MAX_BACKOFF_MS) return MAX_BACKOFF_MS;
    }
    return duration;
  }

  private moveOne(entry: QueuedPod): void {
    if (entry.area !== 'unschedulable') return;
    this.clock.cancel(entry.timer);
    entry.timer = undefined;
    if (entry.attempts > 0 && entry.lastAttempt + this.backoffMs(entry) > this.clock.now) this.toBackoff(entry);
    else this.activate(entry);
  }

  private toBackoff(entry: QueuedPod): void {
    this.setArea(entry, 'backoff');
    this.clock.cancel(entry.timer);
    entry.timer = this.clock.at(entry.lastAttempt + this.backoffMs(entry), () => {
      entry.timer = undefined;
      if (entry.area === 'backoff') this.activate(entry);
    });
  }

  private activate(entry: QueuedPod): void {
    this.clock.cancel(entry.timer);
    entry.timer = undefined;
    this.setArea(entry, 'active');
    entry.token++;
    this.heap.push({
      entry,
      token: entry.token,
      priority: entry.pod.spec.priority ?? 0,
      timestamp: entry.timestamp,
      seq: entry.seq,
    });
    this.onActive();
  }
}
