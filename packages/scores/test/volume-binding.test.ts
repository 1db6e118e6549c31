import { CycleState, type Pod } from '@peapod/core';
import { handleOf, makeNode, makePod, makePV, makePVC, podInfo, runScore, snapshotOf } from '@peapod/testing';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { volumeBindingScore } from '../src/index.js';

describe('VolumeBinding score (VolumeCapacityPriority off, as in v1.26)', () => {
  const nodes = [makeNode('a').obj(), makeNode('b').obj()];

  const withClaim = (claimName: string): Pod => {
    const pod = makePod('p').obj();
    pod.spec.volumes = [{ name: 'data', persistentVolumeClaim: { claimName } }];
    return pod;
  };

  test.each([
    { name: 'a pod without volumes', pod: makePod('p').obj() },
    { name: 'a pod with a bound claim', pod: withClaim('c') },
  ])('$name scores 0 on every node', ({ pod }) => {
    const cluster = {
      persistentVolumeClaims: [makePVC('c').boundTo('pv').obj()],
      persistentVolumes: [makePV('pv').claimRef('c').obj()],
    };
    expect(runScore(volumeBindingScore(), pod, snapshotOf(nodes), cluster)).toEqual({ preScore: null, scores: [0, 0] });
  });

  test('it has neither PreScore nor NormalizeScore, as upstream v1.26', () => {
    const plugin = volumeBindingScore();
    expect('preScore' in plugin).toBe(false);
    expect('normalizeScore' in plugin).toBe(false);
  });

  test('property: scoreAll equals score node by node (always 0)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), (n) => {
        const snapshot = snapshotOf(Array.from({ length: n }, (_, i) => makeNode(`n${i}`).obj()));
        const handle = handleOf(snapshot);
        const plugin = volumeBindingScore();
        const pod = podInfo(makePod('p').obj());
        const state = new CycleState();
        const nodesIdx = Int32Array.from({ length: n }, (_, i) => i);
        const out = new Float64Array(n).fill(7);
        plugin.scoreAll!(state, pod, nodesIdx, handle, out);
        expect([...out]).toEqual([...nodesIdx].map((i) => plugin.score(state, pod, i, handle)));
        expect(out.every((v) => v === 0)).toBe(true);
      }),
    );
  });
});
