import { checkPlacements, clusterOfSizeArb } from '@peapod/testing';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { scheduleCluster } from '../src/index.js';

describe('a generated 500-node, 5,000-pod cluster', () => {
  test('is scheduled completely and every placement respects every filter (oracles)', { timeout: 240_000 }, () => {
    const [objects] = fc.sample(clusterOfSizeArb(500, 5000), { numRuns: 1, seed: 500 });
    const result = scheduleCluster(objects!, { seed: 7 });
    expect(result.summary.attempts).toBeGreaterThanOrEqual(5000);
    expect(result.summary.scheduled).toBeGreaterThan(1000);
    const placements = result.decisions.filter((d) => d.scheduled).map((d) => ({ pod: d.pod, node: d.node! }));
    expect(checkPlacements(objects!, placements)).toEqual([]);
  });
});
