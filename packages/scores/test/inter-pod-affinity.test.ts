import {
  type Affinity,
  type ClusterListers,
  CycleState,
  type LabelSelector,
  matchesLabelSelector,
  type Namespace,
  type Node,
  type Pod,
  type PodAffinityTerm,
  type WeightedPodAffinityTerm,
} from '@peapod/core';
import { handleOf, makeNode, makePod, podInfo, runScore, snapshotOf } from '@peapod/testing';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  INTER_POD_AFFINITY_SCORE_STATE,
  InterPodAffinityArgsSchema,
  interPodAffinityScore,
  normalizeInterPodAffinityScores,
} from '../src/index.js';

const SKIP = { code: 'Skip', reasons: [] };

const In = (key: string, ...values: string[]): LabelSelector => ({
  matchExpressions: [{ key, operator: 'In', values }],
});
const term = (
  topologyKey: string,
  labelSelector: LabelSelector | null,
  extra: Partial<PodAffinityTerm> = {},
): PodAffinityTerm => ({ topologyKey, labelSelector, ...extra });
const weighted = (weight: number, t: PodAffinityTerm): WeightedPodAffinityTerm => ({ weight, podAffinityTerm: t });

const namespace = (name: string, labels?: Record<string, string>): Namespace => ({ metadata: { name, labels } });
// As upstream scoring_test.go.
const NAMESPACES = [
  namespace('subteam1.team1', { team: 'team1' }),
  namespace('subteam2.team1', { team: 'team1' }),
  namespace('subteam1.team2', { team: 'team2' }),
  namespace('subteam2.team2', { team: 'team2' }),
];
const CLUSTER: Partial<ClusterListers> = { namespaces: NAMESPACES };

const china = { region: 'China' };
const india = { region: 'India' };
const az1 = { az: 'az1' };
const az2 = { az: 'az2' };
const chinaAz1 = { region: 'China', az: 'az1' };
const S1 = { security: 'S1' };
const S2 = { security: 'S2' };

// The affinities of upstream TestPreferredAffinity.
const stayWithS1InRegion: Affinity = {
  podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [weighted(5, term('region', In('security', 'S1')))] },
};
const stayWithS2InRegion: Affinity = {
  podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [weighted(6, term('region', In('security', 'S2')))] },
};
const affinity3: Affinity = {
  podAffinity: {
    preferredDuringSchedulingIgnoredDuringExecution: [
      weighted(
        8,
        term('region', {
          matchExpressions: [
            { key: 'security', operator: 'NotIn', values: ['S1'] },
            { key: 'security', operator: 'In', values: ['S2'] },
          ],
        }),
      ),
      weighted(
        2,
        term('region', {
          matchExpressions: [
            { key: 'security', operator: 'Exists' },
            { key: 'wrongkey', operator: 'DoesNotExist' },
          ],
        }),
      ),
    ],
  },
};
const hardAffinity: Affinity = {
  podAffinity: {
    requiredDuringSchedulingIgnoredDuringExecution: [
      term('region', In('security', 'S1', 'value2')),
      term('region', {
        matchExpressions: [
          { key: 'security', operator: 'Exists' },
          { key: 'wrongkey', operator: 'DoesNotExist' },
        ],
      }),
    ],
  },
};
const awayFromS1InAz: Affinity = {
  podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [weighted(5, term('az', In('security', 'S1')))] },
};
const awayFromS2InAz: Affinity = {
  podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [weighted(5, term('az', In('security', 'S2')))] },
};
const stayWithS1InRegionAwayFromS2InAz: Affinity = {
  podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [weighted(8, term('region', In('security', 'S1')))] },
  podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [weighted(5, term('az', In('security', 'S2')))] },
};
const team1Selected = (): Partial<PodAffinityTerm> => ({
  namespaces: ['subteam2.team2'],
  namespaceSelector: { matchLabels: { team: 'team1' } },
});
const affinityNamespaceSelector: Affinity = {
  podAffinity: {
    preferredDuringSchedulingIgnoredDuringExecution: [
      weighted(5, term('region', In('security', 'S1'), team1Selected())),
    ],
  },
};
const antiAffinityNamespaceSelector: Affinity = {
  podAntiAffinity: {
    preferredDuringSchedulingIgnoredDuringExecution: [
      weighted(5, term('region', In('security', 'S1'), team1Selected())),
    ],
  },
};

const nodes = (...labels: Record<string, string>[]): Node[] =>
  labels.map((l, i) =>
    makeNode(`node${i + 1}`)
      .labels(l)
      .obj(),
  );
let existingPods = 0;
/** An existing pod on `node`, with labels and (optionally) an affinity; `ns` defaults to `default`. */
const on = (node: string, labels: Record<string, string> = {}, affinity?: Affinity, ns = 'default'): Pod => {
  const w = makePod(`e${existingPods++}`, ns).labels(labels).node(node);
  return (affinity ? w.affinity(affinity) : w).obj();
};
const incoming = (labels: Record<string, string>, affinity?: Affinity, ns = 'default'): Pod => {
  const w = makePod('p', ns).labels(labels);
  return (affinity ? w.affinity(affinity) : w).obj();
};

interface Case {
  name: string;
  pod: Pod;
  bound?: Pod[];
  nodes: Node[];
  args?: { hardPodAffinityWeight?: number; ignorePreferredTermsOfExistingPods?: boolean };
  /** Normalized scores per node, or SKIP. */
  want: number[] | typeof SKIP;
}

// After upstream scoring_test.go TestPreferredAffinity and TestPreferredAffinityWithHardPodAffinitySymmetricWeight.
const cases: Case[] = [
  {
    name: 'no affinity anywhere: Skip',
    pod: incoming(S1),
    bound: [on('node1', S1)],
    nodes: nodes(china, india, az1),
    want: SKIP,
  },
  {
    name: 'affinity: the node in the domain of a matching pod scores 100; no key or no match scores 0',
    pod: incoming(S1, stayWithS1InRegion),
    bound: [on('node1', S1), on('node2', S2), on('node3', S1)],
    nodes: nodes(china, india, az1),
    want: [100, 0, 0],
  },
  {
    name: 'affinity: every node of the matching domain gets the same score',
    pod: incoming({}, stayWithS1InRegion),
    bound: [on('node1', S1)],
    nodes: nodes(china, chinaAz1, india),
    want: [100, 100, 0],
  },
  {
    name: 'affinity: the region with more matching pods wins (min is not 0: both regions have matches)',
    pod: incoming(S1, stayWithS2InRegion),
    bound: [on('node1', S2), on('node1', S2), on('node2', S2), on('node3', S2), on('node4', S2), on('node5', S2)],
    nodes: nodes(china, india, china, china, india),
    // China 4*6 = 24, India 2*6 = 12: min 12, max 24.
    want: [100, 0, 100, 100, 0],
  },
  {
    name: 'affinity: several terms, operators, some match failures',
    pod: incoming(S1, affinity3),
    bound: [on('node1', S1), on('node2', S2), on('node3', S1)],
    nodes: nodes(china, india, az1),
    // China 2, India 8+2 = 10, node3 0: 100*2/10 = 20.
    want: [20, 100, 0],
  },
  {
    name: "symmetry: existing pods' preferred affinity selecting the incoming pod",
    pod: incoming(S2),
    bound: [on('node1', S1, stayWithS1InRegion), on('node2', S2, stayWithS2InRegion)],
    nodes: nodes(china, india, az1),
    want: [0, 100, 0],
  },
  {
    name: "symmetry: an existing pod's namespaceSelector is matched against the incoming pod's namespace labels",
    pod: incoming(S1, undefined, 'subteam1.team1'),
    bound: [on('node1', S1, affinityNamespaceSelector), on('node2', S2, stayWithS2InRegion)],
    nodes: nodes(china, india, az1),
    want: [100, 0, 0],
  },
  {
    name: 'symmetry: existing preferred anti-affinity gives a negative raw score; the rest share the maximum',
    pod: incoming(S1, undefined, 'subteam1.team1'),
    bound: [on('node1', S1, antiAffinityNamespaceSelector), on('node2', S2, stayWithS2InRegion)],
    nodes: nodes(china, india, az1),
    // raw -5, 0, 0
    want: [0, 100, 100],
  },
  {
    name: "symmetry: existing pods' REQUIRED affinity counts hardPodAffinityWeight per term",
    pod: incoming(S1),
    bound: [on('node1', S1, hardAffinity), on('node2', S2, hardAffinity)],
    nodes: nodes(china, india, az1),
    want: [100, 100, 0],
  },
  {
    name: 'anti-affinity: the node with a matching pod in its domain scores 0',
    pod: incoming(S1, awayFromS1InAz),
    bound: [on('node1', S1), on('node2', S2)],
    nodes: nodes(az1, china),
    want: [0, 100],
  },
  {
    name: 'anti-affinity: a matching pod on a node without the key counts nowhere',
    pod: incoming(S1, awayFromS1InAz),
    bound: [on('node1', S1), on('node2', S1)],
    nodes: nodes(az1, china),
    want: [0, 100],
  },
  {
    name: "anti-affinity symmetry: existing pods' preferred anti-affinity selecting the incoming pod",
    pod: incoming(S2),
    bound: [on('node1', S1, awayFromS2InAz), on('node2', S2, awayFromS1InAz)],
    nodes: nodes(az1, az2),
    want: [0, 100],
  },
  {
    name: 'affinity and anti-affinity of the incoming pod together',
    pod: incoming(S1, stayWithS1InRegionAwayFromS2InAz),
    bound: [on('node1', S1), on('node2', S1)],
    nodes: nodes(china, az1),
    want: [100, 0],
  },
  {
    name: 'affinity, anti-affinity and symmetry together (raw 8, -5, 8, -5)',
    pod: incoming(S1, stayWithS1InRegionAwayFromS2InAz),
    bound: [
      on('node1', S1),
      on('node2', S2),
      on('node3', {}, stayWithS1InRegionAwayFromS2InAz),
      on('node4', {}, awayFromS1InAz),
    ],
    nodes: nodes(china, az1, india, az2),
    want: [100, 0, 100, 0],
  },
  {
    name: 'all nodes equal (not skipped: a domain was touched): every node scores 0',
    pod: incoming(S1),
    bound: [on('node1', S1), on('node2', {}, stayWithS1InRegionAwayFromS2InAz)],
    nodes: nodes(china, china),
    want: [0, 0],
  },
  {
    name: "the incoming pod's namespaceSelector is resolved against the Namespace objects",
    pod: incoming(S1, affinityNamespaceSelector, 'subteam1.team1'),
    bound: [
      on('node1', S1, undefined, 'subteam1.team1'),
      on('node1', S1, undefined, 'subteam1.team1'),
      on('node1', S1, undefined, 'subteam1.team2'),
      on('node2', S1, undefined, 'subteam2.team1'),
    ],
    nodes: nodes(china, india),
    // China 2*5 (team2's pod not selected), India 5.
    want: [100, 0],
  },
  {
    name: 'namespaces listed AND selected both count',
    pod: incoming(S1, affinityNamespaceSelector, 'subteam1.team1'),
    bound: [
      on('node1', S1, undefined, 'subteam1.team1'),
      on('node1', S1, undefined, 'subteam1.team1'),
      on('node1', S1, undefined, 'subteam2.team2'),
      on('node2', S1, undefined, 'subteam2.team1'),
    ],
    nodes: nodes(china, india),
    want: [100, 0],
  },
  {
    name: 'anti-affinity with a namespaceSelector: negative raw scores only',
    pod: incoming(S1, antiAffinityNamespaceSelector, 'subteam1.team1'),
    bound: [
      on('node1', S1, undefined, 'subteam1.team1'),
      on('node1', S1, undefined, 'subteam1.team1'),
      on('node1', S1, undefined, 'subteam1.team2'),
      on('node2', S1, undefined, 'subteam2.team1'),
    ],
    nodes: nodes(china, india),
    // raw -10, -5: min -10, max -5.
    want: [0, 100],
  },
  {
    name: 'ignorePreferredTermsOfExistingPods: an incoming pod without preferred terms is not scored',
    pod: incoming(S2),
    bound: [on('node1', S1, stayWithS1InRegionAwayFromS2InAz), on('node2', S2, stayWithS2InRegion)],
    nodes: nodes(china, india),
    args: { ignorePreferredTermsOfExistingPods: true },
    want: SKIP,
  },
  {
    name: 'ignorePreferredTermsOfExistingPods off (default): existing pods are scored',
    pod: incoming(S2),
    bound: [on('node1', S1, stayWithS1InRegionAwayFromS2InAz), on('node2', S2, stayWithS2InRegion)],
    nodes: nodes(china, india),
    want: [0, 100],
  },
  {
    name: 'hardPodAffinityWeight 0: required terms of existing pods do not count',
    pod: incoming({ service: 'S1' }),
    bound: [
      on('node1', {}, { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('region', null)] } }),
    ],
    nodes: nodes(china, india, az1),
    args: { hardPodAffinityWeight: 0 },
    want: SKIP,
  },
];

// TestPreferredAffinityWithHardPodAffinitySymmetricWeight: the existing pods are in `default`, which has no object.
const hardPodAffinity: Affinity = {
  podAffinity: {
    requiredDuringSchedulingIgnoredDuringExecution: [
      term('region', In('service', 'S1'), {
        namespaces: ['default', 'subteam2.team2'],
        namespaceSelector: { matchLabels: { team: 'team1' } },
      }),
    ],
  },
};
const hardCases: Case[] = [
  { name: 'default weight', ns: 'default', want: [100, 100, 0] },
  { name: 'no matching namespace', ns: 'subteam1.team2', want: SKIP },
  { name: 'matching namespaceSelector', ns: 'subteam1.team1', want: [100, 100, 0] },
  { name: 'matching namespaces', ns: 'subteam2.team2', want: [100, 100, 0] },
].map(({ name, ns, want }) => ({
  name: `hard pod affinity symmetry: ${name}`,
  pod: incoming({ service: 'S1' }, undefined, ns),
  bound: [on('node1', {}, hardPodAffinity), on('node2', {}, hardPodAffinity)],
  nodes: nodes(china, india, az1),
  want,
}));

describe('InterPodAffinity score', () => {
  test.each([...cases, ...hardCases])('$name', ({ pod, bound = [], nodes: nodeList, args, want }) => {
    const { preScore, scores } = runScore(interPodAffinityScore(args), pod, snapshotOf(nodeList, bound), CLUSTER);
    if (want === SKIP) expect(preScore).toEqual(SKIP);
    else {
      expect(preScore).toBeNull();
      expect(scores).toEqual(want);
    }
  });

  test('a larger hardPodAffinityWeight outweighs preferred terms', () => {
    const pod = incoming(S1);
    const bound = [
      on('node1', {}, { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('region', {})] } }),
      on('node2', {}, stayWithS1InRegion),
    ];
    const snapshot = snapshotOf(nodes(china, india), bound);
    // weight 1 vs 5: India wins; weight 10 vs 5: China wins.
    expect(runScore(interPodAffinityScore(), pod, snapshot).scores).toEqual([0, 100]);
    expect(runScore(interPodAffinityScore({ hardPodAffinityWeight: 10 }), pod, snapshot).scores).toEqual([100, 0]);
  });

  test('raw scores: pods on every node of the snapshot count, and only feasible nodes are normalized', () => {
    const plugin = interPodAffinityScore();
    const pod = podInfo(incoming(S1, stayWithS1InRegionAwayFromS2InAz));
    // node3 is not feasible, yet its S1 pod lifts China (node1) and its S2 pod lowers az1 (node2, node4), as
    // node2's S2 pod does.
    const snapshot = snapshotOf(nodes(china, az1, chinaAz1, az1), [on('node3', S1), on('node3', S2), on('node2', S2)]);
    const handle = handleOf(snapshot);
    const state = new CycleState();
    const feasible = Int32Array.from([0, 1, 3]);
    expect(plugin.preScore(state, pod, feasible, handle)).toBeNull();
    expect(state.read(INTER_POD_AFFINITY_SCORE_STATE).entries()).toEqual([
      ['az', 'az1', -5 - 5],
      ['region', 'China', 8],
    ]);
    const raw = Float64Array.from(feasible, (n) => plugin.score(state, pod, n, handle));
    expect([...raw]).toEqual([8, -10, -10]);
    plugin.normalizeScore(state, pod, feasible, raw);
    expect([...raw]).toEqual([100, 0, 0]);
  });

  test('a node without labels hosting a matching pod contributes nothing', () => {
    const bare = makeNode('bare').obj();
    const { preScore } = runScore(
      interPodAffinityScore(),
      incoming(S1, stayWithS1InRegion),
      snapshotOf([bare, ...nodes(china)], [on('bare', S1)]),
    );
    expect(preScore).toEqual(SKIP);
  });

  test('no feasible node: Skip', () => {
    const state = new CycleState();
    const status = interPodAffinityScore().preScore(
      state,
      podInfo(incoming(S1, stayWithS1InRegion)),
      new Int32Array(0),
      handleOf(snapshotOf(nodes(china), [on('node1', S1)])),
    );
    expect(status).toEqual(SKIP);
  });

  test('an invalid preferred term of the incoming pod is an Error (PreFilter rejects such pods first)', () => {
    const bad: Affinity = {
      podAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [
          weighted(8, term('region', In('security', '{{.bad-value.}}'))),
        ],
      },
    };
    const { preScore } = runScore(interPodAffinityScore(), incoming(S1, bad), snapshotOf(nodes(china)));
    expect(preScore?.code).toBe('Error');
    expect(preScore?.reasons[0]).toMatch(/^failed to parse pod: preferredAffinityTerms: /);
  });
});

describe('normalizeInterPodAffinityScores (upstream NormalizeScore, Go float64 arithmetic)', () => {
  test.each([
    { name: 'positive scores: min is the smallest score, not 0', raw: [3, 5, 4], want: [0, 100, 50] },
    { name: 'negative scores only', raw: [-5, -10, -5], want: [100, 0, 100] },
    { name: 'negative, zero and positive', raw: [-3, 0, 7], want: [0, 30, 100] },
    { name: 'all equal', raw: [4, 4, 4], want: [0, 0, 0] },
    { name: 'all equal and negative', raw: [-2, -2], want: [0, 0] },
    { name: 'all zero', raw: [0, 0, 0], want: [0, 0, 0] },
    { name: 'a single node', raw: [7], want: [0] },
    { name: 'truncates toward zero', raw: [0, 1, 2, 3], want: [0, 33, 66, 100] },
    // float64(100) * (29.0 / 100.0) = 28.999999999999996 in Go as in JS: int64() gives 28, not 29.
    { name: 'divides before multiplying, as Go does', raw: [0, 29, 100], want: [0, 28, 100] },
    { name: 'large weights', raw: [-10000, 2500, 10000], want: [0, 62, 100] },
  ])('$name', ({ raw, want }) => {
    const scores = Float64Array.from(raw);
    normalizeInterPodAffinityScores(scores);
    expect([...scores]).toEqual(want);
  });
});

describe('InterPodAffinityArgsSchema', () => {
  test('defaults', () => {
    expect(InterPodAffinityArgsSchema.parse({})).toEqual({
      hardPodAffinityWeight: 1,
      ignorePreferredTermsOfExistingPods: false,
    });
  });

  test('0 is kept (it turns the symmetric weight off)', () => {
    expect(InterPodAffinityArgsSchema.parse({ hardPodAffinityWeight: 0 }).hardPodAffinityWeight).toBe(0);
  });

  test.each([
    { name: 'above 100', args: { hardPodAffinityWeight: 101 } },
    { name: 'negative', args: { hardPodAffinityWeight: -1 } },
    { name: 'not an integer', args: { hardPodAffinityWeight: 1.5 } },
    { name: 'not a boolean', args: { ignorePreferredTermsOfExistingPods: 'yes' } },
    { name: 'an unknown field', args: { hardPodAffinitySymmetricWeight: 1 } },
  ])('rejects $name', ({ args }) => {
    expect(InterPodAffinityArgsSchema.safeParse(args).success).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Property: raw and normalized scores against an independent oracle written on raw objects, per pair of nodes.

const KEYS = ['zone', 'rack'];
const NS_NAMES = ['default', 'subteam1.team1', 'subteam1.team2', 'ghost']; // `ghost` has no Namespace object

const selectorArb = fc.constantFrom<LabelSelector | null>(
  null,
  {},
  { matchLabels: { app: 'a' } },
  In('app', 'a', 'b'),
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
    { matchExpressions: [{ key: 'team', operator: 'DoesNotExist' }] },
  ),
});
const weightedArb = fc.record({ weight: fc.integer({ min: 1, max: 100 }), podAffinityTerm: termArb });
const podArb = (name: string) =>
  fc
    .record({
      ns: fc.constantFrom(...NS_NAMES),
      app: fc.constantFrom('a', 'b', undefined),
      required: fc.array(termArb, { maxLength: 2 }),
      preferred: fc.array(weightedArb, { maxLength: 2 }),
      preferredAnti: fc.array(weightedArb, { maxLength: 2 }),
    })
    .map(({ ns, app, required, preferred, preferredAnti }) => {
      const w = makePod(name, ns);
      if (app) w.label('app', app);
      if (required.length + preferred.length + preferredAnti.length === 0) return w.obj();
      return w
        .affinity({
          podAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: required,
            preferredDuringSchedulingIgnoredDuringExecution: preferred,
          },
          podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: preferredAnti },
        })
        .obj();
    });
const nodeArb = (i: number) =>
  fc.record({ zone: fc.constantFrom('z1', 'z2', undefined), rack: fc.constantFrom('r1', 'r2', undefined) }).map((l) => {
    const w = makeNode(`n${i}`);
    if (l.zone) w.label('zone', l.zone);
    if (l.rack) w.label('rack', l.rack);
    return w.obj();
  });
const clusterArb = fc.integer({ min: 1, max: 5 }).chain((n) =>
  fc.record({
    nodes: fc.tuple(...Array.from({ length: n }, (_, i) => nodeArb(i))),
    bound: fc.array(fc.tuple(podArb('e'), fc.integer({ min: 0, max: n - 1 })), { maxLength: 8 }),
    pod: podArb('p'),
    hardPodAffinityWeight: fc.integer({ min: 0, max: 100 }),
  }),
);

const nsOf = (p: Pod) => p.metadata.namespace ?? 'default';
const nsLabels = (name: string) => NAMESPACES.find((n) => n.metadata.name === name)?.metadata.labels;

/** Does `owner`'s term select `target`? `incoming`: the owner is the pod being scheduled (merged selectors). */
function selects(t: PodAffinityTerm, owner: Pod, target: Pod, incomingOwner: boolean): boolean {
  const names = t.namespaces ?? [];
  let nsOk: boolean;
  if (names.length === 0 && t.namespaceSelector == null) nsOk = nsOf(target) === nsOf(owner);
  else if (names.includes(nsOf(target))) nsOk = true;
  else if (t.namespaceSelector == null) nsOk = false;
  else if (!t.namespaceSelector.matchLabels && !t.namespaceSelector.matchExpressions?.length) nsOk = true;
  else if (incomingOwner && !NAMESPACES.some((n) => n.metadata.name === nsOf(target))) nsOk = false;
  else nsOk = matchesLabelSelector(t.namespaceSelector, nsLabels(nsOf(target)));
  return nsOk && matchesLabelSelector(t.labelSelector, target.metadata.labels);
}

/** The raw score of a node with `labels`: every (existing pod, term) pair whose domain contains the node. */
function oracleRaw(
  pod: Pod,
  labels: Record<string, string>,
  placed: { pod: Pod; labels: Record<string, string> }[],
  hard: number,
) {
  const sameDomain = (key: string, other: Record<string, string>) =>
    key in labels && key in other && labels[key] === other[key];
  let raw = 0;
  const a = pod.spec.affinity;
  for (const e of placed) {
    for (const w of a?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [])
      if (selects(w.podAffinityTerm, pod, e.pod, true) && sameDomain(w.podAffinityTerm.topologyKey, e.labels))
        raw += w.weight;
    for (const w of a?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [])
      if (selects(w.podAffinityTerm, pod, e.pod, true) && sameDomain(w.podAffinityTerm.topologyKey, e.labels))
        raw -= w.weight;
    const ea = e.pod.spec.affinity;
    for (const t of ea?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? [])
      if (selects(t, e.pod, pod, false) && sameDomain(t.topologyKey, e.labels)) raw += hard;
    for (const w of ea?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [])
      if (selects(w.podAffinityTerm, e.pod, pod, false) && sameDomain(w.podAffinityTerm.topologyKey, e.labels))
        raw += w.weight;
    for (const w of ea?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [])
      if (selects(w.podAffinityTerm, e.pod, pod, false) && sameDomain(w.podAffinityTerm.topologyKey, e.labels))
        raw -= w.weight;
  }
  return raw;
}

describe('InterPodAffinity score properties', () => {
  test('property: raw and normalized scores equal the oracle; normalized scores span [0, 100]', () => {
    fc.assert(
      fc.property(clusterArb, ({ nodes: nodeList, bound, pod, hardPodAffinityWeight }) => {
        const boundPods = bound.map(([p, n], i) => ({
          ...p,
          metadata: { ...p.metadata, name: `e${i}` },
          spec: { ...p.spec, nodeName: `n${n}` },
        }));
        const placed = boundPods.map((p) => ({
          pod: p,
          labels: nodeList[Number(p.spec.nodeName.slice(1))]!.metadata.labels ?? {},
        }));
        const raw = nodeList.map((n) => oracleRaw(pod, n.metadata.labels ?? {}, placed, hardPodAffinityWeight));

        const plugin = interPodAffinityScore({ hardPodAffinityWeight });
        const snapshot = snapshotOf(nodeList, boundPods);
        const handle = handleOf(snapshot, CLUSTER);
        const state = new CycleState();
        const info = podInfo(pod);
        const feasible = Int32Array.from(nodeList, (_, i) => i);
        const status = plugin.preScore(state, info, feasible, handle);
        if (status !== null) {
          expect(status).toEqual(SKIP);
          expect(raw.every((r) => r === 0)).toBe(true);
          return;
        }
        const scores = Float64Array.from(feasible, (n) => plugin.score(state, info, n, handle));
        expect([...scores]).toEqual(raw);
        plugin.normalizeScore(state, info, feasible, scores);
        const min = Math.min(...raw);
        const max = Math.max(...raw);
        raw.forEach((r, i) => {
          const s = scores[i]!;
          expect(Number.isInteger(s) && s >= 0 && s <= 100).toBe(true);
          if (max === min) expect(s).toBe(0);
          else if (r === max) expect(s).toBe(100);
          else if (r === min) expect(s).toBe(0);
        });
        // Order-preserving.
        for (let i = 0; i < raw.length; i++) {
          for (let j = 0; j < raw.length; j++)
            if (raw[i]! <= raw[j]!) expect(scores[i]!).toBeLessThanOrEqual(scores[j]!);
        }
      }),
      { numRuns: 500 },
    );
  });
});
