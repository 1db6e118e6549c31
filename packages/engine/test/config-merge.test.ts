import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  type EnabledPlugin,
  mergePluginSet,
  type PluginSetEntries,
  type ResolvedProfile,
  resolveSchedulerConfiguration,
} from '../src/config/index.js';
import { fakeRegistry } from './fixtures/config-registry.js';

const on = (name: string, weight = 0): EnabledPlugin => ({ name, weight });
const set = (enabled: EnabledPlugin[], disabled: string[] = []): PluginSetEntries => ({ enabled, disabled });

// Cases after upstream's TestMergePlugins (pkg/scheduler/apis/config/v1/default_plugins_test.go).
describe('mergePluginSet', () => {
  const defaults = set([on('A', 3), on('B'), on('C', 1)]);
  test.each([
    { name: 'no custom plugins keeps the defaults', custom: set([]), want: set([on('A', 3), on('B'), on('C', 1)]) },
    {
      name: 'a custom plugin is appended',
      custom: set([on('X', 2)]),
      want: set([on('A', 3), on('B'), on('C', 1), on('X', 2)]),
    },
    {
      name: 'a disabled default is dropped',
      custom: set([], ['B']),
      want: set([on('A', 3), on('C', 1)], ['B']),
    },
    {
      name: '"*" drops every default',
      custom: set([on('X')], ['*']),
      want: set([on('X')], ['*']),
    },
    {
      name: 'a re-enabled default is replaced in place, weight included',
      custom: set([on('X'), on('A', 5)]),
      want: set([on('A', 5), on('B'), on('C', 1), on('X')]),
    },
    {
      name: 'a re-enabled default without a weight loses the default weight',
      custom: set([on('A')]),
      want: set([on('A'), on('B'), on('C', 1)]),
    },
    {
      name: 'a disabled then enabled default moves to the end',
      custom: set([on('A', 3)], ['A']),
      want: set([on('B'), on('C', 1), on('A', 3)], ['A']),
    },
    {
      name: '"*" then enabling defaults reorders them',
      custom: set([on('C'), on('A')], ['*']),
      want: set([on('C'), on('A')], ['*']),
    },
    {
      name: 'duplicate custom plugins are all appended (expansion reports them)',
      custom: set([on('X'), on('X')]),
      want: set([on('A', 3), on('B'), on('C', 1), on('X'), on('X')]),
    },
    {
      name: 'a default enabled twice: the last entry replaces it, the first is appended',
      custom: set([on('A', 1), on('A', 2)]),
      want: set([on('A', 2), on('B'), on('C', 1), on('A', 1)]),
    },
    {
      name: 'disabled lists are concatenated, custom first',
      custom: set([], ['B']),
      defaults: set([on('A'), on('B')], ['Z']),
      want: set([on('A')], ['B', 'Z']),
    },
  ])('$name', ({ custom, want, ...rest }) => {
    expect(mergePluginSet(('defaults' in rest ? rest.defaults : undefined) ?? defaults, custom)).toEqual(want);
  });
});

const registry = fakeRegistry([
  { name: 'Custom', points: ['filter', 'score'] },
  { name: 'CustomPermit', points: ['permit'] },
  { name: 'CustomSort', points: ['queueSort'] },
]);

function profileOf(spec: Record<string, unknown>): ResolvedProfile {
  const outcome = resolveSchedulerConfiguration(
    { apiVersion: 'kubescheduler.config.k8s.io/v1', kind: 'KubeSchedulerConfiguration', profiles: [spec] },
    registry,
  );
  expect(outcome.errors).toEqual([]);
  return outcome.configuration!.profiles[0]!;
}

const DEFAULT_FILTER = [
  'NodeUnschedulable',
  'NodeName',
  'TaintToleration',
  'NodeAffinity',
  'NodePorts',
  'NodeResourcesFit',
  'VolumeRestrictions',
  'NodeVolumeLimits',
  'VolumeBinding',
  'VolumeZone',
  'PodTopologySpread',
  'InterPodAffinity',
];
const DEFAULT_SCORE: [string, number][] = [
  ['TaintToleration', 3],
  ['NodeAffinity', 2],
  ['NodeResourcesFit', 1],
  ['VolumeBinding', 1],
  ['PodTopologySpread', 2],
  ['InterPodAffinity', 2],
  ['NodeResourcesBalancedAllocation', 1],
  ['ImageLocality', 1],
];
const without = <T>(list: readonly T[], ...drop: T[]) => list.filter((x) => !drop.includes(x));
const scoreOf = (p: ResolvedProfile): [string, number][] => p.points.score.map((e) => [e.name, e.weight ?? 0]);

// Expansion as upstream's runtime/framework.go expandMultiPointPlugins and getScoreWeights.
describe('multiPoint expansion', () => {
  test.each([
    {
      name: 'a multiPoint plugin joins every point it implements, after the defaults',
      plugins: { multiPoint: { enabled: [{ name: 'Custom', weight: 5 }, { name: 'CustomPermit' }] } },
      filter: [...DEFAULT_FILTER, 'Custom'],
      score: [...DEFAULT_SCORE, ['Custom', 5]],
      permit: ['CustomPermit'],
    },
    {
      name: 'a multiPoint plugin without a weight scores with weight 1',
      plugins: { multiPoint: { enabled: [{ name: 'Custom' }] } },
      score: [...DEFAULT_SCORE, ['Custom', 1]],
    },
    {
      name: 'a point can disable a multiPoint plugin there only',
      plugins: { multiPoint: { enabled: [{ name: 'Custom' }] }, score: { disabled: [{ name: 'Custom' }] } },
      filter: [...DEFAULT_FILTER, 'Custom'],
      score: DEFAULT_SCORE,
    },
    {
      name: 'a point can disable a default plugin there only',
      plugins: { filter: { disabled: [{ name: 'NodeName' }, { name: 'TaintToleration' }] } },
      filter: without(DEFAULT_FILTER, 'NodeName', 'TaintToleration'),
      score: DEFAULT_SCORE,
    },
    {
      name: '"*" at a point keeps only that point\'s own plugins',
      plugins: { score: { disabled: [{ name: '*' }], enabled: [{ name: 'ImageLocality', weight: 4 }] } },
      filter: DEFAULT_FILTER,
      score: [['ImageLocality', 4]],
      preScore: [
        'TaintToleration',
        'NodeAffinity',
        'NodeResourcesFit',
        'PodTopologySpread',
        'InterPodAffinity',
        'NodeResourcesBalancedAllocation',
      ],
    },
    {
      name: 'a default enabled at its point overrides the multiPoint entry: first there, with that weight',
      plugins: { score: { enabled: [{ name: 'ImageLocality', weight: 5 }] } },
      score: [['ImageLocality', 5], ...without(DEFAULT_SCORE, DEFAULT_SCORE[7]!)],
    },
    {
      name: "the point's own entry decides the weight even when unset (1, not the multiPoint 2)",
      plugins: { score: { enabled: [{ name: 'NodeAffinity' }] } },
      score: [['NodeAffinity', 1], ...without(DEFAULT_SCORE, DEFAULT_SCORE[1]!)],
    },
    {
      name: 're-enabling a default in multiPoint without a weight gives weight 1 in place',
      plugins: { multiPoint: { enabled: [{ name: 'TaintToleration' }] } },
      score: [['TaintToleration', 1], ...DEFAULT_SCORE.slice(1)],
    },
    {
      name: 're-enabling a default in multiPoint with a weight changes it in place',
      plugins: { multiPoint: { enabled: [{ name: 'InterPodAffinity', weight: 10 }] } },
      score: DEFAULT_SCORE.map(([n, w]): [string, number] => [n, n === 'InterPodAffinity' ? 10 : w]),
    },
    {
      name: 'a plugin enabled only at a point comes after the multiPoint plugins',
      plugins: { filter: { enabled: [{ name: 'Custom' }] } },
      filter: [...DEFAULT_FILTER, 'Custom'],
      score: DEFAULT_SCORE,
    },
    {
      name: "overrides first, multiPoint next, the point's other plugins last",
      plugins: {
        multiPoint: { enabled: [{ name: 'Custom', weight: 7 }] },
        filter: { enabled: [{ name: 'Custom' }, { name: 'NodeName' }, { name: 'VolumeZone' }] },
      },
      filter: ['Custom', 'NodeName', 'VolumeZone', ...without(DEFAULT_FILTER, 'NodeName', 'VolumeZone')],
      score: [...DEFAULT_SCORE, ['Custom', 7]],
    },
    {
      name: 'a default disabled in multiPoint but enabled at a point runs at that point only, last',
      plugins: { multiPoint: { disabled: [{ name: 'NodeName' }] }, filter: { enabled: [{ name: 'NodeName' }] } },
      filter: [...without(DEFAULT_FILTER, 'NodeName'), 'NodeName'],
    },
    {
      name: '"*" in multiPoint keeps only the plugins re-enabled there, in their order',
      plugins: {
        multiPoint: {
          disabled: [{ name: '*' }],
          enabled: [
            { name: 'DefaultBinder' },
            { name: 'NodeName' },
            { name: 'PrioritySort' },
            { name: 'ImageLocality' },
          ],
        },
      },
      filter: ['NodeName'],
      score: [['ImageLocality', 1]],
      preScore: [],
      bind: ['DefaultBinder'],
    },
    {
      name: 'a queueSort replaced at its point',
      plugins: { queueSort: { disabled: [{ name: '*' }], enabled: [{ name: 'CustomSort' }] } },
      queueSort: ['CustomSort'],
    },
  ])('$name', ({ name: _name, plugins, filter, score, ...points }) => {
    const profile = profileOf({ plugins });
    if (filter !== undefined) expect(profile.points.filter.map((p) => p.name)).toEqual(filter);
    if (score !== undefined) expect(scoreOf(profile)).toEqual(score);
    for (const [point, want] of Object.entries(points)) {
      expect(
        profile.points[point as keyof ResolvedProfile['points']].map((p) => p.name),
        point,
      ).toEqual(want);
    }
  });

  test('weights appear on score entries only', () => {
    const profile = profileOf({ plugins: { multiPoint: { enabled: [{ name: 'Custom', weight: 5 }] } } });
    for (const [point, entries] of Object.entries(profile.points)) {
      for (const entry of entries) expect(entry.weight !== undefined, `${point} ${entry.name}`).toBe(point === 'score');
    }
  });
});

describe('properties', () => {
  // Mostly plugins that implement the set's point, sometimes any name (unknown and legacy ones included).
  const anyName = fc.constantFrom(...registry.names(), 'Unknown', 'EBSLimits');
  const nameFor = (point: string) => {
    const fitting = registry
      .names()
      .filter((n) => point === 'multiPoint' || registry.get(n)?.points.has(point as never));
    return fc.oneof({ arbitrary: fc.constantFrom(...fitting), weight: 9 }, { arbitrary: anyName, weight: 1 });
  };
  const weightArb = fc.oneof(
    { arbitrary: fc.integer({ min: 0, max: 100 }), weight: 49 },
    { arbitrary: fc.constant(101), weight: 1 },
  );
  const setArb = (point: string) =>
    fc.record(
      {
        enabled: fc.array(fc.record({ name: nameFor(point), weight: weightArb }, { requiredKeys: ['name'] }), {
          maxLength: 3,
        }),
        disabled: fc.array(fc.record({ name: fc.oneof(fc.constant('*'), anyName) }), { maxLength: 2 }),
      },
      { requiredKeys: [] },
    );
  const pluginsArb = fc.record(
    Object.fromEntries(['multiPoint', 'queueSort', 'preFilter', 'filter', 'score', 'bind'].map((k) => [k, setArb(k)])),
    { requiredKeys: [] },
  );

  test('a resolved profile is consistent with the registry', () => {
    fc.assert(
      fc.property(pluginsArb, (plugins) => {
        const outcome = resolveSchedulerConfiguration(
          { apiVersion: 'kubescheduler.config.k8s.io/v1', kind: 'KubeSchedulerConfiguration', profiles: [{ plugins }] },
          registry,
        );
        if (outcome.configuration === undefined) {
          expect(outcome.errors.length).toBeGreaterThan(0);
          return;
        }
        const profile = outcome.configuration.profiles[0]!;
        expect(profile.points.queueSort).toHaveLength(1);
        expect(profile.points.bind.length).toBeGreaterThan(0);
        for (const [point, entries] of Object.entries(profile.points)) {
          const names = entries.map((e) => e.name);
          expect(new Set(names).size, point).toBe(names.length);
          for (const name of names) {
            expect(registry.get(name)?.points.has(point as keyof ResolvedProfile['points']), `${name}@${point}`).toBe(
              true,
            );
            expect(profile.plugins).toContain(name);
          }
        }
        for (const e of profile.points.score) expect(e.weight).toBeGreaterThanOrEqual(1);
        expect(Object.keys(profile.args).every((name) => profile.plugins.includes(name))).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  test('any document yields problems or a configuration, never an exception', () => {
    fc.assert(
      fc.property(fc.anything(), (doc) => {
        const outcome = resolveSchedulerConfiguration(doc, registry);
        expect(outcome.configuration === undefined).toBe(outcome.errors.length > 0);
      }),
    );
  });
});
