import type { Container, Pod, PodSpec, ResourceList } from '@peapod/core';
import type { Probe } from './probe.js';
import type { ApiObject, Kind } from './types.js';

type Loose = Record<string, unknown>;

/** `Always` for `:latest` or untagged images, `IfNotPresent` otherwise (upstream SetDefaults_Container). */
export function defaultPullPolicy(image: string): 'Always' | 'IfNotPresent' {
  if (image.includes('@')) return 'IfNotPresent';
  const lastSlash = image.lastIndexOf('/');
  const colon = image.indexOf(':', lastSlash + 1);
  if (colon < 0) return 'Always';
  return image.slice(colon + 1) === 'latest' ? 'Always' : 'IfNotPresent';
}

function defaultProbe(probe: Probe | null | undefined): Probe | undefined {
  if (probe == null) return undefined;
  return {
    ...probe,
    timeoutSeconds: probe.timeoutSeconds ?? 1,
    periodSeconds: probe.periodSeconds ?? 10,
    successThreshold: probe.successThreshold ?? 1,
    failureThreshold: probe.failureThreshold ?? 3,
  };
}

function defaultContainer(container: Container): Container {
  const c = container as Container & Loose;
  const out: Container & Loose = {
    ...c,
    imagePullPolicy: c.imagePullPolicy ?? defaultPullPolicy(c.image ?? ''),
    terminationMessagePath: c.terminationMessagePath ?? '/dev/termination-log',
    terminationMessagePolicy: c.terminationMessagePolicy ?? 'File',
  };
  if (c.ports) out.ports = c.ports.map((p) => ({ ...p, protocol: p.protocol ?? 'TCP' }));
  // A resource with only a limit requests that limit (upstream defaulting of container resources).
  const limits = c.resources?.limits;
  if (limits) {
    const requests: ResourceList = { ...(c.resources?.requests ?? {}) };
    for (const [name, value] of Object.entries(limits)) if (!(name in requests)) requests[name] = value;
    out.resources = { ...c.resources, requests };
  }
  for (const key of ['livenessProbe', 'readinessProbe', 'startupProbe'] as const) {
    const probe = defaultProbe(c[key] as Probe | null | undefined);
    if (probe !== undefined) out[key] = probe;
  }
  return out;
}

/** API defaulting of a pod spec (SetDefaults_PodSpec and of its containers). */
export function defaultPodSpec(spec: PodSpec): PodSpec {
  return {
    ...spec,
    restartPolicy: spec.restartPolicy ?? 'Always',
    schedulerName: spec.schedulerName ?? 'default-scheduler',
    terminationGracePeriodSeconds: (spec as Loose).terminationGracePeriodSeconds ?? 30,
    dnsPolicy: (spec as Loose).dnsPolicy ?? 'ClusterFirst',
    containers: spec.containers.map(defaultContainer),
    ...(spec.initContainers ? { initContainers: spec.initContainers.map(defaultContainer) } : {}),
  };
}

function defaultTemplate<T extends { spec: { template: { spec: PodSpec } } }>(object: T): T {
  return {
    ...object,
    spec: { ...object.spec, template: { ...object.spec.template, spec: defaultPodSpec(object.spec.template.spec) } },
  };
}

interface ServiceLike {
  spec?: { type?: string | null; ports?: Loose[] | null; sessionAffinity?: string | null } | null;
}

/** Defaulting by kind, as the API server does it before admission and validation. */
export function applyDefaults(kind: Kind, object: ApiObject): ApiObject {
  switch (kind) {
    case 'Pod': {
      const pod = object as Pod;
      return { ...pod, spec: defaultPodSpec(pod.spec) };
    }
    case 'ReplicaSet': {
      const rs = defaultTemplate(
        object as ApiObject & { spec: { template: { spec: PodSpec }; replicas?: number | null } },
      );
      return { ...rs, spec: { ...rs.spec, replicas: rs.spec.replicas ?? 1 } };
    }
    case 'Deployment': {
      type D = ApiObject & { spec: { template: { spec: PodSpec }; replicas?: number | null } & Loose };
      const d = defaultTemplate(object as D);
      const strategy = (d.spec.strategy ?? {}) as Loose;
      const type = (strategy.type as string | undefined) ?? 'RollingUpdate';
      const rolling = (strategy.rollingUpdate ?? {}) as Loose;
      return {
        ...d,
        spec: {
          ...d.spec,
          replicas: d.spec.replicas ?? 1,
          revisionHistoryLimit: d.spec.revisionHistoryLimit ?? 10,
          progressDeadlineSeconds: d.spec.progressDeadlineSeconds ?? 600,
          strategy:
            type === 'RollingUpdate'
              ? {
                  type,
                  rollingUpdate: {
                    maxSurge: rolling.maxSurge ?? '25%',
                    maxUnavailable: rolling.maxUnavailable ?? '25%',
                  },
                }
              : { type },
        },
      };
    }
    case 'Service': {
      const svc = object as ApiObject & ServiceLike;
      const spec = svc.spec ?? {};
      const ports = spec.ports?.map((p) => ({
        ...p,
        protocol: p.protocol ?? 'TCP',
        targetPort: p.targetPort ?? p.port,
      }));
      return {
        ...svc,
        spec: {
          ...spec,
          type: spec.type ?? 'ClusterIP',
          sessionAffinity: spec.sessionAffinity ?? 'None',
          ...(ports ? { ports } : {}),
        },
      } as ApiObject;
    }
    case 'Namespace':
      return { ...object, status: { phase: 'Active' } } as ApiObject;
    default:
      return object;
  }
}

/** The pod's QoS class from its containers' requests and limits (upstream GetPodQOS, cpu and memory). */
export function qosClass(pod: Pod): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  const containers = [...pod.spec.containers, ...(pod.spec.initContainers ?? [])];
  let any = false;
  let guaranteed = true;
  for (const c of containers) {
    const requests = c.resources?.requests ?? {};
    const limits = c.resources?.limits ?? {};
    for (const r of ['cpu', 'memory']) {
      if (requests[r] !== undefined || limits[r] !== undefined) any = true;
      if (limits[r] === undefined || String(requests[r] ?? limits[r]) !== String(limits[r])) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}
