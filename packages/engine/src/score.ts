import { type CycleState, MAX_NODE_SCORE, MIN_NODE_SCORE, type PodInfo } from '@peapod/core';
import type { CycleEnv, CycleOutcome } from './cycle.js';
import { runPreScore } from './evaluator.js';
import { compareBytes } from './failure-message.js';
import { call, checkStatus, fault } from './plugin-call.js';
import type { RandomSource } from './random.js';
import type { NodeScore } from './types.js';

/**
 * PreScore, Score, NormalizeScore and weights over the feasible nodes (upstream `prioritizeNodes`), then
 * host selection. `feasible` is in walking order, which the random tie-break follows.
 */
export function scoreAndSelect(
  env: CycleEnv,
  state: CycleState,
  pod: PodInfo,
  feasible: Int32Array,
): Omit<CycleOutcome, 'evaluatedNodes'> {
  const { profile, handle } = env;
  // The evaluator's threads run PreScore and Score on their shards while this thread runs PreScore; the raw
  // scores come back here, where NormalizeScore and the weighted sum stay.
  const fanned = env.evaluator?.startScore(env, state, pod, feasible) === true;
  runPreScore(env, state, pod, feasible);
  const count = feasible.length;
  const buffers = scoreBuffers(env, profile.score.length + 1, count);
  const scored = fanned && env.evaluator!.score(env, state, pod, feasible, buffers);
  const totals = buffers[profile.score.length]!.subarray(0, count);
  totals.fill(0);
  const weighted: WeightedScores[] = [];
  for (let p = 0; p < profile.score.length; p++) {
    const { plugin, weight } = profile.score[p]!;
    // Normalised scores; the weight is applied as they are added up (and for the chosen node's breakdown).
    const scores = buffers[p]!.subarray(0, count);
    let raw: Float64Array | undefined;
    if (state.skipScorePlugins.has(plugin.name)) scores.fill(0);
    else {
      if (!scored) {
        call('Score', plugin.name, () => {
          if (plugin.scoreAll) plugin.scoreAll(state, pod, feasible, handle, scores);
          else for (let i = 0; i < count; i++) scores[i] = plugin.score(state, pod, feasible[i]!, handle);
        });
      }
      if (env.explainScores) raw = scores.slice();
      if (plugin.normalizeScore) {
        const s = call('NormalizeScore', plugin.name, () => plugin.normalizeScore!(state, pod, feasible, scores));
        checkStatus('NormalizeScore', plugin.name, s);
      }
      const invalid = accumulate(scores, totals, count, weight);
      if (invalid >= 0) {
        const v = scores[invalid]!;
        throw fault(
          'Score',
          plugin.name,
          `plugin "${plugin.name}" returns an invalid score ${v}, it should in the range of [${MIN_NODE_SCORE}, ${MAX_NODE_SCORE}] after normalizing`,
        );
      }
    }
    weighted.push({
      name: plugin.name,
      weight,
      scores,
      ...(raw ? { raw, normalized: scores.slice() } : {}),
    });
  }

  let best = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < count; i++) if (totals[i]! > best) best = totals[i]!;
  const top: number[] = [];
  for (let i = 0; i < count; i++) if (totals[i] === best) top.push(i);
  const names = env.snapshot.nodeNames;
  // Ties are common (identical nodes): sort their name ranks as numbers, not the names as strings.
  const { rank, byRank } = nameRanks(env.snapshot);
  const topRanks = new Int32Array(top.length);
  for (let t = 0; t < top.length; t++) topRanks[t] = rank[feasible[top[t]!]!]!;
  topRanks.sort();
  const topNodes: string[] = new Array(topRanks.length);
  for (let t = 0; t < topRanks.length; t++) topNodes[t] = names[byRank[topRanks[t]!]!]!;
  const lowest = byRank[topRanks[0]!]!;
  const chosen = env.tieBreak === 'lowest-name' ? top.find((i) => feasible[i] === lowest)! : reservoir(top, env.random);

  const scores: Record<string, number> = {};
  for (const p of pluginsByName(profile)) {
    const { name, weight, scores: s } = weighted[p]!;
    scores[name] = (scores[name] ?? 0) + s[chosen]! * weight;
  }
  const outcome = { node: feasible[chosen]!, feasibleNodes: count, topNodes, topScore: best, scores };
  if (!env.explainScores) return outcome;
  return { ...outcome, ...explainScores(env, feasible, totals, weighted) };
}

const nameOrders = new WeakMap<CycleEnv['profile'], number[]>();

/** The positions of the profile's score plugins in byte order of their names (the `scores` key order). */
function pluginsByName(profile: CycleEnv['profile']): number[] {
  let order = nameOrders.get(profile);
  if (order === undefined) {
    const names = profile.score.map((s) => s.plugin.name);
    order = names.map((_, i) => i).sort((a, b) => compareBytes(names[a]!, names[b]!));
    nameOrders.set(profile, order);
  }
  return order;
}

/** Node names in byte order: `rank[node]` is a node's position, `byRank[position]` the node. */
interface NameRanks {
  readonly rank: Int32Array;
  readonly byRank: Int32Array;
}

const ranks = new WeakMap<object, NameRanks>();

/** The byte order of the node names, computed once per snapshot. */
function nameRanks(snapshot: CycleEnv['snapshot']): NameRanks {
  let cached = ranks.get(snapshot);
  if (cached === undefined) {
    const names = snapshot.nodeNames;
    const byRank = Int32Array.from({ length: names.length }, (_, i) => i).sort((a, b) =>
      compareBytes(names[a]!, names[b]!),
    );
    const rank = new Int32Array(names.length);
    for (let position = 0; position < byRank.length; position++) rank[byRank[position]!] = position;
    cached = { rank, byRank };
    ranks.set(snapshot, cached);
  }
  return cached;
}

const LOWEST = MIN_NODE_SCORE;
const HIGHEST = MAX_NODE_SCORE;

/**
 * Adds `weight` times each score to the totals, after checking it lies in [0, 100]; returns the position of
 * the first score that does not (its total is then unchanged), or -1. A small function of its own: it runs
 * once per score plugin over every feasible node, and stays optimised apart from the cycle's plumbing.
 */
function accumulate(scores: Float64Array, totals: Float64Array, count: number, weight: number): number {
  for (let i = 0; i < count; i++) {
    const v = scores[i]!;
    if (!(v >= LOWEST && v <= HIGHEST)) return i;
    totals[i]! += v * weight;
  }
  return -1;
}

/** One score plugin's normalised scores of the feasible nodes (raw and normalised copies with `--explain`). */
interface WeightedScores {
  readonly name: string;
  readonly weight: number;
  readonly scores: Float64Array;
  readonly raw?: Float64Array;
  readonly normalized?: Float64Array;
}

const scratch = new WeakMap<CycleEnv, Float64Array[]>();

/**
 * One score buffer per score plugin plus one for the totals, reused from pod to pod: the values are read
 * before the next cycle (the chosen node's, or copied by `explainScores`).
 */
function scoreBuffers(env: CycleEnv, count: number, size: number): Float64Array[] {
  let buffers = scratch.get(env);
  if (buffers === undefined || buffers.length < count || buffers[0]!.length < size) {
    buffers = Array.from({ length: count }, () => new Float64Array(Math.max(size, env.snapshot.nodeCount)));
    scratch.set(env, buffers);
  }
  return buffers;
}

/** Every feasible node's raw, normalised and weighted score per plugin, best first, and the top 3 nodes. */
function explainScores(
  env: CycleEnv,
  feasible: Int32Array,
  totals: Float64Array,
  weighted: readonly WeightedScores[],
): Pick<CycleOutcome, 'nodeScores' | 'top3Nodes'> {
  const names = env.snapshot.nodeNames;
  const plugins = [...weighted].sort((a, b) => compareBytes(a.name, b.name));
  const nodeScores: NodeScore[] = [...feasible].map((node, i) => ({
    node: names[node]!,
    total: totals[i]!,
    plugins: plugins.map((p) => ({
      plugin: p.name,
      raw: p.raw?.[i] ?? 0,
      normalized: p.normalized?.[i] ?? 0,
      weighted: p.scores[i]! * p.weight,
      ...(p.raw === undefined ? { skipped: true } : {}),
    })),
  }));
  nodeScores.sort((a, b) => b.total - a.total || compareBytes(a.node, b.node));
  // Upstream reports the 3 highest-scored nodes (`numberOfHighestScoredNodesToReport`).
  return { nodeScores, top3Nodes: nodeScores.slice(0, 3).map((s) => s.node) };
}

/** Upstream `selectHost`: reservoir sampling over the max-score nodes in walking order, one draw per tie. */
function reservoir(top: readonly number[], random: RandomSource): number {
  let selected = top[0]!;
  for (let k = 1; k < top.length; k++) if (random.intn(k + 1) === 0) selected = top[k]!;
  return selected;
}
