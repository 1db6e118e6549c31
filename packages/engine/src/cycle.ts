import {
  CycleState,
  type Handle,
  isPreFilterResult,
  isRejection,
  MAX_NODE_SCORE,
  MIN_NODE_SCORE,
  type PodInfo,
  type Status,
} from '@peapod/core';
import { compareBytes, fitErrorMessage, NO_NODES_AVAILABLE } from './failure-message.js';
import type { Profile } from './profile.js';
import type { RandomSource } from './random.js';
import type { TieBreak } from './types.js';

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
}

/** A plugin threw or returned Error: the cycle stops with upstream's wording, naming plugin and point. */
class PluginFault extends Error {}

function fault(point: string, plugin: string, detail: unknown): PluginFault {
  const text = detail instanceof Error ? detail.message : String(detail);
  return new PluginFault(`running "${plugin}" ${point} plugin: ${text}`);
}

function call<T>(point: string, plugin: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof PluginFault) throw e;
    throw fault(point, plugin, e);
  }
}

function checkStatus(point: string, plugin: string, s: Status | null): void {
  if (s !== null && s.code === 'Error') throw fault(point, plugin, s.reasons.join(', '));
}

/**
 * One scheduling cycle (upstream `schedulePod`): PreFilter, Filter over every node, then PreScore, Score,
 * NormalizeScore and weights over the feasible nodes, and host selection. It does not bind.
 */
export function runCycle(
  profile: Profile,
  handle: Handle,
  pod: PodInfo,
  random: RandomSource,
  tieBreak: TieBreak,
): CycleOutcome {
  const snapshot = handle.snapshot;
  const n = snapshot.nodeCount;
  if (n === 0) {
    return { node: -1, evaluatedNodes: 0, feasibleNodes: 0, reason: 'Unschedulable', message: NO_NODES_AVAILABLE };
  }
  const state = new CycleState();
  try {
    for (const plugin of profile.preFilter) {
      const r = call('PreFilter', plugin.name, () => plugin.preFilter(state, pod, handle));
      if (isPreFilterResult(r)) continue; // node narrowing: see the framework issue
      checkStatus('PreFilter', plugin.name, r);
      if (r !== null && r.code === 'Skip') state.skipFilterPlugins.add(plugin.name);
      else if (isRejection(r)) return preFilterRejection(n, plugin.name, r!);
    }

    const feasible = new Int32Array(n);
    let feasibleCount = 0;
    const reasonCounts: Record<string, number> = {};
    const rejecting = new Set<string>();
    const filters = profile.filter.filter((p) => !state.skipFilterPlugins.has(p.name));
    // One try around the whole loop (not a closure per node): the hot path allocates nothing.
    let current = '';
    try {
      for (let node = 0; node < n; node++) {
        let rejection: Status | null = null;
        for (let p = 0; p < filters.length; p++) {
          const plugin = filters[p]!;
          current = plugin.name;
          const s = plugin.filter(state, pod, node, handle);
          if (s === null || s.code === 'Success') continue;
          checkStatus('filter', plugin.name, s);
          rejection = s;
          rejecting.add(plugin.name);
          break;
        }
        if (rejection === null) feasible[feasibleCount++] = node;
        else for (const reason of rejection.reasons) reasonCounts[reason] = (reasonCounts[reason] ?? 0) + 1;
      }
    } catch (e) {
      if (e instanceof PluginFault) throw e;
      throw fault('filter', current, e);
    }

    if (feasibleCount === 0) {
      return {
        node: -1,
        evaluatedNodes: n,
        feasibleNodes: 0,
        reason: 'Unschedulable',
        message: fitErrorMessage(n, reasonCounts),
        reasonCounts: sortKeys(reasonCounts),
        unschedulablePlugins: [...rejecting].sort(compareBytes),
      };
    }
    const feasibleNodes = feasible.subarray(0, feasibleCount);
    // Upstream skips scoring when only one node is feasible.
    if (feasibleCount === 1) {
      const only = feasibleNodes[0]!;
      return { node: only, evaluatedNodes: n, feasibleNodes: 1, topNodes: [snapshot.nodeNames[only]!], topScore: 0 };
    }
    return scoreAndSelect(profile, handle, state, pod, feasibleNodes, random, tieBreak, n);
  } catch (e) {
    if (!(e instanceof PluginFault)) throw e;
    return { node: -1, evaluatedNodes: n, feasibleNodes: 0, reason: 'SchedulerError', message: e.message };
  }
}

function preFilterRejection(n: number, plugin: string, s: Status): CycleOutcome {
  // Upstream marks every node with the PreFilter status, so each reason counts n times.
  const reasonCounts: Record<string, number> = {};
  for (const reason of s.reasons) reasonCounts[reason] = n;
  return {
    node: -1,
    evaluatedNodes: n,
    feasibleNodes: 0,
    reason: 'Unschedulable',
    message: fitErrorMessage(n, reasonCounts),
    reasonCounts: sortKeys(reasonCounts),
    unschedulablePlugins: [plugin],
  };
}

function scoreAndSelect(
  profile: Profile,
  handle: Handle,
  state: CycleState,
  pod: PodInfo,
  feasible: Int32Array,
  random: RandomSource,
  tieBreak: TieBreak,
  n: number,
): CycleOutcome {
  const snapshot = handle.snapshot;
  for (const plugin of profile.preScore) {
    const s = call('PreScore', plugin.name, () => plugin.preScore(state, pod, feasible, handle));
    checkStatus('PreScore', plugin.name, s);
    if (s !== null && s.code === 'Skip') state.skipScorePlugins.add(plugin.name);
  }
  const count = feasible.length;
  const totals = new Float64Array(count);
  const weighted: { name: string; scores: Float64Array }[] = [];
  for (const { plugin, weight } of profile.score) {
    const scores = new Float64Array(count);
    if (!state.skipScorePlugins.has(plugin.name)) {
      call('Score', plugin.name, () => {
        for (let i = 0; i < count; i++) scores[i] = plugin.score(state, pod, feasible[i]!, handle);
      });
      if (plugin.normalizeScore) {
        const s = call('NormalizeScore', plugin.name, () => plugin.normalizeScore!(state, pod, feasible, scores));
        checkStatus('NormalizeScore', plugin.name, s);
      }
      for (let i = 0; i < count; i++) {
        const v = scores[i]!;
        if (!(v >= MIN_NODE_SCORE && v <= MAX_NODE_SCORE)) {
          throw fault(
            'Score',
            plugin.name,
            `plugin "${plugin.name}" returns an invalid score ${v}, it should in the range of [${MIN_NODE_SCORE}, ${MAX_NODE_SCORE}] after normalizing`,
          );
        }
        scores[i] = v * weight;
        totals[i]! += scores[i]!;
      }
    }
    weighted.push({ name: plugin.name, scores });
  }

  let best = -Infinity;
  for (let i = 0; i < count; i++) if (totals[i]! > best) best = totals[i]!;
  const top: number[] = [];
  for (let i = 0; i < count; i++) if (totals[i] === best) top.push(i);
  const names = snapshot.nodeNames;
  const topNodes = top.map((i) => names[feasible[i]!]!).sort(compareBytes);
  const chosen =
    tieBreak === 'lowest-name' ? top.find((i) => names[feasible[i]!] === topNodes[0])! : reservoir(top, random);

  const scores: Record<string, number> = {};
  for (const { name, scores: s } of [...weighted].sort((a, b) => compareBytes(a.name, b.name))) {
    scores[name] = (scores[name] ?? 0) + s[chosen]!;
  }
  return { node: feasible[chosen]!, evaluatedNodes: n, feasibleNodes: count, topNodes, topScore: best, scores };
}

/** Upstream `selectHost`: reservoir sampling over the max-score nodes in node order, one draw per tie. */
function reservoir(top: readonly number[], random: RandomSource): number {
  let selected = top[0]!;
  for (let k = 1; k < top.length; k++) if (random.intn(k + 1) === 0) selected = top[k]!;
  return selected;
}

function sortKeys(record: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const key of Object.keys(record).sort(compareBytes)) out[key] = record[key]!;
  return out;
}
