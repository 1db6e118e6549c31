import type { SnapshotView } from '@peapod/core';

/**
 * Raw scores that depend only on the nodes (labels, taints, images) and on one part of the pod's spec (its
 * tolerations, preferred node affinity, images): computed once per distinct `key` over every node and read
 * by every pod that has the same part, as replicas do. `key` must identify the plugin instance and that part.
 */
export function nodeScores(snapshot: SnapshotView, key: string, score: (node: number) => number): Float64Array {
  return snapshot.nodeMemo(key, () => {
    const out = new Float64Array(snapshot.nodeCount);
    for (let node = 0; node < snapshot.nodeCount; node++) out[node] = score(node);
    return out;
  });
}

/** Copies the memoised scores of `nodes` into `out` (a ScorePlugin's `scoreAll`). */
export function readScores(scores: Float64Array, nodes: Int32Array, out: Float64Array): void {
  for (let k = 0; k < nodes.length; k++) out[k] = scores[nodes[k]!]!;
}

let instances = 0;

/** A prefix unique to one plugin instance, so that two instances with different args never share scores. */
export function scoreInstanceKey(plugin: string): string {
  instances++;
  return `${plugin}#score${instances}\u0000`;
}
