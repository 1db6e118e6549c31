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
import { compareBytes, fitErrorMessage, NO_NODES_AVAILABLE } from './failure-message.js';
import { numFeasibleNodesToFind } from './node-tree.js';
import type { Nominator } from './nominator.js';
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
  nextStartNodeIndex: number;
}

/** A plugin threw or returned Error: the cycle stops with upstream's wording, naming plugin and point. */
export class PluginFault extends Error {}

export function fault(point: string, plugin: string, detail: unknown): PluginFault {
  const text = detail instanceof Error ? detail.message : String(detail);
  return new PluginFault(`running "${plugin}" ${point} plugin: ${text}`);
}

export function call<T>(point: string, plugin: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof PluginFault) throw e;
    throw fault(point, plugin, e);
  }
}

export function checkStatus(point: string, plugin: string, s: Status | null): void {
  if (s !== null && s.code === 'Error') throw fault(point, plugin, s.reasons.join(', '));
}

/** A failing node's status and the plugin that returned it. */
interface Rejection {
  readonly status: Status;
  readonly plugin: string;
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
    const { feasible, rejections } = findFeasible(env, state, pod, nodes);
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

type PreFilterOutcome = { readonly nodeNames?: ReadonlySet<string> } | { readonly rejection: Rejection };

function runPreFilter(env: CycleEnv, state: CycleState, pod: PodInfo): PreFilterOutcome {
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

/** What Filter found: the feasible nodes in walking order, and the failing nodes' verdicts, built on demand. */
interface FilterOutcome {
  readonly feasible: Int32Array;
  /** Only failures, PostFilter and `explain` read the verdicts: a scheduled pod never builds them. */
  readonly rejections: () => Map<number, Rejection>;
  /** The batch filter's rejected nodes, plugin positions and statuses (views of its scratch), in order. */
  readonly raw?: {
    readonly nodes: Int32Array;
    readonly by: Int32Array;
    readonly statuses: readonly (Status | null)[];
    readonly count: number;
  };
}

/**
 * Filter over `nodes` from the rotating start index, stopping once enough feasible nodes are found
 * (percentageOfNodesToScore). Failing nodes' statuses are kept for the message, PostFilter and `explain`.
 */
function findFeasible(env: CycleEnv, state: CycleState, pod: PodInfo, nodes: Int32Array): FilterOutcome {
  const total = nodes.length;
  const toFind = numFeasibleNodesToFind(env.percentageOfNodesToScore, total);
  // Every node will be filtered and none has nominated pods: plugin by plugin over the surviving nodes gives
  // the same verdicts as node by node, and lets plugins use their batch form.
  if (env.nominator.size === 0 && env.nodeByNode !== true) {
    if (toFind >= total) return filterPluginMajor(env, state, pod, rotate(nodes, env.nextStartNodeIndex));
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
 * The node-by-node walk of `findFeasible` (stop once `toFind` nodes fit), done plugin-major over chunks of the
 * walk so that plugins use their batch form: each chunk is filtered whole, then cut at the node where the
 * walk would have stopped; the nodes after it count as not processed, as in the walk. Filters are pure, so the
 * verdicts, the feasible nodes and the next start index are those of the walk.
 */
function filterInChunks(
  env: CycleEnv,
  state: CycleState,
  pod: PodInfo,
  nodes: Int32Array,
  toFind: number,
): FilterOutcome {
  const total = nodes.length;
  const start = total === 0 ? 0 : env.nextStartNodeIndex % total;
  const feasible = new Int32Array(Math.min(toFind, total));
  let buffer = new Int32Array(0);
  let found = 0;
  const rejectedNodes: number[] = [];
  const rejectedBy: string[] = [];
  const rejectedStatus: Status[] = [];
  let offset = 0;
  while (offset < total && found < toFind) {
    const need = toFind - found;
    // The next nodes of the walk, wrapping around the end of the list (copied: no rotated copy of it all).
    const size = Math.min(total - offset, Math.max(256, 2 * need));
    if (buffer.length < size) buffer = new Int32Array(size);
    const chunk = buffer.subarray(0, size);
    const from = (start + offset) % total;
    const head = Math.min(size, total - from);
    chunk.set(nodes.subarray(from, from + head));
    if (head < size) chunk.set(nodes.subarray(0, size - head), head);
    const outcome = filterPluginMajor(env, state, pod, chunk);
    const survivors = outcome.feasible;
    const taken = Math.min(need, survivors.length);
    feasible.set(survivors.subarray(0, taken), found);
    found += taken;
    // The walk stops at the survivor that completes the count: later nodes of the chunk are not processed.
    const processed = taken === need ? chunk.indexOf(survivors[taken - 1]!) + 1 : chunk.length;
    // Only `explain` reads the verdicts of a pod that fits; one that fits nowhere is filtered again below.
    if (env.explain !== false) {
      const cut = processed < chunk.length ? new Set(chunk.subarray(processed)) : undefined;
      const raw = outcome.raw!;
      for (let r = 0; r < raw.count; r++) {
        const node = raw.nodes[r]!;
        if (cut?.has(node)) continue;
        rejectedNodes.push(node);
        rejectedBy.push(env.profile.filter[raw.by[r]!]!.name);
        rejectedStatus.push(raw.statuses[r]!);
      }
    }
    offset += processed;
  }
  if (total > 0) env.nextStartNodeIndex = (start + offset) % total;
  if (found === 0 && env.explain === false) {
    // Nothing fits, so every node was processed: the verdicts are those of one pass over all of them (filters
    // are pure), taken now rather than kept chunk by chunk for the pods that do fit.
    return { feasible: feasible.subarray(0, 0), rejections: filterPluginMajor(env, state, pod, nodes).rejections };
  }
  return {
    feasible: feasible.subarray(0, found),
    rejections: () => {
      const map = new Map<number, Rejection>();
      for (let r = 0; r < rejectedNodes.length; r++) {
        map.set(rejectedNodes[r]!, { status: rejectedStatus[r]!, plugin: rejectedBy[r]! });
      }
      return map;
    },
  };
}

/** `nodes` starting at `start` (mod length), as the node-by-node walk visits them. */
function rotate(nodes: Int32Array, start: number): Int32Array {
  const total = nodes.length;
  if (total === 0 || start % total === 0) return nodes;
  const from = start % total;
  const out = new Int32Array(total);
  out.set(nodes.subarray(from), 0);
  out.set(nodes.subarray(0, from), total - from);
  return out;
}

/**
 * Buffers the batch filter reuses from pod to pod (one set per cycle environment), so that filtering a pod
 * allocates nothing per node: two candidate lists it ping-pongs between, the plugins' status outputs, and
 * the failing nodes with the plugin and status that rejected them.
 */
interface FilterScratch {
  readonly a: Int32Array;
  readonly b: Int32Array;
  readonly statuses: (Status | null)[];
  readonly rejectedNodes: Int32Array;
  readonly rejectedBy: Int32Array;
  readonly rejectedStatus: (Status | null)[];
}

const filterScratch = new WeakMap<CycleEnv, FilterScratch>();

function scratchOf(env: CycleEnv, size: number): FilterScratch {
  let s = filterScratch.get(env);
  if (s === undefined || s.a.length < size) {
    s = {
      a: new Int32Array(size),
      b: new Int32Array(size),
      statuses: new Array<Status | null>(size).fill(null),
      rejectedNodes: new Int32Array(size),
      rejectedBy: new Int32Array(size),
      rejectedStatus: new Array<Status | null>(size).fill(null),
    };
    filterScratch.set(env, s);
  }
  return s;
}

/**
 * What the leading node-only filter plugins (`nodeOnlyKey`) decided for one combination of keys: the
 * surviving nodes in walking order and the rejected ones with the plugin and status. Reused by every pod with
 * the same keys (replicas), as long as the snapshot, its node order and the start index are the same.
 */
interface PrefixVerdicts {
  readonly survivors: Int32Array;
  readonly rejectedNodes: Int32Array;
  readonly rejectedBy: Int32Array;
  readonly rejectedStatus: readonly Status[];
}

const prefixCaches = new WeakMap<CycleEnv, Map<string, PrefixVerdicts>>();
const PREFIX_CACHE_SIZE = 256;

/** How many filter plugins, from the first, have node-only verdicts. */
function nodeOnlyPrefix(filters: CycleEnv['profile']['filter']): number {
  let n = 0;
  while (n < filters.length && filters[n]!.nodeOnlyKey !== undefined) n++;
  return n;
}

/** Filter plugin by plugin over the nodes still feasible; a plugin's batch form is used when it has one. */
function filterPluginMajor(env: CycleEnv, state: CycleState, pod: PodInfo, nodes: Int32Array): FilterOutcome {
  const filters = env.profile.filter;
  const scratch = scratchOf(env, nodes.length);
  const { statuses, rejectedNodes, rejectedBy, rejectedStatus } = scratch;
  let candidates = scratch.a.subarray(0, nodes.length);
  candidates.set(nodes);
  let spare = scratch.b;
  let rejected = 0;

  // The leading node-only plugins: their combined verdicts come from the cache when a pod with the same keys
  // was filtered over the same node list before (only a full, unnarrowed list: its start index is the key).
  const prefix = nodes.length === env.snapshot.nodeCount ? nodeOnlyPrefix(filters) : 0;
  let prefixKey: string | undefined;
  let start = 0;
  if (prefix > 0) {
    prefixKey = `${nodes[0]}`;
    for (let p = 0; p < prefix; p++) {
      const plugin = filters[p]!;
      const skipped = state.skipFilterPlugins.size > 0 && state.skipFilterPlugins.has(plugin.name);
      prefixKey += skipped ? '\u0000-' : `\u0000${call('filter', plugin.name, () => plugin.nodeOnlyKey!(pod))}`;
    }
    let cache = prefixCaches.get(env);
    if (cache === undefined) {
      cache = new Map();
      prefixCaches.set(env, cache);
    }
    const hit = cache.get(prefixKey);
    if (hit !== undefined) {
      candidates = scratch.a.subarray(0, hit.survivors.length);
      candidates.set(hit.survivors);
      rejected = hit.rejectedNodes.length;
      rejectedNodes.set(hit.rejectedNodes);
      rejectedBy.set(hit.rejectedBy);
      for (let r = 0; r < rejected; r++) rejectedStatus[r] = hit.rejectedStatus[r]!;
      start = prefix;
      prefixKey = undefined;
    }
  }

  // Once the node-only plugins are done: remember what they decided.
  const remember = () => {
    if (prefixKey === undefined) return;
    const cache = prefixCaches.get(env)!;
    if (cache.size >= PREFIX_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
    cache.set(prefixKey, {
      survivors: candidates.slice(),
      rejectedNodes: rejectedNodes.slice(0, rejected),
      rejectedBy: rejectedBy.slice(0, rejected),
      rejectedStatus: rejectedStatus.slice(0, rejected) as Status[],
    });
    prefixKey = undefined;
  };
  let p = start;
  for (; p < filters.length; p++) {
    if (p === prefix) remember();
    const plugin = filters[p]!;
    const count = candidates.length;
    if (count === 0) break;
    if (state.skipFilterPlugins.size > 0 && state.skipFilterPlugins.has(plugin.name)) continue;
    const filterAll = plugin.filterAll;
    const input = candidates;
    const allPass = call('filter', plugin.name, () => {
      if (filterAll) return filterAll.call(plugin, state, pod, input, env.handle, statuses) === true;
      for (let k = 0; k < count; k++) statuses[k] = plugin.filter(state, pod, input[k]!, env.handle);
      return false;
    });
    if (allPass) continue;
    let kept = 0;
    for (let k = 0; k < count; k++) {
      const s = statuses[k] ?? null;
      statuses[k] = null;
      if (s === null || s.code === 'Success') spare[kept++] = input[k]!;
      else {
        checkStatus('filter', plugin.name, s);
        rejectedNodes[rejected] = input[k]!;
        rejectedBy[rejected] = p;
        rejectedStatus[rejected++] = s;
      }
    }
    const previous = candidates;
    candidates = spare.subarray(0, kept);
    spare = previous.buffer === scratch.a.buffer ? scratch.a : scratch.b;
  }
  if (p === prefix) remember();
  // Both are views of the scratch: they are read within this cycle only (scoring, the failure message,
  // PostFilter, explain), before the next pod's Filter overwrites them.
  const total = rejected;
  return {
    feasible: candidates,
    raw: { nodes: rejectedNodes, by: rejectedBy, statuses: rejectedStatus, count: total },
    rejections: () => {
      const map = new Map<number, Rejection>();
      for (let r = 0; r < total; r++) {
        map.set(rejectedNodes[r]!, { status: rejectedStatus[r]!, plugin: filters[rejectedBy[r]!]!.name });
      }
      return map;
    },
  };
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
