import { PeapodError, parseManifests } from '@peapod/core';
import { clusterOf, makeNode, makePod } from '@peapod/testing';
import { describe, expect, test } from 'vitest';
import { HOSTNAME_LABEL, nodeCopy, nodeTemplateFrom, replicaTemplateFrom } from '../src/index.js';

const load = (text: string) => parseManifests(text, 'tmpl.yaml');

const DEPLOYMENT = `
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web }, annotations: { a: b } }
    spec:
      containers: [{ name: web, image: nginx, resources: { requests: { cpu: 100m } } }]
`;

const STATEFUL_SET = `
apiVersion: apps/v1
kind: StatefulSet
metadata: { name: db }
spec:
  selector: { matchLabels: { app: db } }
  template:
    metadata: { labels: { app: db } }
    spec: { containers: [{ name: db }] }
`;

describe('replicaTemplateFrom', () => {
  test('a Pod: the replicas keep labels, owner and spec, lose nodeName and status', () => {
    const pod = makePod('web-7f9-abc', 'shop').label('app', 'web').cpu('1').node('n1').obj();
    pod.metadata.ownerReferences = [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-7f9', controller: true }];
    pod.status = { phase: 'Running' };
    const template = replicaTemplateFrom(clusterOf({ pods: [pod] }), 'pod.yaml');
    expect(template).toMatchObject({ kind: 'Pod', namespace: 'shop', name: 'web-7f9-abc' });
    const replica = template.replica(3);
    expect(replica.metadata).toEqual({
      name: 'web-7f9-abc-capacity-3',
      namespace: 'shop',
      labels: { app: 'web' },
      ownerReferences: pod.metadata.ownerReferences,
    });
    expect(replica.spec.nodeName).toBeUndefined();
    expect(replica.status).toBeUndefined();
    expect(replica.spec.containers).toEqual(pod.spec.containers);
    const objects = clusterOf({});
    expect(template.withController(objects)).toBe(objects);
  });

  test('a Deployment: replicas owned by a ReplicaSet <name>-capacity with its selector, added to the cluster', () => {
    const template = replicaTemplateFrom(load(DEPLOYMENT), 'deploy.yaml');
    expect(template).toMatchObject({ kind: 'Deployment', namespace: 'shop', name: 'web' });
    expect(template.replica(1).metadata).toEqual({
      name: 'web-capacity-1',
      namespace: 'shop',
      labels: { app: 'web' },
      annotations: { a: 'b' },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-capacity', controller: true }],
    });
    const cluster = template.withController(clusterOf({}));
    expect(cluster.replicaSets).toHaveLength(1);
    expect(cluster.replicaSets[0]).toMatchObject({
      metadata: { name: 'web-capacity', namespace: 'shop' },
      spec: { selector: { matchLabels: { app: 'web' } } },
    });
  });

  test('a StatefulSet: owned by the StatefulSet, which is added only when the cluster lacks it', () => {
    const template = replicaTemplateFrom(load(STATEFUL_SET), 'sts.yaml');
    expect(template.replica(2).metadata).toMatchObject({
      name: 'db-capacity-2',
      namespace: 'default',
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'db', controller: true }],
    });
    const once = template.withController(clusterOf({}));
    expect(once.statefulSets).toHaveLength(1);
    expect(template.withController(once)).toBe(once);
  });

  test.each([
    {
      name: 'an empty file',
      text: '',
      message: 'tmpl.yaml: expected one Pod, Deployment, ReplicaSet or StatefulSet, found no object',
    },
    {
      name: 'a Node',
      text: 'apiVersion: v1\nkind: Node\nmetadata: { name: n1 }\n',
      message: 'tmpl.yaml: expected one Pod, Deployment, ReplicaSet or StatefulSet, found Node n1',
    },
    {
      name: 'two pods',
      text: 'kind: Pod\napiVersion: v1\nmetadata: { name: a }\nspec: { containers: [{ name: c }] }\n---\nkind: Pod\napiVersion: v1\nmetadata: { name: b }\nspec: { containers: [{ name: c }] }\n',
      message:
        'tmpl.yaml: expected one Pod, Deployment, ReplicaSet or StatefulSet, found 2 objects: Pod default/a, Pod default/b',
    },
    {
      name: 'a kind the scheduler does not read',
      text: 'apiVersion: batch/v1\nkind: Job\nmetadata: { name: j }\n',
      message: 'tmpl.yaml: expected one Pod, Deployment, ReplicaSet or StatefulSet, found 1 object of kind Job',
    },
  ])('rejects $name', ({ text, message }) => {
    const objects = load(text);
    expect(() => replicaTemplateFrom(objects, 'tmpl.yaml')).toThrow(new PeapodError('PEAPOD_INPUT_INVALID', message));
  });
});

describe('node templates', () => {
  test('nodeTemplateFrom takes the one Node of a file and rejects anything else', () => {
    expect(
      nodeTemplateFrom(load('apiVersion: v1\nkind: Node\nmetadata: { name: big }\n'), 'n.yaml').metadata.name,
    ).toBe('big');
    expect(() => nodeTemplateFrom(load(DEPLOYMENT), 'n.yaml')).toThrow(
      'n.yaml: expected one Node, found Deployment shop/web',
    );
  });

  test('nodeCopy names copy i <name>-<i> and gives it its own hostname label', () => {
    const node = makeNode('big').label(HOSTNAME_LABEL, 'big').label('zone', 'a').allocatable({ cpu: '4' }).obj();
    node.metadata.uid = 'u-1';
    const copy = nodeCopy(node, 2);
    expect(copy.metadata).toEqual({ name: 'big-2', labels: { [HOSTNAME_LABEL]: 'big-2', zone: 'a' } });
    expect(copy.status).toEqual(node.status);
    expect(node.metadata.name).toBe('big');
  });
});
