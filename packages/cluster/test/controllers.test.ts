import type { Pod, ReplicaSet } from '@peapod/core';
import { describe, expect, test } from 'vitest';
import { isPodReady } from '../src/objects.js';
import { cluster, container, deployment, must, pod, podTemplate, replicaSet, service } from './builders.js';

const live = (pods: Pod[]) => pods.filter((p) => !p.metadata.deletionTimestamp);

describe('ReplicaSet controller', () => {
  test('creates the missing pods with an owner reference, then deletes the surplus', () => {
    const sim = cluster(2, [replicaSet('web', 3)]);
    sim.run(30_000);
    const rs = sim.api.get('ReplicaSet', 'default', 'web')!;
    const pods = sim.api.list('Pod');
    expect(pods).toHaveLength(3);
    for (const p of pods)
      expect(p.metadata.ownerReferences).toEqual([
        expect.objectContaining({ kind: 'ReplicaSet', name: 'web', uid: rs.metadata.uid, controller: true }),
      ]);
    expect(rs.status).toMatchObject({ replicas: 3, readyReplicas: 3, availableReplicas: 3 });
    sim.scale('ReplicaSet', 'default', 'web', 1);
    sim.run(60_000);
    expect(sim.api.list('Pod')).toHaveLength(1);
    expect(sim.events.events.filter((e) => e.reason === 'SuccessfulDelete')).toHaveLength(2);
  });

  test('adopts a matching bare pod instead of creating one', () => {
    const sim = cluster(1, [pod('bare', {}, { labels: { app: 'web' } })]);
    sim.run(5_000);
    must(sim, replicaSet('web', 2));
    sim.run(10_000);
    const pods = sim.api.list('Pod');
    expect(pods).toHaveLength(2);
    expect(sim.api.get('Pod', 'default', 'bare')!.metadata.ownerReferences?.[0]?.name).toBe('web');
  });

  test('a deleted ReplicaSet takes its pods with it (garbage collector)', () => {
    const sim = cluster(1, [replicaSet('web', 2)]);
    sim.run(10_000);
    sim.delete('ReplicaSet', 'default', 'web');
    sim.run(20_000);
    expect(sim.api.list('Pod')).toHaveLength(0);
  });
});

describe('Deployment controller', () => {
  test('a rolling update keeps within maxSurge and maxUnavailable at every instant', () => {
    const template = podTemplate('web', [container({ readiness: true, port: 80 })], {
      'sim.peapod.dev/startup-seconds': '3',
    });
    const sim = cluster(3, [deployment('web', 4, template, { rollingUpdate: { maxSurge: 1, maxUnavailable: 1 } })]);
    sim.run(60_000);
    const next = podTemplate('web', [container({ readiness: true, port: 80, image: 'app:2' })], {
      'sim.peapod.dev/startup-seconds': '3',
    });
    must(sim, deployment('web', 4, next, { rollingUpdate: { maxSurge: 1, maxUnavailable: 1 } }));
    let maxTotal = 0;
    let minReady = 4;
    sim.api.watch('Pod', () => {
      const pods = live(sim.api.list('Pod'));
      maxTotal = Math.max(maxTotal, pods.length);
      minReady = Math.min(minReady, pods.filter(isPodReady).length);
    });
    sim.run(300_000);
    expect(maxTotal).toBeLessThanOrEqual(5);
    expect(minReady).toBeGreaterThanOrEqual(3);
    const sets = sim.api.list('ReplicaSet') as ReplicaSet[];
    expect(sets.map((rs) => rs.spec.replicas).sort()).toEqual([0, 4]);
    const pods = live(sim.api.list('Pod'));
    expect(pods.every((p) => p.spec.containers[0]!.image === 'app:2' && isPodReady(p))).toBe(true);
    expect(sim.api.get('Deployment', 'default', 'web')!.status).toMatchObject({
      replicas: 4,
      updatedReplicas: 4,
      availableReplicas: 4,
    });
  });

  test('Recreate stops every old pod before starting new ones', () => {
    const sim = cluster(2, [deployment('web', 2, podTemplate('web'), { type: 'Recreate' })]);
    sim.run(30_000);
    must(sim, deployment('web', 2, podTemplate('web', [container({ image: 'app:2' })]), { type: 'Recreate' }));
    let overlap = false;
    sim.api.watch('Pod', () => {
      const images = new Set(sim.api.list('Pod').map((p) => p.spec.containers[0]!.image));
      if (images.size > 1) overlap = true;
    });
    sim.run(120_000);
    expect(overlap).toBe(false);
    expect(sim.api.list('Pod').map((p) => p.spec.containers[0]!.image)).toEqual(['app:2', 'app:2']);
  });

  test('scaling resizes the ReplicaSet and reports ScalingReplicaSet', () => {
    const sim = cluster(2, [deployment('web', 2)]);
    sim.run(30_000);
    sim.scale('Deployment', 'default', 'web', 5);
    sim.run(60_000);
    expect(live(sim.api.list('Pod'))).toHaveLength(5);
    const messages = sim.events.events.filter((e) => e.reason === 'ScalingReplicaSet').map((e) => e.message);
    expect(messages[0]).toMatch(/^Scaled up replica set web-\w+ to 2$/);
    expect(messages.at(-1)).toMatch(/^Scaled up replica set web-\w+ to 5$/);
  });
});

describe('endpoints controller', () => {
  test('lists ready pods under addresses and the others under notReadyAddresses, with named ports resolved', () => {
    const template = podTemplate('web', [container({ readiness: true, port: 8080 })], {
      'sim.peapod.dev/startup-seconds': '12',
    });
    const sim = cluster(2, [service('web', 'web', 'http'), replicaSet('web', 2, template)]);
    sim.run(8_000);
    let ep = sim.api.get('Endpoints', 'default', 'web')!;
    expect(ep.subsets?.[0]?.addresses).toBeUndefined();
    expect(ep.subsets?.[0]?.notReadyAddresses).toHaveLength(2);
    expect(ep.subsets?.[0]?.ports).toEqual([{ port: 8080, protocol: 'TCP' }]);
    sim.run(60_000);
    ep = sim.api.get('Endpoints', 'default', 'web')!;
    const ips = sim.api
      .list('Pod')
      .map((p) => p.status?.podIP)
      .sort();
    expect(ep.subsets?.[0]?.addresses?.map((a) => a.ip)).toEqual(ips);
  });
});
