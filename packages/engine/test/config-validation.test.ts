import { ErrorCodes, PeapodError } from '@peapod/core';
import { describe, expect, test } from 'vitest';
import { loadSchedulerConfiguration, resolveSchedulerConfiguration } from '../src/config/index.js';
import { COSCHEDULING, fakeRegistry } from './fixtures/config-registry.js';

const registry = fakeRegistry([COSCHEDULING, { name: 'Custom', points: ['filter', 'score'] }]);

const V1 = 'kubescheduler.config.k8s.io/v1';
const config = (fields: Record<string, unknown>) => ({ apiVersion: V1, kind: 'KubeSchedulerConfiguration', ...fields });
const oneProfile = (profile: Record<string, unknown>) => config({ profiles: [{ schedulerName: 'a', ...profile }] });

const coschedulingQueue = {
  queueSort: { enabled: [{ name: 'Coscheduling' }], disabled: [{ name: '*' }] },
};

describe('validation: each problem, with its path', () => {
  test.each([
    {
      name: 'unknown plugin',
      doc: oneProfile({
        plugins: { score: { enabled: [{ name: 'ImageLocality' }, { name: 'NodeAffinity' }, { name: 'Foo' }] } },
      }),
      errors: ['profiles[0].plugins.score.enabled[2].name: unknown plugin "Foo"'],
    },
    {
      name: 'unknown plugin that differs from a known one in case',
      doc: oneProfile({ plugins: { multiPoint: { enabled: [{ name: 'nodeName' }] } } }),
      errors: ['profiles[0].plugins.multiPoint.enabled[0].name: unknown plugin "nodeName" (did you mean "NodeName"?)'],
    },
    {
      name: 'a plugin enabled at a point it does not implement',
      doc: oneProfile({ plugins: { score: { enabled: [{ name: 'NodeName' }] } } }),
      errors: ['profiles[0].plugins.score.enabled[0].name: plugin "NodeName" does not implement score'],
    },
    {
      name: 'a queueSort that is not one, without a consequential count error',
      doc: oneProfile({ plugins: { queueSort: { enabled: [{ name: 'NodeName' }], disabled: [{ name: '*' }] } } }),
      errors: ['profiles[0].plugins.queueSort.enabled[0].name: plugin "NodeName" does not implement queueSort'],
    },
    {
      name: 'a plugin enabled twice at one point',
      doc: oneProfile({ plugins: { filter: { enabled: [{ name: 'Custom' }, { name: 'Custom' }] } } }),
      errors: ['profiles[0].plugins.filter.enabled[1].name: plugin "Custom" is enabled more than once at filter'],
    },
    {
      name: 'a plugin enabled twice in multiPoint',
      doc: oneProfile({ plugins: { multiPoint: { enabled: [{ name: 'Custom' }, { name: 'Custom' }] } } }),
      errors: ['profiles[0].plugins.multiPoint.enabled[1].name: plugin "Custom" is enabled more than once'],
    },
    {
      name: 'a default plugin enabled twice in multiPoint',
      doc: oneProfile({ plugins: { multiPoint: { enabled: [{ name: 'NodeName' }, { name: 'NodeName' }] } } }),
      errors: ['profiles[0].plugins.multiPoint.enabled[0].name: plugin "NodeName" is enabled more than once'],
    },
    {
      name: 'score weights outside [1, 100]',
      doc: oneProfile({
        plugins: {
          score: { enabled: [{ name: 'ImageLocality', weight: 101 }] },
          multiPoint: { enabled: [{ name: 'Custom', weight: -1 }] },
        },
      }),
      errors: [
        'profiles[0].plugins.multiPoint.enabled[0].weight: must be between 1 and 100 (0 or unset means 1), got -1',
        'profiles[0].plugins.score.enabled[0].weight: must be between 1 and 100 (0 or unset means 1), got 101',
      ],
    },
    {
      name: 'a weight that is not an integer',
      doc: oneProfile({ plugins: { score: { enabled: [{ name: 'ImageLocality', weight: 1.5 }] } } }),
      errors: ['profiles[0].plugins.score.enabled[0].weight: expected an integer, got 1.5'],
    },
    {
      name: 'duplicate pluginConfig',
      doc: oneProfile({
        pluginConfig: [
          { name: 'NodeResourcesFit', args: {} },
          { name: 'ImageLocality' },
          { name: 'NodeResourcesFit', args: {} },
        ],
      }),
      errors: [
        'profiles[0].pluginConfig[2].name: duplicate pluginConfig for plugin "NodeResourcesFit" (first at profiles[0].pluginConfig[0])',
      ],
    },
    {
      name: 'args the plugin schema rejects',
      doc: oneProfile({
        pluginConfig: [
          { name: 'ImageLocality' },
          {
            name: 'NodeResourcesFit',
            args: { scoringStrategy: { type: 'Most', resources: [{ name: 'cpu', weight: 0 }] }, foo: 1 },
          },
        ],
      }),
      errors: [
        'profiles[0].pluginConfig[1].args.scoringStrategy.type: unsupported value "Most", expected one of "LeastAllocated", "MostAllocated", "RequestedToCapacityRatio"',
        'profiles[0].pluginConfig[1].args.scoringStrategy.resources[0].weight: must be greater than or equal to 1, got 0',
        'profiles[0].pluginConfig[1].args.foo: unknown field',
      ],
    },
    {
      name: 'args of another kind',
      doc: oneProfile({
        pluginConfig: [{ name: 'NodeResourcesFit', args: { kind: 'PodTopologySpreadArgs', apiVersion: 'v1' } }],
      }),
      errors: [
        'profiles[0].pluginConfig[0].args.kind: expected "NodeResourcesFitArgs", got "PodTopologySpreadArgs"',
        'profiles[0].pluginConfig[0].args.apiVersion: expected a kubescheduler.config.k8s.io/* version, got "v1"',
      ],
    },
    {
      name: 'args that are not an object',
      doc: oneProfile({ pluginConfig: [{ name: 'NodeResourcesFit', args: 'LeastAllocated' }] }),
      errors: ['profiles[0].pluginConfig[0].args: expected an object, got "LeastAllocated"'],
    },
    {
      name: 'two queueSort plugins',
      doc: oneProfile({ plugins: { queueSort: { enabled: [{ name: 'Coscheduling' }] } } }),
      errors: [
        'profiles[0].plugins.queueSort: exactly one queueSort plugin is required, got 2 ("PrioritySort", "Coscheduling")',
      ],
    },
    {
      name: 'no queueSort plugin',
      doc: oneProfile({ plugins: { multiPoint: { disabled: [{ name: 'PrioritySort' }] } } }),
      errors: ['profiles[0].plugins.queueSort: exactly one queueSort plugin is required, got 0'],
    },
    {
      name: 'no bind plugin',
      doc: oneProfile({ plugins: { bind: { disabled: [{ name: '*' }] } } }),
      errors: ['profiles[0].plugins.bind: at least one bind plugin is required'],
    },
    {
      name: 'queueSort sets that differ across profiles',
      doc: config({ profiles: [{ schedulerName: 'a' }, { schedulerName: 'b', plugins: coschedulingQueue }] }),
      errors: ['profiles[1].plugins.queueSort: queueSort must be the same for all profiles'],
    },
    {
      name: 'queueSort plugins that differ across profiles through multiPoint',
      doc: config({
        profiles: [
          { schedulerName: 'a' },
          {
            schedulerName: 'b',
            plugins: { multiPoint: { enabled: [{ name: 'Coscheduling' }], disabled: [{ name: 'PrioritySort' }] } },
          },
        ],
      }),
      errors: [
        'profiles[1].plugins: queueSort plugin "Coscheduling" differs from profiles[0]\'s "PrioritySort"; all profiles must use the same queueSort',
      ],
    },
    {
      name: 'queueSort args that differ across profiles',
      doc: config({
        profiles: [
          { schedulerName: 'a', plugins: coschedulingQueue },
          {
            schedulerName: 'b',
            plugins: coschedulingQueue,
            pluginConfig: [{ name: 'Coscheduling', args: { permitWaitingTimeSeconds: 5 } }],
          },
        ],
      }),
      errors: ['profiles[1].pluginConfig: args of queueSort plugin "Coscheduling" must be the same for all profiles'],
    },
    {
      name: 'duplicate schedulerName',
      doc: config({ profiles: [{ schedulerName: 'a' }, { schedulerName: 'b' }, { schedulerName: 'a' }] }),
      errors: ['profiles[2].schedulerName: duplicate schedulerName "a" (also profiles[0].schedulerName)'],
    },
    {
      name: 'schedulerName missing with several profiles, or empty',
      doc: config({ profiles: [{ schedulerName: 'a' }, {}, { schedulerName: '' }] }),
      errors: ['profiles[1].schedulerName: required value', 'profiles[2].schedulerName: required value'],
    },
    {
      name: 'percentageOfNodesToScore outside [0, 100]',
      doc: config({ percentageOfNodesToScore: 101, profiles: [{ schedulerName: 'a', percentageOfNodesToScore: -1 }] }),
      errors: [
        'percentageOfNodesToScore: must be between 0 and 100, got 101',
        'profiles[0].percentageOfNodesToScore: must be between 0 and 100, got -1',
      ],
    },
    {
      name: 'parallelism and backoffs',
      doc: config({ parallelism: 0, podInitialBackoffSeconds: 5, podMaxBackoffSeconds: 2 }),
      errors: [
        'parallelism: must be greater than 0, got 0',
        'podMaxBackoffSeconds: must be greater than or equal to podInitialBackoffSeconds (5), got 2',
      ],
    },
    {
      name: 'a plugin upstream removed from v1',
      doc: oneProfile({
        plugins: { score: { enabled: [{ name: 'SelectorSpread' }] } },
        pluginConfig: [{ name: 'SelectorSpread' }],
      }),
      errors: [
        'profiles[0].plugins.score.enabled[0].name: plugin "SelectorSpread" was removed in version "kubescheduler.config.k8s.io/v1"',
        'profiles[0].pluginConfig[0].name: plugin "SelectorSpread" was removed in version "kubescheduler.config.k8s.io/v1"',
      ],
    },
    {
      name: 'unknown fields where plugins are configured',
      doc: oneProfile({
        plugins: { preFilters: {}, filter: { enable: [] } },
        pluginConfig: [{ name: 'NodeResourcesFit', arg: {} }],
      }),
      errors: [
        'profiles[0].plugins.filter.enable: unknown field',
        'profiles[0].plugins.preFilters: unknown field',
        'profiles[0].pluginConfig[0].arg: unknown field',
      ],
    },
    {
      name: 'wrong types',
      doc: oneProfile({ plugins: { score: { enabled: { name: 'ImageLocality' } } }, pluginConfig: [{ args: {} }] }),
      errors: [
        'profiles[0].plugins.score.enabled: expected an array, got an object',
        'profiles[0].pluginConfig[0].name: required value',
      ],
    },
    {
      name: 'an unsupported apiVersion and a missing kind',
      doc: { apiVersion: 'kubescheduler.config.k8s.io/v1beta2' },
      errors: [
        'apiVersion: unsupported value "kubescheduler.config.k8s.io/v1beta2", expected one of "kubescheduler.config.k8s.io/v1", "kubescheduler.config.k8s.io/v1beta3"',
        'kind: required value',
      ],
    },
    {
      name: 'not an object at all',
      doc: ['a'],
      errors: ['expected a KubeSchedulerConfiguration object, got an array'],
    },
  ])('$name', ({ doc, errors }) => {
    expect(resolveSchedulerConfiguration(doc, registry).errors).toEqual(errors);
  });
});

describe('warnings: accepted, reported, ignored', () => {
  test.each([
    {
      name: 'pluginConfig of a known plugin that is not enabled',
      doc: oneProfile({
        plugins: { multiPoint: { disabled: [{ name: 'InterPodAffinity' }] } },
        pluginConfig: [{ name: 'InterPodAffinity', args: { hardPodAffinityWeight: 5 } }],
      }),
      warnings: [
        'profiles[0].pluginConfig[0].name: plugin "InterPodAffinity" is not enabled in this profile; its pluginConfig is ignored',
      ],
    },
    {
      name: 'pluginConfig of an unknown plugin that is not enabled',
      doc: oneProfile({ pluginConfig: [{ name: 'Coscheduling2', args: {} }] }),
      warnings: [
        'profiles[0].pluginConfig[0].name: plugin "Coscheduling2" is not enabled in this profile (nor known); its pluginConfig is ignored',
      ],
    },
    {
      name: 'args for a plugin that takes none',
      doc: oneProfile({ pluginConfig: [{ name: 'ImageLocality', args: { x: 1 } }] }),
      warnings: ['profiles[0].pluginConfig[0].args: plugin "ImageLocality" takes no args; ignored'],
    },
    {
      name: 'unknown top-level fields and extenders',
      doc: config({ healthzBindAddress: '0.0.0.0:10251', extenders: [{ urlPrefix: 'http://x' }] }),
      warnings: [
        'healthzBindAddress: unknown field; ignored',
        'extenders: scheduler extenders are not supported by peapod; ignored',
      ],
    },
    {
      name: 'legacy in-tree plugins enabled at a point',
      doc: oneProfile({ plugins: { filter: { enabled: [{ name: 'GCEPDLimits' }] } } }),
      warnings: [
        'profiles[0].plugins.filter.enabled[0].name: in-tree plugin "GCEPDLimits" is not implemented by peapod (a no-op under CSI migration); ignored',
      ],
    },
  ])('$name', ({ doc, warnings }) => {
    const outcome = resolveSchedulerConfiguration(doc, registry);
    expect(outcome.errors).toEqual([]);
    expect(outcome.warnings).toEqual(warnings);
    expect(outcome.configuration?.warnings).toEqual(warnings);
  });

  test('the args of a configured but disabled plugin are still validated', () => {
    const doc = oneProfile({
      plugins: { multiPoint: { disabled: [{ name: 'InterPodAffinity' }] } },
      pluginConfig: [{ name: 'InterPodAffinity', args: { hardPodAffinityWeight: 500 } }],
    });
    expect(resolveSchedulerConfiguration(doc, registry).errors).toEqual([
      'profiles[0].pluginConfig[0].args.hardPodAffinityWeight: must be less than or equal to 100, got 500',
    ]);
  });
});

describe('every problem at once', () => {
  test('one Config error names the file and lists every problem, one per line', () => {
    const yaml = [
      'apiVersion: kubescheduler.config.k8s.io/v1',
      'kind: KubeSchedulerConfiguration',
      'percentageOfNodesToScore: 120',
      'profiles:',
      '- schedulerName: a',
      '  plugins:',
      '    score:',
      '      enabled:',
      '      - name: NodeName',
      '      - name: Foo',
      '        weight: 300',
      '  pluginConfig:',
      '  - name: NodeResourcesFit',
      '    args:',
      '      kind: NodeResourcesFitArgs',
      '      scoringStrategy:',
      '        type: Random',
      '  - name: NodeResourcesFit',
      '- schedulerName: a',
      '  plugins:',
      '    queueSort:',
      '      enabled:',
      '      - name: Coscheduling',
      '      disabled:',
      '      - name: "*"',
    ].join('\n');
    let error: unknown;
    try {
      loadSchedulerConfiguration(yaml, 'sched.yaml', registry);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PeapodError);
    expect((error as PeapodError).code).toBe(ErrorCodes.Config);
    expect((error as PeapodError).message.split('\n')).toEqual([
      'sched.yaml: invalid KubeSchedulerConfiguration (8 problems):',
      '  percentageOfNodesToScore: must be between 0 and 100, got 120',
      '  profiles[0].plugins.score.enabled[1].name: unknown plugin "Foo"',
      '  profiles[0].plugins.score.enabled[1].weight: must be between 1 and 100 (0 or unset means 1), got 300',
      '  profiles[0].plugins.score.enabled[0].name: plugin "NodeName" does not implement score',
      '  profiles[0].pluginConfig[1].name: duplicate pluginConfig for plugin "NodeResourcesFit" (first at profiles[0].pluginConfig[0])',
      '  profiles[0].pluginConfig[0].args.scoringStrategy.type: unsupported value "Random", expected one of "LeastAllocated", "MostAllocated", "RequestedToCapacityRatio"',
      '  profiles[1].schedulerName: duplicate schedulerName "a" (also profiles[0].schedulerName)',
      '  profiles[1].plugins.queueSort: queueSort must be the same for all profiles',
    ]);
  });
});
