import type { PodInfo } from './pod-info.js';

/** Pods that share a key, and how many of them sit on each node. */
export interface PodGroup {
  /** One of the pods (the first seen): every pod of the group behaves as it does for the index's user. */
  readonly sample: PodInfo;
  /** Pods of the group per node index; nodes without any are absent. */
  readonly nodes: ReadonlyMap<number, number>;
}

interface MutableGroup {
  readonly sample: PodInfo;
  readonly nodes: Map<number, number>;
}

/**
 * The snapshot's pods grouped by `keyOf` (pods it gives no key are left out), kept up to date as pods are
 * added and removed. InterPodAffinity groups the pods with (anti-)affinity by their terms: replicas share
 * them, so a cycle matches each group's terms once instead of each pod's.
 */
export class PodGroupIndex {
  readonly groups = new Map<string, MutableGroup>();

  constructor(private readonly keyOf: (pod: PodInfo) => string | undefined) {}

  update(pod: PodInfo, node: number, delta: 1 | -1): void {
    const key = this.keyOf(pod);
    if (key === undefined) return;
    let group = this.groups.get(key);
    if (group === undefined) {
      if (delta < 0) return;
      group = { sample: pod, nodes: new Map() };
      this.groups.set(key, group);
    }
    const count = (group.nodes.get(node) ?? 0) + delta;
    if (count > 0) group.nodes.set(node, count);
    else {
      group.nodes.delete(node);
      if (group.nodes.size === 0) this.groups.delete(key);
    }
  }
}
