import {
  type ClusterObjects,
  ErrorCodes,
  type PeapodError,
  type PostFilterPlugin,
  type PostFilterResult,
  unschedulable,
} from '@peapod/core';
import { clusterArb, clusterOf, makeNode, makePod } from '@peapod/testing';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  COMPARE_ASPECTS,
  type CompareAspect,
  createScheduler,
  defaultSchedulerConfig,
  type ExpectedDecision,
  ExpectedDecisionSchema,
  formatAttemptDisagreement,
  formatVerifySummary,
  parseDecisionLog,
  type SchedulerConfig,
  scheduleCluster,
  type VerifyOptions,
  type VerifyReport,
  verifyDecisions,
} from '../src/index.js';

const LOWEST = { tieBreak: 'lowest-name', percentageOfNodesToScore: 100 } as const;

const node = (name: string, cpu: string) => makeNode(name).allocatable({ cpu, memory: '8Gi', pods: '110' }).obj();

/** The default configuration with no PostFilter plugin (as peapod is until DefaultPreemption lands). */
function noPostFilter(): SchedulerConfig {
  const config = defaultSchedulerConfig();
  const spec = config.profiles[0]!;
  return { ...config, profiles: [{ ...spec, points: { ...spec.points, postFilter: [] } }] };
}

/** The default configuration with one PostFilter plugin standing in for preemption. */
function withPostFilter(plugin: PostFilterPlugin): SchedulerConfig {
  const config = defaultSchedulerConfig();
  config.registry.register({ name: plugin.name, points: new Set(['postFilter']), create: () => plugin });
  const spec = config.profiles[0]!;
  return { ...config, profiles: [{ ...spec, points: { ...spec.points, postFilter: [{ name: plugin.name }] } }] };
}

const fakePreemption = (result: PostFilterResult | string): PostFilterPlugin => ({
  name: 'FakePreemption',
  postFilter: () => (typeof result === 'string' ? { status: unschedulable(result) } : { result, status: null }),
});

/** A decision log as peapod's own `schedule -o jsonl` writes it, read back through parseDecisionLog. */
function ownLog(objects: ClusterObjects): ExpectedDecision[] {
  const jsonl = scheduleCluster(objects, LOWEST)
    .decisions.map((d) => JSON.stringify(d))
    .join('\n');
  return parseDecisionLog(jsonl, 'own.jsonl');
}

function verify(
  objects: ClusterObjects,
  log: readonly ExpectedDecision[],
  options: VerifyOptions = {},
  config: SchedulerConfig = noPostFilter(),
): VerifyReport {
  return verifyDecisions(createScheduler(LOWEST, config), objects, log, options);
}

/** [seq, fields] of every disagreeing attempt. */
const fieldsOf = (report: VerifyReport) =>
  report.attempts.map((a) => [a.seq, a.disagreements.map((d) => d.field)] as const);

// Three nodes; api-0 and api-1 fit anywhere, big (3 cpu) fits nowhere.
const small = clusterOf({
  nodes: [node('n1', '2'), node('n2', '2'), node('n3', '1')],
  pods: [
    makePod('api-0').req({ cpu: '1', memory: '1Gi' }).obj(),
    makePod('api-1').req({ cpu: '500m', memory: '2Gi' }).obj(),
    makePod('big').req({ cpu: '3' }).obj(),
  ],
});

type Line = ExpectedDecision & Record<string, unknown>;
const edit =
  (seq: number, change: (line: Line) => Line) =>
  (log: ExpectedDecision[]): ExpectedDecision[] =>
    log.map((l) => (l.seq === seq ? change({ ...l }) : l));

describe('verifyDecisions: each kind of disagreement', () => {
  const base = ownLog(small);

  test('peapod agrees with its own log, on every aspect, followed or not', () => {
    expect(base.map((l) => [l.pod, l.scheduled])).toEqual([
      ['default/api-0', true],
      ['default/api-1', true],
      ['default/big', false],
    ]);
    for (const follow of [false, true]) {
      const report = verify(small, base, { follow });
      expect(report.summary).toEqual({ attempts: 3, agreed: 3, disagreed: 0, byField: {} });
      expect(report.compare).toEqual(COMPARE_ASPECTS);
      expect(report.unattempted).toEqual([]);
    }
  });

  test.each<{
    name: string;
    change: (log: ExpectedDecision[]) => ExpectedDecision[];
    compare?: CompareAspect[];
    want: unknown;
  }>([
    {
      name: 'feasibility (the failure-side and success-side aspects are not repeated)',
      change: edit(2, (l) => ({ ...l, scheduled: true, node: 'n1', topNodes: ['n1'], topScore: 0 })),
      want: [[2, ['feasibility']]],
    },
    {
      name: 'without feasibility compared, a one-sided message still disagrees',
      change: edit(2, (l) => ({ ...l, scheduled: true, node: 'n1', message: undefined })),
      compare: ['message'],
      want: [[2, ['message']]],
    },
    {
      name: 'message',
      change: edit(2, (l) => ({ ...l, message: '0/3 nodes are available: 2 Insufficient cpu.' })),
      compare: ['message'],
      want: [[2, ['message']]],
    },
    {
      name: 'reasonCounts',
      change: edit(2, (l) => ({ ...l, reasonCounts: { 'Insufficient cpu': 2 } })),
      want: [[2, ['reasonCounts']]],
    },
    {
      name: 'unschedulablePlugins',
      change: edit(2, (l) => ({ ...l, unschedulablePlugins: ['NodeAffinity', 'NodeResourcesFit'] })),
      want: [[2, ['unschedulablePlugins']]],
    },
    { name: 'evaluatedNodes', change: edit(0, (l) => ({ ...l, evaluatedNodes: 2 })), want: [[0, ['evaluatedNodes']]] },
    { name: 'feasibleNodes', change: edit(0, (l) => ({ ...l, feasibleNodes: 1 })), want: [[0, ['feasibleNodes']]] },
    { name: 'node', change: edit(0, (l) => ({ ...l, node: 'n3' })), want: [[0, ['node']]] },
    { name: 'topNodes', change: edit(0, (l) => ({ ...l, topNodes: ['n3'] })), want: [[0, ['topNodes']]] },
    { name: 'topScore', change: edit(0, (l) => ({ ...l, topScore: 1 })), want: [[0, ['topScore']]] },
    {
      name: 'scores: a plugin missing on our side',
      change: edit(0, (l) => ({ ...l, pluginScores: { ...l.scores, NodeVolumeLimits: 0 } })),
      want: [[0, ['scores']]],
    },
    {
      name: 'preemption',
      change: edit(2, (l) => ({ ...l, nominatedNode: 'n1', victims: ['default/x'] })),
      compare: ['preemption'],
      want: [[2, ['preemption']]],
    },
    {
      name: 'order: the log takes api-1 before api-0',
      change: (log) => [log[1]!, log[0]!, log[2]!],
      compare: ['order'],
      want: [[1, ['order']]],
    },
    {
      name: 'pod: a pod that is not in the cluster',
      change: (log) => [...log, { ...log[2]!, seq: 3, pod: 'default/ghost' }],
      want: [[3, ['pod']]],
    },
    {
      name: 'pod: a pod that is already bound',
      change: (log) => [...log, { ...log[0]!, seq: 3, attempt: 2 }],
      want: [[3, ['pod']]],
    },
  ])('$name', ({ change, compare, want }) => {
    const report = verify(small, change(base), compare ? { compare } : {});
    expect(fieldsOf(report)).toEqual(want);
    expect(report.summary.disagreed).toBe(report.attempts.length);
  });

  test('disagreements carry both values and peapod decision', () => {
    const report = verify(small, edit(2, (l) => ({ ...l, reasonCounts: { 'Insufficient cpu': 2 } }))(base));
    const [attempt] = report.attempts;
    expect(attempt).toMatchObject({
      seq: 2,
      pod: 'default/big',
      attempt: 1,
      disagreements: [
        { field: 'reasonCounts', expected: { 'Insufficient cpu': 2 }, actual: { 'Insufficient cpu': 3 } },
      ],
      decision: { pod: 'default/big', scheduled: false, message: '0/3 nodes are available: 3 Insufficient cpu.' },
    });
    expect(formatAttemptDisagreement(attempt!)).toBe(
      'seq 2 default/big attempt 1: reasonCounts: expected {"Insufficient cpu":2} got {"Insufficient cpu":3}',
    );
    expect(formatVerifySummary(report.summary)).toBe('verify: 3 attempts, 2 agree, 1 disagree (reasonCounts 1)');
  });

  test('a pod the log names that is not pending has no decision; a pending pod it never names is listed', () => {
    const report = verify(small, [{ ...base[0]!, pod: 'default/ghost' }, base[1]!]);
    expect(report.attempts[0]).toMatchObject({
      disagreements: [{ field: 'pod', expected: 'pending', actual: 'not a pending pod of the cluster' }],
    });
    expect(report.attempts[0]!.decision).toBeUndefined();
    expect(report.unattempted).toEqual(['default/api-0', 'default/big']);
  });
});

describe('failure messages and preemption', () => {
  const cluster = clusterOf({
    nodes: [node('n1', '2')],
    pods: [
      makePod('low').priority(0).req({ cpu: '2' }).node('n1').obj(),
      makePod('p').priority(100).req({ cpu: '2' }).obj(),
    ],
  });
  const failed = {
    seq: 0,
    index: 0,
    pod: 'default/p',
    attempt: 1,
    scheduled: false,
    evaluatedNodes: 1,
    reason: 'Unschedulable',
    message: '0/1 nodes are available: 1 Insufficient cpu.',
    reasonCounts: { 'Insufficient cpu': 1 },
    unschedulablePlugins: ['NodeResourcesFit'],
  } satisfies ExpectedDecision;
  const preempted: ExpectedDecision[] = [
    { ...failed, nominatedNode: 'n1', victims: ['default/low'], preemptionTopNodes: ['n1'] },
    {
      ...{ seq: 1, index: 0, pod: 'default/p', attempt: 2, scheduled: true, node: 'n1' },
      ...{ evaluatedNodes: 1, feasibleNodes: 1, allFeasibleNodes: 1, topNodes: ['n1'], topScore: 0 },
    },
  ];
  const notHelpful = ' preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod..';

  test('without a PostFilter in peapod, only the part before " preemption:" is compared', () => {
    const log = [{ ...failed, message: `${failed.message}${notHelpful}` }];
    expect(verify(cluster, log).summary.disagreed).toBe(0);
  });

  test('with a PostFilter in peapod, the whole message is compared', () => {
    const config = withPostFilter(fakePreemption('preemption: custom.'));
    const full = `${failed.message}${notHelpful}`;
    const report = verify(cluster, [{ ...failed, message: full }], { compare: ['message'] }, config);
    expect(report.attempts[0]!.disagreements).toEqual([
      { field: 'message', expected: full, actual: expect.stringContaining(`${failed.message} preemption: custom`) },
    ]);
    const own = report.attempts[0]!.decision!.message!;
    expect(verify(cluster, [{ ...failed, message: own }], {}, config).summary.disagreed).toBe(0);
  });

  test('follow: the log evicts the victims and nominates the pod; the retry takes the nominated node', () => {
    const report = verify(cluster, preempted, { follow: true });
    // peapod has no preemption here: only the nomination itself differs.
    expect(fieldsOf(report)).toEqual([[0, ['preemption']]]);
    expect(report.attempts[0]!.disagreements[0]).toEqual({
      field: 'preemption',
      expected: { nominatedNode: 'n1', victims: ['default/low'] },
      actual: { nominatedNode: null, victims: [] },
    });
  });

  test('without follow, the retry is judged on peapod state: still no room', () => {
    const report = verify(cluster, preempted, { compare: ['feasibility', 'evaluatedNodes'] });
    expect(fieldsOf(report)).toEqual([[1, ['feasibility']]]);
  });

  test('without follow, peapod own preemption is applied', () => {
    const config = withPostFilter(fakePreemption({ nominatedNode: 'n1', victims: ['default/low'] }));
    const report = verify(cluster, preempted, {}, config);
    expect(report.summary).toMatchObject({ agreed: 2, disagreed: 0 });
  });

  test('follow: a victim that is not running and an unknown node are state disagreements', () => {
    const log: ExpectedDecision[] = [
      { ...preempted[0]!, victims: ['default/nobody'], nominatedNode: 'n9' },
      { ...preempted[1]!, node: 'n9' },
    ];
    const report = verify(cluster, log, { follow: true, compare: [] });
    expect(report.attempts.map((a) => a.disagreements)).toEqual([
      [
        { field: 'state', expected: 'delete victim default/nobody', actual: 'no such running pod' },
        { field: 'state', expected: 'nominate to n9', actual: 'no node n9 in the cluster' },
      ],
      [{ field: 'state', expected: 'bind to n9', actual: 'no node n9 in the cluster' }],
    ]);
    expect(report.summary.byField).toEqual({ state: 2 });
  });
});

describe('follow vs not', () => {
  // Two equal nodes, two pods that each fill one. peapod puts a on n1 (lowest name); the log put it on n2.
  const cluster = clusterOf({
    nodes: [node('n1', '2'), node('n2', '2')],
    pods: [makePod('a').req({ cpu: '2' }).obj(), makePod('b').req({ cpu: '2' }).obj()],
  });
  const log: ExpectedDecision[] = [
    ...[{ seq: 0, index: 0, pod: 'default/a', attempt: 1, scheduled: true, node: 'n2' }],
    ...[{ seq: 1, index: 1, pod: 'default/b', attempt: 1, scheduled: true, node: 'n1' }],
  ];
  const compare: CompareAspect[] = ['feasibility', 'node'];

  test('follow: a is bound where the log says, so b agrees', () => {
    expect(fieldsOf(verify(cluster, log, { follow: true, compare }))).toEqual([[0, ['node']]]);
  });

  test('not following: a stays on n1 and the difference carries over to b', () => {
    expect(fieldsOf(verify(cluster, log, { compare }))).toEqual([
      [0, ['node']],
      [1, ['node']],
    ]);
  });
});

describe('parseDecisionLog', () => {
  const ok = '{"seq":0,"index":0,"pod":"default/a","attempt":1,"scheduled":false}';

  test('reads lines, skips blank ones, keeps unknown fields', () => {
    const log = parseDecisionLog(
      `${ok}\n\n{"seq":1,"index":1,"pod":"default/b","attempt":1,"scheduled":true,"node":"n1","extra":1}\n`,
      'd.jsonl',
    );
    expect(log.map((l) => l.pod)).toEqual(['default/a', 'default/b']);
    expect(log[1]).toMatchObject({ node: 'n1', extra: 1 });
  });

  test('bad JSON on line 3: the error names the file and line 3', () => {
    const text = `${ok}\n${ok}\n{"seq":2,\n`;
    expect(() => parseDecisionLog(text, 'decisions.jsonl')).toThrow(
      expect.objectContaining({
        code: ErrorCodes.InputSyntax,
        message: expect.stringMatching(/^decisions\.jsonl: line 3: invalid JSON: /),
      }),
    );
  });

  test.each([
    {
      name: 'missing field',
      line: '{"seq":0,"index":0,"attempt":1,"scheduled":true,"node":"n"}',
      want: 'line 2: pod: ',
    },
    {
      name: 'bad pod key',
      line: '{"seq":0,"index":0,"pod":"a","attempt":1,"scheduled":false}',
      want: 'line 2: pod: expected "namespace/name"',
    },
    {
      name: 'scheduled without node',
      line: '{"seq":0,"index":0,"pod":"d/a","attempt":1,"scheduled":true}',
      want: 'line 2: node: node is required when scheduled is true',
    },
    { name: 'not an object', line: '[1]', want: 'line 2: ' },
  ])('invalid line: $name', ({ line, want }) => {
    let error: PeapodError | undefined;
    try {
      parseDecisionLog(`${ok}\n${line}`, 'd.jsonl');
    } catch (e) {
      error = e as PeapodError;
    }
    expect(error?.code).toBe(ErrorCodes.InputInvalid);
    expect(error?.message.startsWith(`d.jsonl: ${want}`)).toBe(true);
  });

  test('several problems are listed together', () => {
    expect(() => parseDecisionLog('nope\n{}\n', 'd.jsonl')).toThrow(
      /^\d+ problems in d\.jsonl:\n {2}d\.jsonl: line 1: invalid JSON/,
    );
  });

  test('the schema accepts a corpus line with every field', () => {
    const line = {
      ...{ seq: 5, index: 4, pod: 'ns/p', attempt: 1, scheduled: false, evaluatedNodes: 3, reason: 'Unschedulable' },
      ...{ message: 'm', reasonCounts: { r: 3 }, unschedulablePlugins: ['X'], nominatedNode: 'n1' },
      ...{ victims: ['ns/v'], preemptionTopNodes: ['n1'], allFeasibleNodes: 0 },
    };
    expect(ExpectedDecisionSchema.parse(line)).toEqual(line);
  });
});

describe('property: peapod agrees with its own schedule output', () => {
  test('random clusters and seeds, followed or not', () => {
    fc.assert(
      fc.property(clusterArb, fc.integer({ min: 0, max: 1000 }), fc.boolean(), (objects, seed, follow) => {
        const options = { seed, percentageOfNodesToScore: 100 };
        const jsonl = scheduleCluster(objects, options).decisions.map((d) => JSON.stringify(d));
        const log = parseDecisionLog(jsonl.join('\n'), 'own.jsonl');
        const report = verifyDecisions(createScheduler(options), objects, log, { follow });
        expect(report.attempts.map(formatAttemptDisagreement)).toEqual([]);
        expect(report.unattempted).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });
});

test('an unknown aspect is a usage error', () => {
  const compare = ['message', 'colour'] as unknown as CompareAspect[];
  expect(() => verify(small, [], { compare })).toThrow(
    expect.objectContaining({ code: ErrorCodes.Usage, message: 'unknown aspect "colour" to compare' }),
  );
});
