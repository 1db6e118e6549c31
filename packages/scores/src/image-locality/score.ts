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

  function indexOf(snapshot: SnapshotView): NodeImageScores[] {
    let index = indexes.get(snapshot);
    if (index === undefined) {
      index = buildImageIndex(snapshot);
      indexes.set(snapshot, index);
    }
    return index;
  }

  return {
    name: PluginNames.ImageLocality,

    score(_state: CycleState, pod: PodInfo, node: number, handle: Handle): number {
      return nodeScore(containerImages(pod.pod.spec.containers), indexOf(handle.snapshot)[node]!);
    },

    scoreAll(_state: CycleState, pod: PodInfo, nodes: Int32Array, handle: Handle, out: Float64Array): void {
      const images = containerImages(pod.pod.spec.containers);
      const index = indexOf(handle.snapshot);
      for (let i = 0; i < nodes.length; i++) out[i] = nodeScore(images, index[nodes[i]!]!);
    },
  } satisfies ScorePlugin;
}
