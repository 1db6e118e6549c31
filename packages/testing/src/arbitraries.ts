/**
 * fast-check generators of small random clusters that exercise every hard rule: resources, taints,
 * cordoned nodes, node selectors, inter-pod (anti-)affinity and DoNotSchedule topology spread.
 */
import type { ClusterObjects, Node, Pod, TopologySpreadConstraint } from '@peapod/core';
import fc from 'fast-check';
import { makeNode, makePod } from './builders.js';
import { clusterOf } from './harness.js';

const ZONE = 'topology.kubernetes.io/zone';
const HOST = 'kubernetes.io/hostname';
const APPS = ['web', 'db', 'cache'] as const;
const TAINTS = [
  { key: 'dedicated', value: 'infra', effect: 'NoSchedule' },
  { key: 'gpu', value: 'present', effect: 'NoExecute' },
  { key: 'spot', value: 'true', effect: 'PreferNoSchedule' },
] as const;

const nodeArb = (i: number) =>
  fc
    .record({
      zone: fc.option(fc.constantFrom('a', 'b', 'c'), { freq: 5 }),
      cpu: fc.integer({ min: 1, max: 8 }),
      memoryGi: fc.integer({ min: 1, max: 16 }),
      pods: fc.integer({ min: 2, max: 8 }),
      taints: fc.subarray([...TAINTS], { maxLength: 2 }),
      cordoned: fc.boolean().map((b) => b && i % 4 === 3),
    })
    .map(({ zone, cpu, memoryGi, pods, taints, cordoned }): Node => {
      let b = makeNode(`node-${i}`)
        .allocatable({ cpu: String(cpu), memory: `${memoryGi}Gi`, pods: String(pods) })
        .label(HOST, `node-${i}`);
      if (zone !== null) b = b.label(ZONE, zone);
      for (const t of taints) b = b.taint(t.key, t.value, t.effect);
      if (cordoned) b = b.unschedulable();
      return b.obj();
    });

const podArb = (i: number) =>
  fc
    .record({
      app: fc.constantFrom(...APPS),
      namespace: fc.constantFrom('default', 'shop'),
      cpuMilli: fc.integer({ min: 0, max: 3000 }),
      memoryMi: fc.integer({ min: 0, max: 4096 }),
      tolerate: fc.subarray([...TAINTS], { maxLength: 2 }),
      zoneSelector: fc.option(fc.constantFrom('a', 'b'), { freq: 4 }),
      antiAffinity: fc.boolean(),
      affinity: fc.boolean().map((b) => b && i % 3 === 0),
      spread: fc.option(fc.record({ key: fc.constantFrom(ZONE, HOST), maxSkew: fc.integer({ min: 1, max: 2 }) }), {
        freq: 3,
      }),
      priority: fc.integer({ min: 0, max: 3 }),
    })
    .map((p): Pod => {
      let b = makePod(`${p.app}-${i}`, p.namespace)
        .label('app', p.app)
        .priority(p.priority)
        .req({ cpu: `${p.cpuMilli}m`, memory: `${p.memoryMi}Mi` });
      for (const t of p.tolerate) b = b.toleration({ key: t.key, operator: 'Equal', value: t.value, effect: t.effect });
      if (p.zoneSelector !== null) b = b.nodeSelector({ [ZONE]: p.zoneSelector });
      const pod = b.obj();
      const selector = { matchLabels: { app: p.app } };
      if (p.antiAffinity || p.affinity) {
        pod.spec.affinity = {
          ...(p.antiAffinity
            ? {
                podAntiAffinity: {
                  requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: selector, topologyKey: HOST }],
                },
              }
            : {}),
          ...(p.affinity
            ? {
                podAffinity: {
                  requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: selector, topologyKey: ZONE }],
                },
              }
            : {}),
        };
      }
      if (p.spread !== null) {
        const constraint: TopologySpreadConstraint = {
          maxSkew: p.spread.maxSkew,
          topologyKey: p.spread.key,
          whenUnsatisfiable: 'DoNotSchedule',
          labelSelector: selector,
        };
        pod.spec.topologySpreadConstraints = [constraint];
      }
      return pod;
    });

/** A random cluster of exactly `nodeCount` nodes and `podCount` pending pods. */
export function clusterOfSizeArb(nodeCount: number, podCount: number): fc.Arbitrary<ClusterObjects> {
  return fc
    .tuple(
      fc.tuple(...Array.from({ length: nodeCount }, (_, i) => nodeArb(i))),
      fc.tuple(...Array.from({ length: podCount }, (_, i) => podArb(i))),
    )
    .map(([nodes, pods]) => clusterOf({ nodes, pods }));
}

/** A random cluster: 2–7 nodes and 1–24 pending pods. */
export const clusterArb: fc.Arbitrary<ClusterObjects> = fc
  .tuple(fc.integer({ min: 2, max: 7 }), fc.integer({ min: 1, max: 24 }))
  .chain(([nodeCount, podCount]) => clusterOfSizeArb(nodeCount, podCount));
