import { type CompiledRequirement, requirementsMatch } from '../labels.js';
import type { PodInfo } from './pod-info.js';

/**
 * A pod selector whose per-node match counts the snapshot keeps up to date: the pods of one namespace (or
 * any) whose labels meet every requirement. PodTopologySpread counts these on every node for every pod it
 * schedules; recounting them means walking every pod of the cluster, so the snapshot counts them once and
 * then adjusts the counts as pods are added and removed.
 */
export interface CountedSelector {
  /** Identity of the selection: two selectors with the same key must select the same pods. */
  readonly key: string;
  /** Only pods of this namespace count; undefined: no such restriction. */
  readonly namespace: string | undefined;
  /** Only pods of these namespaces count; undefined: no such restriction. */
  readonly namespaces?: ReadonlySet<string> | undefined;
  /** ANDed; an empty list selects every pod (of the namespace). */
  readonly requirements: readonly CompiledRequirement[];
  /** Pods with a deletionTimestamp do not count (upstream `countPodsMatchSelector`). */
  readonly skipTerminating: boolean;
}

/** The canonical key of a requirement list: the same requirements in any order give the same key. */
export function requirementsKey(requirements: readonly CompiledRequirement[]): string {
  return requirements
    .map((r) => `${r.key}\u0001${r.operator}\u0001${r.values ? [...r.values].sort().join('\u0002') : r.value}`)
    .sort()
    .join('\u0003');
}

interface Entry {
  readonly selector: CountedSelector;
  readonly counts: Int32Array;
  /** The `key=value` pair a pod must carry to match (an Equals/one-valued In requirement), or undefined. */
  readonly pair: string | undefined;
}

const NO_PODS: ReadonlyMap<PodInfo, number> = new Map();

const pairCache = new WeakMap<PodInfo, readonly string[]>();

/** The pod's labels as `key=value` strings, built once per pod (they are looked up on every add and remove). */
function labelPairs(pod: PodInfo): readonly string[] {
  let pairs = pairCache.get(pod);
  if (pairs === undefined) {
    const labels = pod.pod.metadata.labels;
    pairs = labels == null ? [] : Object.keys(labels).map((key) => `${key}=${labels[key]}`);
    pairCache.set(pod, pairs);
  }
  return pairs;
}

function selects(selector: CountedSelector, pod: PodInfo): boolean {
  if (selector.namespace !== undefined && pod.namespace !== selector.namespace) return false;
  if (selector.namespaces !== undefined && !selector.namespaces.has(pod.namespace)) return false;
  if (selector.skipTerminating && pod.pod.metadata.deletionTimestamp != null) return false;
  return requirementsMatch(selector.requirements, pod.pod.metadata.labels);
}

function requiredPair(requirements: readonly CompiledRequirement[]): string | undefined {
  for (const r of requirements) {
    if ((r.operator === 'Equals' || r.operator === 'In') && r.values === undefined) return `${r.key}=${r.value}`;
  }
  return undefined;
}

/**
 * Per-node match counts of the selectors asked for so far, least recently used first out beyond `capacity`
 * (a dropped selector is recounted when asked for again). A pod added or removed is matched only against the
 * selectors that could select it: those requiring one of its `key=value` labels, and those with no such
 * requirement.
 */
export class MatchCountIndex {
  private readonly entries = new Map<string, Entry>();
  private readonly byPair = new Map<string, Entry[]>();
  private readonly unpaired: Entry[] = [];
  /** Every pod, with its node, by each `key=value` label it carries; built on the first count that can use it. */
  private byLabel: Map<string, Map<PodInfo, number>> | undefined;
  /** The node each pod was last indexed on. */
  private readonly indexedNode = new Map<PodInfo, number>();

  constructor(
    private readonly nodeCount: number,
    private readonly podsOnNode: readonly (readonly PodInfo[])[],
    private readonly capacity: number,
  ) {}

  /** Matching pods per node index. The array is live: it changes as pods are added and removed. */
  counts(selector: CountedSelector): Int32Array {
    const hit = this.entries.get(selector.key);
    if (hit !== undefined) {
      // Map order is recency order.
      this.entries.delete(selector.key);
      this.entries.set(selector.key, hit);
      return hit.counts;
    }
    const counts = new Int32Array(this.nodeCount);
    const candidates = this.narrowest(selector.requirements);
    if (candidates !== undefined) {
      for (const [pod, node] of candidates) {
        // The index keeps removed pods: count only those still on their node.
        if (selects(selector, pod) && this.podsOnNode[node]!.includes(pod)) counts[node]! += 1;
      }
    } else {
      for (let node = 0; node < this.nodeCount; node++) {
        const pods = this.podsOnNode[node]!;
        let n = 0;
        for (let i = 0; i < pods.length; i++) if (selects(selector, pods[i]!)) n++;
        counts[node] = n;
      }
    }
    const entry: Entry = { selector, counts, pair: requiredPair(selector.requirements) };
    this.entries.set(selector.key, entry);
    if (entry.pair === undefined) this.unpaired.push(entry);
    else {
      const list = this.byPair.get(entry.pair);
      if (list === undefined) this.byPair.set(entry.pair, [entry]);
      else list.push(entry);
    }
    if (this.entries.size > this.capacity) this.evictOldest();
    return counts;
  }

  /**
   * The pods (with their node) carrying the rarest `key=value` label the requirements demand, from an index of
   * every pod by label built on first use; undefined when no requirement demands one.
   */
  private narrowest(requirements: readonly CompiledRequirement[]): ReadonlyMap<PodInfo, number> | undefined {
    let best: ReadonlyMap<PodInfo, number> | undefined;
    for (const r of requirements) {
      if (!((r.operator === 'Equals' || r.operator === 'In') && r.values === undefined)) continue;
      const pods = this.podsWithLabel().get(`${r.key}=${r.value}`) ?? NO_PODS;
      if (best === undefined || pods.size < best.size) best = pods;
    }
    return best;
  }

  private podsWithLabel(): Map<string, Map<PodInfo, number>> {
    if (this.byLabel !== undefined) return this.byLabel;
    this.byLabel = new Map();
    for (let node = 0; node < this.nodeCount; node++) {
      const pods = this.podsOnNode[node]!;
      for (let i = 0; i < pods.length; i++) {
        this.indexedNode.set(pods[i]!, node);
        this.indexLabels(pods[i]!, node);
      }
    }
    return this.byLabel;
  }

  private indexLabels(pod: PodInfo, node: number): void {
    const byLabel = this.byLabel!;
    const pairs = labelPairs(pod);
    for (let i = 0; i < pairs.length; i++) {
      let pods = byLabel.get(pairs[i]!);
      if (pods === undefined) {
        pods = new Map();
        byLabel.set(pairs[i]!, pods);
      }
      pods.set(pod, node);
    }
  }

  /** Accounts a pod added to (`delta` 1) or removed from (-1) a node. */
  update(pod: PodInfo, node: number, delta: 1 | -1): void {
    // The label index only grows: a removed pod stays in it and `narrowest`'s users check that it is still on
    // its node. Preemption's dry runs remove and re-add many pods, and this keeps those cheap.
    if (delta === 1 && this.byLabel !== undefined && this.indexedNode.get(pod) !== node) {
      this.indexedNode.set(pod, node);
      this.indexLabels(pod, node);
    }
    if (this.entries.size === 0) return;
    if (this.byPair.size > 0) {
      const pairs = labelPairs(pod);
      for (let p = 0; p < pairs.length; p++) {
        const list = this.byPair.get(pairs[p]!);
        if (list === undefined) continue;
        for (let i = 0; i < list.length; i++) if (selects(list[i]!.selector, pod)) list[i]!.counts[node]! += delta;
      }
    }
    const unpaired = this.unpaired;
    for (let i = 0; i < unpaired.length; i++)
      if (selects(unpaired[i]!.selector, pod)) unpaired[i]!.counts[node]! += delta;
  }

  private evictOldest(): void {
    const [key, entry] = this.entries.entries().next().value as [string, Entry];
    this.entries.delete(key);
    const list = entry.pair === undefined ? this.unpaired : this.byPair.get(entry.pair)!;
    list.splice(list.indexOf(entry), 1);
    if (entry.pair !== undefined && list.length === 0) this.byPair.delete(entry.pair);
  }
}
