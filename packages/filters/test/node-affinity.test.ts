import {
  isPeapodError,
  type MaybeStatus,
  type NodeAffinity,
  type NodeSelectorRequirement,
  type NodeSelectorTerm,
  type Pod,
  type PreFilterResult,
  type Status,
} from '@peapod/core';
import { handleOf, makeNode, makePod, podInfo, runFilter, snapshotOf } from '@peapod/testing';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  NodeAffinityArgsSchema,
  nodeAffinityFilter,
  ReasonNodeAffinityConflict,
  ReasonNodeAffinityEnforced,
  ReasonNodeAffinityMismatch,
} from '../src/index.js';

const unresolvable = (reason: string): Status => ({ code: 'UnschedulableAndUnresolvable', reasons: [reason] });
const MISMATCH = unresolvable(ReasonNodeAffinityMismatch);
const ENFORCED = unresolvable(ReasonNodeAffinityEnforced);
const CONFLICT = unresolvable(ReasonNodeAffinityConflict);

const expr = (key: string, operator: NodeSelectorRequirement['operator'], values?: string[]) => ({
  key,
  operator,
  ...(values ? { values } : {}),
});
const nameIn = (...values: string[]) => expr('metadata.name', 'In', values);
const required = (...nodeSelectorTerms: NodeSelectorTerm[]): NodeAffinity => ({
  requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms },
});
const podRequiring = (...terms: NodeSelectorTerm[]) => makePod('p').affinity({ nodeAffinity: required(...terms) });

interface Case {
  name: string;
  pod: Pod;
  labels?: Record<string, string>;
  /** The node's name; `node1` unless given. */
  nodeName?: string;
  addedAffinity?: NodeAffinity;
  want: Status | null;
  /** What PreFilter returns: null, a Status, or the node names of its PreFilterResult. */
  wantPreFilter?: MaybeStatus | string[];
}

// Cases follow upstream node_affinity_test.go TestNodeAffinity (v1.26).
const cases: Case[] = [
  { name: 'no selector', pod: makePod('p').obj(), want: null },
  { name: 'missing labels', pod: makePod('p').nodeSelector({ foo: 'bar' }).obj(), want: MISMATCH },
  {
    name: 'same labels',
    pod: makePod('p').nodeSelector({ foo: 'bar' }).obj(),
    labels: { foo: 'bar' },
    want: null,
  },
  {
    name: 'node labels are superset',
    pod: makePod('p').nodeSelector({ foo: 'bar' }).obj(),
    labels: { foo: 'bar', baz: 'blah' },
    want: null,
  },
  {
    name: 'node labels are subset',
    pod: makePod('p').nodeSelector({ foo: 'bar', baz: 'blah' }).obj(),
    labels: { foo: 'bar' },
    want: MISMATCH,
  },
  {
    name: 'an empty nodeSelector map selects every node',
    pod: makePod('p').nodeSelector({}).obj(),
    want: null,
  },
  {
    name: 'matchExpressions using In that matches the node',
    pod: podRequiring({ matchExpressions: [expr('foo', 'In', ['bar', 'value2'])] }).obj(),
    labels: { foo: 'bar' },
    want: null,
  },
  {
    name: 'matchExpressions using Gt that matches the node',
    pod: podRequiring({ matchExpressions: [expr('kernel-version', 'Gt', ['0204'])] }).obj(),
    labels: { 'kernel-version': '0206' },
    want: null,
  },
  {
    name: 'matchExpressions using NotIn that matches the node',
    pod: podRequiring({ matchExpressions: [expr('mem-type', 'NotIn', ['DDR', 'DDR2'])] }).obj(),
    labels: { 'mem-type': 'DDR3' },
    want: null,
  },
  {
    name: 'matchExpressions using Exists that matches the node',
    pod: podRequiring({ matchExpressions: [expr('GPU', 'Exists')] }).obj(),
    labels: { GPU: 'NVIDIA-GRID-K1' },
    want: null,
  },
  {
    name: 'affinity that does not match the node’s labels',
    pod: podRequiring({ matchExpressions: [expr('foo', 'In', ['value1', 'value2'])] }).obj(),
    labels: { foo: 'bar' },
    want: MISMATCH,
  },
  {
    name: 'a nil []NodeSelectorTerm matches no node',
    pod: podRequiring().obj(),
    labels: { foo: 'bar' },
    want: MISMATCH,
  },
  {
    name: 'an empty NodeSelectorTerm matches no node',
    pod: podRequiring({}).obj(),
    labels: { foo: 'bar' },
    want: MISMATCH,
  },
  {
    name: 'empty matchExpressions match no node',
    pod: podRequiring({ matchExpressions: [] }).obj(),
    labels: { foo: 'bar' },
    want: MISMATCH,
  },
  {
    name: 'affinity without a required node selector selects every node',
    pod: makePod('p').affinity({ nodeAffinity: {} }).obj(),
    labels: { foo: 'bar' },
    want: null,
  },
  {
    name: 'multiple matchExpressions ANDed that match the node',
    pod: podRequiring({ matchExpressions: [expr('GPU', 'Exists'), expr('GPU', 'NotIn', ['AMD', 'INTER'])] }).obj(),
    labels: { GPU: 'NVIDIA-GRID-K1' },
    want: null,
  },
  {
    name: 'multiple matchExpressions ANDed that do not match the node',
    pod: podRequiring({ matchExpressions: [expr('GPU', 'Exists'), expr('GPU', 'In', ['AMD', 'INTER'])] }).obj(),
    labels: { GPU: 'NVIDIA-GRID-K1' },
    want: MISMATCH,
  },
  {
    name: 'multiple NodeSelectorTerms ORed, one matches',
    pod: podRequiring(
      { matchExpressions: [expr('foo', 'In', ['bar', 'value2'])] },
      { matchExpressions: [expr('diffkey', 'In', ['wrong', 'value2'])] },
    ).obj(),
    labels: { foo: 'bar' },
    want: null,
  },
  {
    name: 'affinity and nodeSelector both satisfied',
    pod: podRequiring({ matchExpressions: [expr('foo', 'Exists')] })
      .nodeSelector({ foo: 'bar' })
      .obj(),
    labels: { foo: 'bar' },
    want: null,
  },
  {
    name: 'affinity matches but nodeSelector does not',
    pod: podRequiring({ matchExpressions: [expr('foo', 'Exists')] })
      .nodeSelector({ foo: 'bar' })
      .obj(),
    labels: { foo: 'barrrrrr' },
    want: MISMATCH,
  },
  {
    name: 'an invalid value in a term matches no node (no error)',
    pod: podRequiring({ matchExpressions: [expr('foo', 'NotIn', ['invalid value: ___@#$%^'])] }).obj(),
    labels: { foo: 'bar' },
    want: MISMATCH,
  },
  {
    name: 'an invalid term is dropped, the other terms still apply',
    pod: podRequiring(
      { matchExpressions: [expr('foo', 'Gt', ['not-a-number'])] },
      { matchExpressions: [expr('foo', 'In', ['bar'])] },
    ).obj(),
    labels: { foo: 'bar' },
    want: null,
  },
  {
    name: 'matchFields In that matches the node',
    pod: podRequiring({ matchFields: [nameIn('node1')] }).obj(),
    want: null,
    wantPreFilter: ['node1'],
  },
  {
    name: 'matchFields In that does not match the node',
    pod: podRequiring({ matchFields: [nameIn('node1')] }).obj(),
    nodeName: 'node2',
    want: MISMATCH,
    wantPreFilter: ['node1'],
  },
  {
    name: 'matchFields NotIn does not narrow',
    pod: podRequiring({ matchFields: [expr('metadata.name', 'NotIn', ['node1'])] }).obj(),
    nodeName: 'node2',
    want: null,
    wantPreFilter: null,
  },
  {
    name: 'two terms: matchFields does not match, but matchExpressions matches',
    pod: podRequiring({ matchFields: [nameIn('node1')] }, { matchExpressions: [expr('foo', 'In', ['bar'])] }).obj(),
    nodeName: 'node2',
    labels: { foo: 'bar' },
    want: null,
    wantPreFilter: null,
  },
  {
    name: 'one term: matchFields does not match, but matchExpressions matches',
    pod: podRequiring({ matchFields: [nameIn('node1')], matchExpressions: [expr('foo', 'In', ['bar'])] }).obj(),
    nodeName: 'node2',
    labels: { foo: 'bar' },
    want: MISMATCH,
    wantPreFilter: ['node1'],
  },
  {
    name: 'one term: both matchFields and matchExpressions match',
    pod: podRequiring({ matchFields: [nameIn('node1')], matchExpressions: [expr('foo', 'In', ['bar'])] }).obj(),
    labels: { foo: 'bar' },
    want: null,
    wantPreFilter: ['node1'],
  },
  {
    name: 'two terms: neither matchFields nor matchExpressions match',
    pod: podRequiring(
      { matchFields: [nameIn('node1')] },
      { matchExpressions: [expr('foo', 'In', ['not-match-to-bar'])] },
    ).obj(),
    nodeName: 'node2',
    labels: { foo: 'bar' },
    want: MISMATCH,
    wantPreFilter: null,
  },
  {
    name: 'two terms of metadata.name affinity are united',
    pod: podRequiring({ matchFields: [nameIn('node1')] }, { matchFields: [nameIn('node2')] }).obj(),
    nodeName: 'node2',
    want: null,
    wantPreFilter: ['node1', 'node2'],
  },
  {
    name: 'metadata.name requirements of one term are intersected',
    pod: podRequiring({ matchFields: [nameIn('node1', 'node2', 'node3'), nameIn('node2', 'node3', 'node4')] }).obj(),
    nodeName: 'node2',
    want: MISMATCH, // a matchFields requirement has exactly one value; the others make the term invalid
    wantPreFilter: ['node2', 'node3'],
  },
  {
    name: 'two conflicting metadata.name requirements in one term',
    pod: podRequiring({ matchFields: [nameIn('node1'), nameIn('node2')] }).obj(),
    wantPreFilter: CONFLICT,
    want: MISMATCH,
  },
  {
    name: 'v1.26: a conflicting term rejects in PreFilter even when a later term could match (fixed in v1.27)',
    pod: podRequiring({ matchFields: [nameIn('node1'), nameIn('node2')] }, { matchFields: [nameIn('node2')] }).obj(),
    nodeName: 'node2',
    wantPreFilter: CONFLICT,
    want: null,
  },
  {
    name: 'v1.26: a term without metadata.name before a conflicting one leaves the node set alone',
    pod: podRequiring(
      { matchExpressions: [expr('foo', 'Exists')] },
      { matchFields: [nameIn('node1'), nameIn('node2')] },
    ).obj(),
    labels: { foo: 'bar' },
    wantPreFilter: null,
    want: null,
  },
  {
    name: 'matches added affinity and the pod’s node affinity',
    pod: podRequiring({ matchExpressions: [expr('zone', 'In', ['foo'])] }).obj(),
    labels: { zone: 'foo' },
    addedAffinity: required({ matchExpressions: [expr('zone', 'In', ['foo'])] }),
    want: null,
  },
  {
    name: 'matches added affinity but not the pod’s node affinity',
    pod: podRequiring({ matchExpressions: [expr('zone', 'In', ['bar'])] }).obj(),
    labels: { zone: 'foo' },
    addedAffinity: required({ matchExpressions: [expr('zone', 'In', ['foo'])] }),
    want: MISMATCH,
  },
  {
    name: 'does not match added affinity',
    pod: makePod('p').obj(),
    labels: { zone: 'foo' },
    addedAffinity: required({ matchExpressions: [expr('zone', 'In', ['bar'])] }),
    want: ENFORCED,
  },
  {
    name: 'added affinity is checked before the pod’s own',
    pod: makePod('p').nodeSelector({ zone: 'baz' }).obj(),
    labels: { zone: 'foo' },
    addedAffinity: required({ matchExpressions: [expr('zone', 'In', ['bar'])] }),
    want: ENFORCED,
  },
  {
    name: 'added affinity with matchFields does not narrow PreFilter',
    pod: makePod('p').obj(),
    addedAffinity: required({ matchFields: [nameIn('node1')] }),
    want: null,
    wantPreFilter: null,
  },
  {
    name: 'added preferred terms do not filter',
    pod: makePod('p').obj(),
    addedAffinity: {
      preferredDuringSchedulingIgnoredDuringExecution: [
        { weight: 1, preference: { matchExpressions: [expr('zone', 'In', ['bar'])] } },
      ],
    },
    want: null,
  },
];

function preFilterView(r: MaybeStatus | PreFilterResult): MaybeStatus | string[] {
  return r !== null && 'nodeNames' in r ? [...r.nodeNames].sort() : r;
}

describe('NodeAffinity filter', () => {
  test.each(cases)('$name', ({ pod, labels = {}, nodeName = 'node1', addedAffinity, want, wantPreFilter = null }) => {
    const plugin = nodeAffinityFilter({ addedAffinity });
    const snapshot = snapshotOf([makeNode(nodeName).labels(labels).obj()]);
    const { preFilter, state } = runFilter(plugin, pod, snapshot);
    expect(preFilterView(preFilter)).toEqual(wantPreFilter);
    // Filter is checked even when PreFilter rejects, to pin down what each part does.
    expect(plugin.filter(state, podInfo(pod), 0, handleOf(snapshot))).toEqual(want);
  });

  test('returns the same status object for every failing node', () => {
    const nodes = ['a', 'b'].map((n) => makeNode(n).obj());
    const { statuses } = runFilter(
      nodeAffinityFilter(),
      makePod('p').nodeSelector({ x: 'y' }).obj(),
      snapshotOf(nodes),
    );
    expect(statuses[0]).toEqual(MISMATCH);
    expect(statuses[1]).toBe(statuses[0]);
  });

  test('property: a nodeSelector accepts exactly the nodes carrying every one of its labels', () => {
    const labels = fc.dictionary(fc.constantFrom('a', 'b', 'c'), fc.constantFrom('1', '2'));
    fc.assert(
      fc.property(labels, fc.array(labels, { minLength: 1, maxLength: 5 }), (selector, nodeLabels) => {
        const nodes = nodeLabels.map((l, i) => makeNode(`n${i}`).labels(l).obj());
        const { statuses } = runFilter(
          nodeAffinityFilter(),
          makePod('p').nodeSelector(selector).obj(),
          snapshotOf(nodes),
        );
        statuses.forEach((s, i) => {
          const fits = Object.entries(selector).every(([k, v]) => nodeLabels[i]![k] === v);
          expect(s).toEqual(fits ? null : MISMATCH);
        });
      }),
    );
  });

  test('property: PreFilter narrowing never drops a node that Filter accepts (unless v1.26 reports a conflict)', () => {
    const names = ['n0', 'n1', 'n2', 'n3'];
    const fieldReq = fc.record({
      key: fc.constant('metadata.name'),
      operator: fc.constantFrom('In' as const, 'NotIn' as const),
      values: fc.array(fc.constantFrom(...names), { minLength: 1, maxLength: 1 }),
    });
    const term = fc.record(
      {
        matchFields: fc.array(fieldReq, { maxLength: 2 }),
        matchExpressions: fc.array(fc.constant(expr('zone', 'In', ['z1'])), { maxLength: 1 }),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(
        fc.array(term, { minLength: 1, maxLength: 3 }),
        fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
        (terms, zoned) => {
          const nodes = names.map((n, i) => (zoned[i] ? makeNode(n).label('zone', 'z1') : makeNode(n)).obj());
          const { preFilter, statuses } = runFilter(
            nodeAffinityFilter(),
            podRequiring(...terms).obj(),
            snapshotOf(nodes),
          );
          if (preFilter === null || !('nodeNames' in preFilter)) return;
          statuses.forEach((s, i) => {
            if (s === null) expect(preFilter.nodeNames.has(names[i]!)).toBe(true);
          });
        },
      ),
    );
  });
});

describe('NodeAffinityArgsSchema', () => {
  test('accepts no args and a valid addedAffinity', () => {
    expect(NodeAffinityArgsSchema.parse({})).toEqual({});
    const addedAffinity = required({ matchExpressions: [expr('zone', 'In', ['a'])] });
    expect(NodeAffinityArgsSchema.parse({ addedAffinity })).toEqual({ addedAffinity });
  });

  test('rejects unknown fields', () => {
    expect(NodeAffinityArgsSchema.safeParse({ addedAfinity: {} }).success).toBe(false);
    const r = NodeAffinityArgsSchema.safeParse({
      addedAffinity: { requiredDuringSchedulingRequiredDuringExecution: {} },
    });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['addedAffinity', 'requiredDuringSchedulingRequiredDuringExecution']);
  });

  test('reports parse errors of the required selector and preferred terms with their paths', () => {
    const r = NodeAffinityArgsSchema.safeParse({
      addedAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [{ matchFields: [nameIn('a', 'b')] }],
        },
        preferredDuringSchedulingIgnoredDuringExecution: [
          { weight: 1, preference: { matchExpressions: [expr('zone', 'Gt', ['x'])] } },
        ],
      },
    });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path)).toEqual([
      ['addedAffinity', 'requiredDuringSchedulingIgnoredDuringExecution'],
      ['addedAffinity', 'preferredDuringSchedulingIgnoredDuringExecution', 0],
    ]);
    expect(r.error?.issues[0]?.message).toContain('nodeSelectorTerms[0].matchFields[0].values: must have one element');
  });

  test('the factory refuses invalid args, as upstream New does', () => {
    const addedAffinity = required({ matchExpressions: [expr('zone', 'Lt', ['x'])] });
    expect(() => nodeAffinityFilter({ addedAffinity })).toThrow(/invalid NodeAffinity args/);
    try {
      nodeAffinityFilter({ addedAffinity });
    } catch (e) {
      expect(isPeapodError(e) && e.code).toBe('PEAPOD_CONFIG');
    }
  });
});
