import { describe, expect, test } from 'vitest';
import { fixture, runCli } from './run-cli.js';

const generated = ['bench', '--workload', 'SchedulingBasic', '--nodes', '8', '--pods', '12', '--existing-pods', '4'];

describe('peapod bench', () => {
  test('--json: one object with the documented fields', async () => {
    const { code, stdout, stderr } = await runCli([...generated, '--json']);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    const doc = JSON.parse(stdout);
    expect(Object.keys(doc)).toEqual([
      'apiVersion',
      'kind',
      'source',
      'settings',
      'nodes',
      'boundPods',
      'pendingPods',
      'attempts',
      'scheduled',
      'unschedulable',
      'preemptions',
      'generateSeconds',
      'loadSeconds',
      'sessionSeconds',
      'scheduleSeconds',
      'podsPerSecond',
      'p50Micros',
      'p90Micros',
      'p99Micros',
      'maxMicros',
      'peakRssBytes',
      'runs',
      'extensionPoints',
      'plugins',
    ]);
    expect(doc).toMatchObject({
      apiVersion: 'peapod.dev/v1alpha1',
      kind: 'BenchResult',
      source: { workload: { name: 'SchedulingBasic', nodes: 8, pods: 12, existingPods: 4, seed: 0 } },
      settings: { seed: 0, tieBreak: 'random', percentageOfNodesToScore: 0, profilePlugins: false },
      nodes: 8,
      boundPods: 4,
      pendingPods: 12,
      attempts: 12,
      scheduled: 12,
      unschedulable: 0,
      extensionPoints: null,
      plugins: null,
    });
    for (const key of [
      'loadSeconds',
      'sessionSeconds',
      'scheduleSeconds',
      'podsPerSecond',
      'p50Micros',
      'p99Micros',
      'peakRssBytes',
    ]) {
      expect(doc[key]).toBeGreaterThan(0);
    }
    expect(doc.p50Micros).toBeLessThanOrEqual(doc.p99Micros);
    expect(doc.p99Micros).toBeLessThanOrEqual(doc.maxMicros);
    expect(doc.runs).toHaveLength(1);
  });

  test('-f with the scheduling flags; --runs reports every run and the median', async () => {
    const { code, stdout } = await runCli([
      'bench',
      '-f',
      fixture('small-cluster.yaml'),
      '--percentage-of-nodes-to-score',
      '100',
      '--tie-break',
      'lowest-name',
      '--runs',
      '3',
      '--json',
    ]);
    expect(code).toBe(0);
    const doc = JSON.parse(stdout);
    expect(doc.source).toEqual({ files: [fixture('small-cluster.yaml')] });
    expect(doc.settings).toMatchObject({ percentageOfNodesToScore: 100, tieBreak: 'lowest-name' });
    expect(doc.generateSeconds).toBeUndefined();
    expect(doc.runs).toHaveLength(3);
    const rates = doc.runs.map((r: { podsPerSecond: number }) => r.podsPerSecond).sort((a: number, b: number) => a - b);
    expect(doc.podsPerSecond).toBe(rates[1]);
  });

  test('the report: labelled lines for people', async () => {
    const { code, stdout } = await runCli([...generated, '--workload-seed', '3']);
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /^workload +SchedulingBasic \(generated: 8 nodes, 4 existing pods, 12 pending pods, seed 3\)\n/,
    );
    expect(stdout).toMatch(
      /\nscheduler +default configuration, percentageOfNodesToScore 0 \(adaptive\), tie-break random, seed 0, in-thread\n/,
    );
    expect(stdout).toMatch(
      /\nschedule +[\d.]+ s +[\d,.]+ pods\/s +\(12 attempts: 12 scheduled, 0 unschedulable, 0 preemptions\)\n/,
    );
    expect(stdout).toMatch(/\nlatency +p50 [\d.]+ (µs|ms) +p90 .* +p99 .* +max .*\(per pod\)\n/);
    expect(stdout).toMatch(/\npeak RSS +\d/);
    expect(stdout).not.toContain('EXTENSION POINT');
  });

  test('--profile-plugins: time per extension point and per plugin, same decisions', async () => {
    const args = ['bench', '--workload', 'PreemptionBasic', '--nodes', '4', '--pods', '6', '--existing-pods', '16'];
    const plain = JSON.parse((await runCli([...args, '--json'])).stdout);
    const { code, stdout } = await runCli([...args, '--json', '--profile-plugins']);
    expect(code).toBe(0);
    const doc = JSON.parse(stdout);
    expect(doc).toMatchObject({ scheduled: plain.scheduled, preemptions: plain.preemptions, attempts: plain.attempts });
    expect(doc.preemptions).toBeGreaterThan(0);
    const points = doc.extensionPoints.map((p: { extensionPoint: string }) => p.extensionPoint);
    // Every retry after preemption has one feasible node, so nothing is scored.
    expect(points).toEqual(
      expect.arrayContaining(['PreFilter', 'PreFilterExtensionRemovePod', 'Filter', 'PostFilter', 'Bind']),
    );
    expect(doc.plugins.some((p: { plugin: string }) => p.plugin === 'DefaultPreemption')).toBe(true);
    const report = await runCli([...args, '--profile-plugins']);
    expect(report.stdout).toMatch(/\nEXTENSION POINT +CALLS +SECONDS +SHARE\n/);
    expect(report.stdout).toMatch(/\nPLUGIN +EXTENSION POINT +METHOD +CALLS +SELF SECONDS +SHARE +µs\/CALL\n/);
  });

  test.each([
    {
      name: 'no input',
      args: ['bench'],
      error: 'must specify -f/--filename (a file, a folder, or - for stdin) or --workload NAME',
    },
    {
      name: 'both inputs',
      args: ['bench', '-f', 'x.yaml', '--workload', 'basic'],
      error: 'give either -f/--filename or --workload, not both',
    },
    {
      name: 'generator flag without --workload',
      args: ['bench', '-f', 'x.yaml', '--nodes', '5'],
      error: 'flag --nodes needs --workload',
    },
    {
      name: 'zero runs',
      args: ['bench', '--workload', 'basic', '--runs', '0'],
      error: 'invalid value "0" for --runs: must be an integer from 1 to 1000',
    },
    { name: 'unknown workload', args: ['bench', '--workload', 'Nope'], error: 'unknown workload "Nope"' },
    {
      name: 'bad tie-break',
      args: ['bench', '--workload', 'basic', '--tie-break', 'x'],
      error: 'invalid value "x" for --tie-break',
    },
  ])('$name: usage error, exit 2', async ({ args, error }) => {
    const { code, stdout, stderr } = await runCli(args);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(`error: ${error}`);
    expect(stderr).toContain("See 'peapod bench --help'.");
  });

  test('a missing file: exit 1, naming it', async () => {
    const { code, stderr } = await runCli(['bench', '-f', '/nonexistent/cluster.yaml']);
    expect(code).toBe(1);
    expect(stderr).toBe('error: /nonexistent/cluster.yaml: no such file or directory\n');
  });
});
