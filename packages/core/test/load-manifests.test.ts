import { dump } from 'js-yaml';
import { describe, expect, test } from 'vitest';
import {
  emptyClusterObjects,
  formatObjectRef,
  formatOrigin,
  parseManifests,
  summarizeIgnoredKinds,
} from '../src/load/index.js';

type Doc = Record<string, unknown>;

const pod = (name: string, extra: Doc = {}): Doc => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name },
  spec: { containers: [{ name: 'app', image: 'nginx' }] },
  ...extra,
});
const node = (name: string): Doc => ({ apiVersion: 'v1', kind: 'Node', metadata: { name } });
const yamlOf = (...docs: unknown[]): string => docs.map((d) => dump(d)).join('---\n');

describe('documents and lists', () => {
  test('JSON and YAML give the same objects', () => {
    const fromJson = parseManifests(JSON.stringify(pod('web-1')), 'a.json');
    const fromYaml = parseManifests(yamlOf(pod('web-1')), 'a.yaml');
    expect(fromJson.pods).toEqual(fromYaml.pods);
  });

  test('empty documents are skipped but still numbered', () => {
    const objects = parseManifests(`---\n${yamlOf(pod('a'))}---\n---\n${yamlOf(pod('b'))}...\n`, 'c.yaml');
    expect(objects.pods.map((p) => [p.metadata.name, objects.origins.get(p)])).toEqual([
      ['a', { file: 'c.yaml', document: 1 }],
      ['b', { file: 'c.yaml', document: 3 }],
    ]);
  });

  test.each([
    { name: 'an empty file', text: '' },
    { name: 'only comments', text: '# nothing here\n' },
    { name: 'a null document', text: '---\nnull\n' },
  ])('$name loads as nothing', ({ text }) => {
    expect(parseManifests(text, 'c.yaml')).toEqual(emptyClusterObjects());
  });

  test('a kind: List holds mixed kinds, each item with its origin', () => {
    const list = { apiVersion: 'v1', kind: 'List', items: [node('n1'), pod('web-1'), { kind: 'ConfigMap' }] };
    const objects = parseManifests(JSON.stringify(list), 'all.json');
    expect(objects.nodes.map((n) => n.metadata.name)).toEqual(['n1']);
    expect(objects.pods.map((p) => objects.origins.get(p))).toEqual([{ file: 'all.json', document: 1, item: 1 }]);
    expect(objects.ignoredKinds).toEqual({ ConfigMap: 1 });
  });

  test.each([
    { name: 'PodList', kind: 'PodList', field: 'pods' },
    { name: 'NodeList', kind: 'NodeList', field: 'nodes' },
    { name: 'ServiceList', kind: 'ServiceList', field: 'services' },
  ] as const)('items of a $name carry no kind: it comes from the list', ({ kind, field }) => {
    const item = (name: string) => ({ metadata: { name }, spec: { containers: [{ name: 'app' }] } });
    const list = { kind, apiVersion: 'v1', items: [item('x'), item('y')] };
    const objects = parseManifests(JSON.stringify(list), 'l.json');
    expect(objects[field]).toHaveLength(2);
  });

  test('an empty or null list is fine', () => {
    const text = yamlOf({ kind: 'PodList', items: [] }, { kind: 'NodeList', items: null }, { kind: 'List' });
    expect(parseManifests(text, 'l.yaml')).toEqual(emptyClusterObjects());
  });

  test('items of a list of another API group are that group’s kind', () => {
    const list = { apiVersion: 'serving.knative.dev/v1', kind: 'ServiceList', items: [{ metadata: { name: 's' } }] };
    const objects = parseManifests(JSON.stringify(list), 'l.json');
    expect(objects.services).toEqual([]);
    expect(objects.ignoredKinds).toEqual({ 'Service.serving.knative.dev': 1 });
  });
});

describe('namespaces, unknown fields and ignored kinds', () => {
  test('namespaced kinds default to the default namespace; cluster-scoped kinds get none', () => {
    const text = yamlOf(
      pod('a'),
      pod('b', { metadata: { name: 'b', namespace: 'prod' } }),
      node('n1'),
      { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'c' }, spec: {} },
      { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'high' }, value: 1000 },
    );
    const objects = parseManifests(text, 'c.yaml');
    expect(objects.pods.map((p) => p.metadata.namespace)).toEqual(['default', 'prod']);
    expect(objects.persistentVolumeClaims[0]?.metadata.namespace).toBe('default');
    expect(objects.nodes[0]?.metadata.namespace).toBeUndefined();
    expect(objects.priorityClasses[0]?.metadata.namespace).toBeUndefined();
  });

  test('unknown fields are kept as written, at every level', () => {
    const text = yamlOf({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'a', selfLink: '/api/v1/pods/a', managedFields: [{ manager: 'kubectl' }] },
      spec: {
        containers: [{ name: 'app', command: ['sh'], resources: { requests: { cpu: 1 }, claims: [{ name: 'gpu' }] } }],
        dnsPolicy: 'Default',
      },
      status: { qosClass: 'BestEffort' },
      extra: { any: ['thing'] },
    });
    const [p] = parseManifests(text, 'c.yaml').pods;
    expect(p).toMatchObject({
      metadata: { selfLink: '/api/v1/pods/a', managedFields: [{ manager: 'kubectl' }] },
      spec: {
        containers: [{ command: ['sh'], resources: { requests: { cpu: 1 }, claims: [{ name: 'gpu' }] } }],
        dnsPolicy: 'Default',
      },
      status: { qosClass: 'BestEffort' },
      extra: { any: ['thing'] },
    });
  });

  test('kinds the scheduler does not use are counted, never dropped silently', () => {
    const text = yamlOf(
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b' } },
      { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j' } },
      { apiVersion: 'kubescheduler.config.k8s.io/v1', kind: 'KubeSchedulerConfiguration', profiles: [] },
      { apiVersion: 'v1', kind: 'ConfigMapList', items: [{ metadata: { name: 'c' } }] },
      { kind: 'constructor' },
      pod('web-1'),
    );
    const objects = parseManifests(text, 'c.yaml');
    expect(objects.pods).toHaveLength(1);
    expect({ ...objects.ignoredKinds }).toEqual({
      ConfigMap: 3,
      Job: 1,
      KubeSchedulerConfiguration: 1,
      constructor: 1,
    });
    expect(summarizeIgnoredKinds(objects.ignoredKinds)).toBe(
      'ignored 6 objects of kinds the scheduler does not use: ConfigMap 3, Job 1, KubeSchedulerConfiguration 1, constructor 1',
    );
  });

  test.each([
    { name: 'apps/v1 Deployment', apiVersion: 'apps/v1', loaded: 1 },
    { name: 'extensions/v1beta1 Deployment', apiVersion: 'extensions/v1beta1', loaded: 1 },
    { name: 'no apiVersion', apiVersion: undefined, loaded: 1 },
    { name: 'a Deployment of another group', apiVersion: 'example.com/v1', loaded: 0 },
  ])('$name', ({ apiVersion, loaded }) => {
    const deployment = {
      apiVersion,
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: { selector: {}, template: { spec: { containers: [{ name: 'app' }] } } },
    };
    expect(parseManifests(JSON.stringify(deployment), 'd.json').deployments).toHaveLength(loaded);
  });
});

describe('loading into existing objects', () => {
  test('appends, and reports duplicates of what is already there', () => {
    const objects = parseManifests(yamlOf(pod('a')), 'one.yaml');
    parseManifests(yamlOf(pod('b')), 'two.yaml', objects);
    expect(objects.pods.map((p) => p.metadata.name)).toEqual(['a', 'b']);
    expect(() => parseManifests(yamlOf(pod('a')), 'three.yaml', objects)).toThrow(
      'three.yaml: document 1 (Pod default/a): duplicate object, first defined at one.yaml: document 1',
    );
  });
});

describe('container port warnings, as kube-apiserver gives them', () => {
  const ports = (...list: Doc[][]): Doc => ({
    containers: list.map((p, i) => ({ name: `c${i}`, ports: p })),
  });
  test.each([
    {
      name: 'the same port in two containers',
      spec: ports([{ containerPort: 80 }], [{ containerPort: 80, protocol: 'TCP' }]),
      want: ['spec.containers[1].ports[0]: duplicate port definition with spec.containers[0].ports[0]'],
    },
    {
      name: 'the same port twice in one container',
      spec: ports([{ containerPort: 53 }, { containerPort: 80 }, { containerPort: 53 }]),
      want: ['spec.containers[0].ports[2]: duplicate port definition with spec.containers[0].ports[0]'],
    },
    {
      name: 'an init container and an app container',
      spec: { ...ports([{ containerPort: 8080 }]), initContainers: [{ name: 'i', ports: [{ containerPort: 8080 }] }] },
      want: ['spec.containers[0].ports[0]: duplicate port definition with spec.initContainers[0].ports[0]'],
    },
    {
      name: 'one with a host port, one without',
      spec: ports([{ containerPort: 80, hostPort: 80 }], [{ containerPort: 80 }]),
      want: ['spec.containers[1].ports[0]: overlapping port definition with spec.containers[0].ports[0]'],
    },
    {
      name: 'the same host port, one with a host IP',
      spec: ports([{ containerPort: 80, hostPort: 80, hostIP: '10.0.0.1' }], [{ containerPort: 80, hostPort: 80 }]),
      want: ['spec.containers[1].ports[0]: dangerously ambiguous port definition with spec.containers[0].ports[0]'],
    },
    {
      name: 'a host IP without a host port',
      spec: ports([{ containerPort: 80, hostIP: '10.0.0.1' }]),
      want: ['spec.containers[0].ports[0]: hostIP set without hostPort'],
    },
    {
      name: 'other protocols',
      spec: ports([{ containerPort: 53 }], [{ containerPort: 53, protocol: 'UDP' }]),
      want: [],
    },
    {
      name: 'different host ports',
      spec: ports([{ containerPort: 80, hostPort: 80 }], [{ containerPort: 80, hostPort: 81 }]),
      want: [],
    },
  ])('$name', ({ spec, want }) => {
    const objects = parseManifests(yamlOf(pod('web-1', { spec }), pod('web-2')), 'p.yaml');
    expect(objects.warnings).toEqual(
      want.map((message) => ({ origin: { file: 'p.yaml', document: 1 }, object: 'Pod default/web-1', message })),
    );
  });

  test('workload templates are checked too', () => {
    const spec = ports([{ containerPort: 80 }], [{ containerPort: 80 }]);
    const deployment = { kind: 'Deployment', metadata: { name: 'web' }, spec: { selector: {}, template: { spec } } };
    const objects = parseManifests(yamlOf(deployment), 'd.yaml');
    expect(objects.warnings.map((w) => `${w.object}: ${w.message}`)).toEqual([
      'Deployment default/web: spec.template.spec.containers[1].ports[0]: duplicate port definition with spec.template.spec.containers[0].ports[0]',
    ]);
  });
});

describe('formatting helpers', () => {
  test.each([
    { kind: 'Pod', meta: { name: 'web-1', namespace: 'prod' }, want: 'Pod prod/web-1' },
    { kind: 'Pod', meta: { name: 'web-1' }, want: 'Pod default/web-1' },
    { kind: 'Pod', meta: undefined, want: 'Pod default/<unnamed>' },
    { kind: 'Node', meta: { name: 'n1', namespace: 'ignored' }, want: 'Node n1' },
    { kind: 'StorageClass', meta: { name: 'fast' }, want: 'StorageClass fast' },
    { kind: 'ConfigMap', meta: { name: 'c', namespace: 'kube-system' }, want: 'ConfigMap kube-system/c' },
    { kind: 'ClusterRole', meta: { name: 'admin' }, want: 'ClusterRole admin' },
  ])('formatObjectRef($kind) is $want', ({ kind, meta, want }) => {
    expect(formatObjectRef(kind, meta)).toBe(want);
  });

  test('formatOrigin prints items 1-based', () => {
    expect(formatOrigin({ file: 'a.yaml', document: 3 })).toBe('a.yaml: document 3');
    expect(formatOrigin({ file: 'l.json', document: 1, item: 6 })).toBe('l.json: document 1, item 7');
  });

  test.each<{ name: string; ignored: Record<string, number>; want: string | undefined }>([
    { name: 'none', ignored: {}, want: undefined },
    { name: 'one', ignored: { Job: 1 }, want: 'ignored 1 object of a kind the scheduler does not use: Job 1' },
    {
      name: 'several',
      ignored: { Job: 1, ConfigMap: 2 },
      want: 'ignored 3 objects of kinds the scheduler does not use: ConfigMap 2, Job 1',
    },
  ])('summarizeIgnoredKinds: $name', ({ ignored, want }) => {
    expect(summarizeIgnoredKinds(ignored)).toBe(want);
  });
});
