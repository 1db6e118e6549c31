import { availableParallelism } from 'node:os';
import { isAbsolute, resolve } from 'node:path';
import { MessageChannel, type MessagePort, Worker } from 'node:worker_threads';
import type { ClusterObjects } from '@peapod/core';
import type { EvaluatorFactory, NodeEvaluator, SchedulingSession } from '@peapod/engine';
import { spinMsFor } from './answer.js';
import { autoEvaluatorThreads, MIN_SHARD_NODES } from './auto.js';
import { type ReplicaRecipe, SLOTS, type ThreadData } from './protocol.js';
import { post, SessionEvaluator } from './session-evaluator.js';

/** Thread starts an evaluator allows over its life (retired threads are replaced, up to this). */
const MAX_SLOTS = 256;

export interface ParallelEvaluatorOptions {
  /**
   * Evaluator threads besides the calling thread, which evaluates a shard too: a number (0 = everything
   * in-thread), or `auto`: the first pods of a session are evaluated in-thread and timed, and threads are used
   * for the rest when their Filter and Score time per pod is past the break-even (`autoEvaluatorThreads`).
   */
  readonly threads: number | 'auto';
  /** `auto` only: the cores to plan for (default `availableParallelism()`). */
  readonly cores?: number;
  /** How threads build the profiles: the configuration file and plugin modules (relative to the cwd). */
  readonly recipe?: ReplicaRecipe;
  /** Told when a thread fails or dies and its work moves to the calling thread (default: stderr). */
  readonly onWarning?: (message: string) => void;
  /**
   * A thread that has not answered a pod's step within this time is stopped and the step redone here
   * (default 120 s).
   */
  readonly stallTimeoutMs?: number;
  /** The same for a thread building its replica of a session (default 120 s, never below `stallTimeoutMs`). */
  readonly startTimeoutMs?: number;
  /**
   * The fewest nodes a shard may have (default `MIN_SHARD_NODES`): a smaller list is evaluated in-thread.
   * Tests set it low to fan out on small clusters.
   */
  readonly minShardNodes?: number;
  /** The thread module (default: the compiled `evaluator-thread.js`, or its dev wrapper from sources). */
  readonly threadFilename?: string;
}

/** Where the calling thread's time went, over every session (milliseconds). */
export interface EvaluatorStats {
  /** Steps (a pod's Filter or Score) fanned out. */
  steps: number;
  /** Evaluating its own shards. */
  ownShardMs: number;
  /** Waiting for the threads' answers after its own shard. */
  waitMs: number;
  /** Waiting for new threads to build their replicas. */
  startupMs: number;
  /** The threads' time on the steps, summed over the threads. */
  threadMs: number;
}

/** A parallel evaluator factory (`ScheduleOptions.evaluator`) and the threads it keeps between sessions. */
export interface ParallelEvaluator extends EvaluatorFactory {
  /** Threads the latest session used (0: in-thread; with `auto`, what it decided, once it has). */
  readonly lastThreads: number;
  readonly stats: Readonly<EvaluatorStats>;
  /**
   * A factory for sessions of another configuration that shares these threads (and `close`): each thread
   * keeps one scheduler per recipe.
   */
  with(recipe: ReplicaRecipe): EvaluatorFactory;
  /** Stops the threads. Idle threads never keep the process alive, so forgetting it does not hang. */
  close(): void;
}

function defaultThreadFilename(): string {
  const file = import.meta.url.endsWith('.ts') ? './evaluator-thread-dev.mjs' : './evaluator-thread.js';
  return new URL(file, import.meta.url).href;
}

export interface Thread {
  readonly worker: Worker;
  readonly port: MessagePort;
  readonly slot: number;
  /** Requests posted so far. */
  sent: number;
  alive: boolean;
}

/**
 * Filter and Score fanned out over worker threads that each hold a replica of the session (built once from
 * the same objects, then kept in step by the binds and deletions sent with each request). The calling thread
 * evaluates the first shard itself, merges the shards in order and does the rest of the cycle, so the
 * decisions are those of the in-thread evaluator whatever the number of threads. Threads start with the
 * first session that fans out and serve every later one (the simulator builds a session per node change).
 */
export function parallelEvaluator(options: ParallelEvaluatorOptions): ParallelEvaluator {
  const recipe = absoluteRecipe(options.recipe ?? {});
  const warn = options.onWarning ?? ((m: string) => process.stderr.write(`Warning: ${m}\n`));
  const stallMs = options.stallTimeoutMs ?? 120_000;
  const startMs = Math.max(options.startTimeoutMs ?? 120_000, stallMs);
  const filename = options.threadFilename ?? defaultThreadFilename();
  let threads: Thread[] = [];
  // Slots are never reused (a retired thread may still be ending): MAX_SLOTS thread starts per evaluator.
  const control = new Int32Array(new SharedArrayBuffer(MAX_SLOTS * SLOTS * 4));
  let nextSlot = 0;
  let owner: SessionEvaluator | undefined;
  let lastThreads = 0;
  const stats: EvaluatorStats = { steps: 0, ownShardMs: 0, waitMs: 0, startupMs: 0, threadMs: 0 };

  /** The pool's live threads, started up to `count`. */
  const start = (count: number): Thread[] => {
    threads = threads.filter((t) => t.alive);
    while (threads.length < count && nextSlot < MAX_SLOTS) {
      const slot = nextSlot++;
      const { port1, port2 } = new MessageChannel();
      const spinMs = spinMsFor(count);
      const data: ThreadData = { control: control.buffer as SharedArrayBuffer, slot, port: port2, recipe, spinMs };
      const worker = new Worker(new URL(filename), { workerData: data, transferList: [port2] });
      worker.unref();
      // The thread's own exit handler tells a blocked main thread; this only keeps errors from being thrown.
      worker.on('error', () => {});
      threads.push({ worker, port: port1, slot, sent: 0, alive: true });
    }
    return threads;
  };

  // `auto`'s decision per recipe, once a session has timed its first pods: later sessions (the simulator
  // builds one per node change) start from it.
  const decided = new Map<string, number>();
  const cores = options.cores ?? availableParallelism();

  const createFor = (
    sessionRecipe: ReplicaRecipe,
    objects: ClusterObjects,
    session: SchedulingSession,
  ): NodeEvaluator | undefined => {
    owner = undefined;
    const minShardNodes = options.minShardNodes ?? MIN_SHARD_NODES;
    const recipeKey = JSON.stringify(sessionRecipe);
    let count: number | 'calibrate';
    if (options.threads !== 'auto') count = Math.max(0, Math.floor(options.threads));
    // Too few nodes for two shards, or no core to spare: nothing to time.
    else if (objects.nodes.length < 2 * minShardNodes || cores < 2) count = 0;
    else count = decided.get(recipeKey) ?? 'calibrate';
    lastThreads = count === 'calibrate' ? 0 : count;
    if (count === 0) return undefined;
    const settings = {
      recipe: sessionRecipe,
      minShardNodes,
      stallMs,
      startMs,
      warn,
      isOwner: (): boolean => owner === evaluator,
      stats,
      decide: (msPerPod: number): number => {
        const threads = autoEvaluatorThreads({ msPerPod, cores });
        decided.set(recipeKey, threads);
        lastThreads = threads;
        return threads;
      },
      acquire: (wanted: number): Thread[] => start(wanted).slice(0, wanted),
    };
    const given = count === 'calibrate' ? count : start(count).slice(0, count);
    if (given !== 'calibrate' && given.length === 0) return undefined;
    const evaluator: SessionEvaluator = new SessionEvaluator(objects, session, given, control, settings);
    owner = evaluator;
    return evaluator;
  };

  const factory: ParallelEvaluator = {
    get lastThreads() {
      return lastThreads;
    },
    stats,
    create(objects: ClusterObjects, session: SchedulingSession): NodeEvaluator | undefined {
      return createFor(recipe, objects, session);
    },
    with(other: ReplicaRecipe): EvaluatorFactory {
      const own = absoluteRecipe(other);
      return { create: (objects, session) => createFor(own, objects, session) };
    },
    close() {
      owner = undefined;
      for (const thread of threads) {
        if (!thread.alive) continue;
        post(thread, control, { op: 'stop' });
        thread.alive = false;
        void thread.worker.terminate();
      }
      threads = [];
    },
  };
  return factory;
}

function absoluteRecipe(recipe: ReplicaRecipe): ReplicaRecipe {
  const abs = (p: string) => (isAbsolute(p) ? p : resolve(process.cwd(), p));
  return {
    ...(recipe.config !== undefined ? { config: abs(recipe.config) } : {}),
    ...(recipe.plugins !== undefined ? { plugins: recipe.plugins.map(abs) } : {}),
  };
}
