import {
  CycleState,
  type Node,
  type NodeAffinity,
  type NodeSelectorRequirement,
  type Pod,
  type PreferredSchedulingTerm,
} from '@peapod/core';
import { handleOf, makeNode, makePod, podInfo, runScore, snapshotOf } from '@peapod/testing';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { compilePreferredTerms, type NodeAffinityScoreArgs, nodeAffinityScore } from '../src/index.js';

const term = (weight: number, ...matchExpressions: NodeSelectorRequirement[]): PreferredSchedulingTerm => ({
  weight,
  preference: { matchExpressions },
});
const inValues = (key: string, ...values: string[]): NodeSelectorRequirement => ({ key, operator: 'In', values });
const preferring = (...terms: PreferredSchedulingTerm[]): Pod =>
  makePod('p')
    .affinity({ nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: terms } })
    .obj();

const label1 = { foo: 'bar' };
const label2 = { key: 'value' };
const label3 = { az: 'az1' };
const label4 = { abc: 'az11', def: 'az22' };
const label5 = { foo: 'bar', key: 'value', az: 'az1' };

// Terms and labels from upstream node_affinity_test.go (TestNodeAffinityPriority).
const affinity1 = [term(2, inValues('foo', 'bar'))];
const affinity2 = [
  term(2, inValues('foo', 'bar')),
  term(4, inValues('key', 'value')),
  term(5, inValues('foo', 'bar'), inValues('key', 'value'), inValues('az', 'az1')),
];

interface Case {
  name: string;
  pod: Pod;
  nodes: Node[];
  args?: NodeAffinityScoreArgs;
  want: number[];
}

const cases: Case[] = [
  {
    name: 'no node matches the preferred terms: every node 0',
    pod: preferring(...affinity1),
    nodes: [
      makeNode('m1').labels(label4).obj(),
      makeNode('m2').labels(label2).obj(),
      makeNode('m3').labels(label3).obj(),
    ],
    want: [0, 0, 0],
  },
  {
    name: 'only m1 matches the preferred terms',
    pod: preferring(...affinity1),
    nodes: [
      makeNode('m1').labels(label1).obj(),
      makeNode('m2').labels(label2).obj(),
      makeNode('m3').labels(label3).obj(),
    ],
    want: [100, 0, 0],
  },
  {
    // m1: 2, m5: 2+4+5 = 11, m2: 4 -> 100*2/11 = 18, 100, 100*4/11 = 36
    name: 'every node matches some terms, with different weights',
    pod: preferring(...affinity2),
    nodes: [
      makeNode('m1').labels(label1).obj(),
      makeNode('m5').labels(label5).obj(),
      makeNode('m2').labels(label2).obj(),
    ],
    want: [18, 100, 36],
  },
  {
    name: 'addedAffinity scores a pod without preferences',
    pod: makePod('p').obj(),
    args: { addedAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [term(5, inValues('foo', 'bar'))] } },
    nodes: [makeNode('m1').labels(label1).obj(), makeNode('m2').labels(label2).obj()],
    want: [100, 0],
  },
  {
    // m1: added 3 (foo) + pod 2 (foo) = 5; m2: pod 4 (key) = 4; m5: 3 + 11 = 14
    name: "addedAffinity's terms add to the pod's",
    pod: preferring(...affinity2),
    args: { addedAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [term(3, inValues('foo', 'bar'))] } },
    nodes: [
      makeNode('m1').labels(label1).obj(),
      makeNode('m2').labels(label2).obj(),
      makeNode('m5').labels(label5).obj(),
    ],
    want: [35, 28, 100],
  },
  {
    name: 'an empty preference is dropped, not matched by every node',
    pod: preferring({ weight: 7, preference: {} }, ...affinity1),
    nodes: [makeNode('m1').labels(label1).obj(), makeNode('m2').labels(label2).obj()],
    want: [100, 0],
  },
  {
    name: 'matchFields on metadata.name select a node by name',
    pod: preferring({
      weight: 1,
      preference: { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['m2'] }] },
    }),
    nodes: [makeNode('m1').obj(), makeNode('m2').obj()],
    want: [0, 100],
  },
];

describe('NodeAffinity score', () => {
  test.each(cases)('$name', ({ pod, nodes, args, want }) => {
    expect(runScore(nodeAffinityScore(args), pod, snapshotOf(nodes)).scores).toEqual(want);
  });

  test('a pod without preferred terms (and no addedAffinity) is skipped: v1.26 scores it 0 everywhere', () => {
    const nodes = [makeNode('m1').labels(label1).obj()];
    for (const pod of [makePod('p').obj(), preferring(), makePod('p').nodeAffinityIn('foo', ['bar']).obj()]) {
      expect(runScore(nodeAffinityScore(), pod, snapshotOf(nodes)).preScore).toMatchObject({ code: 'Skip' });
    }
  });

  test("a preferred term that does not parse fails PreScore with an Error, as upstream's NewPreferredSchedulingTerms", () => {
    const pod = preferring(term(1, { key: 'n', operator: 'Gt', values: ['not-a-number'] }));
    const { preScore } = runScore(nodeAffinityScore(), pod, snapshotOf([makeNode('m1').obj()]));
    expect(preScore).toMatchObject({ code: 'Error' });
    expect(preScore?.reasons[0]).toContain('preference.matchExpressions[0]');
  });

  test('an invalid addedAffinity preferred term is a configuration error', () => {
    const addedAffinity: NodeAffinity = {
      preferredDuringSchedulingIgnoredDuringExecution: [term(1, { key: 'k', operator: 'In', values: [] })],
    };
    expect(() => nodeAffinityScore({ addedAffinity })).toThrow(/addedAffinity\.preferredDuringScheduling/);
  });

  test('weight-0 and empty terms are dropped before parsing, so they cannot fail', () => {
    const bad = { key: 'k', operator: 'In' as const, values: [] };
    expect(compilePreferredTerms([{ weight: 0, preference: { matchExpressions: [bad] } }]).terms?.matchers).toEqual([]);
    expect(compilePreferredTerms([term(1, bad)]).problems).toHaveLength(1);
  });

  test('property: normalised scores lie in [0, 100] and a node matching every term gets 100', () => {
    const keys = ['a', 'b', 'c'];
    const termArb = fc.record({
      weight: fc.integer({ min: 1, max: 100 }),
      key: fc.constantFrom(...keys),
      value: fc.constantFrom('x', 'y'),
    });
    const labelsArb = fc.dictionary(fc.constantFrom(...keys), fc.constantFrom('x', 'y'));
    fc.assert(
      fc.property(
        fc.array(termArb, { minLength: 1, maxLength: 5 }),
        fc.array(labelsArb, { maxLength: 6 }),
        (ts, ls) => {
          const pod = preferring(...ts.map((t) => term(t.weight, inValues(t.key, t.value))));
          const all = Object.fromEntries(ts.map((t) => [t.key, t.value]));
          // A node with every term's label matches every term unless two terms want different values of one key.
          const consistent = ts.every((t) => all[t.key] === t.value);
          const nodes = [...ls, all].map((labels, i) => makeNode(`n${i}`).labels(labels).obj());
          const { scores } = runScore(nodeAffinityScore(), pod, snapshotOf(nodes));
          for (const s of scores) {
            expect(s).toBeGreaterThanOrEqual(0);
            expect(s).toBeLessThanOrEqual(100);
          }
          if (consistent) expect(scores.at(-1)).toBe(100);
        },
      ),
    );
  });

  test('PreScore state is per cycle: a second pod does not see the first one’s terms', () => {
    const plugin = nodeAffinityScore();
    const snapshot = snapshotOf([makeNode('m1').labels(label1).obj()]);
    const handle = handleOf(snapshot);
    const s1 = new CycleState();
    const s2 = new CycleState();
    plugin.preScore(s1, podInfo(preferring(...affinity1)), Int32Array.of(0), handle);
    plugin.preScore(s2, podInfo(preferring(term(9, inValues('foo', 'bar')))), Int32Array.of(0), handle);
    expect(plugin.score(s1, podInfo(makePod('x').obj()), 0, handle)).toBe(2);
    expect(plugin.score(s2, podInfo(makePod('x').obj()), 0, handle)).toBe(9);
  });
});
