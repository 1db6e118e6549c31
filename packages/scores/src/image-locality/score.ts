import {
  type Container,
  type CycleState,
  type Handle,
  MAX_NODE_SCORE,
  PluginNames,
  type PodInfo,
  type ScorePlugin,
  type SnapshotView,
} from '@peapod/core';
import { instanceKey } from '@peapod/filters';
import { goIntDiv } from '../helper/go-math.js';
import { buildImageIndex, type NodeImageScores } from './image-index.js';

const MB = 1024 * 1024;
/** Bounds of the summed image size (upstream: the 90th percentile of images on Docker Hub falls in this range). */
export const MIN_IMAGE_THRESHOLD = 23 * MB;
/** Per container: the upper bound is `1000MiB * number of containers`. */
export const MAX_CONTAINER_IMAGE_THRESHOLD = 1000 * MB;

/**
 * The name the node's image list is searched for (upstream `normalizedImageName`): `:latest` is appended when
 * the name has no tag, i.e. no `:` after the last `/`. Nothing else is normalised, so `nginx:1.25.3` does not
 * match a node's `docker.io/library/nginx:1.25.3`.
 */
export function normalizedImageName(name: string): string {
  return name.lastIndexOf(':') <= name.lastIndexOf('/') ? `${name}:latest` : name;
}

/**
 * Upstream `calculatePriority`: the sum clamped to `[23MiB, 1000MiB * numContainers]`, then scaled to
 * `100 * (sum - min) / (max - min)` with int64 division.
 */
export function imageLocalityPriority(sumScores: number, numContainers: number): number {
  const maxThreshold = MAX_CONTAINER_IMAGE_THRESHOLD * numContainers;
  let sum = sumScores;
  if (sum < MIN_IMAGE_THRESHOLD) sum = MIN_IMAGE_THRESHOLD;
  else if (sum > maxThreshold) sum = maxThreshold;
  return goIntDiv(MAX_NODE_SCORE * (sum - MIN_IMAGE_THRESHOLD), maxThreshold - MIN_IMAGE_THRESHOLD);
}

/** The normalised image names of the pod's regular containers, one per container (duplicates count twice). */
function containerImages(containers: readonly Container[]): string[] {
  return containers.map((c) => normalizedImageName(c.image ?? ''));
}

function nodeScore(images: readonly string[], node: NodeImageScores): number {
  let sum = 0;
  for (let i = 0; i < images.length; i++) sum += node.get(images[i]!) ?? 0;
  return imageLocalityPriority(sum, images.length);
}

/**
 * ImageLocality (upstream `imagelocality/image_locality.go`, v1.26), a Score plugin only (no PreScore, no
 * NormalizeScore): favours nodes that already have the images of the pod's containers. Per node,
 * `Σ int64(size * numNodesWithImage / totalNodes)` over the regular containers whose image the node has
 * (init containers are not counted in v1.26; later versions count them too), clamped and scaled by
 * `imageLocalityPriority`. The spread damps the "node heating" of an image present on few nodes.
 *
 * The per-node image scores are built once per snapshot (nodes do not change during a run); see
 * `buildImageIndex` for v1.26's frozen `NumNodes`. `scoreAll` normalises the pod's image names once.
 */
export function imageLocalityScore(): ScorePlugin {
  const indexes = new WeakMap<SnapshotView, NodeImageScores[]>();
  const prefix = instanceKey(PluginNames.ImageLocality);
  /** scoreAll's per-node sums, all zero between calls. */
  let sums = new Float64Array(0);

  function indexOf(snapshot: SnapshotView): NodeImageScores[] {
    let index = indexes.get(snapshot);
    if (index === undefined) {
      index = buildImageIndex(snapshot);
      indexes.set(snapshot, index);
    }
    return index;
  }

  const inverted = new WeakMap<SnapshotView, Map<string, ImageHolders>>();
  function imagesOf(snapshot: SnapshotView): Map<string, ImageHolders> {
    let byImage = inverted.get(snapshot);
    if (byImage === undefined) {
      byImage = invertImageIndex(indexOf(snapshot));
      inverted.set(snapshot, byImage);
    }
    return byImage;
  }

  return {
    name: PluginNames.ImageLocality,

    score(_state: CycleState, pod: PodInfo, node: number, handle: Handle): number {
      return nodeScore(containerImages(pod.pod.spec.containers), indexOf(handle.snapshot)[node]!);
    },

    scoreAll(_state: CycleState, pod: PodInfo, nodes: Int32Array, handle: Handle, out: Float64Array): void {
      const images = containerImages(pod.pod.spec.containers);
      const snapshot = handle.snapshot;
      const byImage = imagesOf(snapshot);
      // Scoring most nodes: every node's score, once per distinct image list (replicas share one).
      if (nodes.length * 4 >= snapshot.nodeCount) {
        const all = snapshot.nodeMemo(`${prefix}${JSON.stringify(images)}`, () => {
          const row = new Float64Array(snapshot.nodeCount);
          addHolders(row, byImage, images, 1);
          for (let node = 0; node < row.length; node++) row[node] = imageLocalityPriority(row[node]!, images.length);
          return row;
        });
        for (let k = 0; k < nodes.length; k++) out[k] = all[nodes[k]!]!;
        return;
      }
      // A sample of the nodes (adaptive percentage on a large cluster): summed over the nodes that have each
      // image into a zeroed scratch row, read for `nodes`, and the touched entries zeroed again.
      if (sums.length !== snapshot.nodeCount) sums = new Float64Array(snapshot.nodeCount);
      addHolders(sums, byImage, images, 1);
      for (let k = 0; k < nodes.length; k++) out[k] = imageLocalityPriority(sums[nodes[k]!]!, images.length);
      addHolders(sums, byImage, images, 0);
    },
  } satisfies ScorePlugin;
}

/**
 * Adds, per node, the scores of the images it has (in the pod's container order, as upstream sums them);
 * `mode` 0 zeroes those entries instead.
 */
function addHolders(
  row: Float64Array,
  byImage: ReadonlyMap<string, ImageHolders>,
  images: readonly string[],
  mode: 0 | 1,
): void {
  for (const image of images) {
    const holders = byImage.get(image);
    if (holders === undefined) continue;
    const { nodes, scores } = holders;
    if (mode === 1) for (let h = 0; h < nodes.length; h++) row[nodes[h]!]! += scores[h]!;
    else for (let h = 0; h < nodes.length; h++) row[nodes[h]!] = 0;
  }
}

/** The nodes that have one image, with the image's score on each (from the per-node index). */
interface ImageHolders {
  readonly nodes: Int32Array;
  readonly scores: Float64Array;
}

function invertImageIndex(perNode: readonly NodeImageScores[]): Map<string, ImageHolders> {
  const lists = new Map<string, { nodes: number[]; scores: number[] }>();
  perNode.forEach((images, node) => {
    for (const [image, score] of images) {
      let list = lists.get(image);
      if (list === undefined) {
        list = { nodes: [], scores: [] };
        lists.set(image, list);
      }
      list.nodes.push(node);
      list.scores.push(score);
    }
  });
  const out = new Map<string, ImageHolders>();
  for (const [image, list] of lists)
    out.set(image, { nodes: Int32Array.from(list.nodes), scores: Float64Array.from(list.scores) });
  return out;
}
