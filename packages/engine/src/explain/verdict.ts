import { ErrorCodes, PeapodError } from '@peapod/core';
import { compareScores, describeDifferences } from './scores.js';
import type { NodeFilterExplanation, NodeVerdict, PodExplanation } from './types.js';

/**
 * "Why not this node?": the node's Filter verdict, or, when it passed, its scores against the chosen node's
 * plugin by plugin. Throws PeapodError `InputInvalid` (`node "x" not found`) for a node not in the cluster.
 */
export function nodeVerdict(explanation: PodExplanation, node: string): NodeVerdict {
  const filter = explanation.filters.find((f) => f.node === node);
  if (filter === undefined) throw new PeapodError(ErrorCodes.InputInvalid, `node ${JSON.stringify(node)} not found`);
  const pod = explanation.pod;
  if (filter.result === 'fail')
    return { node, verdict: 'filtered', filter, summary: filteredSummary(explanation, filter) };
  if (filter.result === 'not-evaluated') {
    return {
      node,
      verdict: 'not-evaluated',
      filter,
      summary: `${node} was not evaluated: ${filter.note ?? 'unknown'}.`,
    };
  }
  const score = explanation.scores.find((s) => s.node === node);
  const selection = explanation.selection;
  if (explanation.node === node) {
    return {
      node,
      verdict: 'chosen',
      filter,
      ...(score ? { score } : {}),
      summary: `${pod} was scheduled on ${node}. ${selection?.summary ?? ''}`.trimEnd(),
    };
  }
  const chosen = explanation.scores.find((s) => s.node === explanation.node);
  if (selection === undefined || score === undefined || chosen === undefined) {
    return {
      node,
      verdict: 'feasible',
      filter,
      ...(score ? { score } : {}),
      summary: `${node} passed every Filter plugin, but the attempt bound ${pod} nowhere: ${explanation.message ?? explanation.result}.`,
    };
  }
  const comparison = compareScores(chosen, score);
  const differences = describeDifferences(comparison);
  if (score.total === chosen.total) {
    return {
      node,
      verdict: 'lost-tie-break',
      filter,
      score,
      comparison,
      summary: `${node} passed Filter and tied with ${chosen.node} for the highest total score, ${score.total}: ${
        selection.tieBreak.mode === 'lowest-name'
          ? `the lowest-name tie-break takes ${chosen.node}, whose name sorts first`
          : `the random tie-break (seed ${selection.tieBreak.seed ?? 0}) picked ${chosen.node}`
      }.`,
    };
  }
  return {
    node,
    verdict: 'lower-score',
    filter,
    score,
    comparison,
    summary: `${node} passed Filter but scored ${score.total}, ${chosen.total - score.total} less than ${chosen.node}'s ${
      chosen.total
    } (rank ${score.rank} of ${explanation.scores.length}${differences ? `; ${chosen.node} minus ${node}: ${differences}` : ''}).`,
  };
}

function filteredSummary(explanation: PodExplanation, filter: NodeFilterExplanation): string {
  const later = filter.plugins.filter((p) => p.result === 'not-evaluated').map((p) => p.plugin);
  const stage = explanation.filterPlugins.includes(filter.plugin ?? '') ? 'Filter plugin' : 'PreFilter plugin';
  const tail =
    later.length === 0
      ? ''
      : stage === 'PreFilter plugin'
        ? ' No Filter plugin ran.'
        : ` The plugins after it (${later.join(', ')}) were not evaluated on this node, as upstream.`;
  const nominated =
    explanation.nominatedNode === filter.node
      ? ` Preemption then nominated ${filter.node}${
          explanation.victims?.length ? `, evicting ${explanation.victims.join(', ')}` : ''
        }: the pod is retried there.`
      : '';
  return `${filter.node} was rejected by the ${stage} ${filter.plugin} (${filter.code}): ${(filter.reasons ?? []).join(', ')}.${tail}${nominated}`;
}
