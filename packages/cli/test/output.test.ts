import type { Decision, ScheduleResult } from '@peapod/engine';
import { describe, expect, test } from 'vitest';
import { orderKeys } from '../src/output/json.js';
import { renderJson, renderJsonl, renderTable, summaryLine } from '../src/output/schedule-output.js';
import { formatTable } from '../src/output/table.js';

// Rendering of a hand-made result: independent of the engine's decisions.
const placed: Decision = {
  seq: 0,
  index: 0,
  pod: 'shop/web-1',
  attempt: 1,
  scheduled: true,
  node: 'node-a',
  evaluatedNodes: 2,
  feasibleNodes: 2,
  topNodes: ['node-a'],
  topScore: 84,
  scores: { NodeResourcesFit: 84 },
};
const failed: Decision = {
  seq: 1,
  index: 1,
  pod: 'batch/transcode',
  attempt: 1,
  scheduled: false,
  node: null,
  evaluatedNodes: 2,
  feasibleNodes: 0,
  reason: 'Unschedulable',
  message: '0/2 nodes are available: 2 Insufficient cpu.',
  reasonCounts: { 'Insufficient memory': 1, 'Insufficient cpu': 2 },
  unschedulablePlugins: ['NodeResourcesFit'],
};
const usage = { cpu: 0, memory: 0, pods: 0 };
const result: ScheduleResult = {
  decisions: [placed, failed],
  skipped: [],
  summary: {
    nodes: 2,
    gated: 0,
    otherScheduler: 0,
    boundPods: 0,
    pendingPods: 2,
    attempts: 2,
    scheduled: 1,
    unschedulable: 1,
    preemptions: 0,
    victims: 0,
  },
  nodes: [
    { name: 'node-a', allocatable: { memory: 4, pods: 110, cpu: 2000 }, requested: usage },
    { name: 'node-b', allocatable: usage, requested: usage },
  ],
};

describe('formatTable', () => {
  test('pads every column but the last to its widest cell + 3, at least 6, without trailing spaces', () => {
    expect(
      formatTable(
        ['NS', 'NAME', 'REASON'],
        [
          ['a', 'long-name', ''],
          ['kube-system', 'x', 'why'],
        ],
      ),
    ).toBe(
      ['NS            NAME        REASON', 'a             long-name', 'kube-system   x           why', ''].join('\n'),
    );
  });
});

describe('orderKeys', () => {
  test('listed keys first, then the rest sorted; nested keys sorted; undefined dropped', () => {
    const out = orderKeys({ z: 1, b: { y: 1, x: [{ d: 1, c: 2 }] }, a: undefined, m: null }, ['m', 'b']);
    expect(JSON.stringify(out)).toBe('{"m":null,"b":{"x":[{"c":2,"d":1}],"y":1},"z":1}');
  });
});

describe('schedule output', () => {
  test('table: one row per pod, <unschedulable> and the message for failures', () => {
    expect(renderTable(result)).toBe(
      [
        'NAMESPACE   NAME        NODE              REASON',
        'shop        web-1       node-a',
        'batch       transcode   <unschedulable>   0/2 nodes are available: 2 Insufficient cpu.',
        '',
      ].join('\n'),
    );
  });

  test('table: only the final attempt of a pod, in input order', () => {
    const retried: Decision = { ...placed, seq: 2, index: 1, pod: 'batch/transcode', attempt: 2, node: 'node-b' };
    const table = renderTable({ ...result, decisions: [placed, failed, retried] });
    expect(table.split('\n').slice(1, 3)).toEqual(['shop        web-1       node-a', 'batch       transcode   node-b']);
  });

  test('jsonl: one object per attempt with the documented key order', () => {
    const lines = renderJsonl(result).trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe(
      '{"seq":0,"index":0,"pod":"shop/web-1","attempt":1,"scheduled":true,"node":"node-a","evaluatedNodes":2,' +
        '"feasibleNodes":2,"topNodes":["node-a"],"topScore":84,"scores":{"NodeResourcesFit":84}}',
    );
    expect(lines[1]).toBe(
      '{"seq":1,"index":1,"pod":"batch/transcode","attempt":1,"scheduled":false,"node":null,"evaluatedNodes":2,' +
        '"feasibleNodes":0,"reason":"Unschedulable","message":"0/2 nodes are available: 2 Insufficient cpu.",' +
        '"reasonCounts":{"Insufficient cpu":2,"Insufficient memory":1},"unschedulablePlugins":["NodeResourcesFit"]}',
    );
  });

  test('jsonl: fields the engine adds later are kept, after the known ones', () => {
    const extended = { ...failed, nominatedNode: 'node-b' };
    const line = renderJsonl({ ...result, decisions: [extended] });
    expect(line.endsWith(',"unschedulablePlugins":["NodeResourcesFit"],"nominatedNode":"node-b"}\n')).toBe(true);
  });

  test('json: one pretty document with apiVersion, kind, summary, decisions and nodes', () => {
    const text = renderJson(result);
    expect(text.startsWith('{\n  "apiVersion": "peapod.dev/v1alpha1",\n  "kind": "ScheduleResult",\n')).toBe(true);
    const doc = JSON.parse(text);
    expect(Object.keys(doc)).toEqual(['apiVersion', 'kind', 'summary', 'decisions', 'skipped', 'nodes']);
    expect(doc.decisions).toHaveLength(2);
    expect(doc.nodes[0]).toEqual({
      name: 'node-a',
      allocatable: { cpu: 2000, memory: 4, pods: 110 },
      requested: usage,
    });
    expect(Object.keys(doc.nodes[0].allocatable)).toEqual(['cpu', 'memory', 'pods']);
  });

  test('table: pods without an attempt get a row saying why, in input order', () => {
    const skipped: ScheduleResult['skipped'] = [
      { index: 2, pod: 'ops/gated-1', reason: 'gated', message: 'waiting for scheduling gates: [example.com/quota]' },
      { index: 0, pod: 'ops/batch-1', reason: 'other-scheduler', message: 'no profile for schedulerName "volcano"' },
    ];
    const table = renderTable({ ...result, decisions: [{ ...placed, index: 1 }], skipped });
    expect(table.split('\n').map((l) => l.split(/ {3,}/).slice(0, 3))).toEqual([
      ['NAMESPACE', 'NAME', 'NODE'],
      ['ops', 'batch-1', '<other-scheduler>'],
      [placed.pod.split('/')[0], placed.pod.split('/')[1], placed.node],
      ['ops', 'gated-1', '<gated>'],
      [''],
    ]);
  });

  test('table: pods evicted by a preemption follow the preemptor', () => {
    const preemptor: Decision = {
      ...failed,
      index: 0,
      nominatedNode: 'node-a',
      victims: ['batch/low-1', 'batch/low-2'],
    };
    const table = renderTable({ ...result, decisions: [preemptor, { ...placed, index: 0, seq: 1, attempt: 2 }] });
    expect(table.split('\n').map((l) => l.split(/ {3,}/))).toEqual([
      ['NAMESPACE', 'NAME', 'NODE', 'REASON'],
      [placed.pod.split('/')[0], placed.pod.split('/')[1], placed.node],
      ['batch', 'low-1', '<preempted>', `preempted by ${failed.pod} on node-a`],
      ['batch', 'low-2', '<preempted>', `preempted by ${failed.pod} on node-a`],
      [''],
    ]);
  });

  test('summary line counts pods and the nodes they landed on', () => {
    expect(summaryLine(result)).toBe('scheduled 1/2 pods on 1 node, 1 unschedulable');
  });
});
