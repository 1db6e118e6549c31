import type { Node } from '@peapod/core';

/** The topology domains of one key over a node list. */
export interface TopologyIndex {
  readonly key: string;
  /** Domain of each node (position in `values`), -1 when the node lacks the label. */
  readonly domainOf: Int32Array;
  /** Distinct label values, in order of first appearance in the node list. */
  readonly values: readonly string[];
  /**
   * The domain a node without the label reads (Go's map lookup gives `""`): that of the value `""` when some
   * node has it, else one slot past the values.
   */
  readonly emptyDomain: number;
  /** The domain of each value. */
  readonly domainOfValue: ReadonlyMap<string, number>;
}

const indexCache = new WeakMap<readonly Node[], Map<string, TopologyIndex>>();

/**
 * The domain of every node for `key`, computed once per node list and key (node labels are immutable during a
 * run; a new snapshot has a new node list).
 */
export function topologyIndex(nodes: readonly Node[], key: string): TopologyIndex {
  let byKey = indexCache.get(nodes);
  if (byKey === undefined) {
    byKey = new Map();
    indexCache.set(nodes, byKey);
  }
  let index = byKey.get(key);
  if (index === undefined) {
    const domainOf = new Int32Array(nodes.length);
    const values: string[] = [];
    const ids = new Map<string, number>();
    nodes.forEach((node, i) => {
      const labels = node.metadata.labels;
      if (labels == null || !Object.hasOwn(labels, key)) {
        domainOf[i] = -1;
        return;
      }
      const value = labels[key]!;
      let id = ids.get(value);
      if (id === undefined) {
        id = values.length;
        ids.set(value, id);
        values.push(value);
      }
      domainOf[i] = id;
    });
    const empty = ids.get('');
    index = { key, domainOf, values, emptyDomain: empty ?? values.length, domainOfValue: ids };
    byKey.set(key, index);
  }
  return index;
}
