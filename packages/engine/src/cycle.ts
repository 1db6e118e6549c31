import {
  type ClusterSnapshot,
  CycleState,
  type FrameworkHandle,
  type Handle,
  isPreFilterResult,
  isRejection,
  type PodInfo,
  type Status,
} from '@peapod/core';
import { type FilterOutcome, filterBatch, filterInChunks, rotate, walkKey } from './batch-filter.js';
import type { NodeEvaluator } from './evaluator.js';
import { compareBytes, fitErrorMessage, NO_NODES_AVAILABLE } from './failure-message.js';
import { numFeasibleNodesToFind } from './node-tree.js';
import type { Nominator } from './nominator.js';
import { call, checkStatus, fault, PluginFault, type Rejection } from './plugin-call.js';
import type { Profile } from './profile.js';
import type { RandomSource } from './random.js';
import { scoreAndSelect } from './score.js';
import type { NodeFilterResult, NodeScore, TieBreak } from './types.js';

/** What one scheduling cycle decided for a pod, before it is numbered into a Decision. */
export interface CycleOutcome {
  /** Index of the chosen node, or -1. */
  readonly node: number;
  readonly evaluatedNodes: number;
  readonly feasibleNodes: number;
  readonly topNodes?: string[];
  readonly topScore?: number;
  readonly scores?: Record<string, number>;
  readonly reason?: 'Unschedulable' | 'SchedulerError';
  readonly message?: string;
  readonly reasonCounts?: Record<string, number>;
  readonly unschedulablePlugins?: string[];
  readonly nominatedNode?: string;
  readonly victims?: string[];
  readonly preemptionTopNodes?: string[];
  readonly nodeStatuses?: NodeFilterResult[];
  readonly nodeScores?: NodeScore[];
  readonly top3Nodes?: string[];
}

/** Everything a cycle reads; `nextStartNodeIndex` rotates between cycles as upstream's does. */
export interface CycleEnv {
  readonly profile: Profile;
  readonly handle: Handle;
  readonly snapshot: ClusterSnapshot;
  /** Node indexes in upstream's walking order (zone round-robin). */
  readonly order: Int32Array;
  readonly nominator: Nominator;
  readonly random: RandomSource;
  readonly tieBreak: TieBreak;
  /** Resolved percentageOfNodesToScore (0 = adaptive). */
  readonly percentageOfNodesToScore: number;
  /** Record every failing node's status in the outcome: of unschedulable attempts (`-o json`), or of all (`'all'`). */
  readonly explain: boolean | 'all';
  /** Record every feasible node's per-plugin scores and the top 3 nodes (`--explain`). */
  readonly explainScores: boolean;
  /** When a pod started running (logical clock), for preemption's ordering. */
  readonly startTimeOf: (pod: PodInfo) => number;
  /** Filter one node at a time (upstream's walk) instead of in batches: the same verdicts, slower. */
  readonly nodeByNode?: boolean;
  /** Filter and Score fanned out to worker threads (`ScheduleOptions.evaluator`); in-thread without. */
  readonly evaluator?: NodeEvaluator;
  nextStartNodeIndex: number;
}

/**
 * One scheduling cycle (upstream `schedulePod` + PostFilter): PreFilter, the nominated node first when
 * the pod has one, Filter over the nodes (two passes where nominated pods sit), PostFilter when nothing
 * fits, then scoring and host selection. It does not bind.
 */
export function runCycle(env: CycleEnv, pod: PodInfo): CycleOutcome {
  const n = env.snapshot.nodeCount;
  if (n === 0) {
    return { node: -1, evaluatedNodes: 0, feasibleNodes: 0, reason: 'Unschedulable', message: NO_NODES_AVAILABLE };
  }
  const state = new CycleState();
  try {
    // The evaluator's threads may start filtering the walk (as if PreFilter narrows nothing) during PreFilter.
    if (env.evaluator !== undefined && batchFilter(env)) env.evaluator.startFilter(env, pod);
    const pre = runPreFilter(env, state, pod);
    if ('rejection' in pre) return failure(env, state, pod, allNodes(env, pre.rejection), n);
    const narrowed = pre.nodeNames;

    // Upstream evaluates a pod's nominated node first and takes it when it still fits.
    const nominated = env.nominator.nominatedNode(pod.key);
    if (nominated >= 0 && filterNode(env, state, pod, nominated) === null) {
      return {
        node: nominated,
        evaluatedNodes: 1,
        feasibleNodes: 1,
        topNodes: [env.snapshot.nodeNames[nominated]!],
        topScore: 0,
        ...(env.explain === 'all' ? { nodeStatuses: [] } : {}),
      };
    }

    const nodes =
      narrowed === undefined ? env.order : env.order.filter((i) => narrowed.has(env.snapshot.nodeNames[i]!));
    const { feasible, rejections } = findFeasible(env, state, pod, nodes, narrowed === undefined);
    if (feasible.length === 0) return failure(env, state, pod, rejections(), n);
    // With explain 'all', a scheduled attempt keeps its failing nodes' verdicts too (`peapod explain`).
    const statuses = env.explain === 'all' ? { nodeStatuses: explainRejections(env, rejections()) } : {};
    if (feasible.length === 1) {
      const only = feasible[0]!;
      return {
        node: only,
        evaluatedNodes: nodes.length,
        feasibleNodes: 1,
        topNodes: [env.snapshot.nodeNames[only]!],
        topScore: 0,
        ...statuses,
      };
    }
    return { ...scoreAndSelect(env, state, pod, feasible), evaluatedNodes: nodes.length, ...statuses };
  } catch (e) {
    if (!(e instanceof PluginFault)) throw e;
    return { node: -1, evaluatedNodes: n, feasibleNodes: 0, reason: 'SchedulerError', message: e.message };
  }
}

/** PreFilter's answer: the nodes it narrowed the cycle to (none: every node), or why no node can fit. */
export type PreFilterOutcome = { readonly nodeNames?: ReadonlySet<string> } | { readonly rejection: Rejection };

/** Upstream `RunPreFilterPlugins`; evaluators' replicas run it too, so their Filter sees the same state. */
export function runPreFilter(env: CycleEnv, state: CycleState, pod: PodInfo): PreFilterOutcome {
  let nodeNames: Set<string> | undefined;
  const narrowing: string[] = [];
  for (const plugin of env.profile.preFilter) {
    const r = call('PreFilter', plugin.name, () => plugin.preFilter(state, pod, env.handle));
    if (isPreFilterResult(r)) {
      narrowing.push(plugin.name);
      nodeNames =
        nodeNames === undefined ? new Set(r.nodeNames) : new Set([...nodeNames].filter((x) => r.nodeNames.has(x)));
      if (nodeNames.size === 0) {
        // Upstream RunPreFilterPlugins: the plugins' node sets do not intersect.
        const reason =
          narrowing.length === 1
            ? `node(s) didn't satisfy plugin ${narrowing[0]}`
            : `node(s) didn't satisfy plugin(s) [${narrowing.join(' ')}] simultaneously`;
        return { rejection: { status: { code: 'Unschedulable', reasons: [reason] }, plugin: plugin.name } };
      }
      continue;
    }
    checkStatus('PreFilter', plugin.name, r);
    if (r !== null && r.code === 'Skip') state.skipFilterPlugins.add(plugin.name);
    else if (isRejection(r)) return { rejection: { status: r!, plugin: plugin.name } };
  }
  return nodeNames === undefined ? {} : { nodeNames };
}

function allNodes(env: CycleEnv, rejection: Rejection): Map<number, Rejection> {
  const map = new Map<number, Rejection>();
  for (const node of env.order) map.set(node, rejection);
  return map;
}

/**
 * Filter over `nodes` from the rotating start index, stopping once enough feasible nodes are found
 * (percentageOfNodesToScore). Failing nodes' statuses are kept for the message, PostFilter and `explain`.
 */
function findFeasible(
  env: CycleEnv,
  state: CycleState,
  pod: PodInfo,
  nodes: Int32Array,
  everyNode: boolean,
): FilterOutcome {
  const total = nodes.length;
  const toFind = numFeasibleNodesToFind(env.percentageOfNodesToScore, total);
  if (batchFilter(env)) {
    if (toFind >= total) {
      // The whole walk from the start index: named by it for the node-only verdict cache, unless narrowed.
      const listKey = everyNode ? walkKey(total === 0 ? 0 : env.nextStartNodeIndex % total) : undefined;
      return filterBatch(env, state, pod, rotate(nodes, env.nextStartNodeIndex), listKey);
    }
    return filterInChunks(env, state, pod, nodes, toFind);
  }
  const feasible: number[] = [];
  const rejections = new Map<number, Rejection>();
  const start = total === 0 ? 0 : env.nextStartNodeIndex % total;
  let processed = 0;
  for (; processed < total && feasible.length < toFind; processed++) {
    const node = nodes[(start + processed) % total]!;
    const rejection = filterNode(env, state, pod, node);
    if (rejection === null) feasible.push(node);
    else rejections.set(node, rejection);
  }
  if (total > 0) env.nextStartNodeIndex = (start + processed) % total;
  return { feasible: Int32Array.from(feasible), rejections: () => rejections };
}

/**
 * Whether Filter runs in batches: no pod is nominated anywhere, so plugin by plugin over the surviving nodes
 * gives the verdicts of upstream's node-by-node walk, and plugins can use their batch form.
 */
function batchFilter(env: CycleEnv): boolean {
  return env.nominator.size === 0 && env.nodeByNode !== true;
}

/** Upstream `RunFilterPluginsWithNominatedPods`: a pass with higher-or-equal priority nominated pods, then one without. */
function filterNode(env: CycleEnv, state: CycleState, pod: PodInfo, node: number): Rejection | null {
  // The common case, no pod nominated to the node, must not allocate: this runs per pod x per node.
  const onNode = env.nominator.podsOn(node);
  if (onNode.length === 0) return runFilters(env, state, pod, node);
  const nominated = onNode.filter((p) => p.priority >= pod.priority && p.key !== pod.key);
  if (nominated.length === 0) return runFilters(env, state, pod, node);
  const withNominated = state.clone();
  const added: PodInfo[] = [];
  env.snapshot.beginHypothetical();
  try {
    for (const other of nominated) {
      env.snapshot.addPod(other, node);
      added.push(other);
      for (const plugin of env.profile.preFilter) {
        const ext = plugin.preFilterExtensions;
        if (ext === undefined || withNominated.skipFilterPlugins.has(plugin.name)) continue;
        const s = call('PreFilterExtensionAddPod', plugin.name, () =>
          ext.addPod(withNominated, pod, other, node, env.handle),
        );
        checkStatus('PreFilterExtensionAddPod', plugin.name, s);
      }
    }
    const first = runFilters(env, withNominated, pod, node);
    if (first !== null) return first;
  } finally {
    for (const other of added) env.snapshot.removePod(other, node);
    env.snapshot.endHypothetical();
  }
  return runFilters(env, state, pod, node);
}

/** Filter plugins in order on one node, stopping at the first rejection. */
function runFilters(env: CycleEnv, state: CycleState, pod: PodInfo, node: number): Rejection | null {
  const filters = env.profile.filter;
  let current = '';
  try {
    for (let p = 0; p < filters.length; p++) {
      const plugin = filters[p]!;
      if (state.skipFilterPlugins.size > 0 && state.skipFilterPlugins.has(plugin.name)) continue;
      current = plugin.name;
      const s = plugin.filter(state, pod, node, env.handle);
      if (s === null || s.code === 'Success') continue;
      checkStatus('filter', plugin.name, s);
      return { status: s, plugin: plugin.name };
    }
  } catch (e) {
    if (e instanceof PluginFault) throw e;
    throw fault('filter', current, e);
  }
  return null;
}

/** The FitError: upstream's message over all nodes, reason counts, and PostFilter (preemption) when configured. */
function failure(
  env: CycleEnv,
  state: CycleState,
  pod: PodInfo,
  rejections: ReadonlyMap<number, Rejection>,
  numAllNodes: number,
): CycleOutcome {
  const reasonCounts: Record<string, number> = {};
  const plugins = new Set<string>();
  for (const { status, plugin } of rejections.values()) {
    plugins.add(plugin);
    for (const reason of status.reasons) reasonCounts[reason] = (reasonCounts[reason] ?? 0) + 1;
  }
  let postFilterMessage = '';
  let nominatedNode: string | undefined;
  let victims: string[] | undefined;
  let preemptionTopNodes: string[] | undefined;
  const statuses = new Map<number, Status>();
  for (const [node, r] of rejections) statuses.set(node, r.status);
  if (env.profile.postFilter.length > 0) {
    // Preemption's dry runs remove and restore pods by the thousand: the snapshot's indexes see only the net.
    env.snapshot.beginHypothetical();
    try {
      runPostFilter();
    } finally {
      env.snapshot.endHypothetical();
    }
  }
  function runPostFilter(): void {
    const handle = frameworkHandle(env);
    for (const plugin of env.profile.postFilter) {
      const { result, status } = call('PostFilter', plugin.name, () =>
        plugin.postFilter(state, pod, { statuses }, handle),
      );
      checkStatus('PostFilter', plugin.name, status);
      if (status === null || status.code === 'Success') {
        nominatedNode = result?.nominatedNode;
        victims = result?.victims ? [...result.victims].sort(compareBytes) : undefined;
        preemptionTopNodes = result?.topNodes ? [...result.topNodes].sort(compareBytes) : undefined;
        postFilterMessage = '';
        break;
      }
      postFilterMessage = status.reasons.join(', ');
    }
  }
  const sortedCounts: Record<string, number> = {};
  for (const key of Object.keys(reasonCounts).sort(compareBytes)) sortedCounts[key] = reasonCounts[key]!;
  return {
    node: -1,
    evaluatedNodes: numAllNodes,
    feasibleNodes: 0,
    reason: 'Unschedulable',
    message: fitErrorMessage(numAllNodes, reasonCounts, postFilterMessage),
    reasonCounts: sortedCounts,
    unschedulablePlugins: [...plugins].sort(compareBytes),
    ...(nominatedNode !== undefined ? { nominatedNode } : {}),
    ...(victims !== undefined ? { victims } : {}),
    ...(preemptionTopNodes !== undefined ? { preemptionTopNodes } : {}),
    ...(env.explain ? { nodeStatuses: explainRejections(env, rejections) } : {}),
  };
}

/** What PostFilter plugins get: the handle plus the framework's filter runners and dry-run changes. */
function frameworkHandle(env: CycleEnv): FrameworkHandle {
  const runExtensions = (
    kind: 'addPod' | 'removePod',
    state: CycleState,
    pod: PodInfo,
    other: PodInfo,
    node: number,
  ): Status | null => {
    for (const plugin of env.profile.preFilter) {
      const ext = plugin.preFilterExtensions;
      if (ext === undefined || state.skipFilterPlugins.has(plugin.name)) continue;
      const point = kind === 'addPod' ? 'PreFilterExtensionAddPod' : 'PreFilterExtensionRemovePod';
      const s = call(point, plugin.name, () => ext[kind](state, pod, other, node, env.handle));
      if (s !== null && s.code !== 'Success') return s;
    }
    return null;
  };
  return {
    snapshot: env.handle.snapshot,
    cluster: env.handle.cluster,
    runFilterWithNominatedPods: (state, pod, node) => filterNode(env, state, pod, node)?.status ?? null,
    runPreFilterExtensionAddPod: (state, pod, other, node) => runExtensions('addPod', state, pod, other, node),
    runPreFilterExtensionRemovePod: (state, pod, other, node) => runExtensions('removePod', state, pod, other, node),
    addPodToSnapshot: (pod, node) => env.snapshot.addPod(pod, node),
    removePodFromSnapshot: (pod, node) => {
      env.snapshot.removePod(pod, node);
    },
    nominatedPodsOn: (node) => env.nominator.podsOn(node),
    nominatedNodeOf: (pod) => env.nominator.nominatedNode(pod.key),
    podStartTime: (pod) => env.startTimeOf(pod),
    randomInt: (n) => env.random.intn(n),
    tieBreak: env.tieBreak,
  };
}

function explainRejections(env: CycleEnv, rejections: ReadonlyMap<number, Rejection>): NodeFilterResult[] {
  return [...rejections]
    .map(([node, r]) => ({
      node: env.snapshot.nodeNames[node]!,
      plugin: r.plugin,
      code: r.status.code,
      reasons: [...r.status.reasons],
    }))
    .sort((a, b) => compareBytes(a.node, b.node));
}
