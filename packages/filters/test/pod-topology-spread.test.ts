import {
  type ClusterListers,
  CycleState,
  type LabelSelector,
  type Node,
  PeapodError,
  type Pod,
  type ReplicaSet,
  type ReplicationController,
  type Service,
  type Status,
} from '@peapod/core';
import { handleOf, makeNode, makePod, podInfo, runFilter, snapshotOf } from '@peapod/testing';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  defaultSelector,
  type PodTopologySpreadArgsInput,
  PodTopologySpreadArgsSchema,
  type PodTopologySpreadFeatures,
  podSpreadConstraints,
  podTopologySpreadFilter,
  ReasonTopologySpreadMismatch,
  ReasonTopologySpreadMissingLabel,
  SYSTEM_DEFAULT_CONSTRAINTS,
} from '../src/index.js';

const SKEW: Status = { code: 'Unschedulable', reasons: [ReasonTopologySpreadMismatch] };
const MISSING: Status = { code: 'UnschedulableAndUnresolvable', reasons: [ReasonTopologySpreadMissingLabel] };
const OK = null;

const fooExists: LabelSelector = { matchExpressions: [{ key: 'foo', operator: 'Exists' }] };

/** Upstream's four test nodes: zone1 = {node-a, node-b}, zone2 = {node-x, node-y}, label `node` = name. */
const fourNodes = (): Node[] =>
  (
    [
      ['node-a', 'zone1'],
      ['node-b', 'zone1'],
      ['node-x', 'zone2'],
      ['node-y', 'zone2'],
    ] as const
  ).map(([name, zone]) => makeNode(name).labels({ zone, node: name }).obj());

/** `count` pods labelled foo on `node`. */
const foos = (node: string, count: number, namespace = 'default'): Pod[] =>
  Array.from({ length: count }, (_, i) =>
    makePod(`${node}-${namespace}-${i}`, namespace).label('foo', '').node(node).obj(),
  );

/** Pods spread 2/1/0/3 over node-a/b/x/y. */
const spread2103 = (): Pod[] => [...foos('node-a', 2), ...foos('node-b', 1), ...foos('node-y', 3)];

interface Case {
  name: string;
  pod: Pod;
  nodes?: Node[];
  bound?: Pod[];
  args?: PodTopologySpreadArgsInput;
  features?: PodTopologySpreadFeatures;
  cluster?: Partial<ClusterListers>;
  want: (Status | null)[];
}

const fooPod = () => makePod('p').label('foo', '');

// Cases after upstream filtering_test.go (TestSingleConstraint, TestMultipleConstraints, node inclusion policies).
const cases: Case[] = [
  {
    name: 'no existing pods: every node fits',
    pod: fooPod().spreadConstraint(1, 'zone', 'DoNotSchedule', fooExists).obj(),
    want: [OK, OK, OK, OK],
  },
  {
    name: 'existing pods in another namespace do not count',
    pod: fooPod().spreadConstraint(1, 'zone', 'DoNotSchedule', fooExists).obj(),
    bound: [...foos('node-a', 1, 'ns1'), ...foos('node-a', 1, 'ns2'), ...foos('node-x', 1), ...foos('node-y', 1)],
    want: [OK, OK, SKEW, SKEW],
  },
  {
    name: 'pods spread 3/3 over zones: every node fits',
    pod: fooPod().spreadConstraint(1, 'zone', 'DoNotSchedule', fooExists).obj(),
    bound: [...foos('node-a', 2), ...foos('node-b', 1), ...foos('node-y', 3)],
    want: [OK, OK, OK, OK],
  },
  {
    name: 'a node without the topology label is unresolvable and its pods do not count',
    pod: fooPod().spreadConstraint(1, 'zone', 'DoNotSchedule', fooExists).obj(),
    nodes: fourNodes().map((n) => (n.metadata.name === 'node-b' ? makeNode('node-b').label('zon', 'zone1').obj() : n)),
    bound: [...foos('node-a', 1), ...foos('node-b', 1), ...foos('node-x', 1), ...foos('node-y', 1)],
    want: [OK, MISSING, SKEW, SKEW],
  },
  {
    name: 'no node has the topology key: all unresolvable',
    pod: fooPod().spreadConstraint(1, 'rack', 'DoNotSchedule', fooExists).obj(),
    want: [MISSING, MISSING, MISSING, MISSING],
  },
  {
    name: 'pods spread 2/1/0/3 over nodes: only node-x fits',
    pod: fooPod().spreadConstraint(1, 'node', 'DoNotSchedule', fooExists).obj(),
    bound: spread2103(),
    want: [SKEW, SKEW, OK, SKEW],
  },
  {
    name: 'pods spread 2/1/0/3, maxSkew 2: node-b and node-x fit',
    pod: fooPod().spreadConstraint(2, 'node', 'DoNotSchedule', fooExists).obj(),
    bound: spread2103(),
    want: [SKEW, OK, OK, SKEW],
  },
  {
    name: 'a pod that does not match its own selector adds nothing (selfMatch 0)',
    pod: makePod('p').label('bar', '').spreadConstraint(1, 'node', 'DoNotSchedule', fooExists).obj(),
    bound: spread2103(),
    want: [SKEW, OK, OK, SKEW],
  },
  {
    name: 'nodeAffinityPolicy Honor (default): only node-a and node-y count, so node-a fits',
    pod: fooPod()
      .nodeAffinityIn('node', ['node-a', 'node-y'])
      .spreadConstraint(1, 'node', 'DoNotSchedule', fooExists)
      .obj(),
    bound: spread2103(),
    want: [OK, OK, OK, SKEW],
  },
  {
    name: 'nodeAffinityPolicy Honor applies spec.nodeSelector too',
    pod: fooPod().nodeSelector({ zone: 'zone2' }).spreadConstraint(1, 'zone', 'DoNotSchedule', fooExists).obj(),
    bound: [...foos('node-a', 5), ...foos('node-x', 1)],
    // Only zone2 counts (min 1): zone1 has 0 counted pods, zone2 has 1 + 1 - 1 = 1.
    want: [OK, OK, OK, OK],
  },
  {
    name: 'nodeAffinityPolicy Ignore: every node counts despite the node affinity',
    pod: fooPod()
      .nodeAffinityIn('node', ['node-a', 'node-y'])
      .spreadConstraint(1, 'node', 'DoNotSchedule', fooExists, { nodeAffinityPolicy: 'Ignore' })
      .obj(),
    bound: spread2103(),
    want: [SKEW, SKEW, OK, SKEW],
  },
  {
    name: 'nodeTaintsPolicy Honor: a tainted node does not count',
    pod: fooPod().spreadConstraint(1, 'node', 'DoNotSchedule', fooExists, { nodeTaintsPolicy: 'Honor' }).obj(),
    nodes: fourNodes().map((n) =>
      n.metadata.name === 'node-x'
        ? makeNode('node-x').labels({ zone: 'zone2', node: 'node-x' }).taint('k', 'v', 'NoSchedule').obj()
        : n,
    ),
    bound: spread2103(),
    // Counted: a=2, b=1, y=3: min 1; node-x is not a domain (0 + 1 - 1 = 0 passes on it).
    want: [SKEW, OK, OK, SKEW],
  },
  {
    name: 'nodeTaintsPolicy Honor: a PreferNoSchedule taint does not exclude the node',
    pod: fooPod().spreadConstraint(1, 'node', 'DoNotSchedule', fooExists, { nodeTaintsPolicy: 'Honor' }).obj(),
    nodes: fourNodes().map((n) =>
      n.metadata.name === 'node-x'
        ? makeNode('node-x').labels({ zone: 'zone2', node: 'node-x' }).taint('k', 'v', 'PreferNoSchedule').obj()
        : n,
    ),
    bound: spread2103(),
    want: [SKEW, SKEW, OK, SKEW],
  },
  {
    name: 'nodeTaintsPolicy Honor: a tolerated taint keeps the node counted',
    pod: fooPod()
      .toleration({ key: 'k', operator: 'Exists' })
      .spreadConstraint(1, 'node', 'DoNotSchedule', fooExists, { nodeTaintsPolicy: 'Honor' })
      .obj(),
    nodes: fourNodes().map((n) =>
      n.metadata.name === 'node-x'
        ? makeNode('node-x').labels({ zone: 'zone2', node: 'node-x' }).taint('k', 'v', 'NoExecute').obj()
        : n,
    ),
    bound: spread2103(),
    want: [SKEW, SKEW, OK, SKEW],
  },
  {
    name: 'nodeInclusionPolicy gate off: policies ignored (affinity honoured, taints ignored)',
    pod: fooPod()
      .nodeAffinityIn('node', ['node-a', 'node-y'])
      .spreadConstraint(1, 'node', 'DoNotSchedule', fooExists, { nodeAffinityPolicy: 'Ignore' })
      .obj(),
    bound: spread2103(),
    features: { enableNodeInclusionPolicy: false },
    want: [OK, OK, OK, SKEW],
  },
  {
    name: 'terminating pods are not counted',
    pod: fooPod().spreadConstraint(1, 'node', 'DoNotSchedule', fooExists).obj(),
    nodes: [makeNode('node-a').label('node', 'node-a').obj(), makeNode('node-b').label('node', 'node-b').obj()],
    bound: [
      makePod('pa').label('foo', '').node('node-a').terminating().obj(),
      makePod('pb').label('foo', '').node('node-b').obj(),
    ],
    want: [OK, SKEW],
  },
  {
    name: 'two constraints zone and node, spreads [3/3, 2/1/0/3]: only node-x fits',
    pod: fooPod()
      .spreadConstraint(1, 'zone', 'DoNotSchedule', fooExists)
      .spreadConstraint(1, 'node', 'DoNotSchedule', fooExists)
      .obj(),
    bound: spread2103(),
    want: [SKEW, SKEW, OK, SKEW],
  },
  {
    name: 'two constraints zone and node, spreads [3/4, 2/1/0/4]: nothing fits',
    pod: fooPod()
      .spreadConstraint(1, 'zone', 'DoNotSchedule', fooExists)
      .spreadConstraint(1, 'node', 'DoNotSchedule', fooExists)
      .obj(),
    bound: [...spread2103(), ...foos('node-y', 1)],
    want: [SKEW, SKEW, SKEW, SKEW],
  },
  {
    name: 'v1.26: counts are per topology key, the last constraint with a key wins on each node',
    // Constraint 1 (foo) alone would reject zone1 (2 + 1 - 0 > 1); constraint 2 (bar) counts 0 everywhere and,
    // sharing the key, overwrites constraint 1's counts, as upstream's per-node `tpCounts[pair] = count`.
    pod: makePod('p')
      .labels({ foo: '', bar: '' })
      .spreadConstraint(1, 'zone', 'DoNotSchedule', fooExists)
      .spreadConstraint(1, 'zone', 'DoNotSchedule', { matchExpressions: [{ key: 'bar', operator: 'Exists' }] })
      .obj(),
    bound: foos('node-a', 2),
    want: [OK, OK, OK, OK],
  },
  {
    name: 'minDomains is ignored by default (MinDomainsInPodTopologySpread is off in v1.26)',
    pod: fooPod().spreadConstraint(1, 'zone', 'DoNotSchedule', fooExists, { minDomains: 3 }).obj(),
    bound: [...foos('node-a', 1), ...foos('node-x', 1)],
    want: [OK, OK, OK, OK],
  },
  {
    name: 'minDomains with the gate on: fewer domains than minDomains makes the global minimum 0',
    pod: fooPod().spreadConstraint(1, 'zone', 'DoNotSchedule', fooExists, { minDomains: 3 }).obj(),
    bound: [...foos('node-a', 1), ...foos('node-x', 1)],
    features: { enableMinDomains: true },
    want: [SKEW, SKEW, SKEW, SKEW],
  },
  {
    name: 'minDomains with the gate on, enough domains: the real minimum applies',
    pod: fooPod().spreadConstraint(1, 'zone', 'DoNotSchedule', fooExists, { minDomains: 2 }).obj(),
    bound: [...foos('node-a', 1), ...foos('node-x', 1)],
    features: { enableMinDomains: true },
    want: [OK, OK, OK, OK],
  },
  {
    name: 'an empty selector counts no pod but matches the pod itself',
    pod: fooPod().spreadConstraint(1, 'node', 'DoNotSchedule', {}).obj(),
    bound: spread2103(),
    want: [OK, OK, OK, OK],
  },
  {
    name: 'a nil selector matches nothing',
    pod: fooPod().spreadConstraint(1, 'node', 'DoNotSchedule', null).obj(),
    bound: spread2103(),
    want: [OK, OK, OK, OK],
  },
  {
    name: 'ScheduleAnyway constraints never filter',
    pod: fooPod().spreadConstraint(1, 'node', 'ScheduleAnyway', fooExists).obj(),
    bound: spread2103(),
    want: [OK, OK, OK, OK],
  },
  {
    name: 'matchLabelKeys is ignored by default (gate off in v1.26)',
    pod: makePod('p')
      .labels({ foo: '', rev: '2' })
      .spreadConstraint(1, 'node', 'DoNotSchedule', fooExists, { matchLabelKeys: ['rev'] })
      .obj(),
    bound: foos('node-a', 2),
    want: [SKEW, OK, OK, OK],
  },
  {
    name: 'matchLabelKeys with the gate on: only pods with the same rev count',
    pod: makePod('p')
      .labels({ foo: '', rev: '2' })
      .spreadConstraint(1, 'node', 'DoNotSchedule', fooExists, { matchLabelKeys: ['rev'] })
      .obj(),
    bound: foos('node-a', 2),
    features: { enableMatchLabelKeys: true },
    want: [OK, OK, OK, OK],
  },
  {
    name: 'system default constraints (ScheduleAnyway) never filter',
    pod: makePod('p').label('app', 'web').obj(),
    bound: Array.from({ length: 9 }, (_, i) => makePod(`w${i}`).label('app', 'web').node('node-a').obj()),
    cluster: { services: [service('web', { app: 'web' })] },
    want: [OK, OK, OK, OK],
  },
  {
    name: 'List default DoNotSchedule constraints filter with the selector of the Services',
    pod: makePod('p').label('app', 'web').obj(),
    bound: Array.from({ length: 2 }, (_, i) => makePod(`w${i}`).label('app', 'web').node('node-a').obj()),
    args: {
      defaultingType: 'List',
      defaultConstraints: [{ maxSkew: 1, topologyKey: 'node', whenUnsatisfiable: 'DoNotSchedule' }],
    },
    cluster: { services: [service('web', { app: 'web' })] },
    want: [SKEW, OK, OK, OK],
  },
  {
    name: 'List default constraints without any Service or controller: nothing applies',
    pod: makePod('p').label('app', 'web').obj(),
    bound: Array.from({ length: 2 }, (_, i) => makePod(`w${i}`).label('app', 'web').node('node-a').obj()),
    args: {
      defaultingType: 'List',
      defaultConstraints: [{ maxSkew: 1, topologyKey: 'node', whenUnsatisfiable: 'DoNotSchedule' }],
    },
    want: [OK, OK, OK, OK],
  },
];

function service(name: string, selector: Record<string, string> | null, namespace = 'default'): Service {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace }, spec: { selector } };
}

describe('PodTopologySpread filter', () => {
  test.each(cases)('$name', ({ pod, nodes, bound = [], args, features, cluster, want }) => {
    const snapshot = snapshotOf(nodes ?? fourNodes(), bound);
    const { preFilter, statuses } = runFilter(podTopologySpreadFilter(args, features), pod, snapshot, cluster);
    expect(preFilter).toBeNull();
    expect(statuses).toEqual(want);
  });

  test('an invalid selector fails PreFilter with an Error status', () => {
    const pod = fooPod()
      .spreadConstraint(1, 'zone', 'DoNotSchedule', { matchLabels: { 'bad key!': 'x' } })
      .obj();
    const { preFilter } = runFilter(podTopologySpreadFilter(), pod, snapshotOf(fourNodes()));
    expect(preFilter).toMatchObject({ code: 'Error' });
  });

  test('failures return shared status objects, so failing nodes allocate nothing', () => {
    const pod = fooPod().spreadConstraint(1, 'node', 'DoNotSchedule', fooExists).obj();
    const { statuses } = runFilter(podTopologySpreadFilter(), pod, snapshotOf(fourNodes(), spread2103()));
    expect(statuses[0]).toBe(statuses[1]);
  });
});

describe('PodTopologySpread PreFilter extensions', () => {
  const nodes = () => [makeNode('a').label('node', 'a').obj(), makeNode('b').label('node', 'b').obj()];
  const incoming = fooPod().spreadConstraint(1, 'node', 'DoNotSchedule', fooExists).obj();

  function setup(bound: Pod[]) {
    const plugin = podTopologySpreadFilter();
    const snapshot = snapshotOf(nodes(), bound);
    const handle = handleOf(snapshot);
    const state = new CycleState();
    const pod = podInfo(incoming);
    expect(plugin.preFilter(state, pod, handle)).toBeNull();
    const filterAll = (s: CycleState) => [0, 1].map((n) => plugin.filter(s, pod, n, handle));
    return { plugin, handle, state, pod, filterAll };
  }

  test('addPod counts a matching pod on the node, as if it were bound', () => {
    const { plugin, handle, state, pod, filterAll } = setup(foos('a', 1));
    expect(filterAll(state)).toEqual([SKEW, OK]);
    const added = podInfo(makePod('n1').label('foo', '').obj());
    expect(plugin.preFilterExtensions!.addPod(state, pod, added, 1, handle)).toBeNull();
    expect(filterAll(state)).toEqual([OK, OK]);
    expect(plugin.preFilterExtensions!.addPod(state, pod, added, 1, handle)).toBeNull();
    expect(filterAll(state)).toEqual([OK, SKEW]);
  });

  test('removePod uncounts a pod (a preemption victim)', () => {
    const { plugin, handle, state, pod, filterAll } = setup(foos('a', 2));
    expect(filterAll(state)).toEqual([SKEW, OK]);
    plugin.preFilterExtensions!.removePod(state, pod, podInfo(foos('a', 1)[0]!), 0, handle);
    expect(filterAll(state)).toEqual([SKEW, OK]);
    plugin.preFilterExtensions!.removePod(state, pod, podInfo(foos('a', 1)[0]!), 0, handle);
    expect(filterAll(state)).toEqual([OK, OK]);
  });

  test('pods of another namespace or not matching the selector change nothing', () => {
    const { plugin, handle, state, pod, filterAll } = setup([]);
    plugin.preFilterExtensions!.addPod(state, pod, podInfo(makePod('o', 'other').label('foo', '').obj()), 0, handle);
    plugin.preFilterExtensions!.addPod(state, pod, podInfo(makePod('o').label('bar', '').obj()), 0, handle);
    expect(filterAll(state)).toEqual([OK, OK]);
  });

  test('a pod added on a node excluded by the node affinity is not counted', () => {
    const plugin = podTopologySpreadFilter();
    const snapshot = snapshotOf(nodes());
    const handle = handleOf(snapshot);
    const pod = podInfo(
      fooPod().nodeAffinityIn('node', ['b']).spreadConstraint(1, 'node', 'DoNotSchedule', fooExists).obj(),
    );
    const state = new CycleState();
    plugin.preFilter(state, pod, handle);
    plugin.preFilterExtensions!.addPod(state, pod, podInfo(makePod('x').label('foo', '').obj()), 0, handle);
    plugin.preFilterExtensions!.addPod(state, pod, podInfo(makePod('y').label('foo', '').obj()), 0, handle);
    expect([0, 1].map((n) => plugin.filter(state, pod, n, handle))).toEqual([OK, OK]);
  });

  test('a cloned cycle state is updated independently of the original', () => {
    const { plugin, handle, state, pod, filterAll } = setup(foos('a', 1));
    const copy = state.clone();
    plugin.preFilterExtensions!.addPod(copy, pod, podInfo(makePod('n1').label('foo', '').obj()), 1, handle);
    expect(filterAll(copy)).toEqual([OK, OK]);
    expect(filterAll(state)).toEqual([SKEW, OK]);
  });

  test('a pod without DoNotSchedule constraints: extensions are no-ops and every node passes', () => {
    const plugin = podTopologySpreadFilter();
    const handle = handleOf(snapshotOf(nodes(), foos('a', 5)));
    const pod = podInfo(makePod('p').label('foo', '').obj());
    const state = new CycleState();
    expect(plugin.preFilter(state, pod, handle)).toBeNull();
    plugin.preFilterExtensions!.addPod(state, pod, podInfo(makePod('x').label('foo', '').obj()), 0, handle);
    expect([0, 1].map((n) => plugin.filter(state, pod, n, handle))).toEqual([OK, OK]);
    expect(state.skipFilterPlugins.size).toBe(0);
  });
});

describe('PodTopologySpreadArgsSchema', () => {
  const constraint = { maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule' } as const;

  test('defaults to System with no listed constraints', () => {
    expect(PodTopologySpreadArgsSchema.parse({})).toEqual({ defaultingType: 'System', defaultConstraints: [] });
  });

  test('List with an empty list is valid (no default spreading at all)', () => {
    expect(
      PodTopologySpreadArgsSchema.parse({ defaultingType: 'List', defaultConstraints: [] }).defaultConstraints,
    ).toEqual([]);
    const plugin = podTopologySpreadFilter({ defaultingType: 'List', defaultConstraints: [] });
    expect(plugin.name).toBe('PodTopologySpread');
  });

  test.each([
    { name: 'System with constraints', args: { defaultConstraints: [constraint] }, path: ['defaultingType'] },
    { name: 'unknown defaultingType', args: { defaultingType: 'Other' }, path: ['defaultingType'] },
    {
      name: 'maxSkew 0',
      args: { defaultingType: 'List', defaultConstraints: [{ ...constraint, maxSkew: 0 }] },
      path: ['defaultConstraints', 0, 'maxSkew'],
    },
    {
      name: 'empty topologyKey',
      args: { defaultingType: 'List', defaultConstraints: [{ ...constraint, topologyKey: '' }] },
      path: ['defaultConstraints', 0, 'topologyKey'],
    },
    {
      name: 'invalid topologyKey',
      args: { defaultingType: 'List', defaultConstraints: [{ ...constraint, topologyKey: 'a/b/c' }] },
      path: ['defaultConstraints', 0, 'topologyKey'],
    },
    {
      name: 'a labelSelector',
      args: { defaultingType: 'List', defaultConstraints: [{ ...constraint, labelSelector: {} }] },
      path: ['defaultConstraints', 0, 'labelSelector'],
    },
    {
      name: 'a repeated {topologyKey, whenUnsatisfiable}',
      args: { defaultingType: 'List', defaultConstraints: [constraint, { ...constraint, maxSkew: 2 }] },
      path: ['defaultConstraints', 1],
    },
    {
      name: 'an unsupported whenUnsatisfiable',
      args: { defaultingType: 'List', defaultConstraints: [{ ...constraint, whenUnsatisfiable: 'Maybe' }] },
      path: ['defaultConstraints', 0, 'whenUnsatisfiable'],
    },
    { name: 'an unknown field', args: { enableMatchLabelKeys: true }, path: [] },
  ])('rejects $name', ({ args, path }) => {
    const r = PodTopologySpreadArgsSchema.safeParse(args);
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path)).toContainEqual(path);
  });

  test('the factory refuses invalid args with a Config error', () => {
    expect(() => podTopologySpreadFilter({ defaultConstraints: [constraint] })).toThrow(PeapodError);
  });
});

describe('default constraints and selector (helper.DefaultSelector)', () => {
  const web = () => makePod('p', 'prod').labels({ app: 'web', tier: 'fe', rev: '1' }).obj();
  const owned = (pod: Pod, kind: string, name: string, apiVersion: string): Pod => ({
    ...pod,
    metadata: { ...pod.metadata, ownerReferences: [{ apiVersion, kind, name, controller: true }] },
  });
  const rs = (name: string, selector: LabelSelector, namespace = 'prod'): ReplicaSet =>
    ({
      metadata: { name, namespace },
      spec: { selector, template: { spec: { containers: [{ name: 'c' }] } } },
    }) as ReplicaSet;
  const rc = (name: string, selector: Record<string, string> | null): ReplicationController =>
    ({ metadata: { name, namespace: 'prod' }, spec: { selector } }) as ReplicationController;
  const listers = (parts: Partial<ClusterListers>): ClusterListers => handleOf(snapshotOf([]), parts).cluster;
  const matches = (pod: Pod, cluster: ClusterListers, labels: Record<string, string>) =>
    defaultSelector(pod, cluster).matches(labels);

  test('merges the selectors of the Services of the namespace that select the pod', () => {
    const cluster = listers({
      services: [
        service('a', { app: 'web' }, 'prod'),
        service('b', { tier: 'fe' }, 'prod'),
        service('other-ns', { rev: '1' }, 'dev'),
        service('no-selector', null, 'prod'),
        service('not-selecting', { app: 'db' }, 'prod'),
      ],
    });
    expect(defaultSelector(web(), cluster).empty).toBe(false);
    expect(matches(web(), cluster, { app: 'web', tier: 'fe' })).toBe(true);
    expect(matches(web(), cluster, { app: 'web' })).toBe(false);
  });

  test('adds the selector of an existing apps/v1 ReplicaSet controller', () => {
    const cluster = listers({ replicaSets: [rs('web-1', { matchLabels: { rev: '1' } })] });
    const pod = owned(web(), 'ReplicaSet', 'web-1', 'apps/v1');
    expect(matches(pod, cluster, { rev: '1' })).toBe(true);
    expect(matches(pod, cluster, { rev: '2' })).toBe(false);
  });

  test.each([
    { name: 'a ReplicaSet of another apiVersion', owner: ['ReplicaSet', 'web-1', 'extensions/v1beta1'] },
    { name: 'a missing ReplicaSet', owner: ['ReplicaSet', 'gone', 'apps/v1'] },
    { name: 'a Job', owner: ['Job', 'web-1', 'batch/v1'] },
  ])('ignores $name', ({ owner }) => {
    const cluster = listers({ replicaSets: [rs('web-1', { matchLabels: { rev: '1' } })] });
    const pod = owned(web(), owner[0]!, owner[1]!, owner[2]!);
    expect(defaultSelector(pod, cluster).empty).toBe(true);
    expect(
      podSpreadConstraints(pod, 'ScheduleAnyway', { defaultConstraints: SYSTEM_DEFAULT_CONSTRAINTS }, cluster),
    ).toEqual([]);
  });

  test('a ReplicationController selector is merged; without one its template labels apply (API defaulting)', () => {
    const withSelector = listers({ replicationControllers: [rc('r', { app: 'web' })] });
    const pod = owned(web(), 'ReplicationController', 'r', 'v1');
    expect(matches(pod, withSelector, { app: 'web' })).toBe(true);
    expect(matches(pod, withSelector, { app: 'db' })).toBe(false);
    const templated = rc('r', null);
    templated.spec.template = { metadata: { labels: { tier: 'fe' } }, spec: { containers: [{ name: 'c' }] } };
    expect(matches(pod, listers({ replicationControllers: [templated] }), { tier: 'fe' })).toBe(true);
    expect(matches(pod, listers({ replicationControllers: [templated] }), { tier: 'be' })).toBe(false);
  });

  test('system defaults get the deduced selector; the pod own constraints take precedence', () => {
    const cluster = listers({ services: [service('a', { app: 'web' }, 'prod')] });
    const options = { defaultConstraints: SYSTEM_DEFAULT_CONSTRAINTS };
    const defaults = podSpreadConstraints(web(), 'ScheduleAnyway', options, cluster);
    expect(
      defaults.map((c) => [c.topologyKey, c.maxSkew, c.minDomains, c.nodeAffinityPolicy, c.nodeTaintsPolicy]),
    ).toEqual([
      ['kubernetes.io/hostname', 3, 1, 'Honor', 'Ignore'],
      ['topology.kubernetes.io/zone', 5, 1, 'Honor', 'Ignore'],
    ]);
    expect(podSpreadConstraints(web(), 'DoNotSchedule', options, cluster)).toEqual([]);
    const own = makePod('q', 'prod').label('app', 'web').spreadConstraint(1, 'zone', 'DoNotSchedule', fooExists).obj();
    expect(podSpreadConstraints(own, 'ScheduleAnyway', options, cluster)).toEqual([]);
  });
});

// ---- Properties: the filter against an independent oracle, and addPod/removePod against a fresh PreFilter.

const KEYS = ['zone', 'rack', 'kubernetes.io/hostname'] as const;

const nodeArb = fc.record({
  zone: fc.constantFrom('z1', 'z2', 'z3', undefined),
  rack: fc.constantFrom('r1', 'r2', undefined),
  pool: fc.constantFrom('p1', 'p2'),
  taint: fc.constantFrom(undefined, 'NoSchedule', 'PreferNoSchedule', 'NoExecute'),
});
const boundArb = fc.record({
  node: fc.nat(),
  otherNamespace: fc.boolean(),
  app: fc.constantFrom('a', 'b', undefined),
  terminating: fc.boolean(),
});
const constraintArb = fc.record({
  maxSkew: fc.integer({ min: 1, max: 3 }),
  action: fc.constantFrom('DoNotSchedule', 'DoNotSchedule', 'ScheduleAnyway'),
  selector: fc.constantFrom('a', 'b', 'empty'),
  minDomains: fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }),
  affinityPolicy: fc.constantFrom('Honor', 'Ignore', undefined),
  taintsPolicy: fc.constantFrom('Honor', 'Ignore', undefined),
});
const scenarioArb = fc.record({
  nodes: fc.array(nodeArb, { minLength: 1, maxLength: 8 }),
  bound: fc.array(boundArb, { maxLength: 24 }),
  app: fc.constantFrom('a', 'b'),
  tolerates: fc.boolean(),
  poolSelector: fc.boolean(),
  keys: fc.shuffledSubarray([...KEYS], { minLength: 1, maxLength: 2 }),
  constraints: fc.array(constraintArb, { minLength: 2, maxLength: 2 }),
  enableMinDomains: fc.boolean(),
});
type Scenario = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

const selectorFor = (s: 'a' | 'b' | 'empty'): LabelSelector => (s === 'empty' ? {} : { matchLabels: { app: s } });

function build(sc: Scenario, emptyAllowed = true) {
  const nodes = sc.nodes.map((n, i) => {
    const b = makeNode(`n${i}`).labels({ 'kubernetes.io/hostname': `n${i}`, pool: n.pool });
    if (n.zone !== undefined) b.label('zone', n.zone);
    if (n.rack !== undefined) b.label('rack', n.rack);
    if (n.taint !== undefined) b.taint('k', 'v', n.taint);
    return b.obj();
  });
  const bound = sc.bound.map((b, i) => {
    const p = makePod(`b${i}`, b.otherNamespace ? 'other' : 'default').node(`n${b.node % nodes.length}`);
    if (b.app !== undefined) p.label('app', b.app);
    if (b.terminating) p.terminating();
    return p.obj();
  });
  const pod = makePod('incoming').label('app', sc.app);
  if (sc.tolerates) pod.toleration({ key: 'k', operator: 'Exists' });
  if (sc.poolSelector) pod.nodeSelector({ pool: 'p1' });
  sc.keys.forEach((key, i) => {
    const c = sc.constraints[i]!;
    const selector = !emptyAllowed && c.selector === 'empty' ? 'a' : c.selector;
    pod.spreadConstraint(c.maxSkew, key, c.action, selectorFor(selector), {
      ...(c.minDomains !== undefined ? { minDomains: c.minDomains } : {}),
      ...(c.affinityPolicy !== undefined ? { nodeAffinityPolicy: c.affinityPolicy } : {}),
      ...(c.taintsPolicy !== undefined ? { nodeTaintsPolicy: c.taintsPolicy } : {}),
    });
  });
  return { nodes, bound, pod: pod.obj() };
}

/** Straight from the definition: skew = count(node's domain) + selfMatch - min over eligible domains. */
function oracle(sc: Scenario, nodes: Node[], bound: Pod[], pod: Pod): (Status | null)[] {
  const hard = (pod.spec.topologySpreadConstraints ?? []).filter((c) => c.whenUnsatisfiable === 'DoNotSchedule');
  const label = (n: Node, key: string) => n.metadata.labels?.[key];
  const selects = (c: (typeof hard)[number], labels: Record<string, string> | null | undefined) => {
    const want = c.labelSelector?.matchLabels?.app;
    return want === undefined ? true : labels?.app === want;
  };
  const eligible = (c: (typeof hard)[number], n: Node) => {
    if (hard.some((h) => label(n, h.topologyKey) === undefined)) return false;
    if ((c.nodeAffinityPolicy ?? 'Honor') === 'Honor' && sc.poolSelector && label(n, 'pool') !== 'p1') return false;
    const untolerated = (n.spec?.taints ?? []).some((t) => t.effect !== 'PreferNoSchedule') && !sc.tolerates;
    return !((c.nodeTaintsPolicy ?? 'Ignore') === 'Honor' && untolerated);
  };
  return nodes.map((node) => {
    for (const c of hard) {
      const value = label(node, c.topologyKey);
      if (value === undefined) return MISSING;
      const counts = new Map<string, number>();
      for (const n of nodes.filter((m) => eligible(c, m))) {
        const v = label(n, c.topologyKey)!;
        const matching = bound.filter(
          (p) =>
            p.spec.nodeName === n.metadata.name &&
            p.metadata.namespace === 'default' &&
            p.metadata.deletionTimestamp == null &&
            Object.keys(c.labelSelector ?? {}).length > 0 &&
            selects(c, p.metadata.labels),
        ).length;
        counts.set(v, (counts.get(v) ?? 0) + matching);
      }
      if (counts.size === 0) continue;
      let min = Math.min(...counts.values());
      if (sc.enableMinDomains && counts.size < (c.minDomains ?? 1)) min = 0;
      const self = selects(c, pod.metadata.labels) ? 1 : 0;
      if ((counts.get(value) ?? 0) + self - min > c.maxSkew) return SKEW;
    }
    return OK;
  });
}

describe('PodTopologySpread properties', () => {
  test('the filter rejects exactly the nodes where the DoNotSchedule skew would exceed maxSkew', () => {
    fc.assert(
      fc.property(scenarioArb, (sc) => {
        const { nodes, bound, pod } = build(sc);
        const plugin = podTopologySpreadFilter({}, { enableMinDomains: sc.enableMinDomains });
        const { statuses } = runFilter(plugin, pod, snapshotOf(nodes, bound));
        expect(statuses).toEqual(oracle(sc, nodes, bound, pod));
      }),
      { numRuns: 300 },
    );
  });

  test('addPod / removePod of one pod give what a fresh PreFilter gives with that pod bound / gone', () => {
    fc.assert(
      fc.property(scenarioArb, boundArb, fc.nat(), (sc, extra, pick) => {
        // updateWithPod counts pods for empty selectors and terminating pods, PreFilter does not (as upstream).
        const { nodes, bound, pod } = build(sc, false);
        const plugin = podTopologySpreadFilter({}, { enableMinDomains: sc.enableMinDomains });
        const info = podInfo(pod);
        const filterAll = (state: CycleState, handle: ReturnType<typeof handleOf>) =>
          nodes.map((_, n) => plugin.filter(state, info, n, handle));
        const fresh = (pods: Pod[]) => runFilter(plugin, pod, snapshotOf(nodes, pods)).statuses;

        const added = build({ ...sc, bound: [...sc.bound, { ...extra, terminating: false }] }, false).bound.at(-1)!;
        const handle = handleOf(snapshotOf(nodes, bound));
        const state = new CycleState();
        plugin.preFilter(state, info, handle);
        const node = handle.snapshot.nodeIndex(added.spec.nodeName!);
        plugin.preFilterExtensions!.addPod(state, info, podInfo(added), node, handle);
        expect(filterAll(state, handle)).toEqual(fresh([...bound, added]));

        const live = bound.filter((p) => p.metadata.deletionTimestamp == null);
        if (live.length === 0) return;
        const victim = live[pick % live.length]!;
        const before = new CycleState();
        plugin.preFilter(before, info, handle);
        const victimNode = handle.snapshot.nodeIndex(victim.spec.nodeName!);
        plugin.preFilterExtensions!.removePod(before, info, podInfo(victim), victimNode, handle);
        expect(filterAll(before, handle)).toEqual(fresh(bound.filter((p) => p !== victim)));
      }),
      { numRuns: 300 },
    );
  });
});
