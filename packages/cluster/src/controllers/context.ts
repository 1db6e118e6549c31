import type { ApiServer } from '../api/server.js';
import type { EventQueue } from '../event-queue.js';
import type { EventRecorder } from '../events.js';

/** What every control-plane component is built with. */
export interface ComponentContext {
  readonly api: ApiServer;
  readonly clock: EventQueue;
  readonly events: EventRecorder;
  /** Epoch ms of virtual time 0, for timestamps. */
  readonly clockStart: number;
}
