import { describe, expect, test } from 'vitest';
import type { NodeSelector, NodeSelectorRequirement, NodeSelectorTerm } from '../src/model/meta.js';
import {
  compileNodeSelector,
  compileNodeSelectorTerm,
  matchesNodeSelectorMap,
  type NodeSelectorTarget,
  nodeSelectorProblems,
  nodeSelectorTermProblems,
} from '../src/node-selector.js';

const node: NodeSelectorTarget = {
  name: 'node-a',
  labels: { zone: 'z1', gpu: 'true', cores: '16', version: 'v1.2', big: '99999999999999999999' },
};

const expr = (key: string, operator: NodeSelectorRequirement['operator'], values?: string[]) => ({
  key,
  operator,
  ...(values === undefined ? {} : { values }),
});
const one = (...matchExpressions: NodeSelectorRequirement[]): NodeSelector => ({
  nodeSelectorTerms: [{ matchExpressions }],
});
const nameIs = (operator: 'In' | 'NotIn', values: string[], key = 'metadata.name'): NodeSelectorTerm => ({
  matchFields: [{ key, operator, values }],
});

describe('compileNodeSelector (required node affinity)', () => {
  test.each<{ name: string; selector: NodeSelector; target?: NodeSelectorTarget; want: boolean }>([
    { name: 'no terms matches nothing', selector: { nodeSelectorTerms: [] }, want: false },
    { name: 'an empty term matches nothing', selector: { nodeSelectorTerms: [{}] }, want: false },
    {
      name: 'a term with empty lists matches nothing',
      selector: { nodeSelectorTerms: [{ matchExpressions: [], matchFields: [] }] },
      want: false,
    },
    {
      name: 'an empty term does not block a matching one',
      selector: { nodeSelectorTerms: [{}, { matchExpressions: [expr('zone', 'In', ['z1'])] }] },
      want: true,
    },
    { name: 'In', selector: one(expr('zone', 'In', ['z0', 'z1'])), want: true },
    { name: 'In with other values', selector: one(expr('zone', 'In', ['z2'])), want: false },
    { name: 'In on a missing key', selector: one(expr('rack', 'In', ['r1'])), want: false },
    { name: 'NotIn with a missing key matches', selector: one(expr('rack', 'NotIn', ['r1'])), want: true },
    { name: 'NotIn with a listed value', selector: one(expr('zone', 'NotIn', ['z1'])), want: false },
    { name: 'Exists', selector: one(expr('gpu', 'Exists')), want: true },
    { name: 'DoesNotExist', selector: one(expr('gpu', 'DoesNotExist')), want: false },
    {
      name: 'DoesNotExist on an unlabelled node',
      selector: one(expr('gpu', 'DoesNotExist')),
      target: { name: 'n' },
      want: true,
    },
    { name: 'Gt true', selector: one(expr('cores', 'Gt', ['8'])), want: true },
    { name: 'Gt is strict', selector: one(expr('cores', 'Gt', ['16'])), want: false },
    { name: 'Lt true', selector: one(expr('cores', 'Lt', ['17'])), want: true },
    { name: 'Lt is strict', selector: one(expr('cores', 'Lt', ['16'])), want: false },
    { name: 'Gt compares numbers, not strings', selector: one(expr('cores', 'Gt', ['9'])), want: true },
    { name: 'Gt with a non-integer label value', selector: one(expr('version', 'Gt', ['1'])), want: false },
    { name: 'Lt with a non-integer label value', selector: one(expr('version', 'Lt', ['100'])), want: false },
    { name: 'Gt on a missing key', selector: one(expr('memory', 'Gt', ['1'])), want: false },
    { name: 'Gt with a label value beyond int64', selector: one(expr('big', 'Gt', ['1'])), want: false },
    {
      name: 'Lt with the largest int64 bound',
      selector: one(expr('cores', 'Lt', ['9223372036854775807'])),
      want: true,
    },
    {
      name: 'expressions within a term are ANDed',
      selector: one(expr('zone', 'In', ['z1']), expr('gpu', 'DoesNotExist')),
      want: false,
    },
    {
      name: 'terms are ORed',
      selector: { nodeSelectorTerms: [{ matchExpressions: [expr('zone', 'In', ['z9'])] }, nameIs('In', ['node-a'])] },
      want: true,
    },
    { name: 'matchFields metadata.name In', selector: { nodeSelectorTerms: [nameIs('In', ['node-a'])] }, want: true },
    {
      name: 'matchFields metadata.name In other',
      selector: { nodeSelectorTerms: [nameIs('In', ['node-b'])] },
      want: false,
    },
    {
      name: 'matchFields metadata.name NotIn',
      selector: { nodeSelectorTerms: [nameIs('NotIn', ['node-a'])] },
      want: false,
    },
    {
      name: 'matchFields NotIn another name',
      selector: { nodeSelectorTerms: [nameIs('NotIn', ['node-b'])] },
      want: true,
    },
    {
      name: 'matchExpressions AND matchFields',
      selector: {
        nodeSelectorTerms: [
          { matchExpressions: [expr('zone', 'In', ['z2'])], matchFields: nameIs('In', ['node-a']).matchFields },
        ],
      },
      want: false,
    },
    {
      name: 'matchFields with an unknown field key reads it as ""',
      selector: { nodeSelectorTerms: [nameIs('NotIn', ['x'], 'metadata.uid')] },
      want: true,
    },
    // Invalid requirements make their term match nothing (upstream NewRequirement error); other terms still apply.
    { name: 'In with no values is invalid', selector: one(expr('zone', 'In', [])), want: false },
    { name: 'NotIn with no values is invalid', selector: one(expr('rack', 'NotIn', [])), want: false },
    { name: 'Exists with values is invalid', selector: one(expr('gpu', 'Exists', ['true'])), want: false },
    { name: 'Gt with two values is invalid', selector: one(expr('cores', 'Gt', ['1', '2'])), want: false },
    { name: 'Gt with a non-integer value is invalid', selector: one(expr('cores', 'Gt', ['1.5'])), want: false },
    {
      name: 'Lt with a negative value is not a valid label value',
      selector: one(expr('cores', 'Lt', ['-1'])),
      want: false,
    },
    {
      name: 'an invalid expression spoils its whole term',
      selector: one(expr('zone', 'In', ['z1']), expr('gpu', 'In', [])),
      want: false,
    },
    {
      name: 'matchFields In with two values is invalid',
      selector: { nodeSelectorTerms: [nameIs('In', ['node-a', 'b'])] },
      want: false,
    },
    {
      name: 'matchFields Exists is not supported',
      selector: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'Exists' }] }] },
      want: false,
    },
    {
      name: 'an invalid term does not block a valid one',
      selector: { nodeSelectorTerms: [{ matchExpressions: [expr('zone', 'In', [])] }, nameIs('In', ['node-a'])] },
      want: true,
    },
  ])('$name', ({ selector, target, want }) => {
    expect(compileNodeSelector(selector)(target ?? node)).toBe(want);
  });

  test('a node without a name skips matchFields, as upstream does with an empty field set', () => {
    expect(compileNodeSelector({ nodeSelectorTerms: [nameIs('In', ['node-a'])] })({ name: '' })).toBe(true);
  });
});

describe('compileNodeSelectorTerm (a preferred term)', () => {
  test.each<{ name: string; term: NodeSelectorTerm; want: boolean }>([
    { name: 'empty term', term: {}, want: false },
    { name: 'matching term', term: { matchExpressions: [expr('zone', 'In', ['z1'])] }, want: true },
    { name: 'invalid term', term: { matchExpressions: [expr('zone', 'In', [])] }, want: false },
    { name: 'fields', term: nameIs('In', ['node-a']), want: true },
  ])('$name', ({ term, want }) => {
    expect(compileNodeSelectorTerm(term)(node)).toBe(want);
  });
});

describe('parse problems', () => {
  test.each<{ name: string; term: NodeSelectorTerm; want: RegExp[] }>([
    { name: 'valid', term: { matchExpressions: [expr('zone', 'In', ['z1'])] }, want: [] },
    {
      name: 'empty In',
      term: { matchExpressions: [expr('zone', 'In', [])] },
      want: [/^term\.matchExpressions\[0\]: .*values set can't be empty/],
    },
    {
      name: 'bad Gt and bad field together',
      term: {
        matchExpressions: [expr('a', 'Gt', ['x'])],
        matchFields: [{ key: 'metadata.name', operator: 'In', values: [] }],
      },
      want: [/the value must be an integer/, /^term\.matchFields\[0\]\.values: must have one element/],
    },
    {
      name: 'unknown operator',
      term: { matchExpressions: [{ key: 'a', operator: 'Matches' as 'In' }] },
      want: [/operator: unsupported value "Matches"/],
    },
  ])('$name', ({ term, want }) => {
    const problems = nodeSelectorTermProblems(term);
    expect(problems).toEqual(want.map((re) => expect.stringMatching(re)));
  });

  test('nodeSelectorProblems names the term and skips empty ones', () => {
    const problems = nodeSelectorProblems({
      nodeSelectorTerms: [{}, { matchExpressions: [expr('a', 'Exists', ['x'])] }],
    });
    expect(problems).toEqual([expect.stringMatching(/^nodeSelectorTerms\[1\]\.matchExpressions\[0\]: /)]);
  });
});

describe('matchesNodeSelectorMap (spec.nodeSelector)', () => {
  test.each<{ name: string; selector: Record<string, string> | null | undefined; want: boolean }>([
    { name: 'absent', selector: undefined, want: true },
    { name: 'empty', selector: {}, want: true },
    { name: 'all equal', selector: { zone: 'z1', gpu: 'true' }, want: true },
    { name: 'one differs', selector: { zone: 'z1', gpu: 'false' }, want: false },
    { name: 'missing label', selector: { rack: 'r1' }, want: false },
  ])('$name', ({ selector, want }) => {
    expect(matchesNodeSelectorMap(selector, node.labels)).toBe(want);
  });
});
