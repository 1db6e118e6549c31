import { compareBytes } from '../failure-message.js';
import type { Decision } from '../types.js';
import type { PluginScoreComparison, RankedNodeScore, Selection, TieBreakRule } from './types.js';

/** The feasible nodes' scores with each plugin's weight, best total first (ties by name), ranked. */
export function rankScores(decision: Decision, weights: ReadonlyMap<string, number>): RankedNodeScore[] {
  const scores = decision.nodeScores ?? [];
  let rank = 0;
  return scores.map((s, i) => {
    if (i === 0 || s.total !== scores[i - 1]!.total) rank = i + 1;
    return {
      rank,
      node: s.node,
      total: s.total,
      plugins: s.plugins.map((p) => ({
        plugin: p.plugin,
        weight: weights.get(p.plugin) ?? 0,
        raw: p.raw,
        normalized: p.normalized,
        weighted: p.weighted,
        ...(p.skipped ? { skipped: true } : {}),
      })),
    };
  });
}

/** Plugin by plugin, `chosen`'s weighted scores against `other`'s: the largest difference first, ties by name. */
export function compareScores(chosen: RankedNodeScore, other: RankedNodeScore): PluginScoreComparison[] {
  const theirs = new Map(other.plugins.map((p) => [p.plugin, p.weighted]));
  return chosen.plugins
    .map((p) => {
      const o = theirs.get(p.plugin) ?? 0;
      return { plugin: p.plugin, chosen: p.weighted, other: o, difference: p.weighted - o };
    })
    .sort((a, b) => Math.abs(b.difference) - Math.abs(a.difference) || compareBytes(a.plugin, b.plugin));
}

/** `NodeResourcesFit +20, PodTopologySpread -14`: the plugins that differ, at most `limit`. */
export function describeDifferences(comparison: readonly PluginScoreComparison[], limit = 3): string {
  return comparison
    .filter((c) => c.difference !== 0)
    .slice(0, limit)
    .map((c) => `${c.plugin} ${c.difference > 0 ? '+' : ''}${c.difference}`)
    .join(', ');
}

/** Why the chosen node of a scheduled attempt won: the only feasible node, the best total, or a tie-break. */
export function explainSelection(
  decision: Decision,
  scores: readonly RankedNodeScore[],
  tieBreak: TieBreakRule,
): Selection | undefined {
  const node = decision.node;
  if (node === null) return undefined;
  if (scores.length === 0) {
    const nominated = decision.attempt > 1 && decision.evaluatedNodes === 1;
    const summary = nominated
      ? `${node}, the node the pod's preemption nominated, was tried first and fit: it was taken without evaluating other nodes or scoring, as upstream does.`
      : `${node} was the only feasible node: it was taken without scoring, as upstream does.`;
    return { node, by: 'only-feasible', total: 0, tiedNodes: [node], tieBreak, summary };
  }
  const winner = scores.find((s) => s.node === node)!;
  const tiedNodes = scores.filter((s) => s.total === winner.total).map((s) => s.node);
  tiedNodes.sort(compareBytes);
  const next = scores.find((s) => s.total < winner.total);
  const runnerUp =
    next === undefined
      ? undefined
      : { node: next.node, total: next.total, margin: winner.total - next.total, plugins: compareScores(winner, next) };
  const lead =
    runnerUp === undefined
      ? ''
      : ` The best other total is ${runnerUp.node}'s ${runnerUp.total}, ${runnerUp.margin} less (${describeDifferences(runnerUp.plugins)}).`;
  if (tiedNodes.length === 1) {
    const summary = `${node} has the highest total score, ${winner.total}.${lead}`;
    return { node, by: 'highest-score', total: winner.total, tiedNodes, tieBreak, ...optional(runnerUp), summary };
  }
  const rule =
    tieBreak.mode === 'lowest-name'
      ? `the lowest-name tie-break takes the one whose name sorts first, ${node}`
      : `the random tie-break (seed ${tieBreak.seed ?? 0}; reservoir sampling over the tied nodes in walking order, as upstream's selectHost) picked ${node}`;
  const summary = `${tiedNodes.length} nodes tie for the highest total score, ${winner.total} (${tiedNodes.join(', ')}): ${rule}.${lead}`;
  return { node, by: 'tie-break', total: winner.total, tiedNodes, tieBreak, ...optional(runnerUp), summary };
}

function optional<T>(runnerUp: T | undefined): { runnerUp?: T } {
  return runnerUp === undefined ? {} : { runnerUp };
}
