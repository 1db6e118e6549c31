import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ErrorCodes, PeapodError } from '@peapod/core';
import { describe, expect, test } from 'vitest';
import {
  defaultConfiguration,
  loadSchedulerConfiguration,
  type ResolvedProfile,
  readSchedulerConfiguration,
} from '../src/config/index.js';
import { PluginRegistry } from '../src/registry.js';
import { COSCHEDULING, FakeArgs, fakeRegistry } from './fixtures/config-registry.js';

// The configs are real third-party files (see /work/shared/real/README.md, "Scheduler configs").
const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/configs/${name}`, import.meta.url));
const text = (name: string) => readFileSync(fixture(name), 'utf8');

const names = (profile: ResolvedProfile, point: keyof ResolvedProfile['points']) =>
  profile.points[point].map((p) => p.name);

/** Catches the PeapodError a call throws. */
function thrown(fn: () => unknown): PeapodError {
  try {
    fn();
  } catch (e) {
    if (e instanceof PeapodError) return e;
    throw e;
  }
  throw new Error('expected a PeapodError');
}

/** The v1.26 default profile as the fake in-tree registry resolves it. */
const DEFAULT_POINTS = {
  preEnqueue: [],
  queueSort: ['PrioritySort'],
  preFilter: [
    'NodeAffinity',
    'NodePorts',
    'NodeResourcesFit',
    'VolumeRestrictions',
    'VolumeBinding',
    'PodTopologySpread',
    'InterPodAffinity',
  ],
  filter: [
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
  ],
  postFilter: ['DefaultPreemption'],
  preScore: [
    'TaintToleration',
    'NodeAffinity',
    'NodeResourcesFit',
    'PodTopologySpread',
    'InterPodAffinity',
    'NodeResourcesBalancedAllocation',
  ],
  reserve: ['VolumeBinding'],
  permit: [],
  preBind: ['VolumeBinding'],
  bind: ['DefaultBinder'],
  postBind: [],
};

const DEFAULT_SCORE = [
  { name: 'TaintToleration', weight: 3 },
  { name: 'NodeAffinity', weight: 2 },
  { name: 'NodeResourcesFit', weight: 1 },
  { name: 'VolumeBinding', weight: 1 },
  { name: 'PodTopologySpread', weight: 2 },
  { name: 'InterPodAffinity', weight: 2 },
  { name: 'NodeResourcesBalancedAllocation', weight: 1 },
  { name: 'ImageLocality', weight: 1 },
];

function expectDefaultPoints(profile: ResolvedProfile): void {
  for (const [point, want] of Object.entries(DEFAULT_POINTS)) {
    expect(names(profile, point as keyof typeof DEFAULT_POINTS), point).toEqual(want);
  }
  expect(profile.points.score).toEqual(DEFAULT_SCORE);
}

const DEFAULT_ARGS = {
  NodeAffinity: {},
  NodeResourcesFit: {
    ignoredResources: [],
    ignoredResourceGroups: [],
    scoringStrategy: {
      type: 'LeastAllocated',
      resources: [
        { name: 'cpu', weight: 1 },
        { name: 'memory', weight: 1 },
      ],
    },
  },
  VolumeBinding: { bindTimeoutSeconds: 600 },
  PodTopologySpread: { defaultConstraints: [], defaultingType: 'System' },
  InterPodAffinity: { hardPodAffinityWeight: 1, ignorePreferredTermsOfExistingPods: false },
  DefaultPreemption: { minCandidateNodesPercentage: 10, minCandidateNodesAbsolute: 100 },
  NodeResourcesBalancedAllocation: {
    resources: [
      { name: 'cpu', weight: 1 },
      { name: 'memory', weight: 1 },
    ],
  },
};

describe('defaultConfiguration', () => {
  test('one default-scheduler profile with the v1.26 default plugins, adaptive percentageOfNodesToScore', () => {
    const config = defaultConfiguration(fakeRegistry());
    expect(config.percentageOfNodesToScore).toBe(0);
    expect(config.profiles).toHaveLength(1);
    const [profile] = config.profiles;
    expect(profile!.schedulerName).toBe('default-scheduler');
    expect(profile!.percentageOfNodesToScore).toBeUndefined();
    expectDefaultPoints(profile!);
    expect(profile!.args).toEqual(DEFAULT_ARGS);
    expect(profile!.plugins).not.toContain('SchedulingGates');
    expect(config.warnings).toEqual([]);
  });

  test('lists every plugin once, in order of first appearance over the points', () => {
    const [profile] = defaultConfiguration(fakeRegistry()).profiles;
    expect(profile!.plugins).toEqual([
      'PrioritySort',
      'NodeAffinity',
      'NodePorts',
      'NodeResourcesFit',
      'VolumeRestrictions',
      'VolumeBinding',
      'PodTopologySpread',
      'InterPodAffinity',
      'NodeUnschedulable',
      'NodeName',
      'TaintToleration',
      'NodeVolumeLimits',
      'VolumeZone',
      'DefaultPreemption',
      'NodeResourcesBalancedAllocation',
      'ImageLocality',
      'DefaultBinder',
    ]);
  });

  test('the PodSchedulingReadiness gate adds SchedulingGates at preEnqueue', () => {
    const [profile] = defaultConfiguration(fakeRegistry(), { featureGates: { PodSchedulingReadiness: true } }).profiles;
    expect(names(profile!, 'preEnqueue')).toEqual(['SchedulingGates']);
  });

  test('a registry without some in-tree plugins runs the defaults it has', () => {
    const registry = new PluginRegistry();
    for (const [name, points] of [
      ['PrioritySort', ['queueSort']],
      ['NodeResourcesFit', ['preFilter', 'filter', 'preScore', 'score']],
      ['DefaultBinder', ['bind']],
    ] as const) {
      registry.register({ name, points: new Set(points), create: () => ({ name }) });
    }
    const [profile] = defaultConfiguration(registry).profiles;
    expect(names(profile!, 'filter')).toEqual(['NodeResourcesFit']);
    expect(profile!.points.score).toEqual([{ name: 'NodeResourcesFit', weight: 1 }]);
    expect(profile!.plugins).toEqual(['PrioritySort', 'NodeResourcesFit', 'DefaultBinder']);
    // Enabling an in-tree plugin the registry lacks is a warning: the configuration still loads.
    const loaded = loadSchedulerConfiguration(
      'apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\nprofiles:\n- plugins: {filter: {enabled: [{name: NodeName}]}}\n',
      'c.yaml',
      registry,
    );
    expect(loaded.warnings.map(String)).toContainEqual(
      expect.stringContaining('in-tree plugin "NodeName" is not implemented by peapod yet; ignored'),
    );
    expect(names(loaded.profiles[0]!, 'filter')).toEqual(['NodeResourcesFit']);
  });

  test('upstream defaults of the settings peapod keeps but does not use', () => {
    const config = defaultConfiguration(fakeRegistry());
    expect(config).toMatchObject({
      apiVersion: 'kubescheduler.config.k8s.io/v1',
      parallelism: 16,
      podInitialBackoffSeconds: 1,
      podMaxBackoffSeconds: 10,
      enableProfiling: true,
      enableContentionProfiling: true,
      extenders: [],
      leaderElection: {
        leaderElect: true,
        leaseDuration: '15s',
        renewDeadline: '10s',
        retryPeriod: '2s',
        resourceLock: 'leases',
        resourceName: 'kube-scheduler',
        resourceNamespace: 'kube-system',
      },
      clientConnection: {
        kubeconfig: '',
        acceptContentTypes: '',
        contentType: 'application/vnd.kubernetes.protobuf',
        qps: 50,
        burst: 100,
      },
    });
  });
});

describe('real configuration files', () => {
  test('ksim full v1 profile: every default re-listed in multiPoint, legacy plugins ignored with a warning', () => {
    const file = 'ksim-default-profile-v1.yaml';
    const config = loadSchedulerConfiguration(text(file), file, fakeRegistry());
    expect(config.profiles).toHaveLength(1);
    const [profile] = config.profiles;
    expect(profile!.schedulerName).toBe('default-scheduler');
    // SchedulingGates is enabled explicitly (appended after the defaults it does not replace).
    expect(names(profile!, 'preEnqueue')).toEqual(['SchedulingGates']);
    const { preEnqueue: _, ...rest } = DEFAULT_POINTS;
    for (const [point, want] of Object.entries(rest)) {
      expect(names(profile!, point as keyof typeof rest), point).toEqual(want);
    }
    expect(profile!.points.score).toEqual(DEFAULT_SCORE);
    // kind/apiVersion inside args are stripped before the schema parses them.
    expect(profile!.args).toEqual(DEFAULT_ARGS);
    expect(config.warnings).toEqual([
      'profiles[0].plugins.multiPoint.enabled[8].name: in-tree plugin "EBSLimits" is not implemented by peapod (a no-op under CSI migration); ignored',
      'profiles[0].plugins.multiPoint.enabled[9].name: in-tree plugin "GCEPDLimits" is not implemented by peapod (a no-op under CSI migration); ignored',
      'profiles[0].plugins.multiPoint.enabled[11].name: in-tree plugin "AzureDiskLimits" is not implemented by peapod (a no-op under CSI migration); ignored',
    ]);
    expect(config).toMatchObject({
      parallelism: 16,
      percentageOfNodesToScore: 0,
      podInitialBackoffSeconds: 1,
      podMaxBackoffSeconds: 10,
      leaderElection: { leaderElect: true, leaseDuration: '15s', resourceLock: 'leases' },
      clientConnection: { qps: 50, burst: 100, kubeconfig: '' },
    });
  });

  test('coscheduling v1beta3: every use of the out-of-tree plugin is reported', () => {
    const file = 'scheduler-plugins-coscheduling-v1beta3.yaml';
    const error = thrown(() => loadSchedulerConfiguration(text(file), file, fakeRegistry()));
    expect(error.code).toBe(ErrorCodes.Config);
    expect(error.message).toBe(
      [
        `${file}: invalid KubeSchedulerConfiguration (5 problems):`,
        '  profiles[0].plugins.queueSort.enabled[0].name: unknown plugin "Coscheduling"',
        '  profiles[0].plugins.preFilter.enabled[0].name: unknown plugin "Coscheduling"',
        '  profiles[0].plugins.postFilter.enabled[0].name: unknown plugin "Coscheduling"',
        '  profiles[0].plugins.reserve.enabled[0].name: unknown plugin "Coscheduling"',
        '  profiles[0].plugins.permit.enabled[0].name: unknown plugin "Coscheduling"',
      ].join('\n'),
    );
  });

  test('coscheduling v1beta3 with Coscheduling registered: v1 semantics, custom plugins after the defaults', () => {
    const file = 'scheduler-plugins-coscheduling-v1beta3.yaml';
    const config = loadSchedulerConfiguration(text(file), file, fakeRegistry([COSCHEDULING]));
    expect(config.apiVersion).toBe('kubescheduler.config.k8s.io/v1beta3');
    expect(config.warnings).toEqual([
      'apiVersion: kubescheduler.config.k8s.io/v1beta3 is deprecated since v1.26; read with v1 semantics',
    ]);
    const [profile] = config.profiles;
    expect(names(profile!, 'queueSort')).toEqual(['Coscheduling']);
    expect(names(profile!, 'preFilter')).toEqual([...DEFAULT_POINTS.preFilter, 'Coscheduling']);
    expect(names(profile!, 'postFilter')).toEqual(['DefaultPreemption', 'Coscheduling']);
    expect(names(profile!, 'reserve')).toEqual(['VolumeBinding', 'Coscheduling']);
    expect(names(profile!, 'permit')).toEqual(['Coscheduling']);
    expect(profile!.plugins).not.toContain('PrioritySort');
    expect(profile!.args.Coscheduling).toEqual({ permitWaitingTimeSeconds: 10, podGroupBackoffSeconds: 0 });
    expect(config.leaderElection.leaderElect).toBe(false);
    expect(config.clientConnection.kubeconfig).toBe('REPLACE_ME_WITH_KUBE_CONFIG_PATH');
  });

  test('extended resource scoring: NodeResourcesFit args with an extended resource', () => {
    const file = 'k8s-perf-extended-resource-scoring-v1.yaml';
    const [profile] = loadSchedulerConfiguration(text(file), file, fakeRegistry()).profiles;
    expectDefaultPoints(profile!);
    expect(profile!.args.NodeResourcesFit).toEqual({
      ignoredResources: [],
      ignoredResourceGroups: [],
      scoringStrategy: {
        type: 'LeastAllocated',
        resources: [
          { name: 'cpu', weight: 1 },
          { name: 'memory', weight: 1 },
          { name: 'example.com/gpu', weight: 1 },
        ],
      },
    });
  });

  test('PodTopologySpread with no default constraints', () => {
    const file = 'k8s-perf-pts-no-default-constraints-v1.yaml';
    const [profile] = loadSchedulerConfiguration(text(file), file, fakeRegistry()).profiles;
    expect(profile!.args.PodTopologySpread).toEqual({ defaultingType: 'List', defaultConstraints: [] });
  });

  test('kwok explicit zero values: no profiles, and null/0/"" do not override defaults', () => {
    const file = 'kwok-explicit-zero-values-v1.yaml';
    const config = loadSchedulerConfiguration(text(file), file, fakeRegistry());
    expect(config.profiles.map((p) => p.schedulerName)).toEqual(['default-scheduler']);
    expectDefaultPoints(config.profiles[0]!);
    expect(config.leaderElection).toEqual({
      leaderElect: true,
      leaseDuration: '15s',
      renewDeadline: '10s',
      retryPeriod: '2s',
      resourceLock: 'leases',
      resourceName: 'kube-scheduler',
      resourceNamespace: 'kube-system',
    });
    expect(config.clientConnection).toEqual({
      kubeconfig: '',
      acceptContentTypes: '',
      contentType: 'application/vnd.kubernetes.protobuf',
      qps: 50,
      burst: 100,
    });
    expect(config.warnings).toEqual([]);
  });

  test('readSchedulerConfiguration reads a file and names it in errors', async () => {
    const config = await readSchedulerConfiguration(
      fixture('k8s-perf-pts-no-default-constraints-v1.yaml'),
      fakeRegistry(),
    );
    expect(config.profiles).toHaveLength(1);
    const path = fixture('scheduler-plugins-coscheduling-v1beta3.yaml');
    await expect(readSchedulerConfiguration(path, fakeRegistry())).rejects.toThrow(`${path}: invalid`);
  });

  test('readSchedulerConfiguration: a missing file is an InputRead error', async () => {
    const path = fixture('missing.yaml');
    await expect(readSchedulerConfiguration(path, fakeRegistry())).rejects.toMatchObject({
      code: ErrorCodes.InputRead,
      message: `${path}: no such file or directory`,
    });
  });
});

describe('decoding', () => {
  const registry = fakeRegistry();

  test('JSON, by file name or leading brace', () => {
    const json = JSON.stringify({
      apiVersion: 'kubescheduler.config.k8s.io/v1',
      kind: 'KubeSchedulerConfiguration',
      percentageOfNodesToScore: 30,
      profiles: [{ schedulerName: 'a', percentageOfNodesToScore: 70 }],
    });
    for (const file of ['c.json', 'c.yaml']) {
      const config = loadSchedulerConfiguration(json, file, registry);
      expect(config.percentageOfNodesToScore).toBe(30);
      expect(config.profiles[0]!.percentageOfNodesToScore).toBe(70);
      expect(config.profiles[0]!.schedulerName).toBe('a');
    }
  });

  test.each([
    {
      name: 'YAML syntax',
      body: 'kind: [',
      file: 'c.yaml',
      want: /^c\.yaml: line 1, column 8: unexpected end of the stream/,
    },
    { name: 'JSON syntax in a .json file', body: '{"kind": }', file: 'c.json', want: /^c\.json: / },
    {
      name: 'empty file',
      body: '# nothing\n',
      file: 'c.yaml',
      want: 'c.yaml: empty file: expected a KubeSchedulerConfiguration',
    },
    {
      name: 'two documents',
      body: 'kind: KubeSchedulerConfiguration\n---\nkind: KubeSchedulerConfiguration\n',
      file: 'c.yaml',
      want: 'c.yaml: expected one YAML document, found 2',
    },
  ])('$name is an InputSyntax error', ({ body, file, want }) => {
    const error = thrown(() => loadSchedulerConfiguration(body, file, registry));
    expect(error.code).toBe(ErrorCodes.InputSyntax);
    expect(error.message).toMatch(want);
  });

  test('a plugin weight left null is unset', () => {
    const config = loadSchedulerConfiguration(
      [
        'apiVersion: kubescheduler.config.k8s.io/v1',
        'kind: KubeSchedulerConfiguration',
        'profiles:',
        '- schedulerName: null',
        '  plugins:',
        '    score:',
        '      enabled:',
        '      - name: ImageLocality',
        '        weight: null',
        '  pluginConfig: null',
      ].join('\n'),
      'c.yaml',
      registry,
    );
    const [profile] = config.profiles;
    expect(profile!.schedulerName).toBe('default-scheduler');
    expect(profile!.points.score.find((p) => p.name === 'ImageLocality')).toEqual({ name: 'ImageLocality', weight: 1 });
  });

  test('the fake registry parses args as the real one will', () => {
    expect(FakeArgs.PodTopologySpread.parse({})).toEqual({ defaultConstraints: [], defaultingType: 'System' });
  });
});
