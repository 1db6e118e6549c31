import type { KubeObject } from './objects.js';
import type { GenRandom } from './random.js';

/** What a generated workload is asked for; omitted counts take the workload's defaults. */
export interface WorkloadOptions {
  /** Nodes of the cluster. */
  readonly nodes?: number;
  /** Pending pods: the pods a run schedules (scheduler_perf's measured pods). */
  readonly pods?: number;
  /** Pods created before the measured ones (scheduler_perf's init pods); default: the workload's ratio to nodes. */
  readonly existingPods?: number;
  /** Seed of the generator (default 0). */
  readonly seed?: number;
}

export interface ResolvedWorkloadOptions {
  readonly nodes: number;
  readonly pods: number;
  readonly existingPods: number;
  readonly seed: number;
}

/** Default sizes of a workload: upstream's own parameters where it has them. */
export interface WorkloadDefaults {
  readonly nodes: number;
  readonly pods: number;
  /** Existing pods per node when `existingPods` is not given. */
  readonly existingPerNode: number;
}

/** One workload the generator knows. */
export interface WorkloadDefinition {
  /** As `peapod gen` takes it: upstream's scheduler_perf test name, or `basic` / `mixed`. */
  readonly name: string;
  /** One line for `peapod gen --list`. */
  readonly description: string;
  /** The existing pods are pending (they fit nowhere: Unschedulable) instead of bound to nodes. */
  readonly existingPending?: boolean;
  readonly defaults: WorkloadDefaults;
  /** Every object of the workload, in the order written, made one at a time (big clusters never sit in memory). */
  generate(options: ResolvedWorkloadOptions, random: GenRandom): Iterable<KubeObject>;
}
