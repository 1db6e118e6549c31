import { NodeSchema, nonZeroPodRequests, type Pod, PodSchema, podRequests } from '@peapod/core';
import { describe, expect, test } from 'vitest';
import { makeNode, makePod } from '../src/builders.js';

describe('makePod', () => {
  test('a bare pod is valid and has one container without requests', () => {
    const pod = makePod('p').obj();
    expect(PodSchema.parse(pod)).toEqual(pod);
    expect(pod.metadata).toEqual({ name: 'p', namespace: 'default' });
    expect(pod.spec.containers).toEqual([{ name: 'container-0' }]);
    expect(nonZeroPodRequests(pod)).toEqual({ cpu: 100, memory: 200 * 1024 * 1024 });
  });

  test('cpu, memory and req apply to the same (last) container', () => {
    const pod = makePod('p', 'prod').cpu('500m').memory('1Gi').req({ 'nvidia.com/gpu': 1 }).obj();
    expect(pod.metadata.namespace).toBe('prod');
    expect(pod.spec.containers).toHaveLength(1);
    expect(pod.spec.containers[0]?.resources?.requests).toEqual({ cpu: '500m', memory: '1Gi', 'nvidia.com/gpu': 1 });
  });

  test('containers, init containers, sidecars, overhead and pod-level requests', () => {
    const pod = makePod('p')
      .container({ cpu: '1' })
      .container({ cpu: '2' })
      .memory('1Gi')
      .initContainer({ cpu: '4' })
      .sidecar({ cpu: '500m' })
      .overhead({ cpu: '100m' })
      .podResources({ memory: '3Gi' })
      .obj();
    expect(PodSchema.parse(pod)).toEqual(pod);
    expect(pod.spec.containers.map((c) => c.name)).toEqual(['container-0', 'container-1']);
    expect(pod.spec.initContainers?.map((c) => [c.name, c.restartPolicy])).toEqual([
      ['init-0', undefined],
      ['init-1', 'Always'],
    ]);
    expect(podRequests(pod)).toEqual({ cpu: 4100, memory: 3 * 1024 ** 3 });
  });

  test('scheduling fields', () => {
    const pod = makePod('p')
      .label('app', 'web')
      .labels({ tier: 'fe' })
      .node('n1')
      .nominatedNode('n2')
      .priority(7)
      .priorityClass('high')
      .schedulerName('other')
      .nodeSelector({ zone: 'z1' })
      .nodeAffinityIn('zone', ['z1', 'z2'])
      .nodeAffinityNotIn('rack', ['r9'])
      .toleration({ key: 'dedicated', operator: 'Exists' })
      .spreadConstraint(1, 'zone', 'DoNotSchedule', { matchLabels: { app: 'web' } })
      .hostPort(8080)
      .hostPort(53, 'UDP', '10.0.0.1')
      .image('nginx:1.25')
      .created(new Date('2024-01-01T00:00:00Z'))
      .terminating('2024-01-02T00:00:00Z')
      .phase('Running')
      .uid('u-1')
      .obj();
    expect(PodSchema.parse(pod)).toEqual(pod);
    expect(pod.metadata).toMatchObject({
      uid: 'u-1',
      labels: { app: 'web', tier: 'fe' },
      creationTimestamp: '2024-01-01T00:00:00.000Z',
      deletionTimestamp: '2024-01-02T00:00:00Z',
    });
    expect(pod.spec).toMatchObject({ nodeName: 'n1', priority: 7, priorityClassName: 'high', schedulerName: 'other' });
    expect(pod.status).toEqual({ nominatedNodeName: 'n2', phase: 'Running' });
    expect(pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution).toEqual({
      nodeSelectorTerms: [
        {
          matchExpressions: [
            { key: 'zone', operator: 'In', values: ['z1', 'z2'] },
            { key: 'rack', operator: 'NotIn', values: ['r9'] },
          ],
        },
      ],
    });
    expect(pod.spec.containers[0]?.ports).toEqual([
      { containerPort: 8080, hostPort: 8080, protocol: 'TCP' },
      { containerPort: 53, hostPort: 53, protocol: 'UDP', hostIP: '10.0.0.1' },
    ]);
    expect(pod.spec.topologySpreadConstraints).toHaveLength(1);
  });

  test('obj() returns copies: later builder calls do not change earlier objects', () => {
    const builder = makePod('p').cpu('1');
    const first: Pod = builder.obj();
    builder.cpu('2').label('a', 'b');
    expect(first.spec.containers[0]?.resources?.requests).toEqual({ cpu: '1' });
    expect(first.metadata.labels).toBeUndefined();
    expect(builder.obj().spec.containers[0]?.resources?.requests).toEqual({ cpu: '2' });
  });
});

describe('makeNode', () => {
  test('a bare node has no allocatable resources', () => {
    const node = makeNode('n1').obj();
    expect(NodeSchema.parse(node)).toEqual(node);
    expect(node.status?.allocatable).toBeUndefined();
  });

  test('capacity sets allocatable too; allocatable alone does not touch capacity', () => {
    expect(makeNode('n').capacity({ cpu: '4' }).obj().status).toEqual({
      capacity: { cpu: '4' },
      allocatable: { cpu: '4' },
    });
    expect(makeNode('n').capacity({ cpu: '4' }).allocatable({ cpu: '3500m' }).obj().status).toEqual({
      capacity: { cpu: '4' },
      allocatable: { cpu: '3500m' },
    });
  });

  test('labels, taints, unschedulable and images', () => {
    const node = makeNode('n1')
      .label('zone', 'z1')
      .labels({ 'kubernetes.io/hostname': 'n1' })
      .taint('dedicated', 'gpu', 'NoSchedule')
      .taint('spot', '', 'PreferNoSchedule')
      .unschedulable()
      .image('nginx:1.25', 100)
      .image(['a:1', 'a@sha256:x'], 200)
      .obj();
    expect(NodeSchema.parse(node)).toEqual(node);
    expect(node.metadata.labels).toEqual({ zone: 'z1', 'kubernetes.io/hostname': 'n1' });
    expect(node.spec).toEqual({
      unschedulable: true,
      taints: [
        { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' },
        { key: 'spot', value: '', effect: 'PreferNoSchedule' },
      ],
    });
    expect(node.status?.images).toEqual([
      { names: ['nginx:1.25'], sizeBytes: 100 },
      { names: ['a:1', 'a@sha256:x'], sizeBytes: 200 },
    ]);
  });
});
