import {
  type ClusterSnapshot,
  CycleState,
  createPodInfo,
  type FilterPlugin,
  type FrameworkHandle,
  isPreFilterResult,
  isSuccess,
  type MaybeStatus,
  type Node,
  type Pod,
  type PodDisruptionBudget,
  type PodInfo,
  type PreFilterPlugin,
  type Status,
} from '@peapod/core';
import { nodeAffinityFilter, nodeResourcesFitFilter } from '@peapod/filters';
import { clusterOf, makeNode, makePod, podInfo, snapshotOf } from '@peapod/testing';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  type Candidate,
  calculateNumCandidates,
  DefaultPreemptionArgsSchema,
  defaultPreemption,
  earliestStartOfHighestPriority,
  filterPodsWithPdbViolation,
  preemptionPdb,
  preemptionTopCandidates,
  selectVictimsOnNode,
} from '../src/index.js';

// ---------------------------------------------------------------------------------------------------------
// A small framework for PostFilter: PreFilter + Filter over every node (as the engine's cycle), then
// DefaultPreemption with a FrameworkHandle over the same snapshot.

type FilterLike = FilterPlugin & Partial<PreFilterPlugin>;

interface World {
  readonly nodes: readonly Node[];
  readonly bound?: readonly Pod[];
  /** Start time (ms) by pod key; others start at 0. */
  readonly starts?: Readonly<Record<string, number>>;
  readonly pdbs?: readonly PodDisruptionBudget[];
  /** Pods nominated to nodes by earlier preemptions. */
  readonly nominated?: readonly { readonly pod: PodInfo; readonly node: string }[];
  readonly plugins?: readonly FilterLike[];
  readonly tieBreak?: 'random' | 'lowest-name';
}

function frameworkOf(world: World) {
  const snapshot = snapshotOf([...world.nodes], [...(world.bound ?? [])]);
  const plugins = world.plugins ?? [nodeResourcesFitFilter()];
  const cluster = { ...clusterOf({}), podDisruptionBudgets: [...(world.pdbs ?? [])] };
  const nominated = (world.nominated ?? []).map(({ pod, node }) => ({ pod, node: snapshot.nodeIndex(node) }));
  let seed = 7;
  const runFilters = (state: CycleState, pod: PodInfo, node: number): MaybeStatus => {
    for (const p of plugins) {
      if (state.skipFilterPlugins.has(p.name)) continue;
      const s = p.filter(state, pod, node, handle);
      if (!isSuccess(s)) return s;
    }
    return null;
  };
  const extensions = (kind: 'addPod' | 'removePod', state: CycleState, pod: PodInfo, other: PodInfo, node: number) => {
    for (const p of plugins) {
      const s = p.preFilterExtensions?.[kind](state, pod, other, node, handle) ?? null;
      if (!isSuccess(s)) return s;
    }
    return null;
  };
  const handle: FrameworkHandle = {
    snapshot,
    cluster,
    runFilterWithNominatedPods(state, pod, node) {
      const others = nominated
        .filter((n) => n.node === node && n.pod.priority >= pod.priority && n.pod.key !== pod.key)
        .map((n) => n.pod);
      if (others.length > 0) {
        const withNominated = state.clone();
        for (const o of others) {
          snapshot.addPod(o, node);
          extensions('addPod', withNominated, pod, o, node);
        }
        const first = runFilters(withNominated, pod, node);
        for (const o of others) snapshot.removePod(o, node);
        if (!isSuccess(first)) return first;
      }
      return runFilters(state, pod, node);
    },
    runPreFilterExtensionAddPod: (state, pod, other, node) => extensions('addPod', state, pod, other, node),
    runPreFilterExtensionRemovePod: (state, pod, other, node) => extensions('removePod', state, pod, other, node),
    addPodToSnapshot: (pod, node) => snapshot.addPod(pod, node),
    removePodFromSnapshot: (pod, node) => {
      snapshot.removePod(pod, node);
    },
    nominatedPodsOn: (node) => nominated.filter((n) => n.node === node).map((n) => n.pod),
    nominatedNodeOf: (pod) => nominated.find((n) => n.pod.key === pod.key)?.node ?? -1,
    podStartTime: (pod) => world.starts?.[pod.key] ?? 0,
    randomInt: (n) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    },
    tieBreak: world.tieBreak ?? 'lowest-name',
  };
  /** One failed cycle's PreFilter and Filter, then PostFilter. */
  const preempt = (pod: PodInfo, args = {}) => {
    const state = new CycleState();
    for (const p of plugins) {
      const r = p.preFilter?.(state, pod, handle) ?? null;
      if (r !== null && !isPreFilterResult(r) && r.code === 'Skip') state.skipFilterPlugins.add(p.name);
    }
    const statuses = new Map<number, Status>();
    for (let node = 0; node < snapshot.nodeCount; node++) {
      const s = handle.runFilterWithNominatedPods(state, pod, node);
      if (s !== null && s.code !== 'Success') statuses.set(node, s);
    }
    const outcome = defaultPreemption(args).postFilter(state, pod, { statuses }, handle);
    return { ...outcome, statuses };
  };
  return { snapshot, handle, preempt };
}

const node = (name: string, cpu = '2', labels: Record<string, string> = {}) =>
  makeNode(name).allocatable({ cpu, memory: '8Gi', pods: '110' }).labels(labels).obj();
const running = (name: string, on: string, priority: number, cpu = '1', labels: Record<string, string> = {}) =>
  makePod(name).cpu(cpu).priority(priority).labels(labels).node(on).obj();
const preemptor = (cpu = '1', priority = 100, policy: PodInfo['preemptionPolicy'] = 'PreemptLowerPriority') =>
  createPodInfo(makePod('preemptor').cpu(cpu).priority(priority).obj(), priority, policy);

function pdb(
  name: string,
  selector: PodDisruptionBudget['spec']['selector'],
  disruptionsAllowed: number,
  extra: { namespace?: string; disruptedPods?: Record<string, string> } = {},
): PodDisruptionBudget {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name, namespace: extra.namespace ?? 'default' },
    spec: { selector },
    status: { disruptionsAllowed, ...(extra.disruptedPods ? { disruptedPods: extra.disruptedPods } : {}) },
  };
}

/** A snapshot's pods per node (keys, in order) and requested cpu: what a dry run must leave unchanged. */
const fingerprint = (s: ClusterSnapshot) => ({
  pods: s.podsOnNode.map((pods) => pods.map((p) => p.key)),
  cpu: [...s.requested[0]!],
  memory: [...s.requested[1]!],
});

// ---------------------------------------------------------------------------------------------------------

describe('DefaultPreemptionArgs', () => {
  test('defaults: 10% and 100 nodes', () => {
    expect(DefaultPreemptionArgsSchema.parse({})).toEqual({
      minCandidateNodesPercentage: 10,
      minCandidateNodesAbsolute: 100,
    });
  });
  test.each([
    { name: 'percentage above 100', args: { minCandidateNodesPercentage: 101 }, path: 'minCandidateNodesPercentage' },
    { name: 'negative percentage', args: { minCandidateNodesPercentage: -1 }, path: 'minCandidateNodesPercentage' },
    { name: 'negative absolute', args: { minCandidateNodesAbsolute: -1 }, path: 'minCandidateNodesAbsolute' },
    {
      name: 'both zero',
      args: { minCandidateNodesPercentage: 0, minCandidateNodesAbsolute: 0 },
      path: 'minCandidateNodesAbsolute',
    },
    { name: 'not an integer', args: { minCandidateNodesAbsolute: 1.5 }, path: 'minCandidateNodesAbsolute' },
    { name: 'unknown field', args: { minCandidateNodes: 1 }, path: '' },
  ])('rejects $name', ({ args, path }) => {
    const r = DefaultPreemptionArgsSchema.safeParse(args);
    expect(r.success).toBe(false);
    if (!r.success && path) expect(r.error.issues.map((i) => i.path.join('.'))).toContain(path);
  });
  test('upstream wording', () => {
    const r = DefaultPreemptionArgsSchema.safeParse({ minCandidateNodesPercentage: 0, minCandidateNodesAbsolute: 0 });
    expect(r.success ? [] : r.error.issues.map((i) => i.message)).toEqual([
      'Invalid value: 0: cannot be zero at the same time as minCandidateNodesAbsolute',
      'Invalid value: 0: cannot be zero at the same time as minCandidateNodesPercentage',
    ]);
  });
  test.each([
    { numNodes: 10, pct: 10, abs: 100, want: 10 },
    { numNodes: 1000, pct: 10, abs: 100, want: 100 },
    { numNodes: 1000, pct: 50, abs: 100, want: 500 },
    { numNodes: 999, pct: 15, abs: 1, want: 149 },
    { numNodes: 5, pct: 0, abs: 1, want: 1 },
  ])('calculateNumCandidates($numNodes, $pct%, $abs) = $want', ({ numNodes, pct, abs, want }) => {
    const args = { minCandidateNodesPercentage: pct, minCandidateNodesAbsolute: abs };
    expect(calculateNumCandidates(numNodes, args)).toBe(want);
  });
});

describe('eligibility (PodEligibleToPreemptOthers)', () => {
  const nodes = [node('n1')];
  const bound = [running('low', 'n1', 1, '2')];

  test('preemptionPolicy Never does not preempt', () => {
    const { preempt } = frameworkOf({ nodes, bound });
    const out = preempt(preemptor('1', 100, 'Never'));
    expect(out.result).toBeUndefined();
    expect(out.status).toEqual({
      code: 'Unschedulable',
      reasons: ['preemption: not eligible due to preemptionPolicy=Never.'],
    });
  });

  test('a nominated pod waits while a lower-priority pod on its node is terminating', () => {
    const p = preemptor();
    const terminating = makePod('old').cpu('2').priority(1).node('n1').terminating().obj();
    const { preempt } = frameworkOf({ nodes, bound: [terminating], nominated: [{ pod: p, node: 'n1' }] });
    expect(preempt(p).status).toEqual({
      code: 'Unschedulable',
      reasons: ['preemption: not eligible due to a terminating pod on the nominated node.'],
    });
  });

  test('a terminating pod of equal priority does not hold it back', () => {
    const p = preemptor('1', 100);
    const terminating = makePod('old').cpu('2').priority(100).node('n1').terminating().obj();
    const { preempt } = frameworkOf({ nodes, bound: [terminating], nominated: [{ pod: p, node: 'n1' }] });
    expect(preempt(p).status?.reasons[0]).toContain('No preemption victims found');
  });

  test('a nominated node that is now UnschedulableAndUnresolvable makes the pod eligible again', () => {
    const p = createPodInfo(makePod('preemptor').cpu('1').priority(100).nodeSelector({ zone: 'b' }).obj(), 100);
    const terminating = makePod('old').cpu('2').priority(1).node('n1').terminating().obj();
    const { preempt } = frameworkOf({
      nodes: [node('n1', '2', { zone: 'a' }), node('n2', '2', { zone: 'b' })],
      bound: [terminating, running('low', 'n2', 1, '2')],
      nominated: [{ pod: p, node: 'n1' }],
      plugins: [nodeAffinityFilter(), nodeResourcesFitFilter()],
    });
    const out = preempt(p);
    expect(out.result).toEqual({ nominatedNode: 'n2', victims: ['default/low'], topNodes: ['n2'] });
  });

  test('a pod without a nomination is eligible', () => {
    const { preempt } = frameworkOf({ nodes, bound });
    expect(preempt(preemptor()).result?.victims).toEqual(['default/low']);
  });
});

describe('candidates (nodesWherePreemptionMightHelp, SelectVictimsOnNode)', () => {
  test('UnschedulableAndUnresolvable nodes are not candidates; the message counts every node', () => {
    const p = createPodInfo(makePod('preemptor').cpu('2').priority(100).nodeSelector({ zone: 'a' }).obj(), 100);
    const { preempt } = frameworkOf({
      nodes: [node('n1', '2', { zone: 'a' }), node('n2', '2', { zone: 'b' }), node('n3', '1', { zone: 'a' })],
      bound: [running('high', 'n1', 1000, '1'), running('low', 'n2', 1, '2'), running('low3', 'n3', 1, '1')],
      plugins: [nodeAffinityFilter(), nodeResourcesFitFilter()],
    });
    const out = preempt(p);
    expect(out.result).toBeUndefined();
    // n1: Unschedulable but only a higher-priority pod; n2: wrong zone although evicting would fit;
    // n3: even empty it is too small.
    expect(out.status).toEqual({
      code: 'Unschedulable',
      reasons: [
        'preemption: 0/3 nodes are available: 1 Insufficient cpu, 1 No preemption victims found for incoming pod, 1 Preemption is not helpful for scheduling.',
      ],
    });
  });

  test('a node without a Filter status (outside a PreFilter node set) is still dry-run', () => {
    const { handle, snapshot } = frameworkOf({ nodes: [node('n1')], bound: [running('low', 'n1', 1, '2')] });
    const state = new CycleState();
    nodeResourcesFitFilter().preFilter(state, preemptor(), handle);
    const out = defaultPreemption().postFilter(state, preemptor(), { statuses: new Map() }, handle);
    expect(out.result?.nominatedNode).toBe('n1');
    expect(snapshot.podsOnNode[0]!.map((p) => p.key)).toEqual(['default/low']);
  });

  test('only pods of lower priority are victims; equal priority stays', () => {
    const { preempt } = frameworkOf({
      nodes: [node('n1', '3')],
      bound: [running('same', 'n1', 100, '1'), running('low', 'n1', 99, '1'), running('lower', 'n1', 1, '1')],
    });
    // Victims come in reprieve order (most important first); the engine sorts them for output.
    expect(preempt(preemptor('2', 100)).result?.victims).toEqual(['default/low', 'default/lower']);
  });

  test('a nominated pod of higher priority keeps its room during the dry run', () => {
    const nominee = createPodInfo(makePod('nominee').cpu('1').priority(200).obj(), 200);
    const { preempt } = frameworkOf({
      nodes: [node('n1', '2'), node('n2', '2')],
      bound: [running('a', 'n1', 1, '1'), running('b', 'n2', 1, '1'), running('c', 'n2', 1, '1')],
      nominated: [{ pod: nominee, node: 'n1' }],
    });
    // n1 would need only `a` evicted, but the nominee holds 1 of its 2 cpus: n2 with two victims wins.
    expect(preempt(preemptor('2')).result).toEqual({
      nominatedNode: 'n2',
      victims: ['default/b', 'default/c'],
      topNodes: ['n2'],
    });
  });
});

describe('reprieve order', () => {
  test('most important pods are reprieved first', () => {
    const { preempt } = frameworkOf({
      nodes: [node('n1', '2')],
      bound: [running('p1', 'n1', 1, '1'), running('p2', 'n1', 2, '1')],
    });
    expect(preempt(preemptor('1')).result?.victims).toEqual(['default/p1']);
  });

  test('between equal priorities, the earlier started pod is reprieved', () => {
    const { preempt } = frameworkOf({
      nodes: [node('n1', '2')],
      bound: [running('late', 'n1', 1, '1'), running('early', 'n1', 1, '1')],
      starts: { 'default/late': 2000, 'default/early': 1000 },
    });
    expect(preempt(preemptor('1')).result?.victims).toEqual(['default/late']);
  });

  test('PDB-violating pods are reprieved before the others', () => {
    const { preempt } = frameworkOf({
      nodes: [node('n1', '2')],
      bound: [running('guarded', 'n1', 1, '1', { app: 'db' }), running('p2', 'n1', 2, '1')],
      pdbs: [pdb('db', { matchLabels: { app: 'db' } }, 0)],
    });
    // Without the PDB `guarded` (lower priority) would go; reprieved first, it stays and p2 is evicted.
    expect(preempt(preemptor('1')).result?.victims).toEqual(['default/p2']);
  });

  test('a PDB-violating pod that cannot be reprieved counts as a violation', () => {
    const { handle } = frameworkOf({
      nodes: [node('n1', '2')],
      bound: [running('guarded', 'n1', 1, '2', { app: 'db' })],
      pdbs: [pdb('db', { matchLabels: { app: 'db' } }, 0)],
    });
    const pdbs = handle.cluster.podDisruptionBudgets.map(preemptionPdb);
    const nodeFit = nodeResourcesFitFilter();
    const state = new CycleState();
    nodeFit.preFilter(state, preemptor(), handle);
    const { victims } = selectVictimsOnNode(handle, state, preemptor(), 0, pdbs);
    expect(victims?.numPdbViolations).toBe(1);
    expect(victims?.pods.map((p) => p.key)).toEqual(['default/guarded']);
  });

  test('the dry run leaves the snapshot as it was, pod order included', () => {
    const { preempt, snapshot } = frameworkOf({
      nodes: [node('n1', '3'), node('n2', '3')],
      bound: [
        running('a', 'n1', 5, '1'),
        running('b', 'n1', 1, '1'),
        running('c', 'n1', 3, '1'),
        running('d', 'n2', 2, '2'),
        running('e', 'n2', 9, '1'),
      ],
    });
    const before = fingerprint(snapshot);
    preempt(preemptor('2'));
    expect(fingerprint(snapshot)).toEqual(before);
  });
});

describe('PDB accounting (filterPodsWithPDBViolation)', () => {
  const pods = ['a', 'b', 'c'].map((name) => podInfo(makePod(name).label('app', 'web').obj()));
  const split = (budgets: PodDisruptionBudget[], list: PodInfo[] = pods) => {
    const { violating, nonViolating } = filterPodsWithPdbViolation(list, budgets.map(preemptionPdb));
    return { violating: violating.map((p) => p.name), nonViolating: nonViolating.map((p) => p.name) };
  };
  const web = { matchLabels: { app: 'web' } };

  test.each([
    { name: 'budget of 1: the first pod is free', pdbs: [pdb('p', web, 1)], violating: ['b', 'c'] },
    { name: 'budget of 0', pdbs: [pdb('p', web, 0)], violating: ['a', 'b', 'c'] },
    { name: 'budget larger than the pods', pdbs: [pdb('p', web, 5)], violating: [] },
    {
      name: 'pods in disruptedPods use no budget',
      pdbs: [pdb('p', web, 1, { disruptedPods: { a: '2024-01-01T00:00:00Z' } })],
      violating: ['c'],
    },
    { name: 'another namespace', pdbs: [pdb('p', web, 0, { namespace: 'other' })], violating: [] },
    { name: 'an empty selector matches nothing', pdbs: [pdb('p', {}, 0)], violating: [] },
    { name: 'a nil selector matches nothing', pdbs: [pdb('p', null, 0)], violating: [] },
    {
      name: 'an invalid selector matches nothing',
      pdbs: [pdb('p', { matchExpressions: [{ key: 'app', operator: 'Bogus' as 'In', values: ['web'] }] }, 0)],
      violating: [],
    },
    { name: 'a selector that does not match', pdbs: [pdb('p', { matchLabels: { app: 'db' } }, 0)], violating: [] },
    {
      name: 'every matching PDB is charged',
      pdbs: [pdb('p', web, 2), pdb('q', { matchExpressions: [{ key: 'app', operator: 'Exists' }] }, 1)],
      violating: ['b', 'c'],
    },
  ])('$name', ({ pdbs, violating }) => {
    const got = split(pdbs);
    expect(got.violating).toEqual(violating);
    expect(got.nonViolating).toEqual(pods.map((p) => p.name).filter((n) => !violating.includes(n)));
  });

  test('a pod without labels matches no PDB, even an everything-selector', () => {
    const bare = podInfo(makePod('bare').obj());
    const existsAnything = { matchExpressions: [{ key: 'x', operator: 'DoesNotExist' as const }] };
    expect(split([pdb('p', existsAnything, 0)], [bare])).toEqual({ violating: [], nonViolating: ['bare'] });
  });

  test('disruptionsAllowed never changes: each preemption starts from the same budget', () => {
    const budget = pdb('p', web, 1);
    expect(split([budget])).toEqual(split([budget]));
  });
});

describe('pickOneNodeForPreemption', () => {
  const pod = (name: string, priority: number) => createPodInfo(makePod(name).obj(), priority);
  const starts = new Map<PodInfo, number>();
  const started = (p: PodInfo, t: number) => {
    starts.set(p, t);
    return p;
  };
  const startTime = (p: PodInfo) => starts.get(p) ?? 0;
  const cand = (name: string, pods: PodInfo[], numPdbViolations = 0): Candidate => ({
    node: 0,
    name,
    victims: { pods, numPdbViolations },
  });
  const top = (cands: Candidate[]) => preemptionTopCandidates(cands, startTime).map((c) => c.name);

  test.each([
    {
      name: '1. fewest PDB violations, before any priority',
      cands: [cand('a', [pod('a1', 1)], 1), cand('b', [pod('b1', 50), pod('b2', 50)], 0)],
      want: ['b'],
    },
    {
      name: '2. lowest priority of the highest victim',
      cands: [cand('a', [pod('a1', 10)]), cand('b', [pod('b1', 5), pod('b2', 5), pod('b3', 5)])],
      want: ['b'],
    },
    {
      // Upstream reads victims.Pods[0]: the first (PDB-violating) victim, not the highest overall.
      name: '2. reads the first victim, which is a PDB-violating one when there is one',
      cands: [cand('a', [pod('a1', 3), pod('a2', 100)], 1), cand('b', [pod('b1', 5)], 1)],
      want: ['a'],
    },
    {
      name: '3. smallest sum of priorities',
      cands: [cand('a', [pod('a1', 5), pod('a2', 5)]), cand('b', [pod('b1', 5), pod('b2', 1)])],
      want: ['b'],
    },
    {
      // With 2^31 added to each priority, one victim of -5 beats two of -5 and -10 (plain sums would not).
      name: '3. negative priorities: the offset prefers fewer victims',
      cands: [cand('a', [pod('a1', -5), pod('a2', -10)]), cand('b', [pod('b1', -5)])],
      want: ['b'],
    },
    {
      // Sums equal with the offset: 0 + 2^31 = (0 + 2^31) + (-2^31 + 2^31).
      name: '4. fewest victims',
      cands: [cand('a', [pod('a1', 0), pod('a2', -2147483648)]), cand('b', [pod('b1', 0)])],
      want: ['b'],
    },
    {
      name: '5. latest start of the earliest highest-priority victim',
      cands: [
        cand('a', [started(pod('a1', 10), 100), started(pod('a2', 10), 50)]),
        cand('b', [started(pod('b1', 10), 80), started(pod('b2', 10), 90)]),
      ],
      want: ['b'],
    },
    {
      name: 'a full tie keeps every tied candidate, in order',
      cands: [
        cand('c', [started(pod('c1', 1), 10)]),
        cand('a', [started(pod('a1', 1), 10)]),
        cand('b', [started(pod('b1', 2), 10)]),
      ],
      want: ['c', 'a'],
    },
  ])('$name', ({ cands, want }) => {
    expect(top(cands)).toEqual(want);
  });

  test('earliestStartOfHighestPriority ignores lower-priority victims', () => {
    const pods = [started(pod('x', 10), 300), started(pod('y', 5), 1), started(pod('z', 10), 200)];
    expect(earliestStartOfHighestPriority(pods, startTime)).toBe(200);
  });

  test('lowest-name: a full tie goes to the lowest node name, topNodes lists the tie', () => {
    const { preempt } = frameworkOf({
      nodes: [node('node-2'), node('node-10'), node('node-1')],
      bound: [running('x', 'node-2', 1, '2'), running('y', 'node-10', 1, '2'), running('z', 'node-1', 2, '2')],
    });
    expect(preempt(preemptor('2')).result).toEqual({
      nominatedNode: 'node-10',
      victims: ['default/y'],
      topNodes: ['node-10', 'node-2'],
    });
  });

  test('random tie-break: the pick is one of the tied nodes', () => {
    const { preempt } = frameworkOf({
      nodes: [node('n1'), node('n2'), node('n3')],
      bound: [running('x', 'n1', 1, '2'), running('y', 'n2', 1, '2'), running('z', 'n3', 1, '2')],
      tieBreak: 'random',
    });
    const out = preempt(preemptor('2'), { minCandidateNodesPercentage: 100, minCandidateNodesAbsolute: 0 });
    expect(out.result?.topNodes).toEqual(['n1', 'n2', 'n3']);
    expect(['n1', 'n2', 'n3']).toContain(out.result?.nominatedNode);
  });

  test('random tie-break: the dry run stops once enough candidates are found', () => {
    const { preempt } = frameworkOf({
      nodes: [node('n1'), node('n2'), node('n3')],
      bound: [running('x', 'n1', 1, '2'), running('y', 'n2', 1, '2'), running('z', 'n3', 1, '2')],
      tieBreak: 'random',
    });
    const out = preempt(preemptor('2'), { minCandidateNodesPercentage: 0, minCandidateNodesAbsolute: 1 });
    expect(out.result?.topNodes).toHaveLength(1);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Properties over small random clusters: nodes of 1-4 cpus, running pods of priority 0-3 (some under PDBs),
// a preemptor of priority 0-4.

const worldArb = fc
  .record({
    nodeCpus: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 4 }),
    pods: fc.array(
      fc.record({
        node: fc.nat(),
        priority: fc.integer({ min: 0, max: 3 }),
        milli: fc.integer({ min: 1, max: 8 }).map((n) => n * 250),
        app: fc.constantFrom('web', 'db', undefined),
        start: fc.integer({ min: 0, max: 5 }),
      }),
      { maxLength: 12 },
    ),
    budgets: fc.record({ web: fc.option(fc.nat(2)), db: fc.option(fc.nat(2)) }),
    preemptor: fc.record({ priority: fc.integer({ min: 0, max: 4 }), milli: fc.integer({ min: 1, max: 12 }) }),
  })
  .map(({ nodeCpus, pods, budgets, preemptor: p }) => {
    const nodes = nodeCpus.map((cpu, i) => node(`n${i}`, String(cpu)));
    const bound = pods.map((q, i) =>
      running(`p${i}`, `n${q.node % nodes.length}`, q.priority, `${q.milli}m`, q.app ? { app: q.app } : {}),
    );
    const starts = Object.fromEntries(pods.map((q, i) => [`default/p${i}`, q.start * 1000]));
    const pdbs = Object.entries(budgets).flatMap(([app, allowed]) =>
      allowed === null ? [] : [pdb(app, { matchLabels: { app } }, allowed)],
    );
    const pod = createPodInfo(
      makePod('preemptor')
        .cpu(`${p.milli * 250}m`)
        .priority(p.priority)
        .obj(),
      p.priority,
    );
    return { world: { nodes, bound, starts, pdbs } satisfies World, pod };
  });

/** Whether the evicted pods fit every PDB's budget (pods in `disruptedPods` excepted). */
function withinBudgets(victims: readonly PodInfo[], pdbs: readonly PodDisruptionBudget[]): boolean {
  return pdbs.every((b) => {
    const { matches, disruptionsAllowed, namespace } = preemptionPdb(b);
    const charged = victims.filter((v) => v.namespace === namespace && matches?.(v.pod.metadata.labels) === true);
    return charged.length <= disruptionsAllowed;
  });
}

describe('properties', () => {
  test('a preemptor never evicts a pod of equal or higher priority', () => {
    fc.assert(
      fc.property(worldArb, ({ world, pod }) => {
        const { preempt, snapshot } = frameworkOf(world);
        const byKey = new Map(snapshot.podsOnNode.flat().map((p) => [p.key, p]));
        for (const key of preempt(pod).result?.victims ?? [])
          expect(byKey.get(key)!.priority).toBeLessThan(pod.priority);
      }),
    );
  });

  test('when a candidate without PDB violations exists, no PDB is violated', () => {
    fc.assert(
      fc.property(worldArb, ({ world, pod }) => {
        const { preempt, handle, snapshot } = frameworkOf(world);
        const out = preempt(pod);
        if (out.result === undefined) return;
        const pdbs = handle.cluster.podDisruptionBudgets.map(preemptionPdb);
        const clean = [...Array(snapshot.nodeCount).keys()].some((n) => {
          const state = new CycleState();
          nodeResourcesFitFilter().preFilter(state, pod, handle);
          const { victims } = selectVictimsOnNode(handle, state, pod, n, pdbs);
          return victims !== undefined && victims.pods.length > 0 && victims.numPdbViolations === 0;
        });
        if (!clean) return;
        const byKey = new Map(snapshot.podsOnNode.flat().map((p) => [p.key, p]));
        expect(
          withinBudgets(
            out.result.victims!.map((k) => byKey.get(k)!),
            world.pdbs,
          ),
        ).toBe(true);
      }),
    );
  });

  test('after preemption the preemptor fits on the nominated node, and the dry runs changed nothing', () => {
    fc.assert(
      fc.property(worldArb, ({ world, pod }) => {
        const { preempt, snapshot } = frameworkOf(world);
        const before = fingerprint(snapshot);
        const out = preempt(pod);
        expect(fingerprint(snapshot)).toEqual(before);
        if (out.result === undefined) return;
        const n = snapshot.nodeIndex(out.result.nominatedNode!);
        for (const victim of [...snapshot.podsOnNode[n]!]) {
          if (out.result.victims!.includes(victim.key)) snapshot.removePod(victim, n);
        }
        const fit = nodeResourcesFitFilter();
        const state = new CycleState();
        fit.preFilter(state, pod, { snapshot, cluster: clusterOf({}) });
        expect(fit.filter(state, pod, n, { snapshot, cluster: clusterOf({}) })).toBeNull();
        expect(out.result.topNodes).toContain(out.result.nominatedNode);
      }),
    );
  });
});
