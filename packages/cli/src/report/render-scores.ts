import type { NodeScore, PluginNodeScore } from '@peapod/engine';
import { html, type SafeHtml } from './escape.js';
import type { ScoreBreakdown } from './model.js';

/**
 * For every scheduled pod (its last attempt): the weighted score of each score plugin on the chosen node
 * and on the other nodes among the 3 best, with the totals. Other nodes are left out to keep the file
 * small on large clusters; `peapod explain` ranks them all.
 */
export function renderScores(breakdowns: readonly ScoreBreakdown[]): SafeHtml {
  return html`<section id="scores">
<h2>Scores</h2>
<p class="note">Per scheduled pod: each score plugin's weighted score (its normalised score times its weight; the raw and normalised scores are in each cell's tooltip) on the chosen node and on the best 3 nodes. <code>peapod explain --pod NAMESPACE/NAME</code> ranks every feasible node.</p>
${breakdowns.length === 0 ? html`<p class="note">No pod was scheduled.</p>` : breakdowns.map(breakdown)}</section>
`;
}

function breakdown(b: ScoreBreakdown): SafeHtml {
  const chosen = b.columns[0];
  const total = chosen === undefined ? '' : ` · total ${chosen.total}`;
  const feasible = `${b.feasibleNodes} of ${b.evaluatedNodes} evaluated node${b.evaluatedNodes === 1 ? '' : 's'} feasible`;
  return html`<details class="score" data-pod="${b.pod}" data-node="${b.node}"><summary><b>${b.pod}</b> → ${b.node}${total} · ${feasible}</summary>
${chosen === undefined ? html`<p class="note">${b.feasibleNodes === 1 ? 'The only feasible node: not scored, as upstream does.' : 'No scores were recorded.'}</p>` : scoreTable(b.columns)}</details>
`;
}

function scoreTable(columns: readonly NodeScore[]): SafeHtml {
  const plugins = [...new Set(columns.flatMap((c) => c.plugins.map((p) => p.plugin)))];
  const find = (column: NodeScore, plugin: string): PluginNodeScore | undefined =>
    column.plugins.find((p) => p.plugin === plugin);
  const shown = plugins.filter((plugin) => columns.some((c) => (find(c, plugin)?.weighted ?? 0) !== 0));
  const zero = plugins.filter((plugin) => !shown.includes(plugin));
  return html`<table>
<thead><tr><th>Plugin</th>${columns.map((c, i) => html`<th class="num">${c.node}${i === 0 ? ' (chosen)' : ''}</th>`)}</tr></thead>
<tbody>
${shown.map(
  (plugin) =>
    html`<tr data-plugin="${plugin}"><td>${plugin}</td>${columns.map((c, i) => scoreCell(find(c, plugin), i === 0))}</tr>\n`,
)}<tr class="total"><td>Total</td>${columns.map((c, i) => html`<td class="num${i === 0 ? ' chosen' : ''}">${c.total}</td>`)}</tr>
</tbody>
</table>
${zero.length > 0 ? html`<p class="note" data-zero="${zero.join(',')}">0 on every node shown: ${zero.join(', ')}.</p>` : undefined}`;
}

/** The weighted score; the cell's column is its node (the header), so the cell does not repeat the name. */
function scoreCell(score: PluginNodeScore | undefined, chosen: boolean): SafeHtml {
  const weighted = score?.weighted ?? 0;
  const title =
    score === undefined
      ? 'not scored'
      : score.skipped
        ? 'skipped (PreScore)'
        : `raw ${score.raw}, normalised ${score.normalized}`;
  return html`<td class="num${chosen ? ' chosen' : ''}" title="${title}">${weighted}</td>`;
}
