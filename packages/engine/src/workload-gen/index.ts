export {
  DEFAULT_WORKLOAD_SEED,
  findWorkload,
  generateWorkload,
  listJsonChunks,
  resolveWorkloadOptions,
  WORKLOADS,
  workloadJson,
  workloadJsonChunks,
} from './catalogue.js';
export type { KubeObject } from './objects.js';
export type {
  ResolvedWorkloadOptions,
  WorkloadDefaults,
  WorkloadDefinition,
  WorkloadOptions,
} from './types.js';
