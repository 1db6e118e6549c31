import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { runCli } from './run-cli.js';

const rollout = fileURLToPath(new URL('../../../examples/simulate/rollout.yaml', import.meta.url));

function scenarioFile(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'peapod-sim-'));
  const file = join(dir, 'scenario.yaml');
  writeFileSync(file, text);
  return file;
}

describe('peapod simulate', () => {
  test('prints the timeline, the final state and the metrics', async () => {
    const run = await runCli(['simulate', rollout, '--until', '3m']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^TIME +TYPE +REASON +OBJECT +MESSAGE\n/);
    expect(run.stdout).toContain('ScalingReplicaSet   deployment/web');
    expect(run.stdout).toMatch(/\nPods \(stopped at 3m0s\):\nNAMESPACE +NAME +READY +STATUS +RESTARTS +IP +NODE\n/);
    expect(run.stdout).toContain('\nServices:\nNAMESPACE   NAME   CLUSTER-IP');
    expect(run.stdout).toContain('pod startup latency (created to Ready): p50 ');
  });

  test('-o json has events, pods, services and metrics with the documented fields, byte-identical across runs', async () => {
    const first = await runCli(['simulate', rollout, '-o', 'json', '--until', '6m']);
    const second = await runCli(['simulate', rollout, '-o', 'json', '--until', '6m']);
    expect(first.stdout).toBe(second.stdout);
    const result = JSON.parse(first.stdout);
    expect(Object.keys(result)).toEqual(expect.arrayContaining(['events', 'pods', 'services', 'metrics']));
    expect(Object.keys(result.events[0])).toEqual(
      expect.arrayContaining(['time', 'kind', 'namespace', 'name', 'reason', 'message']),
    );
    expect(typeof result.events[0].time).toBe('number');
    expect(Object.keys(result.pods[0])).toEqual(
      expect.arrayContaining(['namespace', 'name', 'node', 'podIP', 'phase', 'restarts']),
    );
    expect(result.pods).toHaveLength(6);
    expect(result.services[0]).toMatchObject({ namespace: 'shop', name: 'web' });
    expect(result.services[0].endpoints).toHaveLength(6);
    expect(result.metrics).toMatchObject({ schedulingAttempts: 10, evictions: 0 });
    expect(Object.keys(result.metrics.podStartupLatency)).toEqual(['p50', 'p99', 'count']);
  });

  test('-o jsonl writes one record per line, events first', async () => {
    const run = await runCli(['simulate', rollout, '-o', 'jsonl', '--until', '1m', '--seed', '3']);
    const lines = run.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines[0].record).toBe('event');
    expect(lines.at(-1).record).toBe('metrics');
    expect(lines.filter((l) => l.record === 'pod')).toHaveLength(4);
  });

  test.each([
    { args: ['simulate'], error: 'error: must specify a SCENARIO file' },
    { args: ['simulate', 'a.yaml', 'b.yaml'], error: 'error: unexpected argument "b.yaml"' },
    { args: ['simulate', 'a.yaml', '--until', 'later'], error: 'error: invalid value "later" for --until' },
    {
      args: ['simulate', 'a.yaml', '-o', 'yaml'],
      error: 'error: invalid value "yaml" for --output: must be one of table, json, jsonl',
    },
    { args: ['simulate', 'a.yaml', '--seed', '-1'], error: 'error: flag needs an argument: --seed' },
  ])('usage errors exit 2: $args', async ({ args, error }) => {
    const run = await runCli(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(error);
    expect(run.stderr).toContain("See 'peapod simulate --help'.");
  });

  test('a bad scenario exits 1 naming the file and field', async () => {
    const missing = await runCli(['simulate', '/nonexistent/scenario.yaml']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe('error: /nonexistent/scenario.yaml: no such file or directory\n');
    const file = scenarioFile(
      'apiVersion: peapod.dev/v1alpha1\nkind: Scenario\nactions:\n  - scale: {kind: Deployment, name: web, replicas: many}\n',
    );
    const bad = await runCli(['simulate', file]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(`${file}: actions[0].scale.replicas: expected a number, got "many"`);
    expect(bad.stdout).toBe('');
  });
});

describe('peapod demo', () => {
  test('tells the seed story: twelve steps, a failed node, a replaced pod with a new IP, a stable Service', async () => {
    const run = await runCli(['demo']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^STEP +TIME +TYPE +REASON +OBJECT +MESSAGE\n/);
    for (const step of [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])
      expect(run.stdout).toMatch(new RegExp(`\\n${step} +\\d`));
    expect(run.stdout).toContain('NodeNotReady');
    expect(run.stdout).toContain('TaintManagerEviction');
    expect(run.stdout).toMatch(/Service web kept ClusterIP [\d.]+; its endpoints are now/);
    const again = await runCli(['demo']);
    expect(again.stdout).toBe(run.stdout);
  });

  test('--scenario prints the embedded scenario, which simulate runs the same way', async () => {
    const scenario = await runCli(['demo', '--scenario']);
    const file = scenarioFile(scenario.stdout);
    const viaFile = await runCli(['simulate', file, '-o', 'json']);
    const viaDemo = await runCli(['demo', '-o', 'json']);
    expect(JSON.parse(viaFile.stdout).pods).toEqual(JSON.parse(viaDemo.stdout).pods);
  });
});
