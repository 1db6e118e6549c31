import { createHash } from 'node:crypto';
import type { ScheduleSummary } from '@peapod/engine';
import { REPORT_CSS, REPORT_SCRIPT } from './assets.js';
import { html, jsonForScript, type SafeHtml, toHtml, trustedHtml } from './escape.js';
import type { ReportData } from './model.js';
import { renderNodes } from './render-nodes.js';
import { renderPods, renderPreemptions, renderReasonGroups } from './render-pods.js';
import { renderScores } from './render-scores.js';

/** The cards at the top, in this order: `summary` field and label. */
const SUMMARY_CARDS: readonly (readonly [keyof ScheduleSummary, string])[] = [
  ['nodes', 'nodes'],
  ['boundPods', 'pods bound before'],
  ['pendingPods', 'pending pods'],
  ['attempts', 'attempts'],
  ['scheduled', 'scheduled'],
  ['unschedulable', 'unschedulable'],
  ['preemptions', 'preemptions'],
  ['victims', 'pods preempted'],
  ['gated', 'gated'],
  ['otherScheduler', 'other scheduler'],
];

/** Only the report's own script may run: inline event handlers and anything loaded from elsewhere are refused. */
const SCRIPT_HASH = createHash('sha256').update(REPORT_SCRIPT).digest('base64');
const CSP = `default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-${SCRIPT_HASH}'; base-uri 'none'; form-action 'none'`;

/**
 * The whole report: one HTML document with its CSS and its one small script inline, that loads nothing.
 * The same data gives the same bytes. Input text reaches the page only through `html`, which escapes it.
 */
export function renderReport(data: ReportData): string {
  const page = html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${trustedHtml(CSP)}">
<meta name="generator" content="peapod report">
<title>peapod report</title>
<style>${trustedHtml(REPORT_CSS)}</style>
</head>
<body>
<header>
<h1>peapod report</h1>
<p>Input: ${data.inputs.map((file, i) => html`${i > 0 ? ', ' : ''}<code>${file}</code>`)} · seed ${data.seed} · tie-break ${data.tieBreak}</p>
<nav><a href="#summary">Summary</a><a href="#nodes">Nodes</a><a href="#pods">Pods</a><a href="#unschedulable">Unschedulable</a><a href="#preemptions">Preemptions</a><a href="#scores">Scores</a></nav>
</header>
<main>
${renderSummary(data.summary)}${renderNodes(data.nodes)}${renderPods(data.pods)}${renderReasonGroups(data.unschedulable)}${renderPreemptions(data.preemptions)}${renderScores(data.scores)}</main>
<script type="application/json" id="peapod-data">${trustedHtml(jsonForScript(embeddedData(data)))}</script>
<script>${trustedHtml(REPORT_SCRIPT)}</script>
</body>
</html>
`;
  return toHtml(page);
}

function renderSummary(summary: ScheduleSummary): SafeHtml {
  return html`<section id="summary">
<h2>Summary</h2>
<div class="cards">
${SUMMARY_CARDS.map(([field, label]) => html`<div class="card" data-field="${field}"><span class="n" data-value="${summary[field]}">${summary[field]}</span><span class="l">${label}</span></div>\n`)}</div>
</section>
`;
}

/**
 * The numbers of the page for programs: `summary` as in `schedule -o json`, and per node the amounts
 * before and after the run (millicores, bytes, pods).
 */
function embeddedData(data: ReportData): unknown {
  return {
    apiVersion: 'peapod.dev/v1alpha1',
    kind: 'ScheduleReport',
    summary: data.summary,
    nodes: data.nodes.map((n) => ({
      name: n.name,
      capacity: n.capacity,
      allocatable: n.allocatable,
      requestedBefore: n.before,
      requestedAfter: n.after,
    })),
  };
}
