import { dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PeapodError } from '@peapod/core';
import { clusterOf, makeNode, makePod } from '@peapod/testing';
import { describe, expect, test } from 'vitest';
import {
  createDefaultRegistry,
  createScheduler,
  DEFAULT_RESOLVE_OPTIONS,
  loadPluginModule,
  loadSchedulerConfiguration,
  PluginRegistry,
  registerPluginModules,
  schedulerConfigFrom,
} from '../src/index.js';

const FIXTURES = fileURLToPath(new URL('./fixtures/plugin-loader/', import.meta.url));
const fixture = (name: string) => `${FIXTURES}${name}`;

async function rejection(promise: Promise<unknown>): Promise<PeapodError> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof PeapodError) return e;
    throw e;
  }
  throw new Error('expected a PeapodError');
}

const enableLabelGate = (args: string) => `
apiVersion: kubescheduler.config.k8s.io/v1
kind: KubeSchedulerConfiguration
profiles:
  - schedulerName: default-scheduler
    plugins:
      multiPoint:
        enabled: [{ name: LabelGate }]
    pluginConfig:
      - name: LabelGate
        args: ${args}
`;

describe('loading plugin modules', () => {
  test('a TypeScript module exporting `plugin` made with definePlugin', async () => {
    const [descriptor, ...rest] = await loadPluginModule(fixture('label-gate.ts'));
    expect(rest).toEqual([]);
    expect(descriptor!.name).toBe('LabelGate');
    expect([...descriptor!.points]).toEqual(['filter']);
    expect(descriptor!.argsSchema).toBeDefined();
  });

  test('a JavaScript module exporting `plugins`, hand-written, points as arrays', async () => {
    const descriptors = await loadPluginModule(fixture('hand-written.mjs'));
    expect(descriptors.map((d) => [d.name, [...d.points]])).toEqual([
      ['ScoreByIndex', ['score']],
      ['AllowAll', ['filter']],
    ]);
  });

  test('relative paths resolve against cwd', async () => {
    const cwd = dirname(FIXTURES);
    const path = relative(cwd, fixture('hand-written.mjs'));
    expect(path.startsWith('/')).toBe(false);
    expect(await loadPluginModule(path, { cwd })).toHaveLength(2);
  });

  test.each([
    { file: 'missing.mjs', code: 'PEAPOD_INPUT_READ', want: 'no such file or directory' },
    { file: '', code: 'PEAPOD_INPUT_READ', want: 'is a directory, expected a JavaScript or TypeScript module' },
    { file: 'throws.mjs', code: 'PEAPOD_CONFIG', want: 'threw while loading: boom: PLUGIN_TOKEN is not set' },
    {
      file: 'nothing.mjs',
      code: 'PEAPOD_CONFIG',
      want: 'exports no plugin: expected a named export `plugin` or `plugins`',
    },
    {
      file: 'default-only.mjs',
      code: 'PEAPOD_CONFIG',
      want: 'exports no plugin: expected a named export `plugin` or `plugins` (it has a default export: export the descriptor by name)',
    },
    {
      file: 'bad-shape.mjs',
      code: 'PEAPOD_CONFIG',
      want: 'export `plugin` is not a plugin descriptor: points: unknown extension point "flter" (known: preEnqueue, queueSort, preFilter, filter, postFilter, preScore, score, reserve, permit, preBind, bind, postBind); create: expected a function',
    },
    {
      file: 'plugins-not-array.mjs',
      code: 'PEAPOD_CONFIG',
      want: 'export `plugins`: expected an array of plugin descriptors',
    },
  ])('$file: $want', async ({ file, code, want }) => {
    const error = await rejection(loadPluginModule(fixture(file)));
    expect(error.code).toBe(code);
    expect(error.message).toBe(`plugin module ${fixture(file)}: ${want}`);
  });
});

test("a module with a syntax error: its parser's message", async () => {
  const error = await rejection(loadPluginModule(fixture('syntax-error.mjs')));
  expect(error.code).toBe('PEAPOD_CONFIG');
  // Node and vite word it differently.
  expect(error.message).toMatch(new RegExp(`^plugin module ${fixture('syntax-error.mjs')}: threw while loading: \\S`));
});

describe('registering plugin modules', () => {
  test('registers every export, in order, and reports where each came from', async () => {
    const registry = new PluginRegistry();
    const loaded = await registerPluginModules(['label-gate.ts', 'hand-written.mjs'], registry, { cwd: FIXTURES });
    expect(loaded).toEqual([
      { name: 'LabelGate', path: 'label-gate.ts' },
      { name: 'ScoreByIndex', path: 'hand-written.mjs' },
      { name: 'AllowAll', path: 'hand-written.mjs' },
    ]);
    expect(registry.names()).toEqual(['AllowAll', 'LabelGate', 'ScoreByIndex']);
  });

  test.each([
    {
      paths: ['clash.mjs'],
      want: 'plugin module clash.mjs: plugin "NodeResourcesFit" clashes with the in-tree plugin of that name',
    },
    {
      paths: ['hand-written.mjs', 'duplicate.mjs'],
      want: 'plugin module duplicate.mjs: plugin "AllowAll" is already defined by plugin module hand-written.mjs',
    },
    {
      paths: ['duplicate.mjs'],
      want: 'plugin module duplicate.mjs: plugin "AllowAll" is already defined by this module',
    },
  ])('a name clash is an error and registers nothing: $paths', async ({ paths, want }) => {
    const registry = createDefaultRegistry();
    const before = registry.names();
    const error = await rejection(registerPluginModules(['label-gate.ts', ...paths], registry, { cwd: FIXTURES }));
    expect(error.code).toBe('PEAPOD_CONFIG');
    expect(error.message).toBe(want);
    expect(registry.names()).toEqual(before);
  });

  test('a plugin already registered by the embedder is not called in-tree', async () => {
    const registry = new PluginRegistry();
    registry.register({ name: 'AllowAll', points: new Set(['filter']), create: () => ({ name: 'AllowAll' }) });
    const error = await rejection(registerPluginModules(['hand-written.mjs'], registry, { cwd: FIXTURES }));
    expect(error.message).toBe(
      'plugin module hand-written.mjs: plugin "AllowAll" clashes with a plugin already registered of that name',
    );
  });
});

describe('a loaded plugin in a KubeSchedulerConfiguration', () => {
  async function schedulerWith(configText: string) {
    const registry = createDefaultRegistry();
    await registerPluginModules([fixture('label-gate.ts')], registry);
    const resolved = loadSchedulerConfiguration(configText, 'config.yaml', registry, DEFAULT_RESOLVE_OPTIONS);
    return createScheduler({}, schedulerConfigFrom(resolved, registry));
  }
  const node = (name: string, labels: Record<string, string> = {}) => {
    let n = makeNode(name).allocatable({ cpu: '4', memory: '8Gi', pods: '10' });
    for (const [k, v] of Object.entries(labels)) n = n.label(k, v);
    return n.obj();
  };

  test('is enabled by name, gets its parsed args, and changes placements', async () => {
    const scheduler = await schedulerWith(enableLabelGate('{ label: example.com/gpu }'));
    const result = scheduler.run(
      clusterOf({ nodes: [node('plain'), node('gpu', { 'example.com/gpu': 'a100' })], pods: [makePod('p').obj()] }),
    );
    expect(result.decisions.map((d) => [d.pod, d.node, d.feasibleNodes])).toEqual([['default/p', 'gpu', 1]]);
    const none = scheduler.run(clusterOf({ nodes: [node('plain')], pods: [makePod('p').obj()] }));
    expect(none.decisions[0]!.message).toMatch(
      /^0\/1 nodes are available: 1 node\(s\) had no label example.com\/gpu\./,
    );
  });

  test('its pluginConfig args are validated by its own schema, with their path', async () => {
    const error = await rejection(schedulerWith(enableLabelGate('{ label: "", color: red }')));
    expect(error.code).toBe('PEAPOD_CONFIG');
    expect(error.message).toBe(
      [
        'config.yaml: invalid KubeSchedulerConfiguration (2 problems):',
        '  profiles[0].pluginConfig[0].args.label: must not be empty',
        '  profiles[0].pluginConfig[0].args.color: unknown field',
      ].join('\n'),
    );
  });

  test('a factory that throws, or returns the wrong instance, fails before any pod is scheduled, naming the plugin', async () => {
    const build = async (file: string, name: string) => {
      const registry = createDefaultRegistry();
      await registerPluginModules([fixture(file)], registry);
      const text = enableLabelGate('{}')
        .replaceAll('LabelGate', name)
        .replace(/\s+pluginConfig:[\s\S]*$/, '\n');
      const resolved = loadSchedulerConfiguration(text, 'config.yaml', registry, DEFAULT_RESOLVE_OPTIONS);
      return createScheduler({}, schedulerConfigFrom(resolved, registry)).run(clusterOf({ nodes: [node('n')] }));
    };
    await expect(build('create-throws.mjs', 'Fragile')).rejects.toThrow(
      'plugin "Fragile": create() threw: cannot reach the inventory service',
    );
    await expect(build('wrong-instance.mjs', 'HalfDone')).rejects.toThrow(
      'plugin "HalfDone": declares point(s) score but create() returned no score method',
    );
  });
});
