import type { Node } from '@peapod/core';
import type { CapacityResult, CapacityStop, NodeSearchResult, ReplicaTemplate } from '@peapod/engine';
import { orderKeys } from './json.js';
import { formatTable } from './table.js';

export const CAPACITY_FORMATS = ['table', 'json'] as const;
export type CapacityFormat = (typeof CAPACITY_FORMATS)[number];

/** What `peapod capacity` prints: the run, and with --node-template the search that led to it. */
export interface CapacityReport {
  readonly template: ReplicaTemplate;
  /** The run shown: the only run, or the search's final one. */
  readonly run: CapacityResult;
  readonly search?: { readonly nodeTemplate: Node; readonly result: NodeSearchResult };
}

const STOP_KEYS = [
  'replica',
  'pod',
  'reason',
  'message',
  'reasonCounts',
  'unschedulablePlugins',
  'nominatedNode',
  'victims',
] as const;
const SEARCH_KEYS = [
  'nodeTemplate',
  'target',
  'maxNodes',
  'status',
  'nodesToAdd',
  'addedNodes',
  'emptyNode',
  'steps',
] as const;

export function renderCapacity(report: CapacityReport, format: CapacityFormat): string {
  return format === 'json' ? renderJson(report) : renderText(report);
}

function templateRef(template: ReplicaTemplate): string {
  return `${template.kind} ${template.namespace}/${template.name}`;
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function stopLine(stop: CapacityStop | undefined, max: number): string {
  if (stop === undefined) return `--max ${max}`;
  const preempt =
    stop.nominatedNode === undefined
      ? ''
      : ` (it would preempt ${plural(stop.victims?.length ?? 0, 'pod')} on ${stop.nominatedNode}; capacity does not preempt)`;
  return `replica ${stop.replica} (${stop.pod}): ${stop.message}${preempt}`;
}

/** A `Key:   value` block (kubectl describe style), a blank line, then the replicas per node. */
function renderText({ template, run, search }: CapacityReport): string {
  const rows: [string, string][] = [['Template', templateRef(template)]];
  const { pendingPods, scheduled, unschedulable } = run.pending;
  const pending =
    pendingPods === 0
      ? 'no pending pods in the cluster'
      : `${scheduled}/${plural(pendingPods, 'pending pod')} of the cluster scheduled first, ${unschedulable} unschedulable`;
  if (search === undefined) {
    rows.push(['Pending', pending]);
    rows.push(['Fit', plural(run.replicas, 'more replica')]);
    rows.push(['Stopped by', stopLine(run.stop, run.max)]);
  } else {
    const { nodeTemplate, result } = search;
    const name = nodeTemplate.metadata.name;
    rows.push(['Node template', `Node ${name} (copies named ${name}-1, ${name}-2, ...)`]);
    rows.push(['Wanted', plural(result.target, 'more replica')]);
    rows.push(['Nodes to add', nodesToAdd(result)]);
    const runs = result.steps.map((step) => `+${step.nodes}: ${step.replicas}`).join(', ');
    rows.push(['Runs', `${runs} (nodes added: replicas that fit)`]);
    rows.push(['Pending', pending]);
    rows.push(['Fit', `${plural(run.replicas, 'more replica')} with ${plural(result.addedNodes, 'node')} added`]);
    if (result.status !== 'found') rows.push(['Stopped by', stopLine(run.stop, run.max)]);
  }
  const width = Math.max(...rows.map(([key]) => key.length)) + 4;
  const block = rows.map(([key, value]) => `${`${key}:`.padEnd(width)}${value}`).join('\n');
  const used = run.nodes.filter((n) => n.replicas > 0);
  if (used.length === 0) return `${block}\n`;
  const table = formatTable(
    ['NODE', 'REPLICAS', 'PODS'],
    used.map((n) => [n.node, String(n.replicas), String(n.pods)]),
  );
  return `${block}\n\n${table}`;
}

function nodesToAdd(result: NodeSearchResult): string {
  switch (result.status) {
    case 'found':
      return String(result.nodesToAdd);
    case 'template-node-does-not-fit':
      return `no number: with ${plural(result.addedNodes, 'node')} added, ${result.emptyNode} stayed empty and a replica still did not fit`;
    case 'max-nodes-reached':
      return `more than ${result.maxNodes} (--max-nodes)`;
  }
}

function renderJson({ template, run, search }: CapacityReport): string {
  const doc = {
    apiVersion: 'peapod.dev/v1alpha1',
    kind: 'CapacityResult',
    template: { kind: template.kind, namespace: template.namespace, name: template.name },
    ...(search === undefined
      ? {}
      : {
          nodeSearch: orderKeys(
            { ...search.result, nodeTemplate: search.nodeTemplate.metadata.name, run: undefined },
            SEARCH_KEYS,
          ),
        }),
    pending: orderKeys(run.pending, ['pendingPods', 'scheduled', 'unschedulable']),
    max: run.max,
    replicas: run.replicas,
    ...(run.stop === undefined ? {} : { stop: orderKeys(run.stop, STOP_KEYS) }),
    nodes: run.nodes.map((n) => ({ name: n.node, replicas: n.replicas, pods: n.pods })),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
