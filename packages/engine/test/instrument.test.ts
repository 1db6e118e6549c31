import { parseManifests } from '@peapod/core';
import { describe, expect, test } from 'vitest';
import {
  createDefaultRegistry,
  createScheduler,
  defaultSchedulerConfig,
  instrumentPlugin,
  instrumentSchedulerConfig,
  PluginTimer,
  workloadJson,
} from '../src/index.js';

describe('plugin timing (bench --profile-plugins)', () => {
  const objects = parseManifests(
    workloadJson('mixed', { nodes: 20, pods: 40, existingPods: 40, seed: 3 }),
    'mixed.json',
  );

  test('an instrumented scheduler makes exactly the same decisions', () => {
    const config = defaultSchedulerConfig();
    const timer = new PluginTimer();
    const plain = createScheduler({ seed: 4 }, config).run(objects);
    const timed = createScheduler({ seed: 4 }, instrumentSchedulerConfig(config, timer)).run(objects);
    expect(timed).toEqual(plain);
    const report = timer.report();
    const points = report.extensionPoints.map((p) => p.extensionPoint);
    expect(points).toEqual(expect.arrayContaining(['QueueSort', 'PreFilter', 'Filter', 'PreScore', 'Score', 'Bind']));
    const fit = report.plugins.filter((p) => p.plugin === 'NodeResourcesFit' && p.extensionPoint === 'Filter');
    expect(fit.length).toBeGreaterThan(0);
    expect(fit.every((p) => p.calls > 0 && p.selfSeconds <= p.seconds)).toBe(true);
    const sum = report.extensionPoints.reduce((n, p) => n + p.seconds, 0);
    expect(report.pluginSeconds).toBeCloseTo(sum, 9);
    timer.reset();
    expect(timer.report().plugins).toEqual([]);
  });

  test('the wrapper keeps the name, the methods and their `this`; nested calls count once as self time', () => {
    const timer = new PluginTimer();
    const inner = instrumentPlugin({ name: 'Inner', filter: (..._args: unknown[]) => null }, timer);
    const plugin = {
      name: 'Outer',
      count: 0,
      preFilterExtensions: { addPod: (..._args: unknown[]) => null, removePod: (..._args: unknown[]) => null },
      filter(this: { count: number }, ..._args: unknown[]) {
        this.count++;
        return inner.filter({}, {}, 0, {});
      },
    };
    const wrapped = instrumentPlugin(plugin, timer);
    expect(wrapped).not.toBe(plugin);
    expect(wrapped.name).toBe('Outer');
    wrapped.filter({}, {}, 0, {});
    wrapped.preFilterExtensions.addPod({}, {}, {}, 0, {});
    expect(plugin.count).toBe(1);
    expect(wrapped.count).toBe(1);
    const rows = timer.report().plugins;
    expect(rows.map((r) => `${r.plugin} ${r.extensionPoint} ${r.method} ${r.calls}`).sort()).toEqual([
      'Inner Filter filter 1',
      'Outer Filter filter 1',
      'Outer PreFilterExtensionAddPod preFilterExtensions.addPod 1',
    ]);
    const outer = rows.find((r) => r.plugin === 'Outer' && r.method === 'filter')!;
    const innerRow = rows.find((r) => r.plugin === 'Inner')!;
    expect(outer.selfSeconds).toBeCloseTo(outer.seconds - innerRow.seconds, 9);
  });

  test('the registry wrapper keeps every registration', () => {
    const registry = createDefaultRegistry();
    const config = instrumentSchedulerConfig(defaultSchedulerConfig(registry), new PluginTimer());
    expect(config.registry).not.toBe(registry);
    expect(config.registry.names()).toEqual(registry.names());
    expect(config.registry.get('NodeResourcesFit')!.points).toBe(registry.get('NodeResourcesFit')!.points);
  });
});
