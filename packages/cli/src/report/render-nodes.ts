import { html, type SafeHtml } from './escape.js';
import { barWidth, formatBytes, formatCores, formatPercent } from './format.js';
import type { Amounts, ReportNode } from './model.js';

type Resource = 'cpu' | 'memory';

const FORMAT: Readonly<Record<Resource, (n: number) => string>> = { cpu: formatCores, memory: formatBytes };

/**
 * Per node: cpu and memory capacity, allocatable, and requested before and after the run (numbers and a
 * bar), and the pod count. Every number cell carries `data-field` and the exact `data-value` (millicores,
 * bytes, pods) so tools and tests read the numbers without parsing the text.
 */
export function renderNodes(nodes: readonly ReportNode[]): SafeHtml {
  return html`<section id="nodes">
<h2>Nodes</h2>
<p class="note">Before and after: what the pods on the node request (the sum of their requests), before the run (the pods already bound) and after it;
use: that as a share of allocatable. CPU in cores, memory in binary units. <span class="legend"><span class="before"></span>before<span class="added"></span>added by the run<span class="freed"></span>freed by preemption</span></p>
<div class="scroll"><table class="nodes">
<thead>
<tr><th rowspan="2">Node</th><th class="group" colspan="5">CPU (cores)</th><th class="group" colspan="5">Memory</th><th class="group" colspan="3">Pods</th></tr>
<tr>${resourceHeaders()}${resourceHeaders()}<th class="num first">allocatable</th><th class="num">before</th><th class="num">after</th></tr>
</thead>
<tbody>
${nodes.map(nodeRow)}</tbody>
</table></div>
</section>
`;
}

function resourceHeaders(): SafeHtml {
  return html`<th class="num first">capacity</th><th class="num">allocatable</th><th class="num">before</th><th class="num">after</th><th>use</th>`;
}

function nodeRow(node: ReportNode): SafeHtml {
  return html`<tr data-node="${node.name}">
<td class="node-name"><b>${node.name}</b>${nodeDetails(node)}</td>
${resourceCells(node, 'cpu')}
${resourceCells(node, 'memory')}
${numberCell('pods.allocatable', node.allocatable.pods, String(node.allocatable.pods), 'first')}${numberCell('pods.before', node.before.pods, String(node.before.pods))}${numberCell('pods.after', node.after.pods, String(node.after.pods))}
</tr>
`;
}

function nodeDetails(node: ReportNode): SafeHtml | undefined {
  if (node.labels.length === 0 && node.taints.length === 0) return undefined;
  const parts = [plural(node.labels.length, 'label'), node.taints.length > 0 && plural(node.taints.length, 'taint')];
  return html`<details><summary>${parts.filter((p) => p !== false).join(', ')}</summary><ul class="labels">
${node.labels.map(([key, value]) => html`<li class="label">${key}=${value}</li>\n`)}${node.taints.map((t) => html`<li class="taint">taint ${t}</li>\n`)}</ul></details>`;
}

function resourceCells(node: ReportNode, resource: Resource): SafeHtml {
  const format = FORMAT[resource];
  const capacity = node.capacity[resource];
  const allocatable = node.allocatable[resource];
  const before = node.before[resource];
  const after = node.after[resource];
  return html`${capacity === undefined ? html`<td class="num first muted" data-field="${resource}.capacity">-</td>` : numberCell(`${resource}.capacity`, capacity, format(capacity), 'first')}${numberCell(`${resource}.allocatable`, allocatable, format(allocatable))}${numberCell(`${resource}.before`, before, format(before))}${numberCell(`${resource}.after`, after, format(after))}<td>${usage(node.before, node.after, node.allocatable, resource)}</td>`;
}

function numberCell(field: string, value: number, text: string, extraClass?: string): SafeHtml {
  return html`<td class="num${extraClass === undefined ? '' : ` ${extraClass}`}" data-field="${field}" data-value="${value}">${text}</td>`;
}

/** The bar: the part requested before the run, then what the run added (or what preemption freed). */
function usage(before: Amounts, after: Amounts, allocatable: Amounts, resource: Resource): SafeHtml {
  const total = allocatable[resource];
  const b = before[resource];
  const a = after[resource];
  const base = Math.min(a, b);
  const delta = a - b;
  const left = barWidth(base, total);
  const segment =
    delta === 0
      ? undefined
      : html`<span class="${delta > 0 ? 'added' : 'freed'}" style="left:${left}%;width:${barWidth(Math.abs(delta), total)}%"></span>`;
  return html`<span class="pct">${formatPercent(b, total)} → ${formatPercent(a, total)}</span><div class="bar"><span class="before" style="left:0;width:${left}%"></span>${segment}</div>`;
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
