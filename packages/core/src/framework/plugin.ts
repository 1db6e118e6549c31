import type { ClusterObjects } from '../load/cluster-objects.js';
import type { CycleState } from './cycle-state.js';
import type { PodInfo } from './pod-info.js';
import type { SnapshotView } from './snapshot.js';
import type { MaybeStatus, Status } from './status.js';

/**
 * The plugin contract: one small interface per extension point, as upstream's
 * `k8s.io/kube-scheduler/framework`. A plugin is a plain object with a `name` and the methods of the
 * points it implements; a factory returns it `satisfies FilterPlugin & ScorePlugin` (for example).
 * Filter and score are synchronous and pure; nothing here is asynchronous.
 */

/** Highest and lowest score a plugin may give a node after NormalizeScore. */
export const MAX_NODE_SCORE = 100;
export const MIN_NODE_SCORE = 0;

export interface Plugin {
  /** Upstream plugin name, e.g. `NodeResourcesFit`. */
  readonly name: string;
}

/** The objects of the cluster other than nodes and pods, read-only: what listers give upstream plugins. */
export type ClusterListers = Pick<
  ClusterObjects,
  | 'namespaces'
  | 'priorityClasses'
  | 'podDisruptionBudgets'
  | 'services'
  | 'replicaSets'
  | 'replicationControllers'
  | 'statefulSets'
  | 'persistentVolumes'
  | 'persistentVolumeClaims'
  | 'storageClasses'
>;

/** What a plugin may read of the scheduler: the snapshot and the cluster's other objects, read-only. */
export interface Handle {
  readonly snapshot: SnapshotView;
  readonly cluster: ClusterListers;
}

/** PreEnqueue: may a pod enter the active queue? A non-success status keeps it out (reported as gated). */
export interface PreEnqueuePlugin extends Plugin {
  preEnqueue(pod: PodInfo): MaybeStatus;
}

export interface QueuedPodInfo {
  readonly podInfo: PodInfo;
  /** When the pod entered the queue, in ms since the epoch (creationTimestamp for input pods). */
  readonly timestamp: number;
  /** Position in the input, the last tie-breaker so the order is total and deterministic. */
  readonly sequence: number;
}

/** QueueSort: orders pending pods; `less(a, b)` is true when `a` goes first. Exactly one per profile. */
export interface QueueSortPlugin extends Plugin {
  less(a: QueuedPodInfo, b: QueuedPodInfo): boolean;
}

/** PreFilter may narrow the nodes to evaluate (upstream `PreFilterResult.NodeNames`); results are intersected. */
export interface PreFilterResult {
  readonly nodeNames: ReadonlySet<string>;
}

/**
 * Incremental updates of a plugin's PreFilter state when a pod is added to or removed from a node
 * hypothetically: nominated pods in Filter, and victims in preemption dry runs. They mutate the state
 * they are given (the framework passes a clone when the original must survive).
 */
export interface PreFilterExtensions {
  addPod(state: CycleState, podToSchedule: PodInfo, podToAdd: PodInfo, node: number, handle: Handle): MaybeStatus;
  removePod(state: CycleState, podToSchedule: PodInfo, podToRemove: PodInfo, node: number, handle: Handle): MaybeStatus;
}

/**
 * PreFilter: runs once per pod before Filter and computes per-pod state into CycleState.
 * Run rule: sequential in profile order. A rejection ends the cycle (every node gets that status);
 * `Skip` skips this plugin's Filter for the cycle. Returning a `PreFilterResult` narrows the node set.
 */
export interface PreFilterPlugin extends Plugin {
  preFilter(state: CycleState, pod: PodInfo, handle: Handle): MaybeStatus | PreFilterResult;
  /** Present when the plugin's state depends on other pods (InterPodAffinity, PodTopologySpread...). */
  readonly preFilterExtensions?: PreFilterExtensions;
}

/** Distinguishes the two shapes `preFilter` may return. */
export function isPreFilterResult(r: MaybeStatus | PreFilterResult): r is PreFilterResult {
  return r !== null && 'nodeNames' in r;
}

/**
 * Filter: can the pod run on this node? Synchronous and pure.
 * Run rule: per node, plugins in profile order, stopping at the first rejection (as upstream).
 * `null` means the node passes; a rejection carries the reason strings upstream reports.
 * `filterAll`, when present, must give exactly what `filter` gives node by node (tests check it); the
 * framework may call either.
 */
export interface FilterPlugin extends Plugin {
  filter(state: CycleState, pod: PodInfo, node: number, handle: Handle): MaybeStatus;
  /**
   * Batch form over the columnar snapshot: writes one result per entry of `nodes` into `out`. It may
   * instead return `true` to say every node passes, without writing `out` (the framework then does not
   * read it): most pods have nothing for most plugins to check, and this saves a pass over the nodes.
   */
  /**
   * For a plugin whose verdict on a node depends only on the node object and on one part of the pod (its
   * tolerations, its node selector), never on other pods: a key naming that part. Pods with equal keys get
   * equal verdicts on every node, so the framework may reuse them from one pod to the next.
   */
  nodeOnlyKey?(pod: PodInfo): string;
  // biome-ignore lint/suspicious/noConfusingVoidType: an implementation that always writes `out` returns nothing.
  filterAll?(state: CycleState, pod: PodInfo, nodes: Int32Array, handle: Handle, out: MaybeStatus[]): boolean | void;
}

/** Per-node filter statuses of a failed cycle, for PostFilter. */
export interface FilteredNodeStatuses {
  /** Status of each evaluated node that failed, by node index. */
  readonly statuses: ReadonlyMap<number, Status>;
}

/** What a PostFilter plugin (preemption) decided. */
export interface PostFilterResult {
  /** Node the pod is nominated to, when the plugin made room. */
  readonly nominatedNode?: string;
  /** Pods the plugin evicts (`namespace/name`). */
  readonly victims?: readonly string[];
  /** Sorted candidate nodes that tied on every preemption criterion (the nominated node is one of them). */
  readonly topNodes?: readonly string[];
}

/**
 * What PostFilter plugins (preemption) may do beyond reading: run the profile's filters on a node as the
 * cycle does, and change the snapshot temporarily for dry runs. Every change made through
 * `addPodToSnapshot`/`removePodFromSnapshot` must be undone before `postFilter` returns.
 */
export interface FrameworkHandle extends Handle {
  /** The profile's Filter plugins on one node, with upstream's nominated-pods pass (`RunFilterPluginsWithNominatedPods`). */
  runFilterWithNominatedPods(state: CycleState, pod: PodInfo, node: number): MaybeStatus;
  /** Every PreFilter plugin's `addPod` extension (upstream `RunPreFilterExtensionAddPod`). */
  runPreFilterExtensionAddPod(state: CycleState, pod: PodInfo, podToAdd: PodInfo, node: number): MaybeStatus;
  /** Every PreFilter plugin's `removePod` extension (upstream `RunPreFilterExtensionRemovePod`). */
  runPreFilterExtensionRemovePod(state: CycleState, pod: PodInfo, podToRemove: PodInfo, node: number): MaybeStatus;
  /** Accounts `pod` on `node` in the snapshot (dry runs); undo with `removePodFromSnapshot`. */
  addPodToSnapshot(pod: PodInfo, node: number): void;
  removePodFromSnapshot(pod: PodInfo, node: number): void;
  /** Pods nominated to `node` by earlier preemptions. */
  nominatedPodsOn(node: number): readonly PodInfo[];
  /** The node `pod` is nominated to, or -1. */
  nominatedNodeOf(pod: PodInfo): number;
  /** When the pod started running, in ms since the epoch (logical clock; see docs/engine.md). */
  podStartTime(pod: PodInfo): number;
  /** A uniform integer in [0, n) from the run's seeded random source. */
  randomInt(n: number): number;
  /**
   * The run's tie-break rule. With `lowest-name` (how the fidelity corpus was made), preemption dry-runs every
   * candidate from offset 0 and breaks full ties by the lowest node name, instead of random choices.
   */
  readonly tieBreak: 'random' | 'lowest-name';
}

/** PostFilter: runs only when no node is feasible (upstream: DefaultPreemption). */
export interface PostFilterPlugin extends Plugin {
  postFilter(
    state: CycleState,
    pod: PodInfo,
    filtered: FilteredNodeStatuses,
    handle: FrameworkHandle,
  ): { readonly result?: PostFilterResult; readonly status: MaybeStatus };
}

/** PreScore: per-pod preparation for Score over the feasible nodes; `Skip` skips this plugin's Score. */
export interface PreScorePlugin extends Plugin {
  preScore(state: CycleState, pod: PodInfo, feasibleNodes: Int32Array, handle: Handle): MaybeStatus;
}

/**
 * Score: a raw score per feasible node, then optionally NormalizeScore over all of them, which must leave
 * every score in [MIN_NODE_SCORE, MAX_NODE_SCORE]. The framework multiplies by the profile's weight.
 */
export interface ScorePlugin extends Plugin {
  score(state: CycleState, pod: PodInfo, node: number, handle: Handle): number;
  /** Batch form: one raw score per entry of `nodes` into `out`; must equal `score` node by node. */
  scoreAll?(state: CycleState, pod: PodInfo, nodes: Int32Array, handle: Handle, out: Float64Array): void;
  /** Rewrites `scores` (parallel to `feasibleNodes`) in place. */
  normalizeScore?(state: CycleState, pod: PodInfo, feasibleNodes: Int32Array, scores: Float64Array): MaybeStatus;
}

/** Reserve: the pod is assumed on the node; Unreserve undoes it, in reverse order, if a later point fails. */
export interface ReservePlugin extends Plugin {
  reserve(state: CycleState, pod: PodInfo, node: string, handle: Handle): MaybeStatus;
  unreserve(state: CycleState, pod: PodInfo, node: string, handle: Handle): void;
}

/** Permit: Success, Reject (Unschedulable) or Wait (not supported by the batch runner: treated as a rejection). */
export interface PermitPlugin extends Plugin {
  permit(state: CycleState, pod: PodInfo, node: string, handle: Handle): MaybeStatus;
}

/** PreBind: work that must succeed before binding (volume binding). */
export interface PreBindPlugin extends Plugin {
  preBind(state: CycleState, pod: PodInfo, node: string, handle: Handle): MaybeStatus;
}

/** Bind: the first plugin that does not return Skip binds the pod (upstream DefaultBinder). */
export interface BindPlugin extends Plugin {
  bind(state: CycleState, pod: PodInfo, node: string, handle: Handle): MaybeStatus;
}

/** PostBind: informational, after a successful bind. */
export interface PostBindPlugin extends Plugin {
  postBind(state: CycleState, pod: PodInfo, node: string, handle: Handle): void;
}

/** A plugin instance: a name plus the methods of any extension points. */
export type AnyPlugin = Plugin &
  Partial<
    Omit<PreEnqueuePlugin, 'name'> &
      Omit<QueueSortPlugin, 'name'> &
      Omit<PreFilterPlugin, 'name'> &
      Omit<FilterPlugin, 'name'> &
      Omit<PostFilterPlugin, 'name'> &
      Omit<PreScorePlugin, 'name'> &
      Omit<ScorePlugin, 'name'> &
      Omit<ReservePlugin, 'name'> &
      Omit<PermitPlugin, 'name'> &
      Omit<PreBindPlugin, 'name'> &
      Omit<BindPlugin, 'name'> &
      Omit<PostBindPlugin, 'name'>
  >;
