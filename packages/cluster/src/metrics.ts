import type { ApiServer } from './api/server.js';
import type { EventQueue } from './event-queue.js';
import { isPodReady } from './objects.js';

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

/**
 * Pod startup latency: from a pod's creation to the first time it is Ready, per pod created during the
 * run (the pod startup SLI counts to "running and observed"; Ready is what a Service waits for).
 */
export class StartupTracker {
  private readonly created = new Map<string, number>();
  readonly latencies: number[] = [];
  podsCreated = 0;
  podsDeleted = 0;

  constructor(api: ApiServer, clock: EventQueue) {
    api.watch('Pod', (e) => {
      const uid = e.object.metadata.uid ?? '';
      if (e.type === 'ADDED') {
        this.podsCreated++;
        this.created.set(uid, clock.now);
      } else if (e.type === 'DELETED') {
        this.podsDeleted++;
        this.created.delete(uid);
      } else if (isPodReady(e.object) && !isPodReady(e.old!)) {
        const since = this.created.get(uid);
        if (since !== undefined) {
          this.latencies.push(clock.now - since);
          this.created.delete(uid);
        }
      }
    });
  }
}
