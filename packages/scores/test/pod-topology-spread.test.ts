import {
  type ClusterListers,
  CycleState,
  type LabelSelector,
  type Node,
  type Pod,
  type Service,
  type TopologySpreadConstraint,
} from '@peapod/core';
import type { PodTopologySpreadArgsInput } from '@peapod/filters';
import { handleOf, makeNode, makePod, podInfo, snapshotOf } from '@peapod/testing';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { goRound, normalizeSpreadScores, podTopologySpreadScore } from '../src/index.js';

const HOST = 'kubernetes.io/hostname';
const ZONE = 'topology.kubernetes.io/zone';
const fooSelector: LabelSelector = { matchExpressions: [{ key: 'foo', operator: 'Exists' }] };
const barSelector: LabelSelector = { matchExpressions: [{ key: 'bar', operator: 'Exists' }] };

function service(name: string, selector: Record<string, string>, namespace = 'default'): Service {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace }, spec: { selector } };
}

/** A node labelled with its hostname and, optionally, a zone under `zoneKey`. */
const node = (name: string, zone?: string, zoneKey = 'zone') => {
  const b = makeNode(name).label(HOST, name);
  if (zone !== undefined) b.label(zoneKey, zone);
  return b;
};

/** `count` pods labelled foo on `nodeName`. */
const foos = (nodeName: string, count: number): Pod[] =>
  Array.from({ length: count }, (_, i) => makePod(`${nodeName}-${i}`).label('foo', '').node(nodeName).obj());

/**
 * PreScore over the `feasible` nodes (all by default), then Score and NormalizeScore on them, as the framework
 * runs them; the other nodes still count in PreScore's domain counts.
 */
function runSpread(
  pod: Pod,
  nodes: Node[],
  bound: Pod[] = [],
  opts: { feasible?: string[]; args?: PodTopologySpreadArgsInput; cluster?: Partial<ClusterListers> } = {},
) {
  const snapshot = snapshotOf(nodes, bound);
  const handle = handleOf(snapshot, opts.cluster);
  const plugin = podTopologySpreadScore(opts.args);
  const feasible = Int32Array.from(opts.feasible ?? snapshot.nodeNames, (n) => snapshot.nodeIndex(n));
  const state = new CycleState();
  const info = podInfo(pod);
  const preScore = plugin.preScore(state, info, feasible, handle);
  if (preScore !== null) return { preScore, raw: [] as number[], scores: [] as number[] };
  const scores = Float64Array.from(feasible, (n) => plugin.score(state, info, n, handle));
  const raw = [...scores];
  plugin.normalizeScore?.(state, info, feasible, scores);
  return { preScore, raw, scores: [...scores] };
}

interface Case {
  name: string;
  pod: Pod;
  nodes: Node[];
  bound?: Pod[];
  feasible?: string[];
  args?: PodTopologySpreadArgsInput;
  cluster?: Partial<ClusterListers>;
  want: number[];
}

const fooPod = () => makePod('p').label('foo', '');
const hostnames = (...names: string[]) => names.map((n) => node(n).obj());

// Cases after upstream scoring_test.go (TestPodTopologySpreadScore), plus v1.26 specifics.
const cases: Case[] = [
  {
    name: 'one constraint on node, no existing pods',
    pod: fooPod().spreadConstraint(1, HOST, 'ScheduleAnyway', fooSelector).obj(),
    nodes: hostnames('node-a', 'node-b'),
    want: [100, 100],
  },
  {
    name: 'one constraint on node, only one node is candidate',
    pod: fooPod().spreadConstraint(1, HOST, 'ScheduleAnyway', fooSelector).obj(),
    nodes: hostnames('node-a', 'node-b'),
    bound: [...foos('node-a', 2), ...foos('node-b', 1)],
    feasible: ['node-a'],
    want: [100],
  },
  {
    name: 'one constraint on node, all nodes have the same number of matching pods',
    pod: fooPod().spreadConstraint(1, HOST, 'ScheduleAnyway', fooSelector).obj(),
    nodes: hostnames('node-a', 'node-b'),
    bound: [...foos('node-a', 1), ...foos('node-b', 1)],
    want: [100, 100],
  },
  {
    name: 'one constraint on node, 2/1/0/3 over 4 candidates',
    pod: fooPod().spreadConstraint(1, HOST, 'ScheduleAnyway', fooSelector).obj(),
    nodes: hostnames('node-a', 'node-b', 'node-c', 'node-d'),
    bound: [...foos('node-a', 2), ...foos('node-b', 1), ...foos('node-d', 3)],
    want: [20, 60, 100, 0],
  },
  {
    name: 'one constraint on node, null selector matches nothing',
    pod: fooPod().spreadConstraint(1, HOST, 'ScheduleAnyway', null).obj(),
    nodes: hostnames('node-a', 'node-b', 'node-c', 'node-d'),
    bound: [...foos('node-a', 2), ...foos('node-b', 1), ...foos('node-d', 3)],
    want: [100, 100, 100, 100],
  },
  {
    name: 'maxSkew=2 waters the differences down',
    pod: fooPod().spreadConstraint(2, HOST, 'ScheduleAnyway', fooSelector).obj(),
    nodes: hostnames('node-a', 'node-b', 'node-c', 'node-d'),
    bound: [...foos('node-a', 2), ...foos('node-b', 1), ...foos('node-d', 3)],
    want: [33, 66, 100, 16],
  },
  {
    name: 'maxSkew=3, 4/3/2/1',
    pod: fooPod().spreadConstraint(3, HOST, 'ScheduleAnyway', fooSelector).obj(),
    nodes: hostnames('node-a', 'node-b', 'node-c', 'node-d'),
    bound: [...foos('node-a', 4), ...foos('node-b', 3), ...foos('node-c', 2), ...foos('node-d', 1)],
    want: [44, 66, 77, 100],
  },
  {
    name: 'system defaulting, nodes without a zone, pods selected by a Service',
    pod: fooPod().obj(),
    nodes: hostnames('node-a', 'node-b', 'node-c', 'node-d'),
    bound: [...foos('node-a', 4), ...foos('node-b', 3), ...foos('node-c', 2), ...foos('node-d', 1)],
    cluster: { services: [service('s', { foo: '' })] },
    want: [44, 66, 77, 100],
  },
  {
    name: 'one constraint on node, 3 of 4 nodes are candidates (4/2/1/~3~)',
    pod: fooPod().spreadConstraint(1, HOST, 'ScheduleAnyway', fooSelector).obj(),
    nodes: hostnames('node-a', 'node-b', 'node-x', 'node-y'),
    bound: [...foos('node-a', 4), ...foos('node-b', 2), ...foos('node-x', 1), ...foos('node-y', 3)],
    feasible: ['node-a', 'node-b', 'node-x'],
    want: [33, 83, 100],
  },
  {
    name: 'a candidate without the topology key is ignored: 0, and it shrinks the hostname weight',
    pod: fooPod().spreadConstraint(1, HOST, 'ScheduleAnyway', fooSelector).obj(),
    nodes: [node('node-a').obj(), makeNode('node-b').label('n', 'node-b').obj(), ...hostnames('node-x', 'node-y')],
    bound: [...foos('node-a', 4), ...foos('node-b', 2), ...foos('node-x', 1), ...foos('node-y', 3)],
    feasible: ['node-a', 'node-b', 'node-x'],
    want: [16, 0, 100],
  },
  {
    name: 'one constraint on zone: non-candidate nodes count in their zone (4/2/1/~3~)',
    pod: fooPod().spreadConstraint(1, 'zone', 'ScheduleAnyway', fooSelector).obj(),
    nodes: [node('node-a', 'zone1'), node('node-b', 'zone1'), node('node-x', 'zone2'), node('node-y', 'zone2')].map(
      (b) => b.obj(),
    ),
    bound: [...foos('node-a', 4), ...foos('node-b', 2), ...foos('node-x', 1), ...foos('node-y', 3)],
    feasible: ['node-a', 'node-b', 'node-x'],
    want: [75, 75, 100],
  },
  {
    name: 'two constraints on zone and node, 2 of 4 nodes are candidates (2/~1~/2/~4~)',
    pod: fooPod()
      .spreadConstraint(1, 'zone', 'ScheduleAnyway', fooSelector)
      .spreadConstraint(1, HOST, 'ScheduleAnyway', fooSelector)
      .obj(),
    nodes: [node('node-a', 'zone1'), node('node-b', 'zone1'), node('node-x', 'zone2'), node('node-y', 'zone2')].map(
      (b) => b.obj(),
    ),
    bound: [...foos('node-a', 2), ...foos('node-b', 1), ...foos('node-x', 2), ...foos('node-y', 4)],
    feasible: ['node-a', 'node-x'],
    want: [100, 63],
  },
  {
    // v1.26 keys the counts by (key, value): both constraints add into the same zone counters (zone1 = 2 + 0,
    // zone2 = 0 + 1), and the second finds the pairs created by the first, so its weight is log(0 + 2).
    // zone1: 2·ln4 + 2·ln2 = 4.16 -> 4; zone2: ln4 + ln2 = 2.08 -> 2. (v1.27+ counts per constraint: 33/100.)
    name: 'two constraints on the same key share their counts, and the second gets size 0 (v1.26)',
    pod: fooPod()
      .label('bar', '')
      .spreadConstraint(1, 'zone', 'ScheduleAnyway', fooSelector)
      .spreadConstraint(1, 'zone', 'ScheduleAnyway', barSelector)
      .obj(),
    nodes: [node('node-a', 'zone1'), node('node-b', 'zone1'), node('node-x', 'zone2'), node('node-y', 'zone2')].map(
      (b) => b.obj(),
    ),
    bound: [...foos('node-a', 2), makePod('x-bar').label('bar', '').node('node-x').obj()],
    want: [50, 50, 100, 100],
  },
  {
    name: 'no constraint applies (no Service, no controller): every node scores 100, no Skip in v1.26',
    pod: fooPod().obj(),
    nodes: hostnames('node-a', 'node-b'),
    bound: foos('node-a', 3),
    want: [100, 100],
  },
  {
    name: 'own DoNotSchedule constraints only: the default constraints do not apply, every node 100',
    pod: fooPod().spreadConstraint(1, HOST, 'DoNotSchedule', fooSelector).obj(),
    nodes: hostnames('node-a', 'node-b'),
    bound: foos('node-a', 3),
    cluster: { services: [service('s', { foo: '' })] },
    want: [100, 100],
  },
  {
    // hostname: ln5 (3 nodes); zone: domains z1 and "" -> ln4. a: 2ln5+2 + 2ln4+4 = 11.99 -> 12;
    // b: 2 + 2ln4+4 = 8.77 -> 9; c has no zone: ln5+2 = 3.61 -> 4.
    name: 'System defaults: a node without a zone is not ignored, and forms a "" zone for the weight',
    pod: makePod('p').label('app', 'web').obj(),
    nodes: [node('a', 'z1', ZONE).obj(), node('b', 'z1', ZONE).obj(), node('c').obj()],
    bound: [
      makePod('a1').label('app', 'web').node('a').obj(),
      makePod('a2').label('app', 'web').node('a').obj(),
      makePod('c1').label('app', 'web').node('c').obj(),
    ],
    cluster: { services: [service('web', { app: 'web' })] },
    want: [33, 58, 100],
  },
  {
    // The same constraints as a List require every key: c is ignored (0), hostname size 2, zone size 1.
    name: 'the same constraints listed as defaults require every topology key',
    pod: makePod('p').label('app', 'web').obj(),
    nodes: [node('a', 'z1', ZONE).obj(), node('b', 'z1', ZONE).obj(), node('c').obj()],
    bound: [
      makePod('a1').label('app', 'web').node('a').obj(),
      makePod('a2').label('app', 'web').node('a').obj(),
      makePod('c1').label('app', 'web').node('c').obj(),
    ],
    args: {
      defaultingType: 'List',
      defaultConstraints: [
        { maxSkew: 3, topologyKey: HOST, whenUnsatisfiable: 'ScheduleAnyway' },
        { maxSkew: 5, topologyKey: ZONE, whenUnsatisfiable: 'ScheduleAnyway' },
      ],
    },
    cluster: { services: [service('web', { app: 'web' })] },
    want: [72, 100, 0],
  },
  {
    name: 'nodeTaintsPolicy Honor: pods on a node with an untolerated taint do not count in its zone',
    pod: fooPod().spreadConstraint(1, 'zone', 'ScheduleAnyway', fooSelector, { nodeTaintsPolicy: 'Honor' }).obj(),
    nodes: [node('a', 'z1').obj(), node('b', 'z1').taint('k', 'v', 'NoSchedule').obj(), node('x', 'z2').obj()],
    bound: [...foos('b', 3), ...foos('x', 1)],
    feasible: ['a', 'x'],
    want: [100, 0],
  },
  {
    name: 'nodeTaintsPolicy Ignore (default): they do',
    pod: fooPod().spreadConstraint(1, 'zone', 'ScheduleAnyway', fooSelector).obj(),
    nodes: [node('a', 'z1').obj(), node('b', 'z1').taint('k', 'v', 'NoSchedule').obj(), node('x', 'z2').obj()],
    bound: [...foos('b', 3), ...foos('x', 1)],
    feasible: ['a', 'x'],
    want: [25, 100],
  },
  {
    name: 'nodeAffinityPolicy Honor (default): pods on nodes the pod cannot select do not count',
    pod: fooPod().nodeSelector({ pool: 'p1' }).spreadConstraint(1, 'zone', 'ScheduleAnyway', fooSelector).obj(),
    nodes: [
      node('a', 'z1').label('pool', 'p1').obj(),
      node('b', 'z1').obj(),
      node('x', 'z2').label('pool', 'p1').obj(),
    ],
    bound: [...foos('b', 3), ...foos('x', 1)],
    feasible: ['a', 'x'],
    want: [100, 0],
  },
  {
    name: 'terminating pods and pods of other namespaces do not count',
    pod: fooPod().spreadConstraint(1, HOST, 'ScheduleAnyway', fooSelector).obj(),
    nodes: hostnames('a', 'b'),
    bound: [
      makePod('t1').label('foo', '').node('a').terminating().obj(),
      makePod('t2').label('foo', '').node('a').terminating().obj(),
      makePod('o1', 'other').label('foo', '').node('a').obj(),
      ...foos('b', 1),
    ],
    want: [100, 0],
  },
];

describe('PodTopologySpread score', () => {
  test.each(cases)('$name', ({ pod, nodes, bound, feasible, args, cluster, want }) => {
    const { preScore, scores } = runSpread(pod, nodes, bound, {
      ...(feasible !== undefined ? { feasible } : {}),
      ...(args !== undefined ? { args } : {}),
      ...(cluster !== undefined ? { cluster } : {}),
    });
    expect(preScore).toBeNull();
    expect(scores).toEqual(want);
  });

  test('raw scores are Go-rounded sums of cnt·ln(size+2) + maxSkew-1', () => {
    // 2/1/0/3 on 4 hostnames: ln6 = 1.79 -> 2·1.79 = 3.58 -> 4, 1.79 -> 2, 0, 5.38 -> 5.
    const pod = fooPod().spreadConstraint(1, HOST, 'ScheduleAnyway', fooSelector).obj();
    const bound = [...foos('node-a', 2), ...foos('node-b', 1), ...foos('node-d', 3)];
    const { raw } = runSpread(pod, hostnames('node-a', 'node-b', 'node-c', 'node-d'), bound);
    expect(raw).toEqual([4, 2, 0, 5]);
  });

  test('an invalid label selector fails PreScore with an Error status', () => {
    const bad: LabelSelector = { matchExpressions: [{ key: 'foo', operator: 'In', values: [] }] };
    const pod = fooPod().spreadConstraint(1, HOST, 'ScheduleAnyway', bad).obj();
    const { preScore } = runSpread(pod, hostnames('a'));
    expect(preScore?.code).toBe('Error');
    expect(preScore?.reasons[0]).toMatch(
      /^calculating preScoreState: obtaining pod's soft topology spread constraints: /,
    );
  });

  test('the factory validates its args, as the filter half does', () => {
    expect(() =>
      podTopologySpreadScore({
        defaultingType: 'System',
        defaultConstraints: [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'ScheduleAnyway' }],
      }),
    ).toThrow(/defaultingType/);
  });
});

describe('normalizeSpreadScores / goRound', () => {
  test.each([
    { name: 'max 0: every node 100', ignored: [0, 0], scores: [0, 0], want: [100, 100] },
    { name: 'ignored nodes 0, and left out of min and max', ignored: [0, 1, 0], scores: [4, 9, 2], want: [50, 0, 100] },
    { name: 'every node ignored', ignored: [1, 1], scores: [0, 0], want: [0, 0] },
    { name: 'Go integer division truncates', ignored: [0, 0, 0], scores: [3, 1, 2], want: [33, 100, 66] },
  ])('$name', ({ ignored, scores, want }) => {
    const out = Float64Array.from(scores);
    normalizeSpreadScores(
      Uint8Array.from(ignored),
      Int32Array.from(scores, (_, i) => i),
      out,
    );
    expect([...out]).toEqual(want);
  });

  test.each([
    [2.5, 3],
    [3.5, 4],
    [2.4999, 2],
    [0.49999999999999994, 0],
    [-2.5, -3],
    [0, 0],
  ])('goRound(%d) = %d', (x, want) => {
    expect(goRound(x)).toBe(want);
  });
});

// ---- Property: the plugin against an oracle that follows upstream v1.26 scoring.go with maps, line by line.

const KEYS = ['zone', 'rack', HOST] as const;

const nodeArb = fc.record({
  zone: fc.constantFrom('z1', 'z2', '', undefined),
  rack: fc.constantFrom('r1', 'r2', undefined),
  host: fc.boolean(),
  pool: fc.constantFrom('p1', 'p2'),
  taint: fc.constantFrom(undefined, 'NoSchedule', 'PreferNoSchedule'),
  feasible: fc.boolean(),
});
const boundArb = fc.record({
  node: fc.nat(),
  otherNamespace: fc.boolean(),
  app: fc.constantFrom('a', 'b', undefined),
  terminating: fc.boolean(),
});
const constraintArb = fc.record({
  key: fc.constantFrom(...KEYS),
  maxSkew: fc.integer({ min: 1, max: 5 }),
  action: fc.constantFrom('ScheduleAnyway', 'ScheduleAnyway', 'DoNotSchedule'),
  selector: fc.constantFrom('a', 'b', 'empty', 'null'),
  affinityPolicy: fc.constantFrom('Honor', 'Ignore', undefined),
  taintsPolicy: fc.constantFrom('Honor', 'Ignore', undefined),
});
const scenarioArb = fc.record({
  nodes: fc.array(nodeArb, { minLength: 1, maxLength: 8 }),
  bound: fc.array(boundArb, { maxLength: 30 }),
  app: fc.constantFrom('a', 'b'),
  tolerates: fc.boolean(),
  poolSelector: fc.boolean(),
  constraints: fc.array(constraintArb, { maxLength: 3 }),
  service: fc.boolean(),
});
type Scenario = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

function build(sc: Scenario) {
  const nodes = sc.nodes.map((n, i) => {
    const b = makeNode(`n${i}`).label('pool', n.pool);
    if (n.host) b.label(HOST, `n${i}`);
    if (n.zone !== undefined) b.label('zone', n.zone).label(ZONE, n.zone);
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
  for (const c of sc.constraints) {
    const selector = c.selector === 'null' ? null : c.selector === 'empty' ? {} : { matchLabels: { app: c.selector } };
    pod.spreadConstraint(c.maxSkew, c.key, c.action, selector, {
      ...(c.affinityPolicy !== undefined ? { nodeAffinityPolicy: c.affinityPolicy } : {}),
      ...(c.taintsPolicy !== undefined ? { nodeTaintsPolicy: c.taintsPolicy } : {}),
    });
  }
  const feasible = nodes.filter((_, i) => sc.nodes[i]!.feasible).map((n) => n.metadata.name);
  if (feasible.length === 0) feasible.push(nodes[0]!.metadata.name);
  const cluster = { services: sc.service ? [service('s', { app: sc.app })] : [] };
  return { nodes, bound, pod: pod.obj(), feasible, cluster };
}

interface OracleConstraint {
  key: string;
  maxSkew: number;
  /** undefined: matches nothing (nil selector); null: empty selector (counts nothing). */
  app: string | undefined | null;
  affinity: string;
  taints: string;
}

/** Upstream v1.26 PreScore / Score / NormalizeScore, with maps keyed by `key=value`, for System defaulting. */
function oracle(sc: Scenario, nodes: Node[], bound: Pod[], pod: Pod, feasible: string[]): number[] {
  const own: TopologySpreadConstraint[] = pod.spec.topologySpreadConstraints ?? [];
  let constraints: OracleConstraint[];
  if (own.length > 0) {
    constraints = own
      .filter((c) => c.whenUnsatisfiable === 'ScheduleAnyway')
      .map((c) => ({
        key: c.topologyKey,
        maxSkew: c.maxSkew,
        app: c.labelSelector == null ? undefined : (c.labelSelector.matchLabels?.app ?? null),
        affinity: c.nodeAffinityPolicy ?? 'Honor',
        taints: c.nodeTaintsPolicy ?? 'Ignore',
      }));
  } else if (sc.service) {
    constraints = [
      { key: HOST, maxSkew: 3, app: sc.app, affinity: 'Honor', taints: 'Ignore' },
      { key: ZONE, maxSkew: 5, app: sc.app, affinity: 'Honor', taints: 'Ignore' },
    ];
  } else {
    constraints = [];
  }
  const requireAll = own.length > 0;
  const labels = (n: Node) => n.metadata.labels ?? {};
  const hasAll = (n: Node) => constraints.every((c) => Object.hasOwn(labels(n), c.key));
  const byName = new Map(nodes.map((n) => [n.metadata.name, n]));
  const countOn = (n: Node, c: OracleConstraint) =>
    c.app === null
      ? 0
      : bound.filter(
          (p) =>
            p.spec.nodeName === n.metadata.name &&
            p.metadata.namespace === 'default' &&
            p.metadata.deletionTimestamp == null &&
            c.app !== undefined &&
            p.metadata.labels?.app === c.app,
        ).length;

  const ignored = new Set<string>();
  const pairs = new Map<string, number>();
  const size = constraints.map(() => 0);
  for (const name of feasible) {
    const n = byName.get(name)!;
    if (requireAll && !hasAll(n)) {
      ignored.add(name);
      continue;
    }
    constraints.forEach((c, i) => {
      if (c.key === HOST) return;
      const pair = `${c.key}=${labels(n)[c.key] ?? ''}`;
      if (!pairs.has(pair)) {
        pairs.set(pair, 0);
        size[i]!++;
      }
    });
  }
  const weight = constraints.map((c, i) => Math.log((c.key === HOST ? feasible.length - ignored.size : size[i]!) + 2));
  for (const n of nodes) {
    if (requireAll && !hasAll(n)) continue;
    for (const c of constraints) {
      if (c.affinity === 'Honor' && sc.poolSelector && labels(n).pool !== 'p1') continue;
      if (c.taints === 'Honor' && !sc.tolerates && (n.spec?.taints ?? []).some((t) => t.effect === 'NoSchedule')) {
        continue;
      }
      const pair = `${c.key}=${labels(n)[c.key] ?? ''}`;
      if (!pairs.has(pair)) continue;
      pairs.set(pair, pairs.get(pair)! + countOn(n, c));
    }
  }
  const raw = feasible.map((name) => {
    const n = byName.get(name)!;
    if (ignored.has(name)) return 0;
    let score = 0;
    constraints.forEach((c, i) => {
      const value = labels(n)[c.key];
      if (value === undefined) return;
      const cnt = c.key === HOST ? countOn(n, c) : pairs.get(`${c.key}=${value}`)!;
      score += cnt * weight[i]! + (c.maxSkew - 1);
    });
    return Math.sign(score) * Math.floor(Math.abs(score) + 0.5);
  });
  const live = raw.filter((_, i) => !ignored.has(feasible[i]!));
  const min = Math.min(...live);
  const max = Math.max(0, ...live);
  return raw.map((s, i) =>
    ignored.has(feasible[i]!) ? 0 : max === 0 ? 100 : Math.trunc((100 * (max + min - s)) / max),
  );
}

describe('PodTopologySpread score properties', () => {
  test('PreScore + Score + NormalizeScore equal a map-based transcription of upstream v1.26', () => {
    fc.assert(
      fc.property(scenarioArb, (sc) => {
        const { nodes, bound, pod, feasible, cluster } = build(sc);
        const { preScore, scores } = runSpread(pod, nodes, bound, { feasible, cluster });
        expect(preScore).toBeNull();
        expect(scores).toEqual(oracle(sc, nodes, bound, pod, feasible));
        for (const s of scores) expect(s >= 0 && s <= 100).toBe(true);
      }),
      { numRuns: 400 },
    );
  });
});
