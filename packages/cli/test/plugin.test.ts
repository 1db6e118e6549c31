import { spawnSync } from 'node:child_process';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { fixture, runCli } from './run-cli.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const example = (name: string) => `${repoRoot}examples/custom-plugin/${name}`;
const PLUGIN = example('src/index.ts');
const CONFIG = example('scheduler-config.yaml');
const CLUSTER = example('cluster.yaml');

/** NAME -> NODE of a table. */
function placements(stdout: string): Record<string, string> {
  const rows = stdout.trimEnd().split('\n').slice(1);
  return Object.fromEntries(rows.map((row) => row.split(/\s+/).slice(1, 3) as [string, string]));
}

describe('peapod schedule --plugin', () => {
  test('loads the example plugin, which the configuration enables and configures: placements change', async () => {
    const before = await runCli(['schedule', '-f', CLUSTER]);
    expect(before.code).toBe(0);
    expect(new Set(Object.values(placements(before.stdout)))).toEqual(new Set(['spot-1', 'ssd-1', 'hdd-1']));

    const after = await runCli(['schedule', '--plugin', PLUGIN, '--config', CONFIG, '-f', CLUSTER]);
    expect(after.stderr).toBe('scheduled 3/3 pods on 2 nodes, 0 unschedulable\n');
    expect(after.code).toBe(0);
    expect(placements(after.stdout)).toEqual({ 'web-1': 'ssd-1', 'web-2': 'ssd-1', 'web-3': 'hdd-1' });
  });

  test('is repeatable: two modules, each plugin enabled and configured by name', async () => {
    const run = await runCli([
      'schedule',
      '--plugin',
      PLUGIN,
      '--plugin',
      fixture('plugins/prefer-spot.mjs'),
      '--config',
      fixture('plugins/two-plugins-config.yaml'),
      '-f',
      CLUSTER,
      '-o',
      'json',
    ]);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as { decisions: { pod: string; node: string; feasibleNodes: number }[] };
    expect(result.decisions.map((d) => [d.pod, d.node, d.feasibleNodes])).toEqual([
      ['shop/web-1', 'spot-1', 2],
      ['shop/web-2', 'spot-1', 2],
      ['shop/web-3', 'spot-1', 2],
    ]);
  });

  test('a relative path resolves against the working directory', async () => {
    const run = await runCli([
      'schedule',
      '--plugin',
      relative(process.cwd(), PLUGIN),
      '--config',
      CONFIG,
      '-f',
      CLUSTER,
    ]);
    expect(run.code).toBe(0);
    expect(placements(run.stdout)['web-1']).toBe('ssd-1');
  });

  test('a plugin no profile enables changes nothing, with a warning', async () => {
    const run = await runCli(['schedule', '--plugin', PLUGIN, '-f', CLUSTER]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(
      `Warning: plugin "NodeLabelPreference" (--plugin ${PLUGIN}) is not enabled by any profile of the default configuration; it changes nothing there\n` +
        'scheduled 3/3 pods on 3 nodes, 0 unschedulable\n',
    );
  });

  test('its pluginConfig args are validated by its own schema, every problem with its path', async () => {
    const config = fixture('plugins/bad-args-config.yaml');
    const run = await runCli(['schedule', '--plugin', PLUGIN, '--config', config, '-f', CLUSTER]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      `error: ${config}: invalid KubeSchedulerConfiguration (3 problems):\n` +
        '  profiles[0].pluginConfig[0].args.avoid[0]: expected key=value, got "spot"\n' +
        '  profiles[0].pluginConfig[0].args.prefer[0].weight: must be less than or equal to 100, got 1000\n' +
        '  profiles[0].pluginConfig[0].args.color: unknown field\n',
    );
  });

  test('without --plugin, a configuration naming the plugin is an error', async () => {
    const run = await runCli(['schedule', '--config', CONFIG, '-f', CLUSTER]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `error: ${CONFIG}: invalid KubeSchedulerConfiguration (1 problem):\n` +
        '  profiles[0].plugins.multiPoint.enabled[0].name: unknown plugin "NodeLabelPreference"\n',
    );
  });

  test.each([
    { name: 'missing file', file: 'plugins/missing.mjs', want: 'no such file or directory' },
    {
      name: 'throws on import',
      file: 'plugins/throws.mjs',
      want: 'threw while loading: cannot read /etc/acme/plugin.json',
    },
    {
      name: 'exports nothing usable',
      file: 'plugins/nothing.mjs',
      want: 'exports no plugin: expected a named export `plugin` or `plugins`',
    },
    {
      name: 'a descriptor with a bad shape',
      file: 'plugins/bad-shape.mjs',
      want: 'export `plugin` is not a plugin descriptor: create: expected a function',
    },
    {
      name: 'a name clash with an in-tree plugin',
      file: 'plugins/clash.mjs',
      want: 'plugin "TaintToleration" clashes with the in-tree plugin of that name',
    },
  ])('$name: exit 1, one line naming the path', async ({ file, want }) => {
    const path = fixture(file);
    const run = await runCli(['schedule', '--plugin', path, '-f', CLUSTER]);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`error: plugin module ${path}: ${want}\n`);
    expect(run.code).toBe(1);
  });

  test('an empty --plugin is a usage error; --help documents the flag', async () => {
    const run = await runCli(['schedule', '--plugin=', '-f', CLUSTER]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe("error: flag --plugin must not be empty\nSee 'peapod schedule --help'.\n");
    expect((await runCli(['schedule', '--help'])).stdout).toContain('--plugin PATH');
  });

  test('the real bin, from the repository root, loads the TypeScript example by a relative path', () => {
    const child = spawnSync(
      process.execPath,
      [
        '--conditions=@peapod/source',
        '--import',
        'tsx',
        'packages/cli/src/bin.ts',
        'schedule',
        '--plugin',
        'examples/custom-plugin/src/index.ts',
        '--config',
        'examples/custom-plugin/scheduler-config.yaml',
        '-f',
        'examples/custom-plugin/cluster.yaml',
      ],
      {
        cwd: repoRoot,
        encoding: 'utf8',
        timeout: 60_000,
        env: { ...process.env, TSX_TSCONFIG_PATH: `${repoRoot}tsconfig.base.json` },
      },
    );
    expect(child.error).toBeUndefined();
    expect(child.stderr).toBe('scheduled 3/3 pods on 2 nodes, 0 unschedulable\n');
    expect(placements(child.stdout)).toEqual({ 'web-1': 'ssd-1', 'web-2': 'ssd-1', 'web-3': 'hdd-1' });
    expect(child.status).toBe(0);
  });
});
