import { describe, expect, test } from 'vitest';
import { podStatus } from '../src/api/types.js';
import { EventQueue } from '../src/event-queue.js';
import { SchedulingQueue } from '../src/scheduler/queue.js';
import { cluster, container, must, node, pod } from './builders.js';

describe('scheduling queue', () => {
  test('backoff doubles from 1 s up to 10 s', () => {
    const q = new SchedulingQueue(new EventQueue(), () => {});
    q.add('a', { metadata: { name: 'a' }, spec: { containers: [] } });
    const entry = q.get('a')!;
    const durations = [1, 2, 3, 4, 5, 6].map((attempts) => {
      entry.attempts = attempts;
      return q.backoffMs(entry);
    });
    expect(durations).toEqual([1_000, 2_000, 4_000, 8_000, 10_000, 10_000]);
  });

  test('pops by priority, then by queue time', () => {
    const clock = new EventQueue();
    const q = new SchedulingQueue(clock, () => {});
    const p = (name: string, priority: number) => ({ metadata: { name }, spec: { containers: [], priority } });
    q.add('low', p('low', 0));
    clock.runUntil(1);
    q.add('high', p('high', 10));
    q.add('low2', p('low2', 0));
    expect([q.pop()?.key, q.pop()?.key, q.pop()?.key]).toEqual(['high', 'low', 'low2']);
  });
});

describe('scheduler loop', () => {
  test('binds pods, records Scheduled, and reports FailedScheduling with the engine message', () => {
    const sim = cluster(1, [
      pod('fits', { containers: [container({ cpu: '1' })] }),
      pod('huge', { containers: [container({ cpu: '64' })] }),
    ]);
    sim.run(5_000);
    expect(sim.api.get('Pod', 'default', 'fits')!.spec.nodeName).toBe('node-1');
    const failed = sim.events.events.filter((e) => e.reason === 'FailedScheduling');
    expect(failed[0]?.message).toBe(
      '0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod..',
    );
    const condition = podStatus(sim.api.get('Pod', 'default', 'huge')!).conditions?.find(
      (c) => c.type === 'PodScheduled',
    );
    expect(condition).toMatchObject({ status: 'False', reason: 'Unschedulable' });
  });

  test('an unschedulable pod is retried when a node is added, and again after 5 minutes without events', () => {
    const sim = cluster(1, [pod('huge', { containers: [container({ cpu: '6' })] })]);
    sim.run(60_000);
    const attemptsBefore = sim.scheduler.metrics.attempts;
    expect(attemptsBefore).toBe(1);
    sim.run(301_000);
    expect(sim.scheduler.metrics.attempts).toBe(2);
    must(sim, node('node-big', '8'));
    sim.run(320_000);
    expect(sim.api.get('Pod', 'default', 'huge')!.spec.nodeName).toBe('node-big');
  });

  test('preemption deletes the victim, nominates the node and binds once the victim is gone', () => {
    const sim = cluster(1, [
      { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'high' }, value: 1000 },
      pod(
        'victim',
        { containers: [container({ cpu: '3' })] },
        { annotations: { 'sim.peapod.dev/stop-seconds': '10' } },
      ),
    ]);
    sim.run(10_000);
    must(sim, pod('vip', { priorityClassName: 'high', containers: [container({ cpu: '3' })] }));
    sim.run(12_000);
    expect(sim.api.get('Pod', 'default', 'vip')!.status?.nominatedNodeName).toBe('node-1');
    expect(sim.api.get('Pod', 'default', 'victim')!.metadata.deletionTimestamp).toBeTruthy();
    sim.run(60_000);
    expect(sim.api.get('Pod', 'default', 'victim')).toBeUndefined();
    expect(sim.api.get('Pod', 'default', 'vip')!.spec.nodeName).toBe('node-1');
    expect(sim.events.events.find((e) => e.reason === 'Preempted')?.message).toBe(
      'Preempted by default/vip on node node-1',
    );
    expect(sim.scheduler.metrics.preemptions).toBe(1);
  });
});
