/**
 * Workloads shaped like upstream's scheduler_perf suite (kubernetes test/integration/scheduler_perf,
 * `config/performance-config.yaml` and its templates): the same node template (4 cpu, 32Gi, 110 pods), the
 * same pod templates, namespaces and node labels. Differences, on purpose: nodes carry
 * `kubernetes.io/hostname` (as a kubelet sets it; upstream's fake nodes lack it, which makes its hostname
 * anti-affinity a no-op) and an explicit `allocatable`; init pods are written bound to nodes (upstream
 * schedules them before it measures), except in Unschedulable, where they cannot fit and stay pending.
 */
import {
  BOUND_EPOCH,
  cpuQuantity,
  type KubeObject,
  memoryQuantity,
  namespaceObject,
  numbered,
  PENDING_EPOCH,
  PENDING_STATUS,
  runningStatus,
  timestamp,
  widthFor,
} from './objects.js';
import type { GenRandom } from './random.js';
import type { ResolvedWorkloadOptions, WorkloadDefinition } from './types.js';

const PAUSE_IMAGE = 'registry.k8s.io/pause:3.9';

/** config/templates/node-default.yaml, named and labelled. */
function perfNode(name: string, labels: Readonly<Record<string, string>>): KubeObject {
  const resources = { cpu: '4', memory: '32Gi', pods: '110' };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, ...labels } },
    spec: {},
    status: {
      capacity: resources,
      allocatable: resources,
      conditions: [{ type: 'Ready', status: 'True' }],
      phase: 'Running',
    },
  };
}

/** What varies between upstream's pod templates. */
interface PodTemplate {
  readonly prefix: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly cpuMilli: number;
  /** pod-large-cpu.yaml sets requests only. */
  readonly limits: boolean;
  readonly priority?: number;
  readonly terminationGracePeriodSeconds?: number;
  readonly affinity?: KubeObject;
  readonly topologySpreadConstraints?: readonly KubeObject[];
}

function perfPod(
  template: PodTemplate,
  name: string,
  namespace: string,
  createdMs: number,
  nodeName: string | undefined,
): KubeObject {
  const requests = { cpu: cpuQuantity(template.cpuMilli), memory: memoryQuantity(500) };
  const spec: KubeObject = {};
  if (template.terminationGracePeriodSeconds !== undefined) {
    spec.terminationGracePeriodSeconds = template.terminationGracePeriodSeconds;
  }
  if (template.priority !== undefined) spec.priority = template.priority;
  if (template.affinity !== undefined) spec.affinity = template.affinity;
  if (template.topologySpreadConstraints !== undefined)
    spec.topologySpreadConstraints = template.topologySpreadConstraints;
  spec.containers = [
    {
      image: PAUSE_IMAGE,
      name: 'pause',
      ports: [{ containerPort: 80 }],
      resources: template.limits ? { limits: requests, requests } : { requests },
    },
  ];
  if (nodeName !== undefined) spec.nodeName = nodeName;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace,
      creationTimestamp: timestamp(createdMs),
      ...(template.labels !== undefined ? { labels: template.labels } : {}),
    },
    spec,
    status: nodeName !== undefined ? runningStatus(createdMs + 2000) : PENDING_STATUS,
  };
}

const POD_DEFAULT: PodTemplate = { prefix: 'pod-', cpuMilli: 100, limits: true };

const NODE_AFFINITY: PodTemplate = {
  prefix: 'node-affinity-',
  cpuMilli: 100,
  limits: true,
  affinity: {
    nodeAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: {
        nodeSelectorTerms: [
          { matchExpressions: [{ key: 'topology.kubernetes.io/zone', operator: 'In', values: ['zone1', 'zone2'] }] },
        ],
      },
    },
  },
};

function spreading(whenUnsatisfiable: 'DoNotSchedule' | 'ScheduleAnyway'): PodTemplate {
  return {
    prefix: 'spreading-pod-',
    labels: { color: 'blue' },
    cpuMilli: 100,
    limits: true,
    topologySpreadConstraints: [
      {
        maxSkew: 5,
        topologyKey: 'topology.kubernetes.io/zone',
        whenUnsatisfiable,
        labelSelector: { matchLabels: { color: 'blue' } },
      },
    ],
  };
}

const SCHED_NAMESPACES = ['sched-0', 'sched-1'] as const;

const POD_ANTI_AFFINITY: PodTemplate = {
  prefix: 'anti-affinity-pod-',
  labels: { color: 'green' },
  cpuMilli: 100,
  limits: true,
  affinity: {
    podAntiAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: [
        {
          labelSelector: { matchLabels: { color: 'green' } },
          topologyKey: 'kubernetes.io/hostname',
          namespaces: [...SCHED_NAMESPACES],
        },
      ],
    },
  },
};

const POD_AFFINITY: PodTemplate = {
  prefix: 'affinity-pod-',
  labels: { color: 'blue' },
  cpuMilli: 100,
  limits: true,
  affinity: {
    podAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: [
        {
          labelSelector: { matchLabels: { color: 'blue' } },
          topologyKey: 'topology.kubernetes.io/zone',
          namespaces: [...SCHED_NAMESPACES],
        },
      ],
    },
  },
};

const POD_LOW_PRIORITY: PodTemplate = { prefix: 'pod-', cpuMilli: 900, limits: true, terminationGracePeriodSeconds: 0 };
const POD_HIGH_PRIORITY: PodTemplate = { prefix: 'pod-', cpuMilli: 3000, limits: true, priority: 10 };
const POD_LARGE_CPU: PodTemplate = { prefix: 'pod-', cpuMilli: 9000, limits: false };

/** One scheduler_perf test: node labels (labelNodePrepareStrategy), init pods, measured pods. */
interface PerfSpec {
  readonly name: string;
  readonly description: string;
  /** upstream's 5000Nodes parameters (500Nodes for PreemptionBasic, which has no 5000Nodes case). */
  readonly nodes: number;
  readonly initPods: number;
  readonly measurePods: number;
  /** labelNodePrepareStrategy: each node gets one of these zone values, chosen at random. */
  readonly zones?: readonly string[];
  readonly init: PodTemplate;
  readonly measure: PodTemplate;
  /** createNamespaces prefix sched, count 2: init pods in sched-0, measured pods in sched-1. */
  readonly schedNamespaces?: boolean;
  /** Init pods that cannot fit anywhere stay pending (Unschedulable); otherwise they are bound. */
  readonly initPending?: boolean;
}

function* perfWorkload(spec: PerfSpec, o: ResolvedWorkloadOptions, random: GenRandom): Generator<KubeObject> {
  const [initNamespace, measureNamespace] = spec.schedNamespaces ? SCHED_NAMESPACES : ['default', 'default'];
  if (spec.schedNamespaces) for (const name of SCHED_NAMESPACES) yield namespaceObject(name);
  const nodeRandom = random.fork('nodes');
  const nodeWidth = widthFor(o.nodes);
  const nodeName = (i: number) => numbered('scheduler-perf-', i, nodeWidth);
  for (let i = 0; i < o.nodes; i++) {
    const labels: Record<string, string> = spec.zones
      ? { 'topology.kubernetes.io/zone': nodeRandom.pick(spec.zones) }
      : {};
    yield perfNode(nodeName(i), labels);
  }
  // Init pods round-robin over the nodes: the most even spread, as the default scoring would make it.
  const initWidth = widthFor(o.existingPods);
  for (let i = 0; i < o.existingPods; i++) {
    const bound = !spec.initPending && o.nodes > 0 ? nodeName(i % o.nodes) : undefined;
    const name = numbered(`init-${spec.init.prefix}`, i, initWidth);
    yield perfPod(spec.init, name, initNamespace, BOUND_EPOCH + i * 1000, bound);
  }
  const width = widthFor(o.pods);
  for (let i = 0; i < o.pods; i++) {
    yield perfPod(
      spec.measure,
      numbered(spec.measure.prefix, i, width),
      measureNamespace,
      PENDING_EPOCH + i * 1000,
      undefined,
    );
  }
}

const PERF_SPECS: readonly PerfSpec[] = [
  {
    name: 'SchedulingBasic',
    description: 'pod-default pods (100m cpu, 500Mi) on plain nodes (4 cpu, 32Gi, 110 pods)',
    nodes: 5000,
    initPods: 1000,
    measurePods: 1000,
    init: POD_DEFAULT,
    measure: POD_DEFAULT,
  },
  {
    name: 'SchedulingNodeAffinity',
    description: 'pods that require zone In [zone1, zone2]; every node is in zone1',
    nodes: 5000,
    initPods: 5000,
    measurePods: 1000,
    zones: ['zone1'],
    init: NODE_AFFINITY,
    measure: NODE_AFFINITY,
  },
  {
    name: 'TopologySpreading',
    description: 'pods spread over 3 zones (maxSkew 5, DoNotSchedule) after pod-default init pods',
    nodes: 5000,
    initPods: 5000,
    measurePods: 2000,
    zones: ['moon-1', 'moon-2', 'moon-3'],
    init: POD_DEFAULT,
    measure: spreading('DoNotSchedule'),
  },
  {
    name: 'PreferredTopologySpreading',
    description: 'as TopologySpreading, with whenUnsatisfiable ScheduleAnyway (a score, not a filter)',
    nodes: 5000,
    initPods: 5000,
    measurePods: 2000,
    zones: ['moon-1', 'moon-2', 'moon-3'],
    init: POD_DEFAULT,
    measure: spreading('ScheduleAnyway'),
  },
  {
    name: 'SchedulingPodAntiAffinity',
    description: 'pods with required anti-affinity to each other per hostname (namespaces sched-0, sched-1)',
    nodes: 5000,
    initPods: 1000,
    measurePods: 1000,
    schedNamespaces: true,
    init: POD_ANTI_AFFINITY,
    measure: POD_ANTI_AFFINITY,
  },
  {
    name: 'SchedulingPodAffinity',
    description: 'pods with required affinity to each other per zone; every node is in zone1',
    nodes: 5000,
    initPods: 5000,
    measurePods: 1000,
    zones: ['zone1'],
    schedNamespaces: true,
    init: POD_AFFINITY,
    measure: POD_AFFINITY,
  },
  {
    name: 'PreemptionBasic',
    description: 'priority-10 pods (3 cpu) that must preempt priority-0 pods (900m, 4 per node)',
    nodes: 500,
    initPods: 2000,
    measurePods: 500,
    init: POD_LOW_PRIORITY,
    measure: POD_HIGH_PRIORITY,
  },
  {
    name: 'Unschedulable',
    description: 'pending pods asking 9 cpu (fit nowhere) queued before pod-default pods',
    nodes: 5000,
    initPods: 200,
    measurePods: 5000,
    init: POD_LARGE_CPU,
    measure: POD_DEFAULT,
    initPending: true,
  },
];

export const SCHEDULER_PERF_WORKLOADS: readonly WorkloadDefinition[] = PERF_SPECS.map((spec) => ({
  name: spec.name,
  description: spec.description,
  ...(spec.initPending ? { existingPending: true } : {}),
  defaults: { nodes: spec.nodes, pods: spec.measurePods, existingPerNode: spec.initPods / spec.nodes },
  generate: (options, random) => perfWorkload(spec, options, random),
}));
