/**
 * Applications of the `basic` and `mixed` workloads: each is a ReplicaSet, StatefulSet,
 * ReplicationController, Job or a bare pod, with one pod template its replicas share. The mix follows
 * `../shared/perf`: requests (some containers without any, init containers, sidecars), nodeSelector,
 * required and preferred node affinity, tolerations, priority classes; `mixed` adds topology spread
 * constraints, inter-pod (anti-)affinity and host ports.
 */
import {
  APP_NAMESPACES,
  BASES,
  CPU_REQUESTS,
  MEMORY_REQUESTS,
  OWNERS,
  type OwnerKind,
  PRIORITY_MIX,
  REPLICAS,
} from './app-mix.js';
import { HARD_TAINTS, toleratedMask } from './cluster-shape.js';
import { podAffinity, spreadConstraints } from './inter-pod.js';
import {
  type ClusterFacts,
  type Labels,
  nodeConstraint,
  requirementMatches,
  tolerationsFor,
} from './node-constraints.js';
import { cpuQuantity, DEFAULT_TOLERATIONS, type KubeObject, memoryQuantity } from './objects.js';
import { type GenRandom, randomSuffix } from './random.js';

export { NAMESPACES, PRIORITY_CLASSES } from './app-mix.js';
export type { ClusterFacts } from './node-constraints.js';

/** One application and the template its pods share. */
export interface App {
  readonly name: string;
  readonly namespace: string;
  readonly owner: OwnerKind;
  /** The owning object's name (`api-118-l7pnzc6xf4` for a ReplicaSet); the app's name for a bare pod. */
  readonly ownerName: string;
  readonly labels: Labels;
  /** The pod spec without `nodeName`, shared by every replica. */
  readonly spec: KubeObject;
  readonly priority: number;
  /** Effective requests (what NodeResourcesFit counts), for placing bound replicas. */
  readonly cpuMilli: number;
  readonly memoryMi: number;
  /** nodeSelector plus required node affinity, as a key: apps with the same key fit the same nodes. */
  readonly nodeKey: string;
  readonly fitsLabels: (labels: Labels) => boolean;
  /** Taints (mask) its tolerations tolerate. */
  readonly tolerated: number;
  readonly replicas: number;
  /** Salt for the replicas' name suffixes. */
  readonly salt: number;
  readonly service: boolean;
  readonly pdb?: KubeObject;
}
interface Container {
  readonly object: KubeObject;
  readonly cpuMilli: number;
  readonly memoryMi: number;
}

function resources(cpuMilli: number | undefined, memoryMi: number | undefined, random: GenRandom): KubeObject {
  const requests: Record<string, string> = {};
  if (cpuMilli !== undefined) requests.cpu = cpuQuantity(cpuMilli);
  if (memoryMi !== undefined) requests.memory = memoryQuantity(memoryMi);
  const limits: Record<string, string> = {};
  if (cpuMilli !== undefined && random.chance(0.2)) limits.cpu = cpuQuantity(cpuMilli * 2);
  if (memoryMi !== undefined && random.chance(0.45)) limits.memory = memoryQuantity(memoryMi * random.pick([1, 2]));
  return {
    ...(Object.keys(limits).length > 0 ? { limits } : {}),
    ...(Object.keys(requests).length > 0 ? { requests } : {}),
  };
}

function container(
  name: string,
  image: string,
  cpuMilli: number | undefined,
  memoryMi: number | undefined,
  ports: readonly KubeObject[] | undefined,
  random: GenRandom,
): Container {
  return {
    object: {
      name,
      image,
      ...(ports !== undefined ? { ports } : {}),
      resources: resources(cpuMilli, memoryMi, random),
    },
    cpuMilli: cpuMilli ?? 0,
    memoryMi: memoryMi ?? 0,
  };
}

/** Topology keys of spread constraints and affinity terms, with how common each is. */ export interface AppOptions {
  /** `mixed`: spread constraints, pod (anti-)affinity and host ports. */
  readonly mixed: boolean;
}

/** The `index`th application of a cluster. `recentApps` are names other apps' affinity terms may point at. */
export function generateApp(
  index: number,
  facts: ClusterFacts,
  options: AppOptions,
  recentApps: readonly string[],
  random: GenRandom,
): App {
  const base = BASES[random.int(BASES.length)]!;
  const name = `${base}-${index}`;
  const namespace = random.weighted(APP_NAMESPACES);
  const owner = random.weighted(OWNERS);
  const replicas = owner === 'None' ? 1 : random.weighted(REPLICAS);
  const tier =
    base === 'web' || base === 'frontend' ? 'frontend' : base === 'db' || base === 'cache' ? 'data' : 'backend';
  const hash = randomSuffix(random, 10);
  let ownerName = name;
  let labels: Record<string, string>;
  switch (owner) {
    case 'ReplicaSet':
      ownerName = `${name}-${hash}`;
      labels = { app: name, tier, 'pod-template-hash': hash };
      break;
    case 'StatefulSet':
      labels = { app: name, tier, 'controller-revision-hash': `${name}-${hash}` };
      break;
    case 'ReplicationController':
      labels = { app: name, tier, version: `v${1 + random.int(5)}` };
      break;
    case 'Job':
      labels = { 'job-name': name, app: name, 'batch.kubernetes.io/job-name': name };
      break;
    case 'None':
      labels = { app: name, tier };
      break;
  }

  const constraint = nodeConstraint(facts, random);
  const tolerationList = tolerationsFor(constraint, random);
  const priorityClass = random.weighted(PRIORITY_MIX);

  const ports =
    owner === 'Job'
      ? undefined
      : options.mixed && random.chance(0.03)
        ? [{ containerPort: 9090, hostPort: random.pick([9090, 9443, 8443]), protocol: 'TCP' }]
        : random.chance(0.85)
          ? [{ containerPort: random.pick([8080, 8080, 3000, 9090]), name: 'http', protocol: 'TCP' }]
          : undefined;
  const containers: Container[] = [
    container(
      base,
      random.pick(facts.images).name,
      random.weighted(CPU_REQUESTS),
      random.weighted(MEMORY_REQUESTS),
      ports,
      random,
    ),
  ];
  if (random.chance(0.05))
    containers.push(container('istio-proxy', 'docker.io/istio/proxyv2:1.20.2', 25, 128, undefined, random));
  if (random.chance(0.015))
    containers.push(container('log-shipper', 'fluent/fluent-bit:2.2.0', 25, 32, undefined, random));
  const inits: Container[] = [];
  if (random.chance(0.03)) {
    const count = random.chance(0.4) ? 2 : 1;
    for (let i = 0; i < count; i++) {
      const empty = random.chance(0.3);
      inits.push(
        container(
          `init-${i}`,
          'busybox:1.36',
          empty ? undefined : random.pick([25, 100, 500, 1125]),
          empty ? undefined : random.pick([32, 128, 512, 2176]),
          undefined,
          random,
        ),
      );
    }
  }

  const spec: KubeObject = {};
  if (inits.length > 0) spec.initContainers = inits.map((c) => c.object);
  spec.containers = containers.map((c) => c.object);
  spec.restartPolicy = owner === 'Job' ? 'Never' : 'Always';
  if (constraint.nodeSelector !== undefined) spec.nodeSelector = constraint.nodeSelector;
  const affinity: KubeObject = {};
  if (constraint.required !== undefined || constraint.preferred !== undefined) {
    affinity.nodeAffinity = {
      ...(constraint.required !== undefined
        ? {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [{ matchExpressions: constraint.required }],
            },
          }
        : {}),
      ...(constraint.preferred !== undefined
        ? { preferredDuringSchedulingIgnoredDuringExecution: constraint.preferred }
        : {}),
    };
  }
  if (options.mixed) {
    const affinityTo = podAffinity(name, recentApps, random, false);
    if (affinityTo !== undefined) affinity.podAffinity = affinityTo;
    const antiAffinity = podAffinity(name, recentApps, random, true);
    if (antiAffinity !== undefined) affinity.podAntiAffinity = antiAffinity;
  }
  if (Object.keys(affinity).length > 0) spec.affinity = affinity;
  spec.schedulerName = 'default-scheduler';
  spec.tolerations = [...tolerationList, ...DEFAULT_TOLERATIONS];
  if (options.mixed && random.chance(0.124)) spec.topologySpreadConstraints = spreadConstraints(name, random);
  if (priorityClass !== undefined) spec.priorityClassName = priorityClass.name;
  spec.priority = priorityClass?.value ?? 0;
  spec.preemptionPolicy = priorityClass?.preemptionPolicy ?? 'PreemptLowerPriority';

  const sum = (key: 'cpuMilli' | 'memoryMi', list: readonly Container[]) => list.reduce((n, c) => n + c[key], 0);
  const max = (key: 'cpuMilli' | 'memoryMi', list: readonly Container[]) =>
    list.reduce((n, c) => Math.max(n, c[key]), 0);
  const required = constraint.required;
  const selector = constraint.nodeSelector;
  const service = owner !== 'Job' && owner !== 'None' && (owner === 'StatefulSet' || random.chance(0.62));
  const pdb =
    (owner === 'ReplicaSet' || owner === 'StatefulSet') && random.chance(0.11)
      ? random.weighted<KubeObject>([
          [{ maxUnavailable: 0 }, 2],
          [{ maxUnavailable: 1 }, 3],
          [{ maxUnavailable: '50%' }, 3],
          [{ minAvailable: 1 }, 2],
        ])
      : undefined;
  return {
    name,
    namespace,
    owner,
    ownerName,
    labels,
    spec,
    priority: priorityClass?.value ?? 0,
    cpuMilli: Math.max(sum('cpuMilli', containers), max('cpuMilli', inits)),
    memoryMi: Math.max(sum('memoryMi', containers), max('memoryMi', inits)),
    nodeKey: JSON.stringify([selector ?? null, required ?? null]),
    fitsLabels: (nodeLabels) =>
      (selector === undefined || Object.entries(selector).every(([k, v]) => nodeLabels[k] === v)) &&
      (required === undefined || required.every((r) => requirementMatches(r, nodeLabels))),
    tolerated: toleratedMask(tolerationList) | ~HARD_TAINTS,
    replicas,
    salt: random.int(2 ** 30),
    service,
    ...(pdb !== undefined ? { pdb: { ...pdb, selector: { matchLabels: { app: name } } } } : {}),
  };
}
