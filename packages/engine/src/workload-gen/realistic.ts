/**
 * The `basic` and `mixed` workloads: clusters shaped like `../shared/perf/basic-5000` and `mixed-5000`.
 * Written in the order a dump lists them: namespaces, priority classes, nodes, the workload objects
 * (ReplicaSets, StatefulSets, ReplicationControllers, Services, PodDisruptionBudgets), bound pods (one
 * daemon pod per node and daemon, then the applications' running replicas) and the pending pods in
 * PrioritySort order (priority, then creation time), as `../shared/fidelity`'s run semantics expect.
 */
import { type App, type ClusterFacts, generateApp, NAMESPACES, PRIORITY_CLASSES } from './app-shape.js';
import {
  BASIC_CLUSTER,
  type ClusterShape,
  type GenNode,
  generateNodes,
  imageCatalogue,
  MIXED_CLUSTER,
} from './cluster-shape.js';
import {
  BOUND_EPOCH,
  cpuQuantity,
  type KubeObject,
  memoryQuantity,
  namespaceObject,
  PENDING_EPOCH,
  PENDING_STATUS,
  runningStatus,
  timestamp,
} from './objects.js';
import { Placement } from './placement.js';
import { type GenRandom, ordinalSuffix } from './random.js';
import type { ResolvedWorkloadOptions, WorkloadDefinition } from './types.js';

interface Daemon {
  readonly name: string;
  readonly namespace: string;
  readonly image: string;
  readonly cpuMilli: number;
  readonly memoryMi?: number;
  readonly hostPort?: number;
}

const NODE_EXPORTER: Daemon = {
  name: 'node-exporter',
  namespace: 'monitoring',
  image: 'quay.io/prometheus/node-exporter:v1.7.0',
  cpuMilli: 100,
  memoryMi: 180,
  hostPort: 9100,
};
const LOG_AGENT: Daemon = {
  name: 'fluent-bit',
  namespace: 'monitoring',
  image: 'fluent/fluent-bit:2.2.0',
  cpuMilli: 50,
  memoryMi: 64,
};
const KUBE_PROXY: Daemon = {
  name: 'kube-proxy',
  namespace: 'kube-system',
  image: 'registry.k8s.io/kube-proxy:v1.26.7',
  cpuMilli: 100,
};

function priorityClassObject(spec: (typeof PRIORITY_CLASSES)[number]): KubeObject {
  return {
    apiVersion: 'scheduling.k8s.io/v1',
    kind: 'PriorityClass',
    metadata: { name: spec.name },
    value: spec.value,
    preemptionPolicy: spec.preemptionPolicy,
  };
}

function daemonPod(daemon: Daemon, node: GenNode, index: number): KubeObject {
  const requests: Record<string, string> = { cpu: cpuQuantity(daemon.cpuMilli) };
  if (daemon.memoryMi !== undefined) requests.memory = memoryQuantity(daemon.memoryMi);
  const ports =
    daemon.hostPort !== undefined
      ? [{ containerPort: daemon.hostPort, hostPort: daemon.hostPort, protocol: 'TCP' }]
      : undefined;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `${daemon.name}-${ordinalSuffix(index, daemon.name.length)}`,
      namespace: daemon.namespace,
      creationTimestamp: timestamp(BOUND_EPOCH),
      labels: { app: daemon.name, 'controller-revision-hash': '6d4f9b7c8', 'pod-template-generation': '1' },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: daemon.name, controller: true }],
    },
    spec: {
      containers: [{ name: daemon.name, image: daemon.image, ...(ports ? { ports } : {}), resources: { requests } }],
      restartPolicy: 'Always',
      nodeName: node.name,
      schedulerName: 'default-scheduler',
      tolerations: [{ operator: 'Exists' }],
      priorityClassName: 'system-node-critical',
      priority: 2_000_001_000,
      preemptionPolicy: 'PreemptLowerPriority',
    },
    status: runningStatus(BOUND_EPOCH + 30_000),
  };
}

/** The template of a controller: container names and images only, as in the dumps. */
function template(app: App): KubeObject {
  const containers = (app.spec.containers as KubeObject[]).map((c) => ({ name: c.name, image: c.image }));
  return { metadata: { labels: app.labels }, spec: { containers } };
}

function ownerObject(app: App, replicas: number, createdMs: number): KubeObject | undefined {
  const metadata = {
    name: app.ownerName,
    namespace: app.namespace,
    creationTimestamp: timestamp(createdMs),
    labels: app.labels,
  };
  switch (app.owner) {
    case 'ReplicaSet':
      return {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        metadata,
        spec: {
          replicas,
          selector: { matchLabels: { app: app.name, 'pod-template-hash': app.labels['pod-template-hash']! } },
          template: template(app),
        },
      };
    case 'StatefulSet':
      return {
        apiVersion: 'apps/v1',
        kind: 'StatefulSet',
        metadata,
        spec: {
          replicas,
          serviceName: app.name,
          selector: { matchLabels: { app: app.name } },
          template: template(app),
          podManagementPolicy: 'Parallel',
        },
      };
    case 'ReplicationController':
      return {
        apiVersion: 'v1',
        kind: 'ReplicationController',
        metadata,
        spec: { replicas, selector: { app: app.name, version: app.labels.version! }, template: template(app) },
      };
    default:
      return undefined;
  }
}

function serviceObject(app: App): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: app.name, namespace: app.namespace, labels: { app: app.name } },
    spec: {
      selector: { app: app.name },
      ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 8080 }],
      ...(app.owner === 'StatefulSet' ? { clusterIP: 'None' } : {}),
      type: 'ClusterIP',
    },
  };
}

/** The PDB with the status the disruption controller would report for `running` of `expected` pods. */
function pdbObject(app: App, pdb: KubeObject, expected: number, running: number): KubeObject {
  const { minAvailable, maxUnavailable } = pdb as { minAvailable?: number; maxUnavailable?: number | string };
  const unavailable =
    typeof maxUnavailable === 'string'
      ? Math.ceil((expected * Number.parseInt(maxUnavailable, 10)) / 100)
      : maxUnavailable;
  const desiredHealthy = minAvailable ?? Math.max(0, expected - (unavailable ?? 0));
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name: `${app.name}-pdb`, namespace: app.namespace },
    spec: pdb,
    status: {
      currentHealthy: running,
      desiredHealthy,
      disruptionsAllowed: Math.max(0, running - desiredHealthy),
      expectedPods: expected,
    },
  };
}

function podName(app: App, ordinal: number): string {
  switch (app.owner) {
    case 'ReplicaSet':
      return `${app.ownerName}-${ordinalSuffix(ordinal, app.salt)}`;
    case 'StatefulSet':
      return `${app.name}-${ordinal}`;
    case 'None':
      // A bare pod; when the counts give its app a second one, it is numbered.
      return ordinal === 0 ? app.name : `${app.name}-${ordinal}`;
    default:
      return `${app.name}-${ordinalSuffix(ordinal, app.salt)}`;
  }
}

const OWNER_API_VERSION: Readonly<Record<string, string>> = {
  ReplicaSet: 'apps/v1',
  StatefulSet: 'apps/v1',
  ReplicationController: 'v1',
  Job: 'batch/v1',
};

function appPod(app: App, ordinal: number, createdMs: number, nodeName: string | undefined): KubeObject {
  const name = podName(app, ordinal);
  const labels =
    app.owner === 'StatefulSet' ? { ...app.labels, 'statefulset.kubernetes.io/pod-name': name } : app.labels;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: app.namespace,
      creationTimestamp: timestamp(createdMs),
      labels,
      ...(app.owner !== 'None'
        ? {
            ownerReferences: [
              { apiVersion: OWNER_API_VERSION[app.owner], kind: app.owner, name: app.ownerName, controller: true },
            ],
          }
        : {}),
    },
    spec: nodeName !== undefined ? { ...app.spec, nodeName } : app.spec,
    status: nodeName !== undefined ? runningStatus(createdMs + 23_000) : PENDING_STATUS,
  };
}

function* realisticWorkload(
  shape: ClusterShape,
  mixed: boolean,
  o: ResolvedWorkloadOptions,
  random: GenRandom,
): Generator<KubeObject> {
  for (const [name, labels] of NAMESPACES) yield namespaceObject(name, labels);
  for (const spec of PRIORITY_CLASSES) yield priorityClassObject(spec);

  const images = imageCatalogue(random.fork('images'));
  const nodes: GenNode[] = [];
  yield* generateNodes(shape, o.nodes, images, random.fork('nodes'), nodes);

  // Applications until their replicas cover every pod; each gets its share of bound and pending pods.
  const facts: ClusterFacts = { shape, zones: shape.regions.flatMap((r) => r.zones), images };
  const appRandom = random.fork('apps');
  const total = o.existingPods + o.pods;
  const apps: App[] = [];
  const recent: string[] = [];
  let slots = 0;
  while (slots < total) {
    const app = generateApp(apps.length, facts, { mixed }, recent, appRandom);
    apps.push(app);
    slots += app.replicas;
    recent.push(app.name);
    if (recent.length > 64) recent.shift();
  }
  const bound = new Int32Array(apps.length);
  const pending = new Int32Array(apps.length);
  let cumulative = 0;
  for (let a = 0; a < apps.length; a++) {
    const before = cumulative;
    cumulative += apps[a]!.replicas;
    bound[a] = Math.floor((o.existingPods * cumulative) / slots) - Math.floor((o.existingPods * before) / slots);
    pending[a] = Math.floor((o.pods * cumulative) / slots) - Math.floor((o.pods * before) / slots);
  }

  for (let a = 0; a < apps.length; a++) {
    const app = apps[a]!;
    const replicas = bound[a]! + pending[a]!;
    if (replicas === 0) continue;
    const created = BOUND_EPOCH + a * 60_000;
    const owner = ownerObject(app, replicas, created);
    if (owner !== undefined) yield owner;
    if (app.service) yield serviceObject(app);
    if (app.pdb !== undefined) yield pdbObject(app, app.pdb, replicas, bound[a]!);
  }

  const placement = new Placement(nodes);
  const daemons = mixed ? [NODE_EXPORTER, LOG_AGENT, KUBE_PROXY] : [NODE_EXPORTER];
  for (const daemon of daemons) {
    for (let i = 0; i < nodes.length; i++) {
      placement.reserve(i, daemon.cpuMilli, daemon.memoryMi ?? 0);
      yield daemonPod(daemon, nodes[i]!, i);
    }
  }

  const placeRandom = random.fork('placement');
  let created = 0;
  for (let a = 0; a < apps.length; a++) {
    const app = apps[a]!;
    for (let r = 0; r < bound[a]!; r++) {
      const node = placement.place(app, placeRandom);
      yield appPod(app, r, BOUND_EPOCH + 3_600_000 + created++ * 37_000, node >= 0 ? nodes[node]!.name : undefined);
    }
  }

  // Pending pods in queue order: higher priority first, then by creation time (the order written).
  const orderRandom = random.fork('order');
  const order = apps
    .map((app, a) => ({ a, priority: app.priority, key: orderRandom.float() }))
    .filter((e) => pending[e.a]! > 0);
  order.sort((x, y) => y.priority - x.priority || x.key - y.key);
  let queued = 0;
  for (const { a } of order) {
    const app = apps[a]!;
    for (let r = 0; r < pending[a]!; r++) yield appPod(app, bound[a]! + r, PENDING_EPOCH + queued++ * 1000, undefined);
  }
}

export const REALISTIC_WORKLOADS: readonly WorkloadDefinition[] = [
  {
    name: 'basic',
    description:
      'like ../shared/perf/basic-5000: node pools over 3 zones, ReplicaSets/StatefulSets/Jobs with Services, requests, nodeSelector, node affinity, tolerations, priorities; plus 1 daemon pod per node',
    defaults: { nodes: 5000, pods: 10_000, existingPerNode: 5.4 },
    generate: (options, random) => realisticWorkload(BASIC_CLUSTER, false, options, random),
  },
  {
    name: 'mixed',
    description:
      'like ../shared/perf/mixed-5000: basic over 2 regions plus topology spread, pod (anti-)affinity, spot/dedicated taints, host ports; plus 3 daemon pods per node',
    defaults: { nodes: 5000, pods: 10_000, existingPerNode: 4.1 },
    generate: (options, random) => realisticWorkload(MIXED_CLUSTER, true, options, random),
  },
];
