import {
  type CycleState,
  type Handle,
  MAX_NODE_SCORE,
  type MaybeStatus,
  PluginNames,
  type PodInfo,
  type PreScorePlugin,
  type ScorePlugin,
  stateKey,
  type TaintLike,
  type TolerationLike,
  tolerationsTolerateTaint,
} from '@peapod/core';
import { instanceKey } from '@peapod/filters';
import { scoreNodeOnly } from '../helper/node-scores.js';
import { defaultNormalizeScore } from '../helper/normalize-score.js';

/** Per-pod state: the tolerations that can tolerate a PreferNoSchedule taint. */
interface TaintScoreState {
  readonly tolerations: readonly TolerationLike[];
}

const SCORE_STATE = stateKey<TaintScoreState>('PreScoreTaintToleration');

/**
 * The tolerations that apply to PreferNoSchedule taints: effect PreferNoSchedule or empty (an empty effect
 * tolerates every effect). Upstream `getAllTolerationPreferNoSchedule`.
 */
export function preferNoScheduleTolerations(
  tolerations: readonly TolerationLike[] | null | undefined,
): TolerationLike[] {
  return (tolerations ?? []).filter((t) => (t.effect ?? '') === '' || t.effect === 'PreferNoSchedule');
}

/** The node's PreferNoSchedule taints that none of `tolerations` tolerates (upstream `countIntolerableTaintsPreferNoSchedule`). */
export function countIntolerablePreferNoScheduleTaints(
  taints: readonly TaintLike[] | null | undefined,
  tolerations: readonly TolerationLike[],
): number {
  if (taints == null) return 0;
  let count = 0;
  for (let i = 0; i < taints.length; i++) {
    const taint = taints[i]!;
    if (taint.effect === 'PreferNoSchedule' && !tolerationsTolerateTaint(tolerations, taint)) count++;
  }
  return count;
}

/**
 * TaintToleration, score half (upstream `tainttoleration/taint_toleration.go`, v1.26). The raw score is the
 * number of the node's PreferNoSchedule taints the pod does not tolerate; NormalizeScore is
 * `DefaultNormalizeScore(100, reverse)`: `100 - 100 * count / maxCount`, and 100 everywhere when no feasible
 * node has such a taint. PreScore never skips (as v1.26), so a pod scores 100 on untainted nodes.
 */
export function taintTolerationScore(): PreScorePlugin & ScorePlugin {
  const prefix = instanceKey(PluginNames.TaintToleration);
  return {
    name: PluginNames.TaintToleration,

    preScore(state: CycleState, pod: PodInfo, _feasible: Int32Array, _handle: Handle): MaybeStatus {
      state.write(SCORE_STATE, { tolerations: preferNoScheduleTolerations(pod.pod.spec.tolerations) });
      return null;
    },

    score(state: CycleState, _pod: PodInfo, node: number, handle: Handle): number {
      const { tolerations } = state.read(SCORE_STATE);
      return countIntolerablePreferNoScheduleTaints(handle.snapshot.nodes[node]!.spec?.taints, tolerations);
    },

    scoreAll(state: CycleState, pod: PodInfo, nodes: Int32Array, handle: Handle, out: Float64Array): void {
      const { tolerations } = state.read(SCORE_STATE);
      const key = `${prefix}${JSON.stringify(pod.pod.spec.tolerations ?? [])}`;
      const nodeList = handle.snapshot.nodes;
      scoreNodeOnly(handle.snapshot, key, nodes, out, (node) =>
        countIntolerablePreferNoScheduleTaints(nodeList[node]!.spec?.taints, tolerations),
      );
    },

    normalizeScore(_state: CycleState, _pod: PodInfo, _feasible: Int32Array, scores: Float64Array): MaybeStatus {
      defaultNormalizeScore(MAX_NODE_SCORE, true, scores);
      return null;
    },
  } satisfies PreScorePlugin & ScorePlugin;
}
