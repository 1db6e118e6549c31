/**
 * The report's own stylesheet and script, inlined into every report. Constants: no input text ever
 * reaches them (input goes into the markup, escaped). System fonts only, nothing loaded from anywhere.
 */

export const REPORT_CSS = `
:root { --fg: #1d2330; --muted: #5f6b7a; --line: #dde2e8; --bg: #f6f7f9; --card: #fff;
  --before: #5b7fb8; --added: #8fc1e8; --freed: #e3b7b7; --ok: #2f7d4f; --bad: #b3372f; --warn: #9a6a00; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  color: var(--fg); background: var(--bg); }
header { padding: 16px 24px 8px; background: var(--card); border-bottom: 1px solid var(--line); }
header h1 { margin: 0 0 4px; font-size: 20px; }
header p { margin: 2px 0; color: var(--muted); }
nav a { margin-right: 14px; color: var(--before); text-decoration: none; }
main { padding: 8px 24px 40px; max-width: 1400px; }
section { margin-top: 22px; }
h2 { font-size: 17px; margin: 0 0 8px; }
p.note { color: var(--muted); margin: 4px 0 8px; }
code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; }
.cards { display: flex; flex-wrap: wrap; gap: 10px; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 6px; padding: 8px 14px; min-width: 120px; }
.card .n { font-size: 22px; font-weight: 600; display: block; }
.card .l { color: var(--muted); font-size: 12px; }
table { border-collapse: collapse; background: var(--card); border: 1px solid var(--line); }
th, td { padding: 4px 10px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
td.node-name { white-space: nowrap; }
td.node-name .labels { white-space: normal; width: 230px; }
td.node-name .labels li { overflow-wrap: break-word; }
.scroll { overflow-x: auto; max-width: 100%; }
table.nodes { font-size: 13px; }
table.nodes th, table.nodes td { padding: 4px 7px; }
th { background: #eef1f5; font-weight: 600; font-size: 12.5px; white-space: nowrap; }
th.group { text-align: center; border-left: 1px solid var(--line); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.first, th.first { border-left: 1px solid var(--line); }
td.chosen { font-weight: 600; background: #f1f6fc; }
tr.total td { font-weight: 600; border-top: 2px solid var(--line); }
.bar { position: relative; width: 110px; height: 10px; background: #edf0f3; border-radius: 3px; overflow: hidden; margin-top: 4px; }
.bar span { position: absolute; top: 0; bottom: 0; }
.before { background: var(--before); }
.added { background: var(--added); }
.freed { background: var(--freed); }
.pct { color: var(--muted); font-size: 12px; white-space: nowrap; }
.legend span { display: inline-block; width: 10px; height: 10px; margin: 0 4px 0 12px; border-radius: 2px; vertical-align: -1px; }
.badge { display: inline-block; padding: 0 6px; border-radius: 3px; font-size: 12px; font-weight: 600; white-space: nowrap; }
.r-scheduled { color: var(--ok); } .r-unschedulable, .r-error { color: var(--bad); }
.r-preempted { color: var(--warn); } .r-gated, .r-other-scheduler { color: var(--muted); }
.labels { margin: 2px 0 0; padding: 0; list-style: none; }
.labels li { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; overflow-wrap: anywhere; }
details > summary { cursor: pointer; }
td details summary { color: var(--muted); font-size: 12px; }
.group-box { background: var(--card); border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; margin-bottom: 8px; }
.group-box .message { margin: 4px 0; overflow-wrap: anywhere; }
.filters { margin-bottom: 8px; display: flex; gap: 10px; align-items: center; }
.filters input { padding: 4px 8px; width: 280px; }
.reason { max-width: 640px; overflow-wrap: anywhere; }
details.score { background: var(--card); border: 1px solid var(--line); border-radius: 6px; padding: 6px 12px; margin-bottom: 6px; }
details.score table { margin: 8px 0 4px; }
.muted { color: var(--muted); }
`;

/** Filters the pods table by text and by result. Reads the page only through the DOM (no innerHTML). */
export const REPORT_SCRIPT = `(() => {
  const input = document.getElementById('pod-filter');
  const select = document.getElementById('pod-result');
  const count = document.getElementById('pod-count');
  if (!input || !select || !count) return;
  const rows = Array.from(document.querySelectorAll('#pods tbody tr'));
  const apply = () => {
    const query = input.value.trim().toLowerCase();
    const result = select.value;
    let shown = 0;
    for (const row of rows) {
      const match = (result === '' || row.dataset.result === result) &&
        (query === '' || row.textContent.toLowerCase().includes(query));
      row.hidden = !match;
      if (match) shown++;
    }
    count.textContent = shown + ' of ' + rows.length + ' shown';
  };
  input.addEventListener('input', apply);
  select.addEventListener('change', apply);
  apply();
})();`;
