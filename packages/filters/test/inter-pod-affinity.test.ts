import {
  CycleState,
  type LabelSelector,
  matchesLabelSelector,
  type Namespace,
  type Node,
  type Pod,
  type PodAffinityTerm,
  type Status,
} from '@peapod/core';
import { handleOf, makeNode, makePod, type PodWrapper, podInfo, runFilter, snapshotOf } from '@peapod/testing';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  interPodAffinityFilter,
  podAffinityTerms,
  ReasonExistingAntiAffinity,
  ReasonPodAffinity,
  ReasonPodAntiAffinity,
} from '../src/index.js';
import { INTER_POD_AFFINITY_STATE } from '../src/inter-pod-affinity/state.js';

const AFFINITY: Status = { code: 'UnschedulableAndUnresolvable', reasons: [ReasonPodAffinity] };
const ANTI: Status = { code: 'Unschedulable', reasons: [ReasonPodAntiAffinity] };
const EXISTING: Status = { code: 'Unschedulable', reasons: [ReasonExistingAntiAffinity] };

const HOST = 'kubernetes.io/hostname';
const ZONE = 'zone';
const REGION = 'region';

const In = (key: string, ...values: string[]): LabelSelector => ({
  matchExpressions: [{ key, operator: 'In', values }],
});
const NotIn = (key: string, ...values: string[]): LabelSelector => ({
  matchExpressions: [{ key, operator: 'NotIn', values }],
});
const term = (
  topologyKey: string,
  labelSelector: LabelSelector | null,
  extra: Partial<PodAffinityTerm> = {},
): PodAffinityTerm => ({ topologyKey, labelSelector, ...extra });

interface Terms {
  affinity?: PodAffinityTerm[];
  anti?: PodAffinityTerm[];
  preferredAffinity?: PodAffinityTerm[];
}

/** Adds required (and optionally preferred) pod (anti-)affinity terms to a pod builder. */
function withTerms(pod: PodWrapper, { affinity, anti, preferredAffinity }: Terms): PodWrapper {
  return pod.affinity({
    ...(affinity || preferredAffinity
      ? {
          podAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: affinity ?? null,
            preferredDuringSchedulingIgnoredDuringExecution: preferredAffinity?.map((t) => ({
              weight: 1,
              podAffinityTerm: t,
            })),
          },
        }
      : {}),
    ...(anti ? { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: anti } } : {}),
  });
}

const namespace = (name: string, labels?: Record<string, string>): Namespace => ({ metadata: { name, labels } });
const NAMESPACES = [namespace('default'), namespace('team1', { team: 'team1' }), namespace('team2', { team: 'team2' })];

const node1 = makeNode('machine1').labels({ [REGION]: 'r1', [ZONE]: 'z11', [HOST]: 'machine1' });
const security = { service: 'securityscan' };

interface Case {
  name: string;
  pod: Pod;
  bound?: Pod[];
  want: Status | null;
}

// After upstream filtering_test.go TestRequiredAffinitySingleNode (v1.26), one node with region/zone/hostname.
const singleNode: Case[] = [
  { name: 'a pod without pod affinity fits an empty node', pod: makePod('p').obj(), want: null },
  {
    name: 'affinity In matching the existing pod',
    pod: withTerms(makePod('p').labels(security), {
      affinity: [term(REGION, In('service', 'securityscan', 'v2'))],
    }).obj(),
    bound: [makePod('e').labels(security).node('machine1').obj()],
    want: null,
  },
  {
    name: 'affinity NotIn matching the existing pod',
    pod: withTerms(makePod('p'), { affinity: [term(REGION, NotIn('service', 'securityscan3', 'v3'))] }).obj(),
    bound: [makePod('e').labels(security).node('machine1').obj()],
    want: null,
  },
  {
    name: 'affinity in another namespace does not match the existing pod',
    pod: withTerms(makePod('p'), {
      affinity: [term(REGION, In('service', 'securityscan'), { namespaces: ['other'] })],
    }).obj(),
    bound: [makePod('e').labels(security).node('machine1').obj()],
    want: AFFINITY,
  },
  {
    name: 'affinity selector not matching the existing pod',
    pod: withTerms(makePod('p'), { affinity: [term(REGION, In('service', 'antivirusscan'))] }).obj(),
    bound: [makePod('e').labels(security).node('machine1').obj()],
    want: AFFINITY,
  },
  {
    name: 'a null labelSelector matches no pod',
    pod: withTerms(makePod('p').labels(security), { affinity: [term(REGION, null)] }).obj(),
    bound: [makePod('e').labels(security).node('machine1').obj()],
    want: AFFINITY,
  },
  {
    name: 'affinity matching but anti-affinity also matching the existing pod',
    pod: withTerms(makePod('p'), {
      affinity: [term(REGION, In('service', 'securityscan'))],
      anti: [term(ZONE, In('service', 'securityscan'))],
    }).obj(),
    bound: [makePod('e').labels(security).node('machine1').obj()],
    want: ANTI,
  },
  {
    name: "the existing pod's anti-affinity rejects the pod (symmetry)",
    pod: withTerms(makePod('p').labels(security), { affinity: [term(REGION, In('service', 'securityscan'))] }).obj(),
    bound: [
      withTerms(makePod('e').labels(security).node('machine1'), {
        anti: [term(ZONE, In('service', 'securityscan'))],
      }).obj(),
    ],
    want: EXISTING,
  },
  {
    name: 'existing anti-affinity is respected when the pod has no terms, and ignored when it does not select it',
    pod: makePod('p').labels({ service: 'other' }).obj(),
    bound: [withTerms(makePod('e').node('machine1'), { anti: [term(ZONE, In('service', 'securityscan'))] }).obj()],
    want: null,
  },
  {
    name: 'existing anti-affinity over a key the node lacks does not reject',
    pod: makePod('p').labels(security).obj(),
    bound: [withTerms(makePod('e').node('machine1'), { anti: [term('rack', In('service', 'securityscan'))] }).obj()],
    want: null,
  },
  {
    name: 'affinity failure is reported before anti-affinity and existing anti-affinity',
    pod: withTerms(makePod('p').labels(security), {
      affinity: [term(REGION, In('service', 'nothing'))],
      anti: [term(ZONE, In('service', 'securityscan'))],
    }).obj(),
    bound: [
      withTerms(makePod('e').labels(security).node('machine1'), {
        anti: [term(ZONE, In('service', 'securityscan'))],
      }).obj(),
    ],
    want: AFFINITY,
  },
  {
    name: "the pod's own anti-affinity is reported before existing pods' anti-affinity",
    pod: withTerms(makePod('p').labels(security), { anti: [term(ZONE, In('service', 'securityscan'))] }).obj(),
    bound: [
      withTerms(makePod('e').labels(security).node('machine1'), {
        anti: [term(ZONE, In('service', 'securityscan'))],
      }).obj(),
    ],
    want: ANTI,
  },
  {
    name: 'an existing pod must match ALL affinity terms',
    pod: withTerms(makePod('p'), {
      affinity: [term(REGION, In('service', 'securityscan')), term(ZONE, In('security', 'S1'))],
    }).obj(),
    bound: [
      makePod('e1').labels(security).node('machine1').obj(),
      makePod('e2').labels({ security: 'S1' }).node('machine1').obj(),
    ],
    want: AFFINITY,
  },
  {
    name: 'affinity with a matching namespaceSelector',
    pod: withTerms(makePod('p'), {
      affinity: [
        term(REGION, In('service', 'securityscan'), { namespaceSelector: { matchLabels: { team: 'team1' } } }),
      ],
    }).obj(),
    bound: [makePod('e', 'team1').labels(security).node('machine1').obj()],
    want: null,
  },
  {
    name: 'affinity with a namespaceSelector that does not match the existing pod namespace',
    pod: withTerms(makePod('p'), {
      affinity: [
        term(REGION, In('service', 'securityscan'), { namespaceSelector: { matchLabels: { team: 'team2' } } }),
      ],
    }).obj(),
    bound: [makePod('e', 'team1').labels(security).node('machine1').obj()],
    want: AFFINITY,
  },
  {
    name: 'anti-affinity with a matching namespaceSelector',
    pod: withTerms(makePod('p'), {
      anti: [term(REGION, In('service', 'securityscan'), { namespaceSelector: { matchLabels: { team: 'team1' } } })],
    }).obj(),
    bound: [makePod('e', 'team1').labels(security).node('machine1').obj()],
    want: ANTI,
  },
  {
    name: 'anti-affinity with an empty namespaceSelector selects every namespace',
    pod: withTerms(makePod('p'), {
      anti: [term(REGION, In('service', 'securityscan'), { namespaceSelector: {} })],
    }).obj(),
    bound: [makePod('e', 'team2').labels(security).node('machine1').obj()],
    want: ANTI,
  },
  {
    name: 'anti-affinity with a non-matching namespaceSelector',
    pod: withTerms(makePod('p'), {
      anti: [term(REGION, In('service', 'securityscan'), { namespaceSelector: { matchLabels: { team: 'team2' } } })],
    }).obj(),
    bound: [makePod('e', 'team1').labels(security).node('machine1').obj()],
    want: null,
  },
  {
    name: 'namespaces and namespaceSelector are united',
    pod: withTerms(makePod('p'), {
      anti: [
        term(REGION, In('service', 'securityscan'), {
          namespaces: ['team2'],
          namespaceSelector: { matchLabels: { team: 'none' } },
        }),
      ],
    }).obj(),
    bound: [makePod('e', 'team2').labels(security).node('machine1').obj()],
    want: ANTI,
  },
  {
    name: "the incoming pod's non-empty namespaceSelector never selects a namespace without a Namespace object",
    pod: withTerms(makePod('p'), {
      anti: [term(REGION, In('service', 'securityscan'), { namespaceSelector: NotIn('team', 'x') })],
    }).obj(),
    bound: [makePod('e', 'ghost').labels(security).node('machine1').obj()],
    want: null,
  },
  {
    name: "an existing pod's namespaceSelector matches a namespace without an object as having no labels",
    pod: makePod('p', 'ghost').labels(security).obj(),
    bound: [
      withTerms(makePod('e', 'team1').node('machine1'), {
        anti: [term(REGION, In('service', 'securityscan'), { namespaceSelector: NotIn('team', 'x') })],
      }).obj(),
    ],
    want: EXISTING,
  },
  {
    name: "an existing pod's namespaceSelector is matched against the incoming pod's namespace labels",
    pod: makePod('p', 'team2').labels(security).obj(),
    bound: [
      withTerms(makePod('e', 'team1').node('machine1'), {
        anti: [term(REGION, In('service', 'securityscan'), { namespaceSelector: { matchLabels: { team: 'team2' } } })],
      }).obj(),
    ],
    want: EXISTING,
  },
  {
    name: "an existing pod's term without namespaces applies in its own namespace only",
    pod: makePod('p', 'team2').labels(security).obj(),
    bound: [
      withTerms(makePod('e', 'team1').node('machine1'), { anti: [term(REGION, In('service', 'securityscan'))] }).obj(),
    ],
    want: null,
  },
];

describe('InterPodAffinity filter, one node', () => {
  test.each(singleNode)('$name', ({ pod, bound = [], want }) => {
    const { preFilter, statuses } = runFilter(interPodAffinityFilter(), pod, snapshotOf([node1.obj()], bound), {
      namespaces: NAMESPACES,
    });
    expect(preFilter).toBeNull();
    expect(statuses).toEqual([want]);
  });
});

// Four nodes: two in zone z1, one in z2, one without a zone label.
const nodes = (): Node[] => [
  makeNode('n1')
    .labels({ [ZONE]: 'z1', [HOST]: 'n1' })
    .obj(),
  makeNode('n2')
    .labels({ [ZONE]: 'z1', [HOST]: 'n2' })
    .obj(),
  makeNode('n3')
    .labels({ [ZONE]: 'z2', [HOST]: 'n3' })
    .obj(),
  makeNode('n4')
    .labels({ [HOST]: 'n4' })
    .obj(),
];
const db = (name: string, node: string) => makePod(name).label('app', 'db').node(node).obj();
const web = (name: string, node: string) => makePod(name).label('app', 'web').node(node).obj();
const webAffinity = withTerms(makePod('p').label('app', 'web'), { affinity: [term(ZONE, In('app', 'web'))] });

interface MultiCase {
  name: string;
  pod: Pod;
  bound?: Pod[];
  want: (Status | null)[];
}

// After upstream TestRequiredAffinityMultipleNodes.
const multiNode: MultiCase[] = [
  {
    name: 'affinity to a zone: every node of the zone fits, nodes without the key never',
    pod: withTerms(makePod('p'), { affinity: [term(ZONE, In('app', 'db'))] }).obj(),
    bound: [db('d', 'n1')],
    want: [null, null, AFFINITY, AFFINITY],
  },
  {
    name: 'the first pod of a group that matches its own terms may go to any node having the keys',
    pod: webAffinity.obj(),
    want: [null, null, null, AFFINITY],
  },
  {
    name: 'the first-pod rule needs the pod to match its own terms',
    pod: withTerms(makePod('p').label('app', 'api'), { affinity: [term(ZONE, In('app', 'web'))] }).obj(),
    want: [AFFINITY, AFFINITY, AFFINITY, AFFINITY],
  },
  {
    name: 'the first-pod rule does not apply once a matching pod exists somewhere',
    pod: webAffinity.obj(),
    bound: [web('w', 'n3')],
    want: [AFFINITY, AFFINITY, null, AFFINITY],
  },
  {
    name: 'a matching pod on a node without the topology key is not counted, so the first-pod rule still applies',
    pod: webAffinity.obj(),
    bound: [web('w', 'n4')],
    want: [null, null, null, AFFINITY],
  },
  {
    name: 'with several terms, a node must have a matching pod in the domain of each',
    pod: withTerms(makePod('p'), { affinity: [term(ZONE, In('app', 'db')), term(HOST, In('app', 'db'))] }).obj(),
    bound: [db('d', 'n2')],
    want: [AFFINITY, null, AFFINITY, AFFINITY],
  },
  {
    name: 'anti-affinity to a zone rejects every node of the zone',
    pod: withTerms(makePod('p'), { anti: [term(ZONE, In('app', 'db'))] }).obj(),
    bound: [db('d', 'n1')],
    want: [ANTI, ANTI, null, null],
  },
  {
    name: "an existing pod's zone anti-affinity rejects every node of its zone",
    pod: makePod('p').label('app', 'web').obj(),
    bound: [withTerms(makePod('e').node('n2'), { anti: [term(ZONE, In('app', 'web'))] }).obj()],
    want: [EXISTING, EXISTING, null, null],
  },
  {
    name: "an existing pod's hostname anti-affinity rejects its node only",
    pod: makePod('p').label('app', 'web').obj(),
    bound: [withTerms(makePod('e').node('n1'), { anti: [term(HOST, In('app', 'web'))] }).obj()],
    want: [EXISTING, null, null, null],
  },
];

describe('InterPodAffinity filter, several nodes', () => {
  test.each(multiNode)('$name', ({ pod, bound = [], want }) => {
    const { preFilter, statuses } = runFilter(interPodAffinityFilter(), pod, snapshotOf(nodes(), bound));
    expect(preFilter).toBeNull();
    expect(statuses).toEqual(want);
  });

  test('returns the same status object for the same failure, so a failing node allocates nothing', () => {
    const pod = withTerms(makePod('p'), { anti: [term(ZONE, In('app', 'db'))] }).obj();
    const { statuses } = runFilter(interPodAffinityFilter(), pod, snapshotOf(nodes(), [db('d', 'n1')]));
    expect(statuses[0]).toBe(statuses[1]);
  });
});

describe('InterPodAffinity PreFilter, invalid selectors (upstream PodInfo ParseError)', () => {
  const bad: LabelSelector = { matchLabels: { app: 'not a valid value' } };

  test('an invalid required affinity selector rejects the pod on every node, unresolvably', () => {
    const pod = withTerms(makePod('p'), { affinity: [term(ZONE, bad)] }).obj();
    const { preFilter, statuses } = runFilter(interPodAffinityFilter(), pod, snapshotOf(nodes()));
    expect(statuses).toEqual([]);
    expect(preFilter).toMatchObject({ code: 'UnschedulableAndUnresolvable' });
    expect((preFilter as Status).reasons[0]).toMatch(/^parsing pod: requiredAffinityTerms: .*not a valid value/);
  });

  test('an invalid preferred term rejects the pod too, and errors of several groups are aggregated', () => {
    const pod = withTerms(makePod('p'), {
      anti: [term(ZONE, { matchExpressions: [{ key: 'app', operator: 'In', values: [] }] })],
      preferredAffinity: [term(ZONE, { matchLabels: { 'bad key!': 'x' } })],
    }).obj();
    const { preFilter } = runFilter(interPodAffinityFilter(), pod, snapshotOf(nodes()));
    expect(preFilter).toMatchObject({ code: 'UnschedulableAndUnresolvable' });
    expect((preFilter as Status).reasons[0]).toMatch(
      /^parsing pod: \[requiredAntiAffinityTerms: .*, preferredAffinityTerms: .*\]$/,
    );
  });

  test('an invalid namespaceSelector is a parse error as well', () => {
    const pod = withTerms(makePod('p'), { affinity: [term(ZONE, {}, { namespaceSelector: bad })] }).obj();
    expect(podAffinityTerms(pod).parseError).toMatch(/^requiredAffinityTerms: /);
  });

  test("an existing pod's invalid anti-affinity group is dropped, as upstream ignores it", () => {
    const existing = withTerms(makePod('e').node('n1'), {
      anti: [term(ZONE, In('app', 'web')), term(ZONE, bad)],
    }).obj();
    const { statuses } = runFilter(
      interPodAffinityFilter(),
      makePod('p').label('app', 'web').obj(),
      snapshotOf(nodes(), [existing]),
    );
    expect(statuses).toEqual([null, null, null, null]);
  });
});

/** PreFilter on `bound`, then Filter on every node; `edit` may call addPod/removePod in between. */
function filterWith(pod: Pod, bound: Pod[], edit?: (state: CycleState, ctx: ReturnType<typeof handleOf>) => void) {
  const snapshot = snapshotOf(nodes(), bound);
  const handle = handleOf(snapshot, { namespaces: NAMESPACES });
  const plugin = interPodAffinityFilter();
  const state = new CycleState();
  const info = podInfo(pod);
  expect(plugin.preFilter(state, info, handle)).toBeNull();
  edit?.(state, handle);
  return nodes().map((_, n) => plugin.filter(state, info, n, handle));
}

describe('InterPodAffinity PreFilter extensions (nominated pods, preemption dry runs)', () => {
  const plugin = interPodAffinityFilter();
  const ext = plugin.preFilterExtensions;
  const incoming = podInfo(makePod('p').obj());

  test('addPod of a pod the incoming pod is anti-affine to rejects its zone; removePod undoes it', () => {
    const pod = withTerms(makePod('p'), { anti: [term(ZONE, In('app', 'db'))] }).obj();
    const d = podInfo(db('d', 'n1'));
    expect(filterWith(pod, [], (s, h) => ext.addPod(s, incoming, d, 0, h))).toEqual([ANTI, ANTI, null, null]);
    expect(
      filterWith(pod, [], (s, h) => {
        ext.addPod(s, incoming, d, 0, h);
        ext.removePod(s, incoming, d, 0, h);
      }),
    ).toEqual([null, null, null, null]);
  });

  test('removing the only matching pod brings the first-pod rule back (zero counts are deleted)', () => {
    const w = web('w', 'n3');
    expect(filterWith(webAffinity.obj(), [w])).toEqual([AFFINITY, AFFINITY, null, AFFINITY]);
    const removed = filterWith(webAffinity.obj(), [w], (s, h) => ext.removePod(s, incoming, podInfo(w), 2, h));
    expect(removed).toEqual([null, null, null, AFFINITY]);
  });

  test("addPod of a pod with anti-affinity to the incoming pod applies the existing pods' rule", () => {
    const e = podInfo(withTerms(makePod('e').node('n3'), { anti: [term(ZONE, In('app', 'web'))] }).obj());
    const pod = makePod('p').label('app', 'web').obj();
    expect(filterWith(pod, [], (s, h) => ext.addPod(s, incoming, e, 2, h))).toEqual([null, null, EXISTING, null]);
  });

  test('a cloned state is independent of the original', () => {
    const pod = withTerms(makePod('p'), { anti: [term(ZONE, In('app', 'db'))] }).obj();
    let copy: CycleState | undefined;
    const original = filterWith(pod, [], (s, h) => {
      copy = s.clone();
      ext.addPod(copy, incoming, podInfo(db('d', 'n1')), 0, h);
    });
    expect(original).toEqual([null, null, null, null]);
    expect(copy!.read(INTER_POD_AFFINITY_STATE).antiAffinityCounts.entries()).toEqual([[ZONE, 'z1', 1]]);
  });

  test('addPod without PreFilter state is an error', () => {
    const h = handleOf(snapshotOf(nodes()));
    expect(ext.addPod(new CycleState(), incoming, incoming, 0, h)).toMatchObject({ code: 'Error' });
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Properties, against an independent oracle written from the upstream semantics on raw objects.

const KEYS = [ZONE, HOST, 'rack'];
const NS_NAMES = ['default', 'team1', 'team2', 'ghost']; // `ghost` has no Namespace object

const selectorArb = fc.constantFrom<LabelSelector | null>(
  null,
  {},
  { matchLabels: { app: 'a' } },
  { matchLabels: { app: 'b' } },
  In('app', 'a', 'b'),
  NotIn('app', 'a'),
  { matchExpressions: [{ key: 'app', operator: 'Exists' }] },
);
const termArb: fc.Arbitrary<PodAffinityTerm> = fc.record({
  topologyKey: fc.constantFrom(...KEYS),
  labelSelector: selectorArb,
  namespaces: fc.option(fc.subarray(NS_NAMES), { nil: undefined }),
  namespaceSelector: fc.constantFrom<LabelSelector | null | undefined>(
    undefined,
    null,
    {},
    { matchLabels: { team: 'team1' } },
    NotIn('team', 'team1'),
  ),
});
const podArb = (name: string) =>
  fc
    .record({
      ns: fc.constantFrom(...NS_NAMES),
      app: fc.constantFrom('a', 'b', 'c', undefined),
      affinity: fc.array(termArb, { maxLength: 2 }),
      anti: fc.array(termArb, { maxLength: 2 }),
    })
    .map(({ ns, app, affinity, anti }) => {
      const w = makePod(name, ns);
      if (app) w.label('app', app);
      return withTerms(w, {
        ...(affinity.length ? { affinity } : {}),
        ...(anti.length ? { anti } : {}),
      });
    });
const nodeArb = (i: number) =>
  fc
    .record({
      zone: fc.constantFrom('z1', 'z2', undefined),
      host: fc.boolean(),
      rack: fc.constantFrom('r1', undefined),
    })
    .map(({ zone, host, rack }) => {
      const w = makeNode(`n${i}`);
      if (zone) w.label(ZONE, zone);
      if (host || i === 0) w.label(HOST, `n${i}`);
      if (rack) w.label('rack', rack);
      return w.obj();
    });
const clusterArb = fc.integer({ min: 1, max: 4 }).chain((n) =>
  fc.record({
    nodes: fc.tuple(...Array.from({ length: n }, (_, i) => nodeArb(i))),
    bound: fc.array(fc.tuple(podArb('e'), fc.integer({ min: 0, max: n - 1 })), { maxLength: 6 }),
    pod: podArb('p'),
  }),
);

interface Placed {
  pod: Pod;
  labels: Record<string, string>;
}
const nsOf = (p: Pod) => p.metadata.namespace ?? 'default';
const nsLabels = (name: string) => NAMESPACES.find((n) => n.metadata.name === name)?.metadata.labels ?? undefined;
const isEmpty = (s: LabelSelector) => !s.matchLabels && !s.matchExpressions?.length;

/** Does `owner`'s term select `target`? `incoming`: the owner is the pod being scheduled (merged selectors). */
function selects(t: PodAffinityTerm, owner: Pod, target: Pod, incoming: boolean): boolean {
  const names = t.namespaces ?? [];
  let nsOk: boolean;
  if (names.length === 0 && t.namespaceSelector == null) nsOk = nsOf(target) === nsOf(owner);
  else if (names.includes(nsOf(target))) nsOk = true;
  else if (t.namespaceSelector == null) nsOk = false;
  else if (isEmpty(t.namespaceSelector)) nsOk = true;
  // The incoming pod's selector is resolved into names of existing Namespace objects.
  else if (incoming && !NAMESPACES.some((n) => n.metadata.name === nsOf(target))) nsOk = false;
  else nsOk = matchesLabelSelector(t.namespaceSelector, nsLabels(nsOf(target)));
  return nsOk && matchesLabelSelector(t.labelSelector, target.metadata.labels);
}
const same = (key: string, a: Record<string, string>, b: Record<string, string>) =>
  key in a && key in b && a[key] === b[key];

function violatesAntiAffinity(pod: Pod, labels: Record<string, string>, placed: Placed[]): 'own' | 'existing' | null {
  const own = pod.spec.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? [];
  if (placed.some((e) => own.some((t) => selects(t, pod, e.pod, true) && same(t.topologyKey, labels, e.labels))))
    return 'own';
  const existing = (e: Placed) =>
    e.pod.spec.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? [];
  if (
    placed.some((e) => existing(e).some((t) => selects(t, e.pod, pod, false) && same(t.topologyKey, labels, e.labels)))
  )
    return 'existing';
  return null;
}

function oracle(pod: Pod, labels: Record<string, string>, placed: Placed[]): Status | null {
  const terms = pod.spec.affinity?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? [];
  if (terms.length > 0) {
    if (terms.some((t) => !(t.topologyKey in labels))) return AFFINITY;
    const matchesAll = (q: Pod) => terms.every((t) => selects(t, pod, q, true));
    const inDomain = terms.every((t) => placed.some((e) => matchesAll(e.pod) && same(t.topologyKey, labels, e.labels)));
    if (!inDomain) {
      const counted = placed.some((e) => matchesAll(e.pod) && terms.some((t) => t.topologyKey in e.labels));
      if (counted || !matchesAll(pod)) return AFFINITY;
    }
  }
  const anti = violatesAntiAffinity(pod, labels, placed);
  return anti === 'own' ? ANTI : anti === 'existing' ? EXISTING : null;
}

describe('InterPodAffinity properties', () => {
  const run = (nodeList: Node[], bound: [PodWrapper, number][], pod: PodWrapper) => {
    const boundPods = bound.map(([w, n], i) => {
      const p = w.node(`n${n}`).obj();
      return { ...p, metadata: { ...p.metadata, name: `e${i}` } };
    });
    const placed = boundPods.map((p) => ({
      pod: p,
      labels: nodeList[Number(p.spec.nodeName!.slice(1))]!.metadata.labels ?? {},
    }));
    const { preFilter, statuses } = runFilter(interPodAffinityFilter(), pod.obj(), snapshotOf(nodeList, boundPods), {
      namespaces: NAMESPACES,
    });
    return { preFilter, statuses, placed, boundPods };
  };

  test('property: a pod is never accepted on a node that violates a required anti-affinity term', () => {
    fc.assert(
      fc.property(clusterArb, ({ nodes: nodeList, bound, pod }) => {
        const { statuses, placed } = run(nodeList, bound, pod);
        statuses.forEach((s, i) => {
          if (violatesAntiAffinity(pod.obj(), nodeList[i]!.metadata.labels ?? {}, placed) !== null)
            expect(s).not.toBeNull();
        });
      }),
      { numRuns: 300 },
    );
  });

  test('property: every node gets exactly the status the oracle predicts', () => {
    fc.assert(
      fc.property(clusterArb, ({ nodes: nodeList, bound, pod }) => {
        const { preFilter, statuses, placed } = run(nodeList, bound, pod);
        expect(preFilter).toBeNull();
        expect(statuses).toEqual(nodeList.map((n) => oracle(pod.obj(), n.metadata.labels ?? {}, placed)));
      }),
      { numRuns: 500 },
    );
  });

  test('property: PreFilter then addPod equals PreFilter with the pod bound, and removePod undoes addPod', () => {
    fc.assert(
      fc.property(clusterArb, podArb('x'), fc.nat(), ({ nodes: nodeList, bound, pod }, extra, at) => {
        const node = at % nodeList.length;
        const x = extra.node(`n${node}`).obj();
        const { boundPods } = run(nodeList, bound, pod);
        const plugin = interPodAffinityFilter();
        const incoming = podInfo(pod.obj());
        const statusesOf = (bound: Pod[], edit?: (s: CycleState, h: ReturnType<typeof handleOf>) => void) => {
          const h = handleOf(snapshotOf(nodeList, bound), { namespaces: NAMESPACES });
          const s = new CycleState();
          plugin.preFilter(s, incoming, h);
          edit?.(s, h);
          return nodeList.map((_, n) => plugin.filter(s, incoming, n, h));
        };
        const xInfo = podInfo(x);
        const withX = statusesOf([...boundPods, x]);
        expect(statusesOf(boundPods, (s, h) => plugin.preFilterExtensions.addPod(s, incoming, xInfo, node, h))).toEqual(
          withX,
        );
        const without = statusesOf(boundPods);
        const removed = statusesOf(boundPods, (s, h) => {
          plugin.preFilterExtensions.addPod(s, incoming, xInfo, node, h);
          plugin.preFilterExtensions.removePod(s, incoming, xInfo, node, h);
        });
        expect(removed).toEqual(without);
      }),
      { numRuns: 200 },
    );
  });
});
