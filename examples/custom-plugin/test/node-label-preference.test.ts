import { unschedulable } from '@peapod/core';
import { makeNode, makePod, runFilter, runScore, snapshotOf } from '@peapod/testing';
import { describe, expect, test } from 'vitest';
import {
  ERR_REASON_AVOIDED_LABEL,
  NODE_LABEL_PREFERENCE,
  NodeLabelPreferenceArgsSchema,
  nodeLabelPreference,
  plugin,
} from '../src/index.js';

const node = (name: string, labels: Record<string, string> = {}) => makeNode(name).labels(labels).obj();
const args = (raw: unknown) => NodeLabelPreferenceArgsSchema.parse(raw);
const AVOIDED = unschedulable(ERR_REASON_AVOIDED_LABEL);

describe('the descriptor', () => {
  test('is a filter and score plugin named NodeLabelPreference with its args schema', () => {
    expect(plugin.name).toBe(NODE_LABEL_PREFERENCE);
    expect([...plugin.points]).toEqual(['filter', 'score']);
    expect(plugin.argsSchema).toBe(NodeLabelPreferenceArgsSchema);
  });
});

describe('args', () => {
  test('default to nothing avoided, nothing preferred', () => {
    expect(args({})).toEqual({ avoid: [], prefer: [] });
  });

  test('parse key=value labels once; a preference weight defaults to 1', () => {
    expect(args({ avoid: ['lifecycle=spot'], prefer: [{ label: 'disktype=ssd' }] })).toEqual({
      avoid: [{ key: 'lifecycle', value: 'spot' }],
      prefer: [{ label: { key: 'disktype', value: 'ssd' }, weight: 1 }],
    });
  });

  test.each([
    { name: 'not key=value', raw: { avoid: ['spot'] }, path: ['avoid', 0], message: 'expected key=value, got "spot"' },
    { name: 'weight out of range', raw: { prefer: [{ label: 'a=b', weight: 0 }] }, path: ['prefer', 0, 'weight'] },
    { name: 'unknown field', raw: { avoids: [] }, path: [] },
  ])('reject $name', ({ raw, path, message }) => {
    const result = NodeLabelPreferenceArgsSchema.safeParse(raw);
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.path).toEqual(path);
    if (message !== undefined) expect(result.error!.issues[0]!.message).toBe(message);
  });
});

describe('Filter', () => {
  const snapshot = snapshotOf([
    node('spot', { lifecycle: 'spot' }),
    node('drain', { maintenance: 'soon' }),
    node('ok', { lifecycle: 'on-demand' }),
    node('bare'),
  ]);

  test.each([
    { name: 'nothing avoided: every node passes', avoid: [], want: [null, null, null, null] },
    { name: 'one avoided label', avoid: ['lifecycle=spot'], want: [AVOIDED, null, null, null] },
    { name: 'any of several', avoid: ['lifecycle=spot', 'maintenance=soon'], want: [AVOIDED, AVOIDED, null, null] },
    { name: 'the value must match too', avoid: ['lifecycle=reserved'], want: [null, null, null, null] },
  ])('$name', ({ avoid, want }) => {
    const { statuses } = runFilter(nodeLabelPreference(args({ avoid })), makePod('p').obj(), snapshot);
    expect(statuses).toEqual(want);
  });
});

describe('Score and NormalizeScore', () => {
  const snapshot = snapshotOf([
    node('ssd-fast', { disktype: 'ssd', net: 'fast' }),
    node('ssd', { disktype: 'ssd' }),
    node('fast', { net: 'fast' }),
    node('plain', { disktype: 'hdd' }),
  ]);

  test.each([
    { name: 'nothing preferred: all zero', prefer: [], want: [0, 0, 0, 0] },
    { name: 'one label: 100 or 0', prefer: [{ label: 'disktype=ssd', weight: 7 }], want: [100, 100, 0, 0] },
    {
      name: 'weights add up, the best node gets 100',
      prefer: [
        { label: 'disktype=ssd', weight: 3 },
        { label: 'net=fast', weight: 1 },
      ],
      want: [100, 75, 25, 0],
    },
    { name: 'no node has it: all zero', prefer: [{ label: 'gpu=a100' }], want: [0, 0, 0, 0] },
  ])('$name', ({ prefer, want }) => {
    const { scores } = runScore(nodeLabelPreference(args({ prefer })), makePod('p').obj(), snapshot);
    expect(scores).toEqual(want);
  });
});
