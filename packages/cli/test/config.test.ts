import { describe, expect, test } from 'vitest';
import { fixture, runCli } from './run-cli.js';

describe('peapod schedule --config', () => {
  test('a configuration with mistakes fails at start-up listing every one with its path, exit 1', async () => {
    const config = fixture('config-mistakes.yaml');
    const run = await runCli(['schedule', '-f', fixture('small-cluster.yaml'), '--config', config]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines[0]).toBe(`error: ${config}: invalid KubeSchedulerConfiguration (6 problems):`);
    expect(lines.slice(1).sort()).toEqual(
      [
        '  percentageOfNodesToScore: must be between 0 and 100, got 120',
        '  profiles[0].plugins.score.enabled[0].name: unknown plugin "NodeResourcesFitt"',
        '  profiles[0].plugins.score.enabled[1].weight: must be between 1 and 100 (0 or unset means 1), got -2',
        '  profiles[0].plugins.score.enabled[1].name: plugin "NodeName" does not implement score',
        '  profiles[0].pluginConfig[1].name: duplicate pluginConfig for plugin "NodeResourcesFit" (first at profiles[0].pluginConfig[0])',
        '  profiles[0].pluginConfig[0].args.scoringStrategy.type: unsupported value "Fancy", expected one of "LeastAllocated", "MostAllocated", "RequestedToCapacityRatio"',
      ].sort(),
    );
  });

  test('a configuration changes decisions: MostAllocated packs pods where LeastAllocated spreads them', async () => {
    const args = ['schedule', '-f', fixture('small-cluster.yaml'), '-o', 'jsonl', '--tie-break', 'lowest-name'];
    const spread = await runCli(args);
    const packed = await runCli([...args, '--config', fixture('config-most-allocated.yaml')]);
    expect(spread.code).toBe(0);
    expect(packed.code).toBe(0);
    const nodes = (out: string) =>
      out
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).node);
    expect(nodes(packed.stdout)).not.toEqual(nodes(spread.stdout));
  });

  test('a missing configuration file is bad input, exit 1', async () => {
    const run = await runCli(['schedule', '-f', fixture('small-cluster.yaml'), '--config', '/nonexistent/sched.yaml']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error: .*\/nonexistent\/sched\.yaml/);
  });
});
