import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { loadManifests, PeapodError } from '@peapod/core';
import {
  createDefaultRegistry,
  createScheduler,
  DEFAULT_RESOLVE_OPTIONS,
  loadSchedulerConfiguration,
  readSchedulerConfiguration,
  type ScheduleResult,
  schedulerConfigFrom,
} from '@peapod/engine';
import { describe, expect, test } from 'vitest';
import { plugin } from '../src/index.js';

// The library path: register the descriptor in the engine's registry, enable it with the README's
// KubeSchedulerConfiguration, and schedule the example cluster.
const file = (name: string) => fileURLToPath(new URL(`../${name}`, import.meta.url));

const placements = (result: ScheduleResult) => result.decisions.map((d) => [d.pod, d.node]);

async function run(withPlugin: boolean): Promise<ScheduleResult> {
  const objects = await loadManifests([file('cluster.yaml')]);
  if (!withPlugin) return createScheduler().run(objects);
  const registry = createDefaultRegistry().register(plugin);
  const configuration = await readSchedulerConfiguration(
    file('scheduler-config.yaml'),
    registry,
    DEFAULT_RESOLVE_OPTIONS,
  );
  return createScheduler({}, schedulerConfigFrom(configuration, registry)).run(objects);
}

describe('NodeLabelPreference in the engine', () => {
  test('without it the default plugins spread the pods over the three nodes', async () => {
    const nodes = new Set((await run(false)).decisions.map((d) => d.node));
    expect(nodes).toEqual(new Set(['spot-1', 'ssd-1', 'hdd-1']));
  });

  test('with it: never the spot node, the SSD node first until it is full, then the other one', async () => {
    expect(placements(await run(true))).toEqual([
      ['shop/web-1', 'ssd-1'],
      ['shop/web-2', 'ssd-1'],
      ['shop/web-3', 'hdd-1'],
    ]);
  });

  test('its raw, normalised and weighted scores (weight 5) appear in the explanation', async () => {
    const objects = await loadManifests([file('cluster.yaml')]);
    const registry = createDefaultRegistry().register(plugin);
    const configuration = await readSchedulerConfiguration(
      file('scheduler-config.yaml'),
      registry,
      DEFAULT_RESOLVE_OPTIONS,
    );
    const result = createScheduler({ explainScores: true }, schedulerConfigFrom(configuration, registry)).run(objects);
    const first = result.decisions[0]!;
    expect(first.feasibleNodes).toBe(2);
    const ours = (node: string) =>
      first.nodeScores?.find((n) => n.node === node)?.plugins.find((p) => p.plugin === 'NodeLabelPreference');
    expect(ours('ssd-1')).toEqual({ plugin: 'NodeLabelPreference', raw: 10, normalized: 100, weighted: 500 });
    expect(ours('hdd-1')).toEqual({ plugin: 'NodeLabelPreference', raw: 0, normalized: 0, weighted: 0 });
  });

  test("bad args in the configuration are reported with their path, by the plugin's schema", async () => {
    const text = (await readFile(file('scheduler-config.yaml'), 'utf8')).replace('lifecycle=spot', 'spot');
    const registry = createDefaultRegistry().register(plugin);
    expect(() => loadSchedulerConfiguration(text, 'config.yaml', registry, DEFAULT_RESOLVE_OPTIONS)).toThrow(
      new PeapodError(
        'PEAPOD_CONFIG',
        'config.yaml: invalid KubeSchedulerConfiguration (1 problem):\n' +
          '  profiles[0].pluginConfig[0].args.avoid[0]: expected key=value, got "spot"',
      ),
    );
  });
});
