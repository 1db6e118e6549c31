import { type ClusterObjects, ErrorCodes, type Node, PeapodError } from '@peapod/core';
import type { Scheduler } from '../scheduler.js';
import { type CapacityResult, runCapacity } from './capacity.js';
import { nodeCopy, type ReplicaTemplate } from './template.js';

/** One full run of the search: `nodes` template nodes added, `replicas` of the target bound. */
export interface NodeSearchStep {
  readonly nodes: number;
  readonly replicas: number;
}

/**
 * `found`: `nodesToAdd` is the answer. `template-node-does-not-fit`: a replica did not fit although an
 * added node stood empty, so more nodes of that shape cannot help. `max-nodes-reached`: `maxNodes` nodes
 * were not enough.
 */
export type NodeSearchStatus = 'found' | 'template-node-does-not-fit' | 'max-nodes-reached';

export interface NodeSearchResult {
  readonly status: NodeSearchStatus;
  /** More replicas wanted. */
  readonly target: number;
  readonly maxNodes: number;
  /** The smallest number of template nodes found that fits `target` replicas (`found` only). */
  readonly nodesToAdd?: number;
  /** Every run, in the order it was made. */
  readonly steps: readonly NodeSearchStep[];
  /** Nodes added in `run`. */
  readonly addedNodes: number;
  /** `template-node-does-not-fit`: the added node that held no pod when the replica did not fit. */
  readonly emptyNode?: string;
  /** The run with `nodesToAdd` nodes added; otherwise the last run made. */
  readonly run: CapacityResult;
}

/**
 * How many nodes shaped like `nodeTemplate` must be added for `target` more replicas of `template` to fit.
 * Each step is a full deterministic run from the original cluster with `k` copies of the node template
 * (`<name>-1` ... `<name>-k`) appended: k = 0, then 1, 2, 4, ... up to `maxNodes`, then a binary search
 * between the last k that fell short and the first that fit. The search assumes that more nodes never fit
 * fewer replicas. `newScheduler` must return a fresh scheduler each call (its random source starts over).
 */
export function searchNodes(
  newScheduler: () => Scheduler,
  objects: ClusterObjects,
  template: ReplicaTemplate,
  nodeTemplate: Node,
  target: number,
  maxNodes: number,
): NodeSearchResult {
  const existing = new Set(objects.nodes.map((n) => n.metadata.name));
  const steps: NodeSearchStep[] = [];
  const runWith = (k: number): CapacityResult => {
    const added = Array.from({ length: k }, (_, i) => nodeCopy(nodeTemplate, i + 1));
    for (const node of added) {
      if (existing.has(node.metadata.name)) {
        throw new PeapodError(
          ErrorCodes.InputInconsistent,
          `Node ${node.metadata.name}: the cluster already has a node of that name (rename the node template)`,
        );
      }
    }
    const run = runCapacity(newScheduler(), { ...objects, nodes: [...objects.nodes, ...added] }, template, target);
    steps.push({ nodes: k, replicas: run.replicas });
    return run;
  };
  const result = (status: NodeSearchStatus, addedNodes: number, run: CapacityResult, nodesToAdd?: number) => {
    const emptyNode = status === 'template-node-does-not-fit' ? emptyAddedNode(run, objects.nodes.length) : undefined;
    return {
      status,
      target,
      maxNodes,
      ...(nodesToAdd !== undefined ? { nodesToAdd } : {}),
      steps,
      addedNodes,
      ...(emptyNode !== undefined ? { emptyNode } : {}),
      run,
    };
  };

  let low = 0;
  let run = runWith(0);
  if (run.replicas >= target) return result('found', 0, run, 0);
  let high = 0;
  // Exponential phase: the first k (1, 2, 4, ..., maxNodes) that fits.
  for (;;) {
    if (high >= maxNodes) return result('max-nodes-reached', high, run);
    const k = Math.min(maxNodes, high === 0 ? 1 : high * 2);
    run = runWith(k);
    if (run.replicas >= target) {
      high = k;
      break;
    }
    if (run.stop !== undefined && emptyAddedNode(run, objects.nodes.length) !== undefined)
      return result('template-node-does-not-fit', k, run);
    low = k;
    high = k;
  }
  // Binary phase: `low` falls short, `high` fits.
  let best = run;
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    const probe = runWith(mid);
    if (probe.replicas >= target) {
      high = mid;
      best = probe;
    } else {
      low = mid;
    }
  }
  return result('found', high, best, high);
}

/** The first added node (those after the first `existing`) that holds no pod after the run. */
function emptyAddedNode(run: CapacityResult, existing: number): string | undefined {
  return run.nodes.slice(existing).find((node) => node.pods === 0)?.node;
}
