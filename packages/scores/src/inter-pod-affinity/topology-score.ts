import type { LabelMap, SnapshotView } from '@peapod/core';
import { topologyIndex } from '@peapod/filters';

/**
 * Upstream `scoreMap` (`map[topologyKey]map[topologyValue]int64`): the score that each topology domain gives every
 * node in it. Stored by key, so a node's score is one lookup per key. Values may be negative (anti-affinity) and are
 * integers well inside float64's exact range (weights are at most 100, one term per existing pod and term).
 */
export class TopologyScore {
  private readonly byKey = new Map<string, Map<string, number>>();
  private readonly keys: string[] = [];
  private readonly values: Map<string, number>[] = [];

  /** No domain was ever touched (upstream `len(topologyScore) == 0`); every node then scores 0. */
  get isEmpty(): boolean {
    return this.keys.length === 0;
  }

  /**
   * Upstream `scoreMap.processTerm` once the term matched: adds `delta` to (key, the node's value of key). A node
   * without the key contributes nothing.
   */
  addForNode(key: string, nodeLabels: LabelMap, delta: number): void {
    if (nodeLabels == null || !Object.hasOwn(nodeLabels, key)) return;
    let values = this.byKey.get(key);
    if (values === undefined) {
      values = new Map();
      this.byKey.set(key, values);
      this.keys.push(key);
      this.values.push(values);
    }
    const value = nodeLabels[key]!;
    values.set(value, (values.get(value) ?? 0) + delta);
  }

  /** Upstream `Score`: the sum, over the keys, of the score of the node's domain (0 for a key the node lacks). */
  scoreOf(nodeLabels: LabelMap): number {
    if (nodeLabels == null) return 0;
    let score = 0;
    const keys = this.keys;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      if (Object.hasOwn(nodeLabels, key)) score += this.values[i]!.get(nodeLabels[key]!) ?? 0;
    }
    return score;
  }

  /**
   * `scoreOf` for many nodes at once, key by key over the nodes' domain indexes (each node's sum is built in
   * the same key order).
   */
  scoreNodes(snapshot: SnapshotView, nodes: Int32Array, out: Float64Array): void {
    out.fill(0, 0, nodes.length);
    for (let i = 0; i < this.keys.length; i++) {
      const index = topologyIndex(snapshot.nodes, this.keys[i]!);
      const values = this.values[i]!;
      // Few domains have scores: placed by value, not looked up for every domain.
      const domainScores = new Float64Array(index.values.length);
      for (const [value, score] of values) {
        const domain = index.domainOfValue.get(value);
        if (domain !== undefined) domainScores[domain] = score;
      }
      const domainOf = index.domainOf;
      for (let k = 0; k < nodes.length; k++) {
        const d = domainOf[nodes[k]!]!;
        if (d >= 0) out[k]! += domainScores[d]!;
      }
    }
  }

  /** Every domain: `[key, value, score]` sorted by key then value, for tests and diagnostics. */
  entries(): [string, string, number][] {
    const out: [string, string, number][] = [];
    for (const [key, values] of this.byKey) for (const [value, score] of values) out.push([key, value, score]);
    return out.sort((a, b) => (a[0] === b[0] ? compare(a[1], b[1]) : compare(a[0], b[0])));
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
