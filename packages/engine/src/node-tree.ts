import type { Node } from '@peapod/core';

const REGION_LABELS = ['topology.kubernetes.io/region', 'failure-domain.beta.kubernetes.io/region'];
const ZONE_LABELS = ['topology.kubernetes.io/zone', 'failure-domain.beta.kubernetes.io/zone'];

function firstLabel(labels: Readonly<Record<string, string>> | null | undefined, keys: readonly string[]): string {
  for (const key of keys) {
    const v = labels?.[key];
    if (v) return v;
  }
  return '';
}

/** Upstream `utilnode.GetZoneKey`: region and zone, or "" when the node has neither. */
export function zoneKey(node: Node): string {
  const labels = node.metadata.labels;
  const region = firstLabel(labels, REGION_LABELS);
  const zone = firstLabel(labels, ZONE_LABELS);
  return region === '' && zone === '' ? '' : `${region}:\x00:${zone}`;
}

/**
 * The order in which upstream's scheduler walks nodes (its `nodeTree.list()`): zones in order of their
 * first node, nodes of a zone in input order, taken round-robin one per zone. It decides which nodes a
 * percentageOfNodesToScore below 100 looks at, and the order of the random tie-break.
 */
export function nodeTreeOrder(nodes: readonly Node[]): Int32Array {
  const zones = new Map<string, number[]>();
  nodes.forEach((node, i) => {
    const key = zoneKey(node);
    let list = zones.get(key);
    if (list === undefined) {
      list = [];
      zones.set(key, list);
    }
    list.push(i);
  });
  const order = new Int32Array(nodes.length);
  const lists = [...zones.values()];
  let k = 0;
  for (let round = 0; k < nodes.length; round++) {
    for (const list of lists) if (round < list.length) order[k++] = list[round]!;
  }
  return order;
}

const MIN_FEASIBLE_NODES_TO_FIND = 100;
const MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;

/**
 * Upstream `numFeasibleNodesToFind`: how many feasible nodes to look for before stopping Filter.
 * `percentage` 0 is adaptive: 50% minus 1% per 125 nodes, at least 5%; never fewer than 100 nodes.
 */
export function numFeasibleNodesToFind(percentage: number, numAllNodes: number): number {
  if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND) return numAllNodes;
  let p = percentage;
  if (p === 0) p = Math.max(MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND, 50 - Math.trunc(numAllNodes / 125));
  const numNodes = Math.trunc((numAllNodes * p) / 100);
  return Math.max(numNodes, MIN_FEASIBLE_NODES_TO_FIND);
}
