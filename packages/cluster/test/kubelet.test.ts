import type { Pod } from '@peapod/core';
import { describe, expect, test } from 'vitest';
import { podStatus } from '../src/api/types.js';
import { cidrContains, parseCidr, parseIPv4 } from '../src/net/ipv4.js';
import { cluster, container, must, pod, reasons } from './builders.js';

const get = (sim: ReturnType<typeof cluster>, name: string): Pod => sim.api.get('Pod', 'default', name)!;

describe('kubelet', () => {
  test('gives pods IPs from their node podCIDR and reports Running and Ready', () => {
    const sim = cluster(2, [pod('a'), pod('b'), pod('c')]);
    sim.run(30_000);
    const ips = new Set<string>();
    for (const p of sim.api.list('Pod')) {
      const node = sim.api.get('Node', undefined, p.spec.nodeName!)!;
      expect(cidrContains(parseCidr(node.spec!.podCIDR!)!, parseIPv4(p.status!.podIP!)!)).toBe(true);
      ips.add(p.status!.podIP!);
      expect(p.status?.phase).toBe('Running');
      expect(podStatus(p).conditions?.find((c) => c.type === 'Ready')?.status).toBe('True');
    }
    expect(ips.size).toBe(3);
  });

  test('re-checks fit on admission: a pod bound past the scheduler is rejected with OutOfcpu', () => {
    const sim = cluster(1, [
      pod('big', { nodeName: 'node-1', containers: [container({ cpu: '3' })] }),
      pod('more', { nodeName: 'node-1', containers: [container({ cpu: '2' })] }),
    ]);
    sim.run(10_000);
    const rejected = get(sim, 'more');
    expect(rejected.status?.phase).toBe('Failed');
    expect(podStatus(rejected).reason).toBe('OutOfcpu');
    expect(podStatus(rejected).message).toBe(
      "Pod was rejected: Node didn't have enough resource: cpu, requested: 2000, used: 3000, capacity: 4000",
    );
    expect(reasons(sim, 'more')).toContain('OutOfcpu');
  });

  test('runs init containers in order before the app containers, pulling each image once per node', () => {
    const spec = {
      initContainers: [
        container({ name: 'init-a', image: 'tools:1' }),
        container({ name: 'init-b', image: 'tools:1' }),
      ],
      containers: [container({ name: 'app', image: 'app:1' })],
    };
    const sim = cluster(1, [pod('p', spec)], { defaultImageSize: 50_000_000, pullBytesPerSecond: 50_000_000 });
    sim.run(30_000);
    const lines = sim.events.events
      .filter((e) => e.name === 'p' && e.source === 'kubelet')
      .map((e) => `${e.time / 1000}s ${e.reason} ${e.message}`);
    expect(lines).toEqual([
      '0s Pulling Pulling image "tools:1"',
      '1s Pulled Successfully pulled image "tools:1" in 1s (1s including waiting)',
      '1s Created Created container init-a',
      '1s Started Started container init-a',
      '2s Pulled Container image "tools:1" already present on machine',
      '2s Created Created container init-b',
      '2s Started Started container init-b',
      '3s Pulling Pulling image "app:1"',
      '4s Pulled Successfully pulled image "app:1" in 1s (1s including waiting)',
      '4s Created Created container app',
      '4s Started Started container app',
    ]);
    expect(get(sim, 'p').status?.phase).toBe('Running');
  });

  test('two containers of one pod binding the same port: the second crash-loops with growing back-off', () => {
    const spec = { containers: [container({ name: 'a', port: 8080 }), container({ name: 'b', port: 8080 })] };
    const sim = cluster(1, [pod('p', spec)]);
    sim.run(100_000);
    const starts = sim.events.events
      .filter((e) => e.name === 'p' && e.reason === 'Started' && e.message.endsWith(' b'))
      .map((e) => e.time / 1000);
    // First restart at once, then 10 s, 20 s, 40 s after each exit (CrashLoopBackOff).
    expect(starts.slice(0, 4)).toEqual([starts[0], starts[0], starts[0]! + 10, starts[0]! + 30]);
    const b = podStatus(get(sim, 'p')).containerStatuses!.find((c) => c.name === 'b')!;
    expect(b.state.waiting?.reason).toBe('CrashLoopBackOff');
    expect(b.lastState.terminated?.message).toBe('listen tcp :8080: bind: address already in use');
    expect(reasons(sim, 'p')).toContain('BackOff');
  });

  test('a failing liveness probe restarts the container; a failing readiness probe only takes it out of service', () => {
    const sim = cluster(1, [pod('p', { containers: [container({ port: 80, liveness: true, readiness: true })] })]);
    sim.run(30_000);
    const p = get(sim, 'p');
    sim.failProbe(p, 'app', 'readiness', 30_000);
    sim.run(50_000);
    expect(podStatus(get(sim, 'p')).conditions?.find((c) => c.type === 'Ready')?.status).toBe('False');
    sim.run(120_000);
    expect(podStatus(get(sim, 'p')).conditions?.find((c) => c.type === 'Ready')?.status).toBe('True');
    sim.failProbe(get(sim, 'p'), 'app', 'liveness', 35_000);
    sim.run(200_000);
    const killing = sim.events.events.filter((e) => e.reason === 'Killing').map((e) => e.message);
    expect(killing).toEqual(['Container app failed liveness probe, will be restarted']);
    expect(podStatus(get(sim, 'p')).containerStatuses![0]!.restartCount).toBe(1);
  });

  test('restartPolicy Never and OnFailure decide the final phase', () => {
    const done = { 'sim.peapod.dev/run-seconds': '2' };
    const failing = { 'sim.peapod.dev/run-seconds': '2', 'sim.peapod.dev/exit-code': '3' };
    const sim = cluster(1, [
      pod('ok', { restartPolicy: 'Never' }, { annotations: done }),
      pod('bad', { restartPolicy: 'Never' }, { annotations: failing }),
      pod('retry', { restartPolicy: 'OnFailure' }, { annotations: done }),
    ]);
    sim.run(60_000);
    expect(get(sim, 'ok').status?.phase).toBe('Succeeded');
    expect(get(sim, 'bad').status?.phase).toBe('Failed');
    expect(get(sim, 'retry').status?.phase).toBe('Succeeded');
  });

  test('a deleted pod is stopped by its kubelet and then removed; its IP goes back to the pool', () => {
    const sim = cluster(1, [pod('p', {}, { annotations: { 'sim.peapod.dev/stop-seconds': '5' } })]);
    sim.run(10_000);
    const ip = get(sim, 'p').status!.podIP!;
    sim.delete('Pod', 'default', 'p');
    sim.run(12_000);
    expect(get(sim, 'p').metadata.deletionTimestamp).toBeTruthy();
    sim.run(20_000);
    expect(sim.api.get('Pod', 'default', 'p')).toBeUndefined();
    must(sim, pod('q'));
    sim.run(30_000);
    expect(get(sim, 'q').status!.podIP).not.toBe(ip);
  });

  test('an image no registry has: ErrImagePull, then ImagePullBackOff with growing delays', () => {
    const sim = cluster(1, [pod('p', { containers: [container({ image: 'typo:1' })] })], { missingImages: ['typo:1'] });
    sim.run(60_000);
    const waiting = podStatus(get(sim, 'p')).containerStatuses![0]!.state.waiting;
    expect(['ErrImagePull', 'ImagePullBackOff']).toContain(waiting?.reason);
    const failed = sim.events.events.filter((e) => e.reason === 'Failed').map((e) => e.time / 1000);
    expect(failed.slice(0, 3)).toEqual([0, 10, 30]);
    expect(reasons(sim, 'p')).toContain('BackOff');
    expect(get(sim, 'p').status?.phase).toBe('Pending');
  });

  test('liveness and readiness wait for the startup probe; a failing startup probe restarts the container', () => {
    const startup = { httpGet: { path: '/started', port: 80 }, periodSeconds: 2, failureThreshold: 3 };
    const spec = { containers: [{ ...container({ port: 80, readiness: true }), startupProbe: startup }] };
    const sim = cluster(1, [pod('slow', spec, { annotations: { 'sim.peapod.dev/startup-seconds': '3' } })]);
    sim.run(30_000);
    const status = podStatus(get(sim, 'slow')).containerStatuses![0]!;
    expect(status.started).toBe(true);
    expect(status.ready).toBe(true);
    expect(status.restartCount).toBe(0);
    const never = cluster(1, [pod('never', spec, { annotations: { 'sim.peapod.dev/startup-seconds': '1000' } })]);
    never.run(30_000);
    expect(
      never.events.events.some(
        (e) => e.reason === 'Killing' && e.message === 'Container app failed startup probe, will be restarted',
      ),
    ).toBe(true);
  });
});
