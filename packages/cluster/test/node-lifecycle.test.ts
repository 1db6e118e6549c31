import { describe, expect, test } from 'vitest';
import { minTolerationMs } from '../src/controllers/taint-eviction.js';
import { cluster, container, podTemplate, replicaSet } from './builders.js';

const taintKeys = (sim: ReturnType<typeof cluster>, name: string) =>
  (sim.api.get('Node', undefined, name)!.spec?.taints ?? []).map((t) => `${t.key}:${t.effect}`).sort();

describe('node lifecycle and taint eviction', () => {
  test('a silent node is NotReady after 40 s, tainted, and its pods go 300 s later and are replaced elsewhere', () => {
    const sim = cluster(3, [replicaSet('web', 3)]);
    sim.run(30_000);
    const victim = sim.api.list('Pod').find((p) => p.spec.nodeName === 'node-2')!;
    sim.failNode('node-2');
    sim.run(60_000);
    expect(sim.api.get('Node', undefined, 'node-2')!.status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe(
      'True',
    );
    sim.run(80_000);
    const ready = sim.api.get('Node', undefined, 'node-2')!.status?.conditions?.find((c) => c.type === 'Ready');
    expect(ready).toMatchObject({
      status: 'Unknown',
      reason: 'NodeStatusUnknown',
      message: 'Kubelet stopped posting node status.',
    });
    expect(taintKeys(sim, 'node-2')).toEqual([
      'node.kubernetes.io/unreachable:NoExecute',
      'node.kubernetes.io/unreachable:NoSchedule',
    ]);
    sim.run(370_000);
    expect(sim.api.get('Pod', 'default', victim.metadata.name)!.metadata.deletionTimestamp).toBeFalsy();
    sim.run(390_000);
    const evicted = sim.api.get('Pod', 'default', victim.metadata.name)!;
    expect(evicted.metadata.deletionTimestamp).toBeTruthy();
    const live = sim.api.list('Pod').filter((p) => !p.metadata.deletionTimestamp);
    expect(live).toHaveLength(3);
    expect(live.every((p) => p.spec.nodeName !== 'node-2')).toBe(true);
    expect(sim.taintEviction.evictions).toBe(1);
    sim.recoverNode('node-2');
    sim.run(400_000);
    expect(sim.api.get('Pod', 'default', victim.metadata.name)).toBeUndefined();
    expect(taintKeys(sim, 'node-2')).toEqual([]);
  });

  test('a pod that tolerates the taint without tolerationSeconds stays; one that does not tolerate it goes at once', () => {
    const forever = podTemplate(
      'forever',
      [container()],
      {},
      { tolerations: [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' }] },
    );
    const sim = cluster(1, [replicaSet('forever', 1, forever)]);
    sim.run(10_000);
    sim.failNode('node-1');
    sim.run(1_000_000);
    expect(sim.taintEviction.evictions).toBe(0);
    expect(minTolerationMs([{ key: 'k', effect: 'NoExecute' }], [])).toBeUndefined();
    expect(
      minTolerationMs(
        [{ key: 'k', effect: 'NoExecute' }],
        [
          { key: 'k', operator: 'Exists', tolerationSeconds: 30 },
          { operator: 'Exists', tolerationSeconds: 10 },
        ],
      ),
    ).toBe(10_000);
  });

  test('when every node of the only zone is down, nothing is tainted for eviction (full disruption)', () => {
    const sim = cluster(2, [replicaSet('web', 2)]);
    sim.run(10_000);
    sim.failNode('node-1');
    sim.failNode('node-2');
    sim.run(600_000);
    expect(taintKeys(sim, 'node-1')).toEqual(['node.kubernetes.io/unreachable:NoSchedule']);
    expect(sim.taintEviction.evictions).toBe(0);
  });
});
