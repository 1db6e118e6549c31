/**
 * fast-check arbitraries for the loader's fast-path tests: well-formed objects of every supported kind, and
 * the same objects with random damage (a field replaced, removed or given an own `__proto__`).
 */
import fc from 'fast-check';

export type Doc = Record<string, unknown>;

/** An object with an own enumerable `__proto__` key, as JSON.parse makes from `{"__proto__": ...}`. */
export function withOwnProto(obj: Doc, value: unknown = { polluted: true }): Doc {
  Object.defineProperty(obj, '__proto__', { value, enumerable: true, writable: true, configurable: true });
  return obj;
}

const opt = <T extends Doc>(model: { [K in keyof T]: fc.Arbitrary<T[K]> }, required: (keyof T)[] = []) =>
  fc.record(model, { requiredKeys: required, noNullPrototype: true });

const name = fc.constantFrom('a', 'web-1', 'db', 'x.y');
const labels = fc.dictionary(fc.constantFrom('app', 'tier', 'zone', 'k8s.io/name'), fc.constantFrom('web', '', 'a'), {
  maxKeys: 3,
  noNullPrototype: true,
});
const quantity = fc.constantFrom<string | number>('100m', '1', '0.5', '128Mi', '1Gi', '2', 4, 0.25, '1e3', 0);
const resources = fc.dictionary(fc.constantFrom('cpu', 'memory', 'pods', 'example.com/gpu'), quantity, {
  maxKeys: 3,
  noNullPrototype: true,
});

const metadata = opt(
  {
    name,
    namespace: fc.constantFrom('default', 'kube-system', ''),
    uid: fc.constantFrom('u1', 'u2'),
    labels: fc.option(labels),
    annotations: fc.option(labels),
    creationTimestamp: fc.constantFrom('2024-01-01T00:00:00Z'),
    ownerReferences: fc.array(
      opt({ kind: fc.constantFrom('ReplicaSet'), name, controller: fc.boolean() }, ['kind', 'name']),
      {
        maxLength: 1,
      },
    ),
  },
  ['name'],
);

const selectorRequirement = (operators: readonly string[]) =>
  opt(
    {
      key: fc.constantFrom('zone', 'app'),
      operator: fc.constantFrom(...operators),
      values: fc.array(name, { maxLength: 2 }),
    },
    ['key', 'operator'],
  );
const labelSelector = opt({
  matchLabels: labels,
  matchExpressions: fc.array(selectorRequirement(['In', 'NotIn', 'Exists', 'DoesNotExist']), { maxLength: 2 }),
});
const nodeSelectorTerm = opt({
  matchExpressions: fc.array(selectorRequirement(['In', 'NotIn', 'Exists', 'Gt', 'Lt']), { maxLength: 2 }),
  matchFields: fc.array(selectorRequirement(['In']), { maxLength: 1 }),
});

const container = opt(
  {
    name,
    image: fc.constantFrom('nginx', 'busybox'),
    resources: opt({ requests: resources, limits: resources }),
    ports: fc.array(
      opt(
        {
          containerPort: fc.integer({ min: 1, max: 65535 }),
          hostPort: fc.integer({ min: 0, max: 65535 }),
          protocol: fc.constantFrom('TCP', 'UDP'),
        },
        ['containerPort'],
      ),
      { maxLength: 2 },
    ),
    restartPolicy: fc.constantFrom('Always', 'Never'),
    command: fc.array(fc.string(), { maxLength: 2 }),
  },
  ['name'],
);

const podSpec = opt(
  {
    containers: fc.array(container, { minLength: 1, maxLength: 3 }),
    initContainers: fc.array(container, { maxLength: 2 }),
    nodeName: name,
    nodeSelector: labels,
    priority: fc.integer({ min: -10, max: 2_000_000_000 }),
    priorityClassName: fc.constantFrom('high', 'low'),
    schedulerName: fc.constantFrom('default-scheduler'),
    overhead: resources,
    tolerations: fc.array(
      opt({
        key: fc.constantFrom('dedicated', ''),
        operator: fc.constantFrom('Exists', 'Equal'),
        value: fc.constantFrom('gpu'),
        effect: fc.constantFrom('NoSchedule', 'PreferNoSchedule', 'NoExecute', ''),
        tolerationSeconds: fc.integer({ min: 0, max: 600 }),
      }),
      { maxLength: 2 },
    ),
    affinity: opt({
      nodeAffinity: opt({
        requiredDuringSchedulingIgnoredDuringExecution: opt(
          { nodeSelectorTerms: fc.array(nodeSelectorTerm, { maxLength: 2 }) },
          ['nodeSelectorTerms'],
        ),
        preferredDuringSchedulingIgnoredDuringExecution: fc.array(
          opt({ weight: fc.integer({ min: 1, max: 100 }), preference: nodeSelectorTerm }, ['weight', 'preference']),
          { maxLength: 2 },
        ),
      }),
      podAntiAffinity: opt({
        requiredDuringSchedulingIgnoredDuringExecution: fc.array(
          opt({ labelSelector, topologyKey: fc.constantFrom('zone', 'kubernetes.io/hostname') }, ['topologyKey']),
          { maxLength: 1 },
        ),
      }),
    }),
    topologySpreadConstraints: fc.array(
      opt(
        {
          maxSkew: fc.integer({ min: 1, max: 5 }),
          topologyKey: fc.constantFrom('zone'),
          whenUnsatisfiable: fc.constantFrom('DoNotSchedule', 'ScheduleAnyway'),
          labelSelector,
        },
        ['maxSkew', 'topologyKey', 'whenUnsatisfiable'],
      ),
      { maxLength: 1 },
    ),
    volumes: fc.array(
      opt({ name, persistentVolumeClaim: opt({ claimName: name }, ['claimName']), emptyDir: fc.constant({}) }, [
        'name',
      ]),
      { maxLength: 1 },
    ),
  },
  ['containers'],
);

export const podArb: fc.Arbitrary<Doc> = opt(
  {
    apiVersion: fc.constant('v1'),
    kind: fc.constant('Pod'),
    metadata,
    spec: podSpec,
    status: fc.option(
      opt({ phase: fc.constantFrom('Pending', 'Running', 'Succeeded'), podIP: fc.constant('10.0.0.1') }),
    ),
  },
  ['kind', 'metadata', 'spec'],
);

export const nodeArb: fc.Arbitrary<Doc> = opt(
  {
    apiVersion: fc.constant('v1'),
    kind: fc.constant('Node'),
    metadata,
    spec: fc.option(
      opt({
        unschedulable: fc.boolean(),
        taints: fc.array(
          opt(
            {
              key: fc.constantFrom('dedicated'),
              value: fc.constantFrom('gpu'),
              effect: fc.constantFrom('NoSchedule', 'NoExecute'),
            },
            ['key', 'effect'],
          ),
          { maxLength: 2 },
        ),
        podCIDR: fc.constant('10.0.0.0/24'),
      }),
    ),
    status: opt({
      capacity: resources,
      allocatable: resources,
      images: fc.array(opt({ names: fc.array(name, { maxLength: 2 }), sizeBytes: fc.nat() }), { maxLength: 2 }),
      conditions: fc.array(
        opt({ type: fc.constant('Ready'), status: fc.constantFrom('True', 'False') }, ['type', 'status']),
        {
          maxLength: 1,
        },
      ),
    }),
  },
  ['kind', 'metadata'],
);

const template = opt({ metadata: opt({ labels }), spec: podSpec }, ['spec']);
const workload = (kind: string) =>
  opt(
    {
      apiVersion: fc.constant('apps/v1'),
      kind: fc.constant(kind),
      metadata,
      spec: opt({ replicas: fc.nat(5), selector: labelSelector, template }, ['selector', 'template']),
      status: opt({ replicas: fc.nat(5), readyReplicas: fc.nat(5) }),
    },
    ['kind', 'metadata', 'spec'],
  );

/** A well-formed object of each supported kind. */
const WELL_FORMED: Readonly<Record<string, fc.Arbitrary<Doc>>> = {
  Pod: podArb,
  Node: nodeArb,
  Namespace: opt({ kind: fc.constant('Namespace'), metadata, status: opt({ phase: fc.constant('Active') }) }, [
    'kind',
    'metadata',
  ]),
  PriorityClass: opt(
    {
      kind: fc.constant('PriorityClass'),
      metadata,
      value: fc.integer({ min: -1000, max: 2_000_000_000 }),
      globalDefault: fc.boolean(),
    },
    ['kind', 'metadata', 'value'],
  ),
  PodDisruptionBudget: opt(
    {
      kind: fc.constant('PodDisruptionBudget'),
      metadata,
      spec: opt({
        selector: labelSelector,
        minAvailable: fc.oneof(fc.nat(3), fc.constant('50%')),
        maxUnavailable: fc.nat(2),
      }),
      status: opt({ disruptionsAllowed: fc.nat(3), desiredHealthy: fc.integer({ min: -1, max: 3 }) }),
    },
    ['kind', 'metadata', 'spec'],
  ),
  Service: opt(
    {
      kind: fc.constant('Service'),
      metadata,
      spec: opt({
        selector: labels,
        ports: fc.array(
          opt({ port: fc.integer({ min: 1, max: 65535 }), targetPort: fc.oneof(fc.nat(9000), name) }, ['port']),
          {
            maxLength: 2,
          },
        ),
        type: fc.constantFrom('ClusterIP', 'NodePort'),
      }),
    },
    ['kind', 'metadata'],
  ),
  ReplicaSet: workload('ReplicaSet'),
  ReplicationController: workload('ReplicationController').map((rc) => ({ ...rc, apiVersion: 'v1' })),
  Deployment: workload('Deployment'),
  StatefulSet: workload('StatefulSet'),
  PersistentVolume: opt(
    {
      kind: fc.constant('PersistentVolume'),
      metadata,
      spec: opt({
        capacity: resources,
        accessModes: fc.array(fc.constantFrom('ReadWriteOnce', 'ReadOnlyMany'), { maxLength: 2 }),
      }),
    },
    ['kind', 'metadata', 'spec'],
  ),
  PersistentVolumeClaim: opt(
    {
      kind: fc.constant('PersistentVolumeClaim'),
      metadata,
      spec: opt({ storageClassName: fc.constantFrom('', 'fast'), resources: opt({ requests: resources }) }),
    },
    ['kind', 'metadata', 'spec'],
  ),
  StorageClass: opt(
    {
      kind: fc.constant('StorageClass'),
      metadata,
      provisioner: fc.constantFrom('kubernetes.io/no-provisioner', ''),
      volumeBindingMode: fc.constantFrom('Immediate', 'WaitForFirstConsumer'),
    },
    ['kind', 'metadata', 'provisioner'],
  ),
};

/** Values that break a field in many ways: wrong types, out of range, non-finite, bad quantities and enums. */
const damage = fc.oneof(
  fc.constantFrom<unknown>(
    null,
    '',
    'x',
    '-1',
    '1e999',
    ' 1',
    0,
    -1,
    1.5,
    65536,
    2 ** 53,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    -0,
    true,
    [],
    {},
    [{}],
    'Always',
    'NoSchedule',
    'In',
  ),
  fc.jsonValue({ maxDepth: 2 }),
);

type Path = readonly (string | number)[];

function pathsOf(v: unknown, at: Path = [], out: Path[] = []): Path[] {
  if (typeof v !== 'object' || v === null) return out;
  for (const [k, x] of Object.entries(v)) {
    const p = [...at, Array.isArray(v) ? Number(k) : k];
    out.push(p);
    pathsOf(x, p, out);
  }
  return out;
}

type Edit = { readonly at: number; readonly kind: 'set' | 'delete' | 'proto' | 'extra'; readonly value: unknown };

function applyEdit(root: Doc, edit: Edit): void {
  // A copy: `constantFrom` hands out the same `{}` / `[]` objects again and again, and setting one inside itself
  // (an `extra` edit on a place that already holds it) would make a cycle no JSON or YAML document has.
  const value = structuredClone(edit.value);
  const paths = pathsOf(root);
  const path = paths.length === 0 ? [] : paths[edit.at % paths.length]!;
  let parent: unknown = root;
  for (const k of path.slice(0, -1)) parent = (parent as Record<string | number, unknown>)[k];
  const key = path[path.length - 1];
  const target = parent as Record<string | number, unknown>;
  if (key === undefined) return;
  const here = target[key];
  if (edit.kind === 'delete') {
    if (Array.isArray(target)) target.splice(Number(key), 1);
    else delete target[key];
  } else if (edit.kind === 'proto' && typeof here === 'object' && here !== null && !Array.isArray(here)) {
    withOwnProto(here as Doc, value);
  } else if (edit.kind === 'extra' && typeof here === 'object' && here !== null && !Array.isArray(here)) {
    (here as Doc).unknownField = value;
  } else {
    target[key] = value;
  }
}

/** A well-formed object of the kind (or, rarely, of another kind) with up to three random edits. */
export function mutatedObject(kind: string): fc.Arbitrary<Doc> {
  const base = WELL_FORMED[kind] ?? podArb;
  const edit = fc.record({
    at: fc.nat(),
    kind: fc.constantFrom('set', 'delete', 'proto', 'extra'),
    value: damage,
  }) as fc.Arbitrary<Edit>;
  return fc.tuple(base, fc.array(edit, { maxLength: 3 })).map(([obj, edits]) => {
    const copy = structuredClone(obj);
    for (const e of edits) applyEdit(copy, e);
    return copy;
  });
}
