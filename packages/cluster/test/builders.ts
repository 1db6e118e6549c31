import { Simulation, type SimulationOptions } from '../src/index.js';

type Obj = Record<string, unknown>;

export function node(name: string, cpu = '4', memory = '8Gi', extra: Obj = {}): Obj {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, ...((extra.labels as Obj) ?? {}) } },
    spec: extra.spec ?? {},
    status: { allocatable: { cpu, memory, pods: '110' }, capacity: { cpu, memory, pods: '110' } },
  };
}

export interface ContainerOptions {
  readonly name?: string;
  readonly image?: string;
  readonly cpu?: string;
  readonly port?: number;
  readonly readiness?: boolean;
  readonly liveness?: boolean;
}

export function container(o: ContainerOptions = {}): Obj {
  return {
    name: o.name ?? 'app',
    image: o.image ?? 'app:1',
    ports: o.port ? [{ name: 'http', containerPort: o.port }] : undefined,
    resources: { requests: { cpu: o.cpu ?? '100m', memory: '64Mi' } },
    ...(o.readiness ? { readinessProbe: { httpGet: { path: '/', port: o.port ?? 80 }, periodSeconds: 5 } } : {}),
    ...(o.liveness ? { livenessProbe: { tcpSocket: { port: o.port ?? 80 }, periodSeconds: 10 } } : {}),
  };
}

export function podTemplate(
  app: string,
  containers: Obj[] = [container()],
  annotations: Obj = {},
  spec: Obj = {},
): Obj {
  return { metadata: { labels: { app }, annotations }, spec: { containers, ...spec } };
}

export function replicaSet(name: string, replicas: number, template: Obj = podTemplate(name)): Obj {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app: (template.metadata as { labels: { app: string } }).labels.app } },
      template,
    },
  };
}

export function deployment(name: string, replicas: number, template: Obj = podTemplate(name), strategy?: Obj): Obj {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app: (template.metadata as { labels: { app: string } }).labels.app } },
      template,
      ...(strategy ? { strategy } : {}),
    },
  };
}

export function service(name: string, app: string, targetPort: number | string = 80): Obj {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name },
    spec: { selector: { app }, ports: [{ port: 80, targetPort }] },
  };
}

export function pod(name: string, spec: Obj = {}, metadata: Obj = {}): Obj {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, ...metadata },
    spec: { containers: [container()], ...spec },
  };
}

/** A simulation with `nodes` nodes (node-1...) and the objects applied; throws on a refused object. */
export function cluster(nodes: number, objects: Obj[] = [], options: SimulationOptions = {}): Simulation {
  const sim = new Simulation({ seed: 1, ...options });
  for (let i = 1; i <= nodes; i++) must(sim, node(`node-${i}`));
  for (const o of objects) must(sim, o);
  return sim;
}

export function must(sim: Simulation, object: Obj): void {
  const result = sim.apply(object);
  if (!result.ok) throw new Error(result.error.message);
}

export function reasons(sim: Simulation, name?: string): string[] {
  return sim.events.events.filter((e) => name === undefined || e.name === name).map((e) => e.reason);
}
