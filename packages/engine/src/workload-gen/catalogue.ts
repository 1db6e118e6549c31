import { ErrorCodes, PeapodError } from '@peapod/core';
import type { KubeObject } from './objects.js';
import { genRandom } from './random.js';
import { REALISTIC_WORKLOADS } from './realistic.js';
import { SCHEDULER_PERF_WORKLOADS } from './scheduler-perf.js';
import type { ResolvedWorkloadOptions, WorkloadDefinition, WorkloadOptions } from './types.js';

/** Every workload `peapod gen` knows, in the order `--list` prints them. */
export const WORKLOADS: readonly WorkloadDefinition[] = [...SCHEDULER_PERF_WORKLOADS, ...REALISTIC_WORKLOADS];

export const DEFAULT_WORKLOAD_SEED = 0;

/** The workload named `name` (exact spelling, or any case), or undefined. */
export function findWorkload(name: string): WorkloadDefinition | undefined {
  return WORKLOADS.find((w) => w.name === name) ?? WORKLOADS.find((w) => w.name.toLowerCase() === name.toLowerCase());
}

function workloadNamed(name: string): WorkloadDefinition {
  const workload = findWorkload(name);
  if (workload === undefined) {
    throw new PeapodError(
      ErrorCodes.Usage,
      `unknown workload ${JSON.stringify(name)}: must be one of ${WORKLOADS.map((w) => w.name).join(', ')}`,
    );
  }
  return workload;
}

/** The counts a workload is generated with: the options given, the workload's defaults for the rest. */
export function resolveWorkloadOptions(
  workload: WorkloadDefinition,
  options: WorkloadOptions = {},
): ResolvedWorkloadOptions {
  const nodes = options.nodes ?? workload.defaults.nodes;
  const counts = { nodes: options.nodes, pods: options.pods, existingPods: options.existingPods, seed: options.seed };
  for (const [field, value] of Object.entries(counts)) {
    if (value !== undefined && !(Number.isSafeInteger(value) && value >= 0)) {
      throw new PeapodError(ErrorCodes.Usage, `${field}: expected a non-negative integer, got ${String(value)}`);
    }
  }
  return {
    nodes,
    pods: options.pods ?? workload.defaults.pods,
    existingPods: options.existingPods ?? Math.round(nodes * workload.defaults.existingPerNode),
    seed: options.seed ?? DEFAULT_WORKLOAD_SEED,
  };
}

/**
 * The objects of a workload, one at a time and in the order they are written. The same name and options
 * give the same objects, on any machine.
 */
export function generateWorkload(name: string, options: WorkloadOptions = {}): Iterable<KubeObject> {
  const workload = workloadNamed(name);
  const resolved = resolveWorkloadOptions(workload, options);
  return workload.generate(resolved, genRandom(resolved.seed));
}

/** Size of the chunks `workloadJsonChunks` yields: big enough to write fast, small enough to stream. */
const CHUNK_CHARS = 1 << 20;

/**
 * A workload as the text of one Kubernetes `kind: List` JSON document, in chunks of about 1 MiB: one item
 * per line, so that the output streams to a file without the whole document ever being in memory.
 */
export function* workloadJsonChunks(name: string, options: WorkloadOptions = {}): Generator<string> {
  yield* listJsonChunks(generateWorkload(name, options));
}

/** Any objects as the chunks of one `kind: List` JSON document (see `workloadJsonChunks`). */
export function* listJsonChunks(objects: Iterable<KubeObject>, chunkChars = CHUNK_CHARS): Generator<string> {
  let chunk = '{"apiVersion":"v1","kind":"List","metadata":{"resourceVersion":""},"items":[';
  let first = true;
  for (const object of objects) {
    chunk += `${first ? '\n' : ',\n'}${JSON.stringify(object)}`;
    first = false;
    if (chunk.length >= chunkChars) {
      yield chunk;
      chunk = '';
    }
  }
  yield `${chunk}\n]}\n`;
}

/** A whole workload as one JSON string (small workloads: tests, benchmarks). */
export function workloadJson(name: string, options: WorkloadOptions = {}): string {
  return [...workloadJsonChunks(name, options)].join('');
}
