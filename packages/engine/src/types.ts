import type { EvaluatorFactory } from './evaluator.js';

/** Public result types of a scheduling run. The CLI prints them; embedders consume them as data. */

export type TieBreak = 'random' | 'lowest-name';

/** One node's Filter verdict on an unschedulable pod: which plugin rejected it and why. */
export interface NodeFilterResult {
  readonly node: string;
  readonly plugin: string;
  /** `Unschedulable` or `UnschedulableAndUnresolvable`. */
  readonly code: string;
  readonly reasons: readonly string[];
}

/** One plugin's score of one node: as Score returned it, after NormalizeScore, and times the weight. */
export interface PluginNodeScore {
  readonly plugin: string;
  readonly raw: number;
  readonly normalized: number;
  readonly weighted: number;
  /** PreScore returned Skip: the plugin did not score this pod. */
  readonly skipped?: boolean;
}

/** A feasible node's total score and its parts. */
export interface NodeScore {
  readonly node: string;
  readonly total: number;
  readonly plugins: readonly PluginNodeScore[];
}

export interface ScheduleOptions {
  /** Seed of the random source used for tie-breaks (default 0). Same inputs + seed => same output. */
  readonly seed?: number;
  /** `random` (default): seeded uniform choice among the best total scores; `lowest-name`: lowest node name. */
  readonly tieBreak?: TieBreak;
  /** Overrides every profile's percentageOfNodesToScore (0 = adaptive); default: the configuration's. */
  readonly percentageOfNodesToScore?: number;
  /**
   * Record every evaluated node that failed Filter, with its verdict (`nodeStatuses`): on unschedulable
   * attempts (`true`), or on every attempt (`'all'`, as `peapod explain` does).
   */
  readonly explain?: boolean | 'all';
  /** Record, for scored pods, every feasible node's per-plugin scores (`nodeScores`) and the top 3 nodes. */
  readonly explainScores?: boolean;
  /**
   * How Filter runs: `batch` (default) plugin by plugin over many nodes at once, each plugin in its batch form;
   * `node-by-node` as upstream's walk, every plugin on one node before the next node. The decisions are the
   * same (tests compare them); node-by-node is slower and exists to prove it.
   */
  readonly filterMode?: 'batch' | 'node-by-node';
  /**
   * Origin of the logical clock, in ms since the epoch (default 2024-01-01T00:00:00Z): bound input pods
   * without `status.startTime` started then; the pod bound by attempt `seq` starts at origin + (seq+1) s.
   */
  readonly clockStart?: number;
  /**
   * Fans Filter and Score out to worker threads (`parallelEvaluator` of `@peapod/runner`); default: every
   * step in the calling thread. The decisions are the same either way.
   */
  readonly evaluator?: EvaluatorFactory;
}

/** One scheduling attempt. Field names are the documented jsonl format (docs/cli.md). */
export interface Decision {
  /** 0-based attempt counter over the whole run. */
  readonly seq: number;
  /** 0-based position of the pod among the pending pods of the input. */
  readonly index: number;
  /** `namespace/name` */
  readonly pod: string;
  /** 1-based attempt number for this pod. */
  readonly attempt: number;
  readonly scheduled: boolean;
  /** Chosen node, or null when unschedulable. */
  readonly node: string | null;
  /** Number of nodes that went through Filter (or N in "0/N nodes are available"). */
  readonly evaluatedNodes: number;
  /** Number of nodes that passed every Filter plugin. */
  readonly feasibleNodes: number;
  /** Sorted names of the feasible nodes with the maximum total score; the only feasible node when scoring was skipped. */
  readonly topNodes?: readonly string[];
  /** The maximum total score (0 when scoring was skipped because one node was feasible). */
  readonly topScore?: number;
  /** Weighted score per score plugin for the chosen node, when scores were computed. */
  readonly scores?: Readonly<Record<string, number>>;
  /** `Unschedulable` on failed attempts. */
  readonly reason?: string;
  /** Upstream's failure message, byte for byte: `0/3 nodes are available: 2 Insufficient cpu, 1 Too many pods.` */
  readonly message?: string;
  /** Filter failure reason -> number of nodes that failed with it (failed attempts). */
  readonly reasonCounts?: Readonly<Record<string, number>>;
  /** Sorted names of the plugins that rejected at least one node (failed attempts). */
  readonly unschedulablePlugins?: readonly string[];
  /** Node nominated by PostFilter (preemption); the pod is retried there. */
  readonly nominatedNode?: string;
  /** Sorted `namespace/name` of the pods PostFilter evicted. */
  readonly victims?: readonly string[];
  /** Sorted candidate nodes that tied on every preemption criterion; `nominatedNode` is one of them. */
  readonly preemptionTopNodes?: readonly string[];
  /**
   * With `explain`: each evaluated node that failed Filter, with its verdict, by node name (unschedulable
   * attempts only; every attempt with `explain: 'all'`, where a scheduled attempt lists its failing nodes).
   */
  readonly nodeStatuses?: readonly NodeFilterResult[];
  /** With `explainScores`: every feasible node's scores, best total first (ties by name). */
  readonly nodeScores?: readonly NodeScore[];
  /** With `explainScores`: the 3 highest-scored nodes, as upstream reports them. */
  readonly top3Nodes?: readonly string[];
}

export interface NodeUsage {
  readonly name: string;
  /** millicores / bytes / pod count */
  readonly allocatable: { readonly cpu: number; readonly memory: number; readonly pods: number };
  readonly requested: { readonly cpu: number; readonly memory: number; readonly pods: number };
}

export interface ScheduleSummary {
  readonly nodes: number;
  /** Pending pods held back by PreEnqueue (scheduling gates). */
  readonly gated: number;
  /** Pending pods whose schedulerName no profile has; another scheduler would take them. */
  readonly otherScheduler: number;
  readonly boundPods: number;
  readonly pendingPods: number;
  readonly attempts: number;
  readonly scheduled: number;
  readonly unschedulable: number;
  /** Attempts whose PostFilter nominated a node (preemptions). */
  readonly preemptions: number;
  /** Pods evicted by those preemptions. */
  readonly victims: number;
}

/** A pending pod that got no scheduling attempt, and why. */
export interface SkippedPod {
  /** 0-based position of the pod among the pending pods of the input (as Decision.index). */
  readonly index: number;
  readonly pod: string;
  /** `gated` (PreEnqueue kept it out) or `other-scheduler` (no profile has its schedulerName). */
  readonly reason: 'gated' | 'other-scheduler';
  readonly message: string;
}

export interface ScheduleResult {
  readonly decisions: readonly Decision[];
  /** Pending pods without an attempt, in input order. */
  readonly skipped: readonly SkippedPod[];
  readonly summary: ScheduleSummary;
  /** Per-node usage after the run, in input order. */
  readonly nodes: readonly NodeUsage[];
}
