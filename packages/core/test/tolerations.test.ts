import { describe, expect, test } from 'vitest';
import type { Taint, Toleration } from '../src/model/meta.js';
import {
  DO_NOT_SCHEDULE_TAINTS,
  findUntoleratedTaint,
  formatTaintForReason,
  toleratesTaint,
  tolerationsTolerateTaint,
} from '../src/tolerations.js';

const gpu: Taint = { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' };

describe('toleratesTaint (v1.26 Toleration.ToleratesTaint)', () => {
  test.each<{ name: string; toleration: Toleration; taint?: Taint; want: boolean }>([
    {
      name: 'Equal with same key, value and effect',
      toleration: { key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' },
      want: true,
    },
    {
      name: 'Equal with another value',
      toleration: { key: 'dedicated', operator: 'Equal', value: 'cpu', effect: 'NoSchedule' },
      want: false,
    },
    {
      name: 'empty operator means Equal',
      toleration: { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' },
      want: true,
    },
    { name: 'empty operator with another value', toleration: { key: 'dedicated', value: 'x' }, want: false },
    {
      name: 'Exists ignores the value',
      toleration: { key: 'dedicated', operator: 'Exists', value: 'anything' },
      want: true,
    },
    { name: 'another key', toleration: { key: 'team', operator: 'Exists' }, want: false },
    {
      name: 'empty effect matches every effect',
      toleration: { key: 'dedicated', operator: 'Exists', effect: '' },
      want: true,
    },
    { name: 'absent effect matches every effect', toleration: { key: 'dedicated', value: 'gpu' }, want: true },
    { name: 'another effect', toleration: { key: 'dedicated', operator: 'Exists', effect: 'NoExecute' }, want: false },
    {
      name: 'PreferNoSchedule does not tolerate NoSchedule',
      toleration: { key: 'dedicated', operator: 'Exists', effect: 'PreferNoSchedule' },
      want: false,
    },
    { name: 'empty key with Exists tolerates every taint', toleration: { operator: 'Exists' }, want: true },
    {
      name: 'empty key with Exists keeps its effect',
      toleration: { operator: 'Exists', effect: 'NoExecute' },
      want: false,
    },
    {
      name: 'empty key with Equal is not rejected by the matcher: it compares values',
      toleration: { key: '', operator: 'Equal', value: 'gpu' },
      want: true,
    },
    {
      name: 'Equal with empty value tolerates a taint without value',
      toleration: { key: 'dedicated', operator: 'Equal', value: '' },
      taint: { key: 'dedicated', effect: 'NoSchedule' },
      want: true,
    },
    {
      name: 'absent value equals an empty taint value',
      toleration: { key: 'dedicated', operator: 'Equal' },
      taint: { key: 'dedicated', value: '', effect: 'NoSchedule' },
      want: true,
    },
    {
      name: 'Equal with empty value does not tolerate a valued taint',
      toleration: { key: 'dedicated', operator: 'Equal', value: '' },
      want: false,
    },
    {
      name: 'an unknown operator tolerates nothing',
      toleration: { key: 'dedicated', operator: 'Gt' as 'Equal', value: 'gpu' },
      want: false,
    },
  ])('$name', ({ toleration, taint, want }) => {
    expect(toleratesTaint(toleration, taint ?? gpu)).toBe(want);
  });

  test('tolerationsTolerateTaint: any toleration will do; none or null tolerate nothing', () => {
    expect(
      tolerationsTolerateTaint(
        [
          { key: 'x', operator: 'Exists' },
          { key: 'dedicated', operator: 'Exists' },
        ],
        gpu,
      ),
    ).toBe(true);
    expect(tolerationsTolerateTaint([], gpu)).toBe(false);
    expect(tolerationsTolerateTaint(null, gpu)).toBe(false);
  });
});

describe('findUntoleratedTaint (FindMatchingUntoleratedTaint)', () => {
  const prefer: Taint = { key: 'spot', value: 'true', effect: 'PreferNoSchedule' };
  const evict: Taint = { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' };
  test.each<{
    name: string;
    taints: Taint[] | null;
    tolerations: Toleration[] | null;
    filtered: boolean;
    want: Taint | undefined;
  }>([
    { name: 'no taints', taints: null, tolerations: null, filtered: true, want: undefined },
    {
      name: 'first untolerated taint in node order',
      taints: [prefer, gpu, evict],
      tolerations: [],
      filtered: true,
      want: gpu,
    },
    { name: 'the filter skips PreferNoSchedule', taints: [prefer], tolerations: null, filtered: true, want: undefined },
    {
      name: 'without a filter every taint counts',
      taints: [prefer, gpu],
      tolerations: null,
      filtered: false,
      want: prefer,
    },
    {
      name: 'tolerated taints are passed over',
      taints: [gpu, evict],
      tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'gpu' }],
      filtered: true,
      want: evict,
    },
    {
      name: 'a wildcard toleration tolerates all',
      taints: [gpu, evict],
      tolerations: [{ operator: 'Exists' }],
      filtered: true,
      want: undefined,
    },
  ])('$name', ({ taints, tolerations, filtered, want }) => {
    expect(findUntoleratedTaint(taints, tolerations, filtered ? DO_NOT_SCHEDULE_TAINTS : undefined)).toBe(want);
  });
});

describe('formatTaintForReason', () => {
  test.each<{ name: string; taint: Taint; want: string }>([
    { name: 'key and value', taint: gpu, want: '{dedicated: gpu}' },
    {
      name: 'empty value',
      taint: { key: 'node.kubernetes.io/not-ready', value: '', effect: 'NoExecute' },
      want: '{node.kubernetes.io/not-ready: }',
    },
    { name: 'absent value', taint: { key: 'maintenance', effect: 'NoSchedule' }, want: '{maintenance: }' },
  ])('$name', ({ taint, want }) => {
    expect(formatTaintForReason(taint)).toBe(want);
  });
});
