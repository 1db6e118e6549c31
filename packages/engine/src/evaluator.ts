import type { ClusterObjects, CycleState, PodInfo } from '@peapod/core';
import type { CycleEnv } from './cycle.js';
import { call, checkStatus } from './plugin-call.js';
import type { SchedulingSession } from './session.js';

/**
 * Filter and Score fanned out over shards of the nodes (the parallel evaluator of `@peapod/runner`). The
 * cycle keeps everything else in its own thread: PreFilter, the nominated node, PostFilter, PreScore,
 * NormalizeScore, weights and host selection. Every method may decline (`undefined` / `false`), and the
 * cycle then does that step in-thread: the decisions never depend on whether, or how, work was fanned out.
 */
export interface NodeEvaluator {
  /**
   * The cycle is about to run PreFilter for `pod`, and then, unless PreFilter narrows the nodes, to filter
   * `firstFilterList(env)`: the evaluator may start on it now. `filter` follows with the list the cycle
   * settled on (or, when PreFilter rejects the pod, no call does: the evaluator drops that work when it next
   * starts some).
   */
  startFilter(env: CycleEnv, pod: PodInfo): void;
  /**
   * Filter for `pod` over `nodes` (walking order), after the cycle's PreFilter produced `state`: the feasible
   * nodes in that order. `listKey`, when given, names the node list for the node-only verdict cache.
   */
  filter(
    env: CycleEnv,
    state: CycleState,
    pod: PodInfo,
    nodes: Int32Array,
    listKey: string | undefined,
  ): Int32Array | undefined;
  /**
   * The cycle is about to run PreScore over `feasible`; true when the evaluator starts scoring them, and the
   * cycle then calls `score` for them once its PreScore is done.
   */
  startScore(env: CycleEnv, state: CycleState, pod: PodInfo, feasible: Int32Array): boolean;
  /**
   * Score, after the cycle's PreScore over `feasible`: each score plugin's raw scores (before NormalizeScore)
   * into `out[p][0..feasible.length)`, for every plugin `p` that PreScore did not skip. True when done.
   */
  score(env: CycleEnv, state: CycleState, pod: PodInfo, feasible: Int32Array, out: readonly Float64Array[]): boolean;
  /** The session bound `pod` to `node` (the replicas follow). */
  podAdded(pod: PodInfo, node: number): void;
  /** The session deleted a bound pod (a preemption victim, or the simulator's deletions). */
  podRemoved(pod: PodInfo, node: number): void;
  /** The session is done: release what it holds (threads go back to their pool). */
  close(): void;
}

/**
 * Makes a session's evaluator, or none (filter and score in-thread). Called first thing when a session is
 * built, so that replicas can be built while the session builds its own state; `session` is usable only
 * once its constructor returns (the evaluator's first call).
 */
export interface EvaluatorFactory {
  create(objects: ClusterObjects, session: SchedulingSession): NodeEvaluator | undefined;
}

/**
 * PreScore over the feasible nodes (upstream `RunPreScorePlugins`), marking the plugins that skip. The cycle
 * runs it in its thread; replicas run it too, so their score plugins see the same state.
 */
export function runPreScore(env: CycleEnv, state: CycleState, pod: PodInfo, feasible: Int32Array): void {
  for (const plugin of env.profile.preScore) {
    const s = call('PreScore', plugin.name, () => plugin.preScore(state, pod, feasible, env.handle));
    checkStatus('PreScore', plugin.name, s);
    if (s !== null && s.code === 'Skip') state.skipScorePlugins.add(plugin.name);
  }
}

/**
 * Raw scores of the feasible nodes at positions `[from, to)`, for every score plugin PreScore did not skip,
 * into `out[p]` at the same positions. A plugin's batch score of a node does not depend on the other nodes
 * in the batch (tests hold every in-tree plugin to it), so shards add up to the whole.
 */
export function scoreRange(
  env: CycleEnv,
  state: CycleState,
  pod: PodInfo,
  feasible: Int32Array,
  from: number,
  to: number,
  out: readonly Float64Array[],
): void {
  const { profile, handle } = env;
  const nodes = feasible.subarray(from, to);
  for (let p = 0; p < profile.score.length; p++) {
    const { plugin } = profile.score[p]!;
    if (state.skipScorePlugins.has(plugin.name)) continue;
    const scores = out[p]!.subarray(from, to);
    call('Score', plugin.name, () => {
      if (plugin.scoreAll) plugin.scoreAll(state, pod, nodes, handle, scores);
      else for (let i = 0; i < nodes.length; i++) scores[i] = plugin.score(state, pod, nodes[i]!, handle);
    });
  }
}
