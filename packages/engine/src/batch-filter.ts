import type { CycleState, PodInfo, Status } from '@peapod/core';
import type { CycleEnv } from './cycle.js';
import { numFeasibleNodesToFind } from './node-tree.js';
import { call, checkStatus, type Rejection } from './plugin-call.js';

/**
 * Filter in batches: plugin by plugin over many nodes, each plugin in its batch form (`filterAll`), with the
 * buffers reused from pod to pod and the leading node-only plugins' verdicts reused across pods with the
 * same keys. The verdicts are those of upstream's node-by-node walk (`filterMode: 'node-by-node'`).
 */

/** What Filter found: the feasible nodes in walking order, and the failing nodes' verdicts, built on demand. */
export interface FilterOutcome {
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
 * The node-by-node walk of `findFeasible` (stop once `toFind` nodes fit), done plugin-major over chunks of the
 * walk so that plugins use their batch form: each chunk is filtered whole, then cut at the node where the
 * walk would have stopped; the nodes after it count as not processed, as in the walk. Filters are pure, so the
 * verdicts, the feasible nodes and the next start index are those of the walk.
 */
export function filterInChunks(
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
    const size = chunkSize(total - offset, need);
    if (buffer.length < size) buffer = new Int32Array(size);
    const chunk = walkSlice(nodes, (start + offset) % total, buffer.subarray(0, size));
    const outcome = filterBatch(env, state, pod, chunk, undefined);
    const survivors = outcome.feasible;
    const taken = Math.min(need, survivors.length);
    feasible.set(survivors.subarray(0, taken), found);
    found += taken;
    // The walk stops at the survivor that completes the count: later nodes of the chunk are not processed.
    const processed = taken === need ? chunk.indexOf(survivors[taken - 1]!) + 1 : chunk.length;
    // Only `explain: 'all'` reads the verdicts of a pod that fits; one that fits nowhere is filtered again below.
    if (env.explain === 'all') {
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
  if (found === 0 && env.explain !== 'all') {
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

/**
 * Filter over `nodes` through the parallel evaluator when the session has one, else `filterPluginMajor`. The
 * evaluator returns the feasible nodes only: the failing nodes' verdicts, which only failures and `explain`
 * read, are filtered again here when asked for (filters are pure). With `explain: 'all'` every attempt reads
 * them, so it filters in-thread.
 */
export function filterBatch(
  env: CycleEnv,
  state: CycleState,
  pod: PodInfo,
  nodes: Int32Array,
  listKey: string | undefined,
): FilterOutcome {
  if (env.evaluator !== undefined && env.explain !== 'all') {
    const feasible = env.evaluator.filter(env, state, pod, nodes, listKey);
    if (feasible !== undefined) {
      return { feasible, rejections: () => filterPluginMajor(env, state, pod, nodes, listKey).rejections() };
    }
  }
  return filterPluginMajor(env, state, pod, nodes, listKey);
}

/** How many nodes of the walk the next chunk takes, `remaining` nodes left and `need` feasible ones to find. */
function chunkSize(remaining: number, need: number): number {
  return Math.min(remaining, Math.max(256, 2 * need));
}

/** `out.length` nodes of `nodes` from position `from`, wrapping around the end; returns `out`. */
function walkSlice(nodes: Int32Array, from: number, out: Int32Array): Int32Array {
  const head = Math.min(out.length, nodes.length - from);
  out.set(nodes.subarray(from, from + head));
  if (head < out.length) out.set(nodes.subarray(0, out.length - head), head);
  return out;
}

/**
 * The node list Filter takes first when PreFilter narrows nothing: the whole walk from the start index, or
 * the adaptive percentage's first chunk of it, with its name for the node-only verdict cache. Evaluators ask
 * for it before PreFilter, so that their threads filter while the cycle runs PreFilter.
 */
export function firstFilterList(env: CycleEnv): { readonly list: Int32Array; readonly listKey?: string } {
  const nodes = env.order;
  const total = nodes.length;
  const toFind = numFeasibleNodesToFind(env.percentageOfNodesToScore, total);
  const start = total === 0 ? 0 : env.nextStartNodeIndex % total;
  if (toFind >= total) return { list: rotate(nodes, start), listKey: walkKey(start) };
  return { list: walkSlice(nodes, start, new Int32Array(chunkSize(total, toFind))) };
}

/** The name of the whole walk from `start`, for the node-only verdict cache. */
export function walkKey(start: number): string {
  return `r${start}`;
}

/** `nodes` starting at `start` (mod length), as the node-by-node walk visits them. */
export function rotate(nodes: Int32Array, start: number): Int32Array {
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

/**
 * Filter plugin by plugin over the nodes still feasible; a plugin's batch form is used when it has one.
 * `listKey` names the node list for the node-only verdict cache (two lists with one name must be equal);
 * without it, only the full node list is cached, named by its first node.
 */
export function filterPluginMajor(
  env: CycleEnv,
  state: CycleState,
  pod: PodInfo,
  nodes: Int32Array,
  listKey?: string,
): FilterOutcome {
  const filters = env.profile.filter;
  const scratch = scratchOf(env, nodes.length);
  const { statuses, rejectedNodes, rejectedBy, rejectedStatus } = scratch;
  let candidates = scratch.a.subarray(0, nodes.length);
  candidates.set(nodes);
  let spare = scratch.b;
  let rejected = 0;

  // The leading node-only plugins: their combined verdicts come from the cache when a pod with the same keys
  // was filtered over the same node list before (a named list, or the full one: its start index is the key).
  const name = listKey ?? (nodes.length === env.snapshot.nodeCount ? `${nodes[0]}` : undefined);
  const prefix = name !== undefined ? nodeOnlyPrefix(filters) : 0;
  let prefixKey: string | undefined;
  let start = 0;
  if (prefix > 0) {
    prefixKey = name!;
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
