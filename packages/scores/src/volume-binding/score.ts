import { type CycleState, type Handle, PluginNames, type PodInfo, type ScorePlugin } from '@peapod/core';

/**
 * VolumeBinding, score half (upstream `volumebinding/volume_binding.go`, v1.26). Upstream only scores when the
 * VolumeCapacityPriority feature gate (alpha, off in v1.26) gives the plugin a scorer, which favours nodes by
 * the utilisation of the static PVs the pod would bind there; without it `Score` returns 0 for every node,
 * which is what the fidelity corpus shows (`VolumeBinding: 0` in every `pluginScores`). The gate is not
 * supported here (`shape` is rejected by `VolumeBindingArgsSchema`), so the score is always 0. It has no
 * PreScore or NormalizeScore, as upstream; it stays a score plugin so that profiles list it with its weight.
 */
export function volumeBindingScore(): ScorePlugin {
  return {
    name: PluginNames.VolumeBinding,

    score(_state: CycleState, _pod: PodInfo, _node: number, _handle: Handle): number {
      return 0;
    },

    scoreAll(_state: CycleState, _pod: PodInfo, nodes: Int32Array, _handle: Handle, out: Float64Array): void {
      out.fill(0, 0, nodes.length);
    },
  } satisfies ScorePlugin;
}
