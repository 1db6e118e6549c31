/** What `peapod explain` reports about one scheduling attempt. Plain data: the CLI prints it as is. */
import type { TieBreak } from '../types.js';

/** `pass`: every Filter plugin passed; `fail`: one rejected the node; `not-evaluated`: the cycle never filtered it. */
export type FilterOutcome = 'pass' | 'fail' | 'not-evaluated';

/** One Filter plugin on one node. */
export interface PluginFilterOutcome {
  readonly plugin: string;
  /** Plugins after the rejecting one are `not-evaluated`: a node stops at its first rejection, as upstream. */
  readonly result: FilterOutcome;
}

/** One node's Filter verdict in the attempt. */
export interface NodeFilterExplanation {
  readonly node: string;
  readonly result: FilterOutcome;
  /** The plugin that rejected the node (result `fail`). */
  readonly plugin?: string;
  /** `Unschedulable` or `UnschedulableAndUnresolvable` (result `fail`). */
  readonly code?: string;
  /** The rejection's reasons, as counted in upstream's message (result `fail`). */
  readonly reasons?: readonly string[];
  /** Why the node was not evaluated (result `not-evaluated`). */
  readonly note?: string;
  /** Every Filter plugin of the profile, in the order they run. */
  readonly plugins: readonly PluginFilterOutcome[];
}

/** One score plugin's part of a node's total. */
export interface PluginScoreExplanation {
  readonly plugin: string;
  readonly weight: number;
  /** As Score returned it. */
  readonly raw: number;
  /** After NormalizeScore (0-100). */
  readonly normalized: number;
  /** normalized x weight: what the total adds up. */
  readonly weighted: number;
  /** PreScore returned Skip: the plugin did not score this pod (all three scores 0). */
  readonly skipped?: boolean;
}

/** A feasible node's total score and its parts; nodes are ranked best first, ties by name. */
export interface RankedNodeScore {
  /** 1 + the number of nodes with a higher total (nodes that tie share a rank). */
  readonly rank: number;
  readonly node: string;
  readonly total: number;
  readonly plugins: readonly PluginScoreExplanation[];
}

/** A plugin's weighted score of the chosen node against another node's. */
export interface PluginScoreComparison {
  readonly plugin: string;
  /** Weighted score of the chosen node. */
  readonly chosen: number;
  /** Weighted score of the other node. */
  readonly other: number;
  /** chosen - other: what the plugin added to the chosen node's lead. */
  readonly difference: number;
}

/** How the tie-break was configured. */
export interface TieBreakRule {
  readonly mode: TieBreak;
  /** The seed of the random tie-break (mode `random`). */
  readonly seed?: number;
}

/** Why the chosen node won. */
export interface Selection {
  readonly node: string;
  /** `only-feasible`: one node passed Filter, scoring was skipped (as upstream); `highest-score`: it alone had the best total; `tie-break`: several nodes had the best total. */
  readonly by: 'only-feasible' | 'highest-score' | 'tie-break';
  /** The best total (0 when scoring was skipped). */
  readonly total: number;
  /** Every node with the best total, sorted by name (the chosen node among them). */
  readonly tiedNodes: readonly string[];
  readonly tieBreak: TieBreakRule;
  /** The best node with a lower total than the winner's, and the plugins that made the difference. */
  readonly runnerUp?: {
    readonly node: string;
    readonly total: number;
    /** winner total - runner-up total */
    readonly margin: number;
    /** Every score plugin, the largest difference (by absolute value) first, ties by name. */
    readonly plugins: readonly PluginScoreComparison[];
  };
  /** One sentence for people. */
  readonly summary: string;
}

/** The answer to "why not this node?". */
export interface NodeVerdict {
  readonly node: string;
  /**
   * `chosen`: the pod went there; `filtered`: a Filter plugin rejected it; `not-evaluated`: the cycle never
   * filtered it; `lower-score`: it passed Filter with a lower total; `lost-tie-break`: it tied with the
   * chosen node and the tie-break picked the other; `feasible`: it passed Filter but the pod was not bound
   * (scoring happens only when a node is chosen: an unschedulable pod has no feasible node, so this is a
   * nominated pod's first try or a binding failure).
   */
  readonly verdict: 'chosen' | 'filtered' | 'not-evaluated' | 'lower-score' | 'lost-tie-break' | 'feasible';
  /** Its Filter verdict. */
  readonly filter: NodeFilterExplanation;
  /** Its scores, when it was scored. */
  readonly score?: RankedNodeScore;
  /** Plugin by plugin, the chosen node's weighted score against this node's (verdicts `lower-score`, `lost-tie-break`). */
  readonly comparison?: readonly PluginScoreComparison[];
  /** One sentence for people. */
  readonly summary: string;
}

/** The explanation of one scheduling attempt of one pod. */
export interface PodExplanation {
  /** `namespace/name` */
  readonly pod: string;
  /** 0-based attempt counter over the run (Decision.seq). */
  readonly seq: number;
  /** 0-based position of the pod among the pending pods of the input. */
  readonly index: number;
  /** 1-based attempt of this pod (2: the retry after its preemption). */
  readonly attempt: number;
  readonly schedulerName: string;
  /** After admission (PriorityClass resolution). */
  readonly priority: number;
  readonly result: 'Scheduled' | 'Unschedulable' | 'SchedulerError';
  /** The chosen node, or null. */
  readonly node: string | null;
  /** Upstream's failure message, byte for byte (unschedulable), or the error (SchedulerError). */
  readonly message?: string;
  /** Filter failure reason -> number of nodes that failed with it (unschedulable). */
  readonly reasonCounts?: Readonly<Record<string, number>>;
  /** PostFilter (preemption) nominated this node; the pod is retried there. */
  readonly nominatedNode?: string;
  /** Pods the preemption evicted, sorted. */
  readonly victims?: readonly string[];
  readonly nodes: {
    /** Nodes in the cluster. */
    readonly total: number;
    /** Nodes that went through Filter in this attempt. */
    readonly evaluated: number;
    /** Nodes that passed every Filter plugin. */
    readonly feasible: number;
  };
  /** The profile's Filter plugins, in the order they run. */
  readonly filterPlugins: readonly string[];
  /** The profile's score plugins and their weights, by name. */
  readonly scorePlugins: readonly { readonly plugin: string; readonly weight: number }[];
  /** Every node of the cluster, sorted by name. */
  readonly filters: readonly NodeFilterExplanation[];
  /** The scored (feasible) nodes, best first; empty when scoring did not run. */
  readonly scores: readonly RankedNodeScore[];
  /** Why the chosen node won (scheduled attempts). */
  readonly selection?: Selection;
}
