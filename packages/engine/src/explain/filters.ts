import { compareBytes } from '../failure-message.js';
import type { Decision, NodeFilterResult } from '../types.js';
import type { NodeFilterExplanation, PluginFilterOutcome } from './types.js';

/** What the filter side of an explanation is built from. */
export interface FilterInputs {
  readonly decision: Decision;
  /** Every node of the cluster. */
  readonly nodeNames: readonly string[];
  /** The profile's Filter plugins, in the order they run. */
  readonly filterPlugins: readonly string[];
}

/** The nodes that passed every Filter plugin: the scored ones, or the only one when scoring was skipped. */
export function feasibleNodes(decision: Decision): readonly string[] {
  if (decision.nodeScores !== undefined) return decision.nodeScores.map((s) => s.node);
  return decision.feasibleNodes === 1 && decision.topNodes !== undefined ? decision.topNodes : [];
}

/**
 * Every node's Filter verdict, sorted by name: `fail` for the nodes in the attempt's `nodeStatuses`, `pass`
 * for the feasible ones, `not-evaluated` (with the reason) for the rest.
 */
export function explainFilters({ decision, nodeNames, filterPlugins }: FilterInputs): NodeFilterExplanation[] {
  const statuses = new Map((decision.nodeStatuses ?? []).map((s) => [s.node, s]));
  const feasible = new Set(feasibleNodes(decision));
  const note = notEvaluatedNote(decision, nodeNames.length, statuses.size + feasible.size);
  return [...nodeNames].sort(compareBytes).map((node) => {
    const status = statuses.get(node);
    if (status !== undefined) return failed(status, filterPlugins);
    if (feasible.has(node)) {
      return { node, result: 'pass', plugins: filterPlugins.map((plugin) => ({ plugin, result: 'pass' })) };
    }
    return {
      node,
      result: 'not-evaluated',
      note,
      plugins: filterPlugins.map((plugin) => ({ plugin, result: 'not-evaluated' })),
    };
  });
}

/** A rejected node: the plugins before the rejecting one passed, the ones after it never ran. */
function failed(status: NodeFilterResult, filterPlugins: readonly string[]): NodeFilterExplanation {
  const at = filterPlugins.indexOf(status.plugin);
  // A plugin that is not a Filter plugin rejected the pod in PreFilter, before any Filter plugin ran.
  const plugins: PluginFilterOutcome[] = filterPlugins.map((plugin, i) => ({
    plugin,
    result: at < 0 || i > at ? 'not-evaluated' : i === at ? 'fail' : 'pass',
  }));
  return {
    node: status.node,
    result: 'fail',
    plugin: status.plugin,
    code: status.code,
    reasons: [...status.reasons],
    plugins,
  };
}

/** Why the nodes that have no verdict were not filtered; `visited` nodes did get one. */
function notEvaluatedNote(decision: Decision, total: number, visited: number): string {
  if (decision.nodeStatuses === undefined) return 'the scheduling cycle ended with an error';
  if (!decision.scheduled) {
    // A failed cycle filters every node it was given: the others were not in the PreFilter result.
    return 'not among the nodes PreFilter narrowed the cycle to';
  }
  if (decision.attempt > 1 && decision.evaluatedNodes === 1 && decision.node !== null) {
    return `the pod's nominated node ${decision.node} was tried first and fit`;
  }
  if (visited === decision.evaluatedNodes) return 'not among the nodes PreFilter narrowed the cycle to';
  if (decision.evaluatedNodes === total) {
    return 'Filter stopped once it had found enough feasible nodes (percentageOfNodesToScore)';
  }
  return 'outside the PreFilter result, or not reached once Filter had found enough feasible nodes (percentageOfNodesToScore)';
}
