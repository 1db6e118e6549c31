import type { SnapshotView } from '@peapod/core';
import { worthMemoising } from '@peapod/filters';

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

/**
 * A ScorePlugin's `scoreAll` for node-only scores: memoised over every node (`nodeScores`) when most nodes
 * are scored; computed for `nodes` alone when they are a sample of a large cluster (the adaptive percentage).
 */
export function scoreNodeOnly(
  snapshot: SnapshotView,
  key: string,
  nodes: Int32Array,
  out: Float64Array,
  score: (node: number) => number,
): void {
  if (worthMemoising(snapshot, key, nodes.length)) readScores(nodeScores(snapshot, key, score), nodes, out);
  else for (let k = 0; k < nodes.length; k++) out[k] = score(nodes[k]!);
}
