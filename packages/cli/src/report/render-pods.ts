import { html, type SafeHtml } from './escape.js';
import type { PodResult, PodRow, Preemption, ReasonGroup } from './model.js';

const RESULT_LABELS: Readonly<Record<PodResult, string>> = {
  scheduled: 'scheduled',
  unschedulable: 'unschedulable',
  error: 'scheduler error',
  preempted: 'preempted',
  gated: 'gated',
  'other-scheduler': 'other scheduler',
};

/** Pods of a reason group listed inline; a larger group folds its list into a `<details>`. */
const INLINE_PODS = 10;

/** Where every pod went: one row per pending pod, per victim of a preemption and per pod without attempt. */
export function renderPods(rows: readonly PodRow[]): SafeHtml {
  const results = (Object.keys(RESULT_LABELS) as PodResult[]).filter((r) => rows.some((row) => row.result === r));
  return html`<section id="pods">
<h2>Pods</h2>
<p class="note">Every pending pod with the result of its last attempt, the pods that preemption evicted, and the pods that got no attempt, in input order.</p>
<div class="filters"><input id="pod-filter" type="search" placeholder="Filter by name, node or reason" aria-label="Filter pods">
<select id="pod-result" aria-label="Result"><option value="">all results</option>${results.map((r) => html`<option value="${r}">${RESULT_LABELS[r]}</option>`)}</select>
<span id="pod-count" class="muted">${rows.length} of ${rows.length} shown</span></div>
<table>
<thead><tr><th>Namespace</th><th>Name</th><th>Result</th><th>Node</th><th class="num">Attempts</th><th>Reason</th></tr></thead>
<tbody>
${rows.map(podRow)}</tbody>
</table>
</section>
`;
}

function podRow(row: PodRow): SafeHtml {
  const [namespace, name] = splitKey(row.pod);
  return html`<tr data-pod="${row.pod}" data-result="${row.result}"><td>${namespace}</td><td>${name}</td><td><span class="badge r-${row.result}">${RESULT_LABELS[row.result]}</span></td><td class="node">${row.node}</td><td class="num">${row.attempts}</td><td class="reason">${row.detail}</td></tr>
`;
}

/** Pods that did not land, grouped by the scheduler's message, the largest group first. */
export function renderReasonGroups(groups: readonly ReasonGroup[]): SafeHtml {
  const failed = groups.filter((g) => g.result === 'unschedulable' || g.result === 'error');
  const count = failed.reduce((n, g) => n + g.pods.length, 0);
  return html`<section id="unschedulable">
<h2>Unschedulable pods by reason</h2>
<p class="note">${count === 0 ? 'Every pod that was attempted was scheduled.' : `${count} pod${count === 1 ? '' : 's'} not scheduled, in ${failed.length} group${failed.length === 1 ? '' : 's'} by the scheduler's message.`}${groups.length > failed.length ? ' Pods that got no attempt follow.' : ''}</p>
${groups.map(reasonGroup)}</section>
`;
}

function reasonGroup(group: ReasonGroup): SafeHtml {
  const pods = group.pods.map((p) => html`<li class="mono">${p}</li>`);
  const list =
    group.pods.length <= INLINE_PODS
      ? html`<ul class="labels">${pods}</ul>`
      : html`<details><summary>${group.pods.length} pods</summary><ul class="labels">${pods}</ul></details>`;
  return html`<div class="group-box" data-result="${group.result}" data-count="${group.pods.length}"><span class="badge r-${group.result}">${group.pods.length} × ${RESULT_LABELS[group.result]}</span>
<p class="message">${group.message}</p>${list}</div>
`;
}

/** Every attempt whose PostFilter (preemption) nominated a node: who, where, whom it evicted, and the outcome. */
export function renderPreemptions(preemptions: readonly Preemption[]): SafeHtml {
  const body =
    preemptions.length === 0
      ? html`<p class="note">No pod preempted another.</p>`
      : html`<table>
<thead><tr><th>Preemptor</th><th>Nominated node</th><th>Victims</th><th>Outcome</th></tr></thead>
<tbody>
${preemptions.map(preemptionRow)}</tbody>
</table>`;
  return html`<section id="preemptions">
<h2>Preemptions</h2>
${body}
</section>
`;
}

function preemptionRow(p: Preemption): SafeHtml {
  const outcome =
    p.boundTo === null
      ? html`<span class="badge r-unschedulable">not bound</span>`
      : html`<span class="badge r-scheduled">bound to ${p.boundTo}</span>`;
  return html`<tr data-pod="${p.pod}" data-seq="${p.seq}"><td class="mono">${p.pod}</td><td class="node">${p.node}</td><td><ul class="labels">${p.victims.map((v) => html`<li class="victim">${v}</li>`)}</ul></td><td>${outcome}</td></tr>
`;
}

function splitKey(key: string): [string, string] {
  const slash = key.indexOf('/');
  return slash < 0 ? ['', key] : [key.slice(0, slash), key.slice(slash + 1)];
}
