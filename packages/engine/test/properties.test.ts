import { checkPlacements, clusterArb } from '@peapod/testing';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { scheduleCluster } from '../src/index.js';

describe('placements respect every hard rule (independent oracles)', () => {
  test('random clusters: resources, taints, node affinity, inter-pod (anti-)affinity, DoNotSchedule spread', () => {
    fc.assert(
      fc.property(clusterArb, fc.integer({ min: 0, max: 1000 }), (objects, seed) => {
        const result = scheduleCluster(objects, { seed });
        const placements = result.decisions.filter((d) => d.scheduled).map((d) => ({ pod: d.pod, node: d.node! }));
        expect(checkPlacements(objects, placements)).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });

  test('the oracles catch a bad placement (so the property above can fail)', () => {
    const objects = fc.sample(clusterArb, { numRuns: 1, seed: 42 })[0]!;
    const pod = objects.pods[0]!;
    const tainted = objects.nodes.find((n) => (n.spec?.taints ?? []).some((t) => t.effect !== 'PreferNoSchedule'));
    const target = tainted ?? objects.nodes[0]!;
    pod.spec.tolerations = [];
    pod.spec.containers[0]!.resources = { requests: { cpu: '1000' } };
    const violations = checkPlacements(objects, [
      { pod: `${pod.metadata.namespace}/${pod.metadata.name}`, node: target.metadata.name },
    ]);
    expect(violations.map((v) => v.rule)).toContain('resources');
  });
});
