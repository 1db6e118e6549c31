import type { LabelMap } from '@peapod/core';

/**
 * Counts per topology pair (label key, label value), upstream `topologyToMatchedTermCount`
 * (`map[topologyPair]int64`). A pair whose count returns to 0 is deleted, as upstream does, so `size` is upstream's
 * `len(map)`: the number of pairs with a non-zero count. The InterPodAffinity filter's "first pod of a group"
 * rule depends on it.
 *
 * Stored as key -> value -> count, so a node is checked by looking its labels up, without building pair strings.
 */
export class TopologyPairCounts {
  private readonly byKey = new Map<string, Map<string, number>>();
  /** Every key ever counted, for allocation-free iteration (a key whose values all went back to 0 stays). */
  private readonly keys: string[] = [];
  private pairs = 0;
  /**
   * Keys whose value map this instance may share with clones of it (or the instance it was cloned from):
   * copied before this instance first writes to one. Preemption's dry runs clone the state once per candidate
   * node, and a hostname key has a value per node: a deep copy each time would cost nodes² per pod.
   */
  private readonly shared = new Set<string>();

  /** Number of pairs with a non-zero count (upstream `len(m)`). */
  get size(): number {
    return this.pairs;
  }

  /** Every key counted so far (some may have no non-zero pair left). */
  keyList(): readonly string[] {
    return this.keys;
  }

  /** The non-zero counts of one key, by value. */
  valuesOf(key: string): ReadonlyMap<string, number> | undefined {
    return this.byKey.get(key);
  }

  /** The count of a pair, 0 when absent. */
  get(key: string, value: string): number {
    return this.byKey.get(key)?.get(value) ?? 0;
  }

  /** Adds `delta` (which may be negative) to a pair; a pair that reaches 0 is deleted. */
  add(key: string, value: string, delta: number): void {
    let values = this.byKey.get(key);
    if (values === undefined) {
      values = new Map();
      this.byKey.set(key, values);
      this.keys.push(key);
    } else if (this.shared.size > 0 && this.shared.delete(key)) {
      values = new Map(values);
      this.byKey.set(key, values);
    }
    const before = values.get(value) ?? 0;
    const after = before + delta;
    if (after === 0) {
      if (values.delete(value)) this.pairs--;
    } else {
      values.set(value, after);
      if (before === 0) this.pairs++;
    }
  }

  /**
   * Upstream `topologyToMatchedTermCount.update`: adds `delta` to (key, the node's value of key), and does nothing
   * when the node does not have the key.
   */
  addForNode(key: string, nodeLabels: LabelMap, delta: number): void {
    if (nodeLabels != null && Object.hasOwn(nodeLabels, key)) this.add(key, nodeLabels[key]!, delta);
  }

  /** The count of (key, the node's value of key), or 0 when the node does not have the key. */
  countOnNode(key: string, nodeLabels: LabelMap): number {
    if (nodeLabels == null || !Object.hasOwn(nodeLabels, key)) return 0;
    return this.get(key, nodeLabels[key]!);
  }

  /** Whether any of the node's label pairs has a positive count. Allocation-free. */
  anyPositiveOnNode(nodeLabels: LabelMap): boolean {
    if (this.pairs === 0 || nodeLabels == null) return false;
    const keys = this.keys;
    for (let i = 0; i < keys.length; i++) {
      if (this.countOnNode(keys[i]!, nodeLabels) > 0) return true;
    }
    return false;
  }

  /** Every non-zero pair, for tests and diagnostics: `[key, value, count]` sorted by key then value. */
  entries(): [string, string, number][] {
    const out: [string, string, number][] = [];
    for (const [key, values] of this.byKey) for (const [value, count] of values) out.push([key, value, count]);
    return out.sort((a, b) => (a[0] === b[0] ? compare(a[1], b[1]) : compare(a[0], b[0])));
  }

  /**
   * A copy that behaves as a deep one: the value maps are shared until either side writes to one (copy on
   * write), so a clone costs the number of keys, not of pairs.
   */
  clone(): TopologyPairCounts {
    const copy = new TopologyPairCounts();
    for (const key of this.keys) {
      copy.byKey.set(key, this.byKey.get(key)!);
      copy.keys.push(key);
      copy.shared.add(key);
      this.shared.add(key);
    }
    copy.pairs = this.pairs;
    return copy;
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
