import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { PeapodError } from '../src/errors.js';
import {
  compileLabelSelector,
  type LabelMap,
  labelKeyProblem,
  labelSelectorProblems,
  labelValueProblem,
  matchesLabelMap,
  matchesLabelSelector,
  parseInt64,
} from '../src/labels.js';
import type { LabelSelector } from '../src/model/meta.js';

const web = { app: 'web', tier: 'frontend' };

describe('matchesLabelSelector (metav1.LabelSelectorAsSelector)', () => {
  test.each<{ name: string; selector: LabelSelector | null | undefined; labels: LabelMap; want: boolean }>([
    { name: 'null selector matches nothing', selector: null, labels: web, want: false },
    { name: 'undefined selector matches nothing', selector: undefined, labels: {}, want: false },
    { name: 'empty selector matches everything', selector: {}, labels: web, want: true },
    { name: 'empty selector matches an unlabelled object', selector: {}, labels: undefined, want: true },
    {
      name: 'selector with empty lists matches everything',
      selector: { matchLabels: {}, matchExpressions: [] },
      labels: null,
      want: true,
    },
    { name: 'matchLabels equal', selector: { matchLabels: { app: 'web' } }, labels: web, want: true },
    { name: 'matchLabels different value', selector: { matchLabels: { app: 'db' } }, labels: web, want: false },
    { name: 'matchLabels missing key', selector: { matchLabels: { env: 'prod' } }, labels: web, want: false },
    { name: 'matchLabels on null labels', selector: { matchLabels: { app: 'web' } }, labels: null, want: false },
    {
      name: 'matchLabels empty value needs the key',
      selector: { matchLabels: { canary: '' } },
      labels: { canary: '' },
      want: true,
    },
    {
      name: 'matchLabels empty value, key absent',
      selector: { matchLabels: { canary: '' } },
      labels: web,
      want: false,
    },
    {
      name: 'In matches one of the values',
      selector: { matchExpressions: [{ key: 'tier', operator: 'In', values: ['backend', 'frontend'] }] },
      labels: web,
      want: true,
    },
    {
      name: 'In with the key absent',
      selector: { matchExpressions: [{ key: 'env', operator: 'In', values: ['prod'] }] },
      labels: web,
      want: false,
    },
    {
      name: 'NotIn matches when the key is absent',
      selector: { matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['prod'] }] },
      labels: web,
      want: true,
    },
    {
      name: 'NotIn matches when labels are null',
      selector: { matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['prod'] }] },
      labels: null,
      want: true,
    },
    {
      name: 'NotIn with a listed value',
      selector: { matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['db', 'web'] }] },
      labels: web,
      want: false,
    },
    {
      name: 'Exists',
      selector: { matchExpressions: [{ key: 'tier', operator: 'Exists' }] },
      labels: web,
      want: true,
    },
    {
      name: 'Exists with empty values list',
      selector: { matchExpressions: [{ key: 'env', operator: 'Exists', values: [] }] },
      labels: web,
      want: false,
    },
    {
      name: 'DoesNotExist',
      selector: { matchExpressions: [{ key: 'env', operator: 'DoesNotExist' }] },
      labels: web,
      want: true,
    },
    {
      name: 'DoesNotExist with the key present',
      selector: { matchExpressions: [{ key: 'app', operator: 'DoesNotExist', values: null }] },
      labels: web,
      want: false,
    },
    {
      name: 'matchLabels AND matchExpressions, both hold',
      selector: { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'Exists' }] },
      labels: web,
      want: true,
    },
    {
      name: 'matchLabels AND matchExpressions, one fails',
      selector: { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'DoesNotExist' }] },
      labels: web,
      want: false,
    },
    {
      name: 'a key named like an Object.prototype member is not found on the prototype',
      selector: { matchExpressions: [{ key: 'constructor', operator: 'Exists' }] },
      labels: web,
      want: false,
    },
  ])('$name', ({ selector, labels, want }) => {
    expect(matchesLabelSelector(selector, labels)).toBe(want);
    expect(compileLabelSelector(selector)(labels)).toBe(want);
  });
});

describe('invalid label selectors (upstream returns an error)', () => {
  test.each<{ name: string; selector: LabelSelector; want: RegExp }>([
    {
      name: 'In with no values',
      selector: { matchExpressions: [{ key: 'a', operator: 'In', values: [] }] },
      want: /values set can't be empty/,
    },
    {
      name: 'NotIn with null values',
      selector: { matchExpressions: [{ key: 'a', operator: 'NotIn', values: null }] },
      want: /values set can't be empty/,
    },
    {
      name: 'Exists with values',
      selector: { matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] },
      want: /must be empty for exists/,
    },
    { name: 'invalid key', selector: { matchLabels: { 'bad key': 'x' } }, want: /invalid label key "bad key"/ },
    { name: 'invalid value', selector: { matchLabels: { a: 'has space' } }, want: /invalid label value "has space"/ },
    {
      name: 'Gt is not a label selector operator',
      selector: { matchExpressions: [{ key: 'a', operator: 'Gt' as 'In', values: ['1'] }] },
      want: /"Gt" is not a valid label selector operator/,
    },
  ])('$name', ({ selector, want }) => {
    expect(labelSelectorProblems(selector).join('\n')).toMatch(want);
    expect(() => compileLabelSelector(selector)).toThrow(PeapodError);
    expect(() => compileLabelSelector(selector)).toThrow(want);
  });

  test('null and empty selectors have no problems', () => {
    expect(labelSelectorProblems(null)).toEqual([]);
    expect(labelSelectorProblems({})).toEqual([]);
  });
});

describe('label keys and values (validation.IsQualifiedName / IsValidLabelValue)', () => {
  test.each([
    { name: 'plain name', key: 'app', valid: true },
    { name: 'prefixed name', key: 'topology.kubernetes.io/zone', valid: true },
    { name: 'dots, dashes and underscores inside', key: 'a.b-c_d', valid: true },
    { name: 'empty', key: '', valid: false },
    { name: 'empty prefix', key: '/zone', valid: false },
    { name: 'uppercase prefix', key: 'Example.com/zone', valid: false },
    { name: 'two slashes', key: 'a/b/c', valid: false },
    { name: 'starts with a dash', key: '-a', valid: false },
    { name: 'name of 64 characters', key: 'a'.repeat(64), valid: false },
    { name: 'name of 63 characters', key: 'a'.repeat(63), valid: true },
  ])('key: $name', ({ key, valid }) => {
    expect(labelKeyProblem(key) === undefined).toBe(valid);
  });

  test.each([
    { name: 'empty value is valid', value: '', valid: true },
    { name: 'alphanumeric', value: 'v1.2_3-a', valid: true },
    { name: 'ends with a dot', value: 'a.', valid: false },
    { name: 'negative number', value: '-5', valid: false },
    { name: 'slash', value: 'a/b', valid: false },
    { name: '64 characters', value: 'x'.repeat(64), valid: false },
  ])('value: $name', ({ value, valid }) => {
    expect(labelValueProblem(value) === undefined).toBe(valid);
  });
});

describe('parseInt64 (strconv.ParseInt(s, 10, 64))', () => {
  test.each([
    { name: 'digits', text: '42', want: 42 },
    { name: 'leading zeros', text: '007', want: 7 },
    { name: 'plus sign', text: '+5', want: 5 },
    { name: 'minus sign', text: '-5', want: -5 },
    { name: 'max int64', text: '9223372036854775807', want: 9223372036854775807n },
    { name: 'min int64', text: '-9223372036854775808', want: -9223372036854775808n },
    { name: 'overflow', text: '9223372036854775808', want: undefined },
    { name: 'decimal', text: '1.5', want: undefined },
    { name: 'empty', text: '', want: undefined },
    { name: 'space', text: ' 1', want: undefined },
    { name: 'underscore', text: '1_000', want: undefined },
    { name: 'hex', text: '0x10', want: undefined },
    { name: 'sign only', text: '-', want: undefined },
  ])('$name', ({ text, want }) => {
    expect(parseInt64(text)).toBe(want);
  });
});

describe('matchesLabelMap (labels.SelectorFromSet)', () => {
  test.each<{ name: string; selector: LabelMap; labels: LabelMap; want: boolean }>([
    { name: 'empty map matches everything', selector: {}, labels: web, want: true },
    { name: 'absent map matches everything', selector: undefined, labels: undefined, want: true },
    { name: 'all entries equal', selector: { app: 'web' }, labels: web, want: true },
    { name: 'one entry differs', selector: { app: 'web', tier: 'backend' }, labels: web, want: false },
    { name: 'key missing', selector: { env: 'prod' }, labels: web, want: false },
    { name: 'null labels', selector: { app: 'web' }, labels: null, want: false },
    { name: 'empty value needs the key', selector: { canary: '' }, labels: web, want: false },
  ])('$name', ({ selector, labels, want }) => {
    expect(matchesLabelMap(selector, labels)).toBe(want);
  });
});

describe('properties', () => {
  const key = fc.constantFrom('app', 'tier', 'env', 'zone');
  const val = fc.constantFrom('a', 'b', 'c', '');
  const labels = fc.option(fc.dictionary(key, val), { nil: undefined });
  const expression = fc.oneof(
    fc.record({
      key,
      operator: fc.constantFrom('In' as const, 'NotIn' as const),
      values: fc.array(val, { minLength: 1, maxLength: 3 }),
    }),
    fc.record({ key, operator: fc.constantFrom('Exists' as const, 'DoesNotExist' as const) }),
  );
  const selector = fc.option(
    fc.record(
      {
        matchLabels: fc.dictionary(key, val, { maxKeys: 2 }),
        matchExpressions: fc.array(expression, { maxLength: 3 }),
      },
      { requiredKeys: [] },
    ),
    { nil: null },
  );

  test('a compiled selector agrees with the one-shot matcher and with a direct reading of the rules', () => {
    fc.assert(
      fc.property(selector, labels, (sel, ls) => {
        const got = compileLabelSelector(sel)(ls);
        expect(matchesLabelSelector(sel, ls)).toBe(got);
        if (sel === null) {
          expect(got).toBe(false);
          return;
        }
        const has = (k: string) => ls !== undefined && k in ls;
        const equalsHold = Object.entries(sel.matchLabels ?? {}).every(([k, v]) => has(k) && ls![k] === v);
        const exprsHold = (sel.matchExpressions ?? []).every((e) => {
          if (e.operator === 'Exists') return has(e.key);
          if (e.operator === 'DoesNotExist') return !has(e.key);
          const inValues = has(e.key) && 'values' in e && e.values.includes(ls![e.key]!);
          return e.operator === 'In' ? inValues : !inValues;
        });
        expect(got).toBe(equalsHold && exprsHold);
      }),
    );
  });

  test('adding a requirement never widens a selector', () => {
    fc.assert(
      fc.property(selector, expression, labels, (sel, extra, ls) => {
        if (sel === null) return;
        const narrower = { ...sel, matchExpressions: [...(sel.matchExpressions ?? []), extra] };
        if (compileLabelSelector(narrower)(ls)) expect(compileLabelSelector(sel)(ls)).toBe(true);
      }),
    );
  });
});
