import type { EventQueue } from '../event-queue.js';
import { formatDuration } from '../time.js';

export interface ImageCatalog {
  /** Bytes of an image; unknown images get the default size. */
  sizeOf(image: string): number;
  /** Images no registry has (pulls fail). */
  missing(image: string): boolean;
  readonly bytesPerSecond: number;
}

export interface PullResult {
  readonly ok: boolean;
  /** The Pulled event message, or the pull error. */
  readonly message: string;
}

/** Go-style duration of a pull, as the Pulled event prints it (`2.5s`). */
function goDuration(ms: number): string {
  return formatDuration(Math.round(ms));
}

/**
 * A node's image store and puller. Pulls are serialized, as with the kubelet's default
 * `serializeImagePulls: true`; each takes size / bandwidth, and a pulled image stays cached on the node.
 */
export class ImagePuller {
  private readonly cached = new Set<string>();
  private queue: { image: string; requested: number; done: (r: PullResult) => void }[] = [];
  private busy = false;
  private generation = 0;

  constructor(
    private readonly clock: EventQueue,
    private readonly catalog: ImageCatalog,
    preloaded: readonly string[],
  ) {
    for (const image of preloaded) this.cached.add(image);
  }

  has(image: string): boolean {
    return this.cached.has(image);
  }

  /** Queues a pull; `done` runs when it finishes. */
  pull(image: string, done: (result: PullResult) => void): void {
    this.queue.push({ image, requested: this.clock.now, done });
    if (!this.busy) this.next();
  }

  /** Forgets queued pulls (the kubelet stopped). */
  reset(): void {
    this.queue = [];
    this.busy = false;
    this.generation++;
  }

  private next(): void {
    const job = this.queue.shift();
    if (job === undefined) {
      this.busy = false;
      return;
    }
    this.busy = true;
    const generation = this.generation;
    const missing = this.catalog.missing(job.image);
    const took =
      this.cached.has(job.image) || missing
        ? 0
        : Math.round((this.catalog.sizeOf(job.image) / this.catalog.bytesPerSecond) * 1000);
    this.clock.after(took, () => {
      if (generation !== this.generation) return;
      const waited = this.clock.now - job.requested;
      if (missing) {
        job.done({
          ok: false,
          message: `Failed to pull image "${job.image}": rpc error: code = NotFound desc = failed to pull and unpack image "${job.image}": not found`,
        });
      } else {
        this.cached.add(job.image);
        job.done({
          ok: true,
          message: `Successfully pulled image "${job.image}" in ${goDuration(took)} (${goDuration(waited)} including waiting)`,
        });
      }
      this.next();
    });
  }
}
