import { availableParallelism } from 'node:os';

/** Fewer nodes than this per shard and a shard's round trip costs more than it saves: keep it in-thread. */
export const MIN_SHARD_NODES = 256;

/**
 * Filter and Score time per pod, in the calling thread (ms), from which one evaluator thread pays on the
 * 2-core machines (docs/benchmarks.md, "Break-even"; measured between 6 ms, a loss, and 13 ms, a gain):
 * below it, what a pod costs outside its shards (the threads' own PreFilter and PreScore, per-pod setup over
 * every node, the round trips) eats the saving.
 */
export const BREAK_EVEN_MS_PER_POD = 10;

/** At most this many evaluator threads from `auto`. */
export const MAX_AUTO_THREADS = 8;

/** What `auto` decides from, once it has timed a session's first pods in-thread. */
export interface AutoInput {
  /** Filter and Score time per pod in the calling thread (ms): the work shards would split. */
  readonly msPerPod: number;
  /** Cores available (default `availableParallelism()`). */
  readonly cores?: number;
}

/**
 * `--workers auto`: evaluator threads for a session whose pods cost `msPerPod` of Filter and Score each. None
 * below the break-even, nor with one core; past it one thread per break-even's worth of work (each shard
 * must still outweigh its overhead), at most one per other core and `MAX_AUTO_THREADS`.
 */
export function autoEvaluatorThreads(input: AutoInput): number {
  const cores = input.cores ?? availableParallelism();
  if (cores < 2 || !(input.msPerPod >= BREAK_EVEN_MS_PER_POD)) return 0;
  return Math.max(1, Math.min(cores - 1, MAX_AUTO_THREADS, Math.floor(input.msPerPod / BREAK_EVEN_MS_PER_POD)));
}
