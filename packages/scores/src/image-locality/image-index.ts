import type { SnapshotView } from '@peapod/core';

/**
 * What ImageLocality reads of each node: for every image name the node reports, the image's size scaled by
 * its spread (upstream `scaledImageScore`: `int64(float64(size) * float64(numNodes) / float64(totalNodes))`).
 */
export type NodeImageScores = ReadonlyMap<string, number>;

/** Byte order of the UTF-8 names (that is, code point order), as etcd keys and so the API server's lists are sorted. */
export function compareNames(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const ca = a.codePointAt(i)!;
    const cb = b.codePointAt(j)!;
    if (ca !== cb) return ca < cb ? -1 : 1;
    i += ca > 0xffff ? 2 : 1;
    j += cb > 0xffff ? 2 : 1;
  }
  return i < a.length ? 1 : j < b.length ? -1 : 0;
}

/**
 * The scaled image scores of every node of a snapshot, as the v1.26 scheduler cache has them
 * (`cache.addNodeImageStates` / `createImageStateSummary`):
 * - the cache adds nodes in the order the node informer lists them, by name;
 * - an image name's size is that of the first node that reported it;
 * - a node's `NumNodes` for a name is frozen when the node is added: the number of nodes added so far
 *   (itself included) that have it. Nodes added later do not update it (later versions share one summary per
 *   image, so every node sees the full count).
 * The fidelity corpus confirms this on every ImageLocality score; counting over all nodes does not.
 * `totalNodes` is every node of the snapshot. Names repeated on one node count once (the first image wins).
 */
export function buildImageIndex(snapshot: SnapshotView): NodeImageScores[] {
  const total = snapshot.nodeCount;
  const order = Array.from({ length: total }, (_, i) => i).sort((a, b) =>
    compareNames(snapshot.nodeNames[a]!, snapshot.nodeNames[b]!),
  );
  const states = new Map<string, { readonly size: number; readonly nodes: Set<string> }>();
  const perNode: NodeImageScores[] = new Array(total);
  for (const node of order) {
    const name = snapshot.nodeNames[node]!;
    const scores = new Map<string, number>();
    for (const image of snapshot.nodes[node]!.status?.images ?? []) {
      for (const imageName of image.names ?? []) {
        let state = states.get(imageName);
        if (state === undefined) {
          state = { size: image.sizeBytes ?? 0, nodes: new Set() };
          states.set(imageName, state);
        }
        state.nodes.add(name);
        if (!scores.has(imageName)) scores.set(imageName, scaledImageScore(state.size, state.nodes.size, total));
      }
    }
    perNode[node] = scores;
  }
  return perNode;
}

/** `int64(float64(size) * spread)` with `spread = float64(numNodes) / float64(totalNodes)`. */
export function scaledImageScore(size: number, numNodes: number, totalNodes: number): number {
  const spread = numNodes / totalNodes;
  return Math.trunc(size * spread);
}
