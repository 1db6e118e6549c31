import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { escapeHtml, html, jsonForScript, toHtml } from '../src/report/escape.js';
import { barWidth, formatBytes, formatCores, formatPercent } from '../src/report/format.js';
import { cellText, dataValues, elementBy, finalByPod, type ScheduleJson, unescapeHtml } from './report-html.js';
import { fixture, runCli } from './run-cli.js';

const cluster = fixture('report/cluster.yaml');
const HOSTILE_LABEL = '<img src=x onerror=window.__xss=1>';

describe('escaping', () => {
  test.each([
    { name: 'plain text', text: 'node-a', want: 'node-a' },
    { name: 'a tag', text: HOSTILE_LABEL, want: '&lt;img src=x onerror=window.__xss=1&gt;' },
    {
      name: 'script end',
      text: '</script><script>x()</script>',
      want: '&lt;/script&gt;&lt;script&gt;x()&lt;/script&gt;',
    },
    { name: 'quotes for attributes', text: `a"b'c`, want: 'a&quot;b&#39;c' },
    { name: 'ampersand first, no double escape of the input', text: '&lt;', want: '&amp;lt;' },
    { name: 'unicode unchanged', text: 'zone→β \u2028', want: 'zone→β \u2028' },
  ])('escapeHtml: $name', ({ text, want }) => {
    expect(escapeHtml(text)).toBe(want);
  });

  test('html escapes every interpolated string and number, inserts its own markup, joins lists', () => {
    const name = '<b>x</b>';
    const inner = html`<i>${name}</i>`;
    const page = html`<p title="${'"onmouseover="x'}">${name}${inner}${[name, 1, html`<br>`]}${undefined}${null}${false}${true}</p>`;
    expect(toHtml(page)).toBe(
      '<p title="&quot;onmouseover=&quot;x">&lt;b&gt;x&lt;/b&gt;<i>&lt;b&gt;x&lt;/b&gt;</i>&lt;b&gt;x&lt;/b&gt;1<br></p>',
    );
  });

  test('jsonForScript: no < > & U+2028 U+2029 left, and it parses back to the same value', () => {
    const value = { label: `</script><!--${HOSTILE_LABEL}&amp;`, line: 'a\u2028b\u2029c', n: 1 };
    const text = jsonForScript(value);
    expect(text).not.toMatch(/[<>&\u2028\u2029]/);
    expect(text).toContain('\\u003c/script\\u003e');
    expect(JSON.parse(text)).toEqual(value);
  });
});

describe('number formats', () => {
  test.each([
    [0, '0'],
    [100, '0.1'],
    [1930, '1.93'],
    [3920, '3.92'],
    [4000, '4'],
    [12_345, '12.345'],
    [-250, '-0.25'],
  ])('formatCores(%i) = %s', (millicores, want) => {
    expect(formatCores(millicores)).toBe(want);
  });

  test.each([
    [0, '0 B'],
    [1023, '1023 B'],
    [1024, '1 KiB'],
    [268_435_456, '256 MiB'],
    [7_516_192_768, '7 GiB'],
    [15_503_597_568, '14.44 GiB'],
    [3 * 2 ** 40, '3 TiB'],
  ])('formatBytes(%i) = %s', (bytes, want) => {
    expect(formatBytes(bytes)).toBe(want);
  });

  test('formatPercent and barWidth', () => {
    expect(formatPercent(1, 3)).toBe('33.3%');
    expect(formatPercent(5, 0)).toBe('-');
    expect(barWidth(1, 3)).toBe('33.33');
    expect(barWidth(50, 100)).toBe('50');
    expect(barWidth(150, 100)).toBe('100');
    expect(barWidth(-1, 100)).toBe('0');
    expect(barWidth(1, 0)).toBe('0');
  });
});

describe('peapod report', () => {
  let dir: string;
  let page: string;
  let json: ScheduleJson;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'peapod-report-'));
    const run = await runCli(['report', '-f', cluster, '-o', '-']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('scheduled 3/6 pods on 2 nodes, 2 unschedulable\n');
    page = run.stdout;
    const schedule = await runCli(['schedule', '-f', cluster, '-o', 'json']);
    expect(schedule.code).toBe(0);
    json = JSON.parse(schedule.stdout) as ScheduleJson;
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('-o FILE writes the same page as -o -, and the same bytes on every run', async () => {
    const file = join(dir, 'report.html');
    const run = await runCli(['report', '-f', cluster, '-o', file]);
    expect(run).toEqual({
      code: 0,
      stdout: '',
      stderr: `wrote ${file}: scheduled 3/6 pods on 2 nodes, 2 unschedulable\n`,
    });
    expect(await readFile(file, 'utf8')).toBe(page);
    expect((await runCli(['report', '-f', cluster, '-o', '-'])).stdout).toBe(page);
  });

  test('one self-contained document: inline style and script, nothing loaded, a CSP that says so', () => {
    expect(page.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
    expect(page.endsWith('</html>\n')).toBe(true);
    expect(page).not.toMatch(/\b(src|href)="(?!#)/);
    expect(page).not.toMatch(/https?:\/\//);
    expect(page).not.toMatch(/@import|url\(/);
    expect(page).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-`);
    expect(page.match(/<script/g)).toHaveLength(2);
    expect(page.match(/<\/script>/g)).toHaveLength(2);
  });

  test('input text is escaped everywhere: labels, taints, messages', () => {
    expect(page).not.toContain('<img');
    expect(page).not.toContain('<script>window');
    expect(page).toContain('<li class="label">team=&lt;img src=x onerror=window.__xss=1&gt;</li>');
    expect(page).toContain('<li class="label">note=&lt;/script&gt;&lt;script&gt;window.__xss=3&lt;/script&gt;</li>');
    expect(page).toContain(
      '<li class="taint">taint dedicated=&lt;script&gt;window.__xss=2&lt;/script&gt;:NoSchedule</li>',
    );
  });

  test('summary cards equal schedule -o json summary', () => {
    const cards = [...page.matchAll(/<div class="card" data-field="(\w+)"><span class="n" data-value="(\d+)">(\d+)</g)];
    const shown = Object.fromEntries(cards.map((m) => [m[1], Number(m[3])]));
    expect(cards.every((m) => m[2] === m[3])).toBe(true);
    expect(shown).toEqual(json.summary);
  });

  test('nodes: allocatable and requested after equal the JSON; capacity and before from the input', () => {
    const before: Record<string, [cpu: number, memory: number, pods: number]> = {
      'node-a': [3000, 2 ** 30, 1],
      'node-b': [1200, 512 * 2 ** 20, 1],
      'node-c': [0, 0, 0],
      'gpu-1': [0, 0, 0],
    };
    const capacity: Record<string, [cpu: number, memory: number]> = {
      'node-a': [4000, 8 * 2 ** 30],
      'node-b': [2000, 4 * 2 ** 30],
      'node-c': [2000, 4 * 2 ** 30],
      'gpu-1': [8000, 32 * 2 ** 30],
    };
    expect(json.nodes.map((n) => n.name)).toEqual(['node-a', 'node-b', 'node-c', 'gpu-1']);
    for (const node of json.nodes) {
      const values = dataValues(elementBy(page, 'tr', 'data-node', node.name));
      expect(values, node.name).toEqual({
        'cpu.capacity': capacity[node.name]![0],
        'cpu.allocatable': node.allocatable.cpu,
        'cpu.before': before[node.name]![0],
        'cpu.after': node.requested.cpu,
        'memory.capacity': capacity[node.name]![1],
        'memory.allocatable': node.allocatable.memory,
        'memory.before': before[node.name]![1],
        'memory.after': node.requested.memory,
        'pods.allocatable': node.allocatable.pods,
        'pods.before': before[node.name]![2],
        'pods.after': node.requested.pods,
      });
    }
    // The text shows the same numbers in cores and binary units.
    const row = elementBy(page, 'tr', 'data-node', 'node-a');
    expect(row).toContain('data-field="cpu.allocatable" data-value="3900">3.9</td>');
    expect(row).toContain('data-field="memory.allocatable" data-value="8053063680">7.5 GiB</td>');
  });

  test('pods: every pending pod on the node of its last attempt in the JSON, victims and gated pods too', () => {
    const rows = [...page.matchAll(/<tr data-pod="([^"]+)" data-result="([^"]+)">(.*?)<\/tr>/g)].map((m) => ({
      pod: m[1]!,
      result: m[2]!,
      node: cellText(/<td class="node">(.*?)<\/td>/.exec(m[3]!)![1]!),
      reason: cellText(/<td class="reason">(.*?)<\/td>/.exec(m[3]!)?.[1] ?? ''),
    }));
    const final = finalByPod(json);
    const expected = [...final.values()]
      .sort((a, b) => a.index - b.index)
      .map((d) => ({ pod: d.pod, node: d.node ?? '<unschedulable>' }));
    expect(
      rows
        .filter((r) => r.result === 'scheduled' || r.result === 'unschedulable')
        .map(({ pod, node }) => ({ pod, node })),
    ).toEqual(expected);
    expect(rows.map((r) => [r.pod, r.result])).toEqual([
      ['shop/web-1', 'scheduled'],
      ['shop/web-2', 'scheduled'],
      ['ops/critical', 'scheduled'],
      ['batch/low-a', 'preempted'],
      ['batch/huge-1', 'unschedulable'],
      ['batch/huge-2', 'unschedulable'],
      ['shop/gated', 'gated'],
    ]);
    expect(rows.find((r) => r.pod === 'batch/huge-1')!.reason).toBe(final.get('batch/huge-1')!.message);
  });

  test('unschedulable pods grouped by message, with counts', () => {
    const groups = [
      ...page.matchAll(
        /<div class="group-box" data-result="(\w[\w-]*)" data-count="(\d+)">.*?<p class="message">(.*?)<\/p>/gs,
      ),
    ];
    const unschedulable = groups.filter((g) => g[1] === 'unschedulable');
    expect(unschedulable.map((g) => Number(g[2])).reduce((a, b) => a + b, 0)).toBe(json.summary.unschedulable);
    expect(unschedulable).toHaveLength(1);
    expect(unescapeHtml(unschedulable[0]![3]!)).toBe(finalByPod(json).get('batch/huge-2')!.message);
    expect(groups.map((g) => [g[1], g[2]])).toEqual([
      ['unschedulable', '2'],
      ['gated', '1'],
    ]);
  });

  test('preemptions: preemptor, node, victims and outcome as the JSON says', () => {
    const preempting = json.decisions.filter((d) => d.nominatedNode !== undefined);
    expect(preempting).toHaveLength(1);
    const row = elementBy(elementBy(page, 'section', 'id', 'preemptions'), 'tr', 'data-pod', 'ops/critical');
    expect(row).toContain(`<td class="node">${preempting[0]!.nominatedNode}</td>`);
    expect([...row.matchAll(/<li class="victim">(.*?)<\/li>/g)].map((m) => m[1])).toEqual(preempting[0]!.victims);
    expect(row).toContain('bound to node-a');
  });

  test('scores: the chosen node column equals the JSON scores, the total its topScore, at most 3 other nodes', () => {
    const scored = [...finalByPod(json).values()].filter((d) => d.scheduled);
    for (const d of scored) {
      const block = elementBy(page, 'details', 'class="score" data-pod', d.pod);
      expect(block, d.pod).toContain(`data-node="${d.node}"`);
      if (d.scores === undefined) {
        expect(block).toContain('The only feasible node: not scored');
        continue;
      }
      const chosen = Object.fromEntries(
        [
          ...block.matchAll(/<tr data-plugin="(\w+)"><td>\w+<\/td><td class="num chosen" title="[^"]*">(-?\d+)<\/td>/g),
        ].map((m) => [m[1], Number(m[2])]),
      );
      const zero = /data-zero="([^"]*)"/.exec(block)?.[1]?.split(',') ?? [];
      for (const plugin of zero) chosen[plugin] = 0;
      expect(chosen, d.pod).toEqual(d.scores);
      const total = /<tr class="total"><td>Total<\/td><td class="num chosen">(\d+)<\/td>/.exec(block);
      expect(Number(total?.[1])).toBe(d.topScore);
      expect(block).toContain(`<th class="num">${d.node} (chosen)</th>`);
      const columns = block.match(/<th class="num">/g) ?? [];
      expect(columns.length).toBeLessThanOrEqual(4);
    }
  });

  test('the embedded JSON data holds the same numbers and parses', () => {
    const text = /<script type="application\/json" id="peapod-data">(.*?)<\/script>/.exec(page)![1]!;
    const data = JSON.parse(text) as {
      summary: unknown;
      nodes: { name: string; allocatable: unknown; requestedAfter: unknown }[];
    };
    expect(data.summary).toEqual(json.summary);
    expect(data.nodes.map((n) => ({ name: n.name, allocatable: n.allocatable, requested: n.requestedAfter }))).toEqual(
      json.nodes,
    );
  });

  test('--fail-on-unschedulable: exit 3, the report still written; --quiet: nothing on stderr', async () => {
    const file = join(dir, 'fail.html');
    const run = await runCli(['report', '-f', cluster, '-o', file, '--fail-on-unschedulable', '--quiet']);
    expect(run).toEqual({ code: 3, stdout: '', stderr: '' });
    expect(await readFile(file, 'utf8')).toBe(page);
  });

  test('a cluster without pending pods still gives a report', async () => {
    const run = await runCli(['report', '-f', fixture('no-pending.yaml'), '-o', '-']);
    expect(run.code).toBe(0);
    expect(run.stderr.endsWith('\nno pending pods\n')).toBe(true);
    expect(run.stdout).toContain('No pod was scheduled.');
    expect(run.stdout).toContain('No pod preempted another.');
  });

  test.each([
    {
      name: 'no -o',
      args: ['-f', cluster],
      message: 'error: must specify -o/--output (the HTML file to write, or - for stdout)',
    },
    {
      name: 'no -f',
      args: ['-o', '-'],
      message: 'error: must specify -f/--filename (a file, a folder, or - for stdin)',
    },
    {
      name: 'bad --seed',
      args: ['-f', cluster, '-o', '-', '--seed', 'x'],
      message: 'error: invalid value "x" for --seed',
    },
    { name: 'stray argument', args: [cluster, '-o', '-'], message: `error: unexpected argument "${cluster}"` },
  ])('bad usage: $name (exit 2)', async ({ args, message }) => {
    const run = await runCli(['report', ...args]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(message);
    expect(run.stderr).toContain("See 'peapod report --help'.");
  });

  test('bad input or an output that cannot be written: exit 1, one line, no file', async () => {
    const missing = join(dir, 'nowhere', 'report.html');
    const unwritable = await runCli(['report', '-f', cluster, '-o', missing]);
    expect(unwritable).toEqual({
      code: 1,
      stdout: '',
      stderr: `error: cannot write ${missing}: no such file or directory\n`,
    });
    const file = join(dir, 'bad.html');
    const bad = await runCli(['report', '-f', fixture('malformed.yaml'), '-o', file]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^error: /);
    await expect(stat(file)).rejects.toThrow();
  });

  test('--help', async () => {
    const run = await runCli(['report', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('peapod report -f PATH... -o FILE [flags]');
    expect((await runCli(['--help'])).stdout).toContain('report ');
  });
});
