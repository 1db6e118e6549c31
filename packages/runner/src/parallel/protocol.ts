import type { MessagePort } from 'node:worker_threads';
import type { ClusterObjects, Pod, PodInfo } from '@peapod/core';

/**
 * How the main thread and an evaluator thread talk. Requests go through a MessagePort that the thread reads
 * synchronously (`receiveMessageOnPort`) when its request counter moves; answers are written into shared
 * memory and signalled through a done counter. Both sides spin briefly before they block (`Atomics.wait`):
 * a wake-up through the kernel costs ~120 µs on the 2-core machines, a spin round trip ~9 µs.
 */

/** Int32 slots per thread in the control array. */
export const SLOTS = 8;
/** Main → thread: the number of the latest request. */
export const REQUEST = 0;
/** Thread → main: the number of the latest request answered. */
export const DONE = 1;
/** Thread → main: where the thread is (`ThreadState`). */
export const STATE = 2;
/** Thread → main: how the latest request ended (`Outcome`). */
export const OUTCOME = 3;
/** Thread → main: the feasible nodes the thread found in its shard (filter requests). */
export const COUNT = 4;
/** Thread → main: microseconds the thread spent on its latest request. */
export const BUSY = 5;

export const ThreadState = {
  Starting: 0,
  Ready: 1,
  /** Its start failed; the reason was posted on the port. */
  Failed: 2,
  /** The thread is gone (its `exit` handler ran). */
  Exited: 3,
} as const;

export const Outcome = {
  Ok: 0,
  /** A plugin threw: the replica is intact, the cycle redoes the step in-thread (and gets the same error). */
  PluginError: 1,
  /** The replica can no longer be trusted (a change failed to apply): the thread is retired. */
  Broken: 2,
} as const;

/** Shared buffers, sized for one session's nodes and score plugins. */
export interface SharedBuffers {
  /** Node capacity of the arrays below. */
  readonly capacity: number;
  /** The node list to filter, or the feasible nodes to score (main writes). */
  readonly list: SharedArrayBuffer;
  /** Each shard's feasible nodes, at the shard's start (threads write). */
  readonly feasible: SharedArrayBuffer;
  /** Raw scores: plugin `p`'s score of position `i` at `p * capacity + i` (threads write). */
  readonly scores: SharedArrayBuffer;
}

/** A session change a replica applies before its next request. */
export interface Change {
  readonly op: 'add' | 'remove';
  readonly pod: PodRef;
  readonly node: number;
}

/**
 * A pod as a replica finds it: by key when it is an input pod (the replica admitted an equal one), else the
 * object with its admission (a pod added to the session later).
 */
export interface PodRef {
  readonly key: string;
  readonly object?: {
    readonly pod: Pod;
    readonly priority: number;
    readonly preemptionPolicy: PodInfo['preemptionPolicy'];
  };
}

export interface InitRequest {
  readonly op: 'init';
  /** The session's objects, less what cannot be cloned and replicas do not need. */
  readonly objects: Omit<ClusterObjects, 'origins' | 'warnings'>;
  /** How to build the session's profiles (threads keep one scheduler per recipe). */
  readonly recipe: ReplicaRecipe;
  readonly buffers: SharedBuffers;
}

export interface EvaluateRequest {
  readonly op: 'filter' | 'score';
  readonly changes: readonly Change[];
  readonly pod: PodRef;
  /** Score only: the thread's state from the filter request just before is this pod's (no PreFilter again). */
  readonly reuseState: boolean;
  /** Length of the list in `buffers.list`. */
  readonly count: number;
  /** This thread's shard of the list: positions `[from, to)`. */
  readonly from: number;
  readonly to: number;
  /** Filter only: the node list's name for the node-only verdict cache. */
  readonly listKey?: string;
}

export interface StopRequest {
  readonly op: 'stop';
}

export type Request = InitRequest | EvaluateRequest | StopRequest;

/**
 * What a thread posts back besides the shared counters: why its start or a request failed, or, once it has
 * built a replica, its profiles' signature (`SchedulingSession.profileSignature`) for the main thread to check.
 */
export type Report = { readonly error: string } | { readonly signature: string };

/** What a thread is started with. */
export interface ThreadData {
  readonly control: SharedArrayBuffer;
  readonly slot: number;
  readonly port: MessagePort;
  /** The recipe the thread builds a scheduler for as it starts (the pool's own). */
  readonly recipe: ReplicaRecipe;
  /**
   * How long the thread spins on its request counter before it blocks: the next pod's request usually comes
   * within it, and waking a blocked thread costs ~100 µs, as much as a shard of 5,000 nodes.
   */
  readonly spinMs: number;
}

/**
 * What an evaluator thread needs besides the objects to build the same profiles as the main thread: the
 * configuration file and plugin modules (absolute paths). Plugins registered in memory cannot cross threads.
 */
export interface ReplicaRecipe {
  /** A KubeSchedulerConfiguration file; default: upstream's default profile. */
  readonly config?: string;
  /** Plugin modules registered before the configuration is read, as `--plugin` does. */
  readonly plugins?: readonly string[];
}
