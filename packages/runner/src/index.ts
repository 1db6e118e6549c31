export {
  type AutoInput,
  autoEvaluatorThreads,
  BREAK_EVEN_MS_PER_POD,
  MAX_AUTO_THREADS,
  MIN_SHARD_NODES,
} from './parallel/auto.js';
export { CALIBRATION_PODS, CALIBRATION_WARMUP } from './parallel/calibration.js';
export {
  type EvaluatorStats,
  type ParallelEvaluator,
  type ParallelEvaluatorOptions,
  parallelEvaluator,
} from './parallel/pool.js';
export type { ReplicaRecipe } from './parallel/protocol.js';
export { autoWorkers, runMany } from './run-many.js';
export { runTask } from './task.js';
export type * from './types.js';
