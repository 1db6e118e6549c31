import type { PodInfo } from '@peapod/core';

/**
 * Pods nominated to nodes by preemption (upstream's nominator): they do not use the node yet, but Filter
 * treats them as present for pods of equal or lower priority.
 */
export class Nominator {
  private readonly byNode = new Map<number, PodInfo[]>();
  private readonly nodeOf = new Map<string, number>();

  /** Nominates `pod` to `node`, replacing an earlier nomination; `node` -1 removes it. */
  nominate(pod: PodInfo, node: number): void {
    this.remove(pod.key);
    if (node < 0) return;
    this.nodeOf.set(pod.key, node);
    let list = this.byNode.get(node);
    if (list === undefined) {
      list = [];
      this.byNode.set(node, list);
    }
    list.push(pod);
  }

  remove(podKey: string): void {
    const node = this.nodeOf.get(podKey);
    if (node === undefined) return;
    this.nodeOf.delete(podKey);
    const list = this.byNode.get(node)!;
    const at = list.findIndex((p) => p.key === podKey);
    if (at >= 0) list.splice(at, 1);
  }

  nominatedNode(podKey: string): number {
    return this.nodeOf.get(podKey) ?? -1;
  }

  podsOn(node: number): readonly PodInfo[] {
    return this.byNode.get(node) ?? EMPTY;
  }

  get size(): number {
    return this.nodeOf.size;
  }
}

const EMPTY: readonly PodInfo[] = [];
