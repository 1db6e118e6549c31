import type { Pod } from '@peapod/core';
import { describe, expect, test } from 'vitest';
import { ApiServer, cidrContains, EventQueue, parseCidr, parseIPv4, seededRandomForTests } from './api-harness.js';

function server(): ApiServer {
  return new ApiServer({
    clock: new EventQueue(),
    clockStart: 0,
    random: seededRandomForTests(1),
    serviceCidr: parseCidr('10.96.0.0/12')!,
  });
}

const basicPod = (extra: Record<string, unknown> = {}) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web' },
  spec: { containers: [{ name: 'app', image: 'nginx:1.25' }] },
  ...extra,
});

describe('API server', () => {
  test('create applies defaults, admission and metadata', () => {
    const api = server();
    const r = api.create(basicPod());
    expect(r.ok).toBe(true);
    const pod = api.get('Pod', 'default', 'web')!;
    expect(pod.metadata.uid).toMatch(/^00000000-0000-4000-8000-/);
    expect(pod.metadata.resourceVersion).toBeDefined();
    expect(pod.spec.schedulerName).toBe('default-scheduler');
    expect(pod.spec.restartPolicy).toBe('Always');
    expect(pod.spec.priority).toBe(0);
    expect((pod.spec.containers[0] as { imagePullPolicy?: string }).imagePullPolicy).toBe('IfNotPresent');
    expect(pod.status?.phase).toBe('Pending');
    // DefaultTolerationSeconds
    expect(pod.spec.tolerations).toEqual([
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    ]);
  });

  test.each([
    {
      name: 'missing image',
      pod: { spec: { containers: [{ name: 'app' }] } },
      want: 'Pod "web" is invalid: spec.containers[0].image: Required value',
    },
    {
      name: 'bad name',
      pod: { metadata: { name: 'Web' } },
      want: 'Pod "Web" is invalid: metadata.name: Invalid value: "Web"',
    },
    {
      name: 'unknown volume',
      pod: { spec: { containers: [{ name: 'app', image: 'x', volumeMounts: [{ name: 'data', mountPath: '/d' }] }] } },
      want: 'spec.containers[0].volumeMounts[0].name: Not found: "data"',
    },
    {
      name: 'unknown namespace',
      pod: { metadata: { name: 'web', namespace: 'shop' } },
      want: 'namespaces "shop" not found',
    },
    {
      name: 'unknown priority class',
      pod: { spec: { priorityClassName: 'gold', containers: [{ name: 'app', image: 'x' }] } },
      want: 'pods "web" is forbidden: no PriorityClass with name gold was found',
    },
  ])('refuses $name with a returned error', ({ pod, want }) => {
    const api = server();
    const r = api.create(basicPod(pod));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toContain(want);
  });

  test('resolves the priority class and generates names', () => {
    const api = server();
    api.create({ apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'gold' }, value: 1000 });
    const r = api.create(
      basicPod({
        metadata: { generateName: 'web-' },
        spec: { priorityClassName: 'gold', containers: [{ name: 'a', image: 'x' }] },
      }),
    );
    expect(r.ok).toBe(true);
    const pod = (r as { object: Pod }).object;
    expect(pod.metadata.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(pod.spec.priority).toBe(1000);
  });

  test('allocates ClusterIPs from the service CIDR and refuses taken or foreign ones', () => {
    const api = server();
    const svc = (name: string, clusterIP?: string) => ({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name },
      spec: { clusterIP, ports: [{ port: 80 }] },
    });
    const a = api.create(svc('a'));
    const ip = (a as { object: { spec: { clusterIP: string } } }).object.spec.clusterIP;
    expect(cidrContains(parseCidr('10.96.0.0/12')!, parseIPv4(ip)!)).toBe(true);
    expect(ip).not.toBe('10.96.0.1');
    expect(api.create(svc('b', '10.96.0.20')).ok).toBe(true);
    const taken = api.create(svc('c', '10.96.0.20'));
    expect(taken.ok ? '' : taken.error.message).toContain('provided IP is already allocated');
    const foreign = api.create(svc('d', '192.168.0.1'));
    expect(foreign.ok ? '' : foreign.error.message).toContain('The range of valid IPs is 10.96.0.0/12');
    api.delete('Service', 'default', 'b');
    expect(api.create(svc('e', '10.96.0.20')).ok).toBe(true);
  });

  test('stale updates conflict; pods are deleted gracefully once bound', () => {
    const api = server();
    api.create(basicPod());
    const pod = api.get('Pod', 'default', 'web')!;
    api.patch('Pod', { ...pod, metadata: { ...pod.metadata, labels: { a: 'b' } } });
    const stale = api.update('Pod', pod);
    expect(stale.ok ? '' : stale.error.reason).toBe('Conflict');
    expect(api.bind('default', 'web', 'n1').ok).toBe(true);
    const again = api.bind('default', 'web', 'n2');
    expect(again.ok ? '' : again.error.message).toContain('is already assigned to node "n1"');
    api.delete('Pod', 'default', 'web');
    expect(api.get('Pod', 'default', 'web')?.metadata.deletionTimestamp).toBe('1970-01-01T00:00:30Z');
    api.delete('Pod', 'default', 'web', { gracePeriodSeconds: 0 });
    expect(api.get('Pod', 'default', 'web')).toBeUndefined();
  });

  test('watchers see writes made by other watchers after the event that caused them', () => {
    const api = server();
    const seen: string[] = [];
    api.watch('Pod', (e) => {
      if (e.type === 'ADDED')
        api.patch('Pod', { ...e.object, metadata: { ...e.object.metadata, labels: { touched: 'yes' } } });
    });
    api.watch('Pod', (e) => seen.push(`${e.type}:${e.object.metadata.labels?.touched ?? '-'}`));
    api.create(basicPod());
    expect(seen).toEqual(['ADDED:-', 'MODIFIED:yes']);
  });
});

describe('kubectl apply on the simulation', () => {
  test('applying the same manifests again changes nothing but labels; a pod spec stays as admitted', async () => {
    const { cluster, pod, node } = await import('./builders.js');
    const sim = cluster(1, [pod('p')]);
    sim.run(5_000);
    const before = sim.api.get('Pod', 'default', 'p')!;
    const again = sim.apply(pod('p', {}, { labels: { tier: 'web' } }));
    expect(again.ok).toBe(true);
    const after = sim.api.get('Pod', 'default', 'p')!;
    expect(after.spec).toBe(before.spec);
    expect(after.metadata.labels).toEqual({ tier: 'web' });
    expect(sim.apply(node('node-1')).ok).toBe(true);
  });
});
