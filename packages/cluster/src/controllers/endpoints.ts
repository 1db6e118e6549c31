import { matchesLabelMap, type Pod, type Service } from '@peapod/core';
import { keyOf } from '../api/store.js';
import type { EndpointAddress, EndpointPort, EndpointSubset, Endpoints, WatchEvent } from '../api/types.js';
import { canonicalJson, isPodReady, isPodTerminal, podKey } from '../objects.js';
import type { ComponentContext } from './context.js';
import { WorkQueue } from './work-queue.js';

const SOURCE = 'endpoint-controller';

type ServicePortSpec = {
  name?: string | null;
  port: number;
  protocol?: string | null;
  targetPort?: number | string | null;
};

/** A Service port's target on one pod: a number, or a named containerPort looked up in the pod. */
function targetPort(pod: Pod, port: ServicePortSpec): number | undefined {
  const target = port.targetPort ?? port.port;
  if (typeof target === 'number') return target;
  for (const c of pod.spec.containers) {
    const found = c.ports?.find((p) => p.name === target && (p.protocol ?? 'TCP') === (port.protocol ?? 'TCP'));
    if (found) return found.containerPort;
  }
  return undefined;
}

/** Upstream `ShouldPodBeInEndpoints`: has an IP, is not finished and is not being deleted. */
function inEndpoints(pod: Pod): boolean {
  return !!pod.status?.podIP && !isPodTerminal(pod) && !pod.metadata.deletionTimestamp;
}

function selects(service: Service, pod: Pod): boolean {
  const selector = service.spec?.selector;
  return selector != null && matchesLabelMap(selector, pod.metadata.labels);
}

function byIp(a: EndpointAddress, b: EndpointAddress): number {
  return a.ip < b.ip ? -1 : a.ip > b.ip ? 1 : 0;
}

/**
 * The endpoints controller (pkg/controller/endpoint): for every Service with a selector, an Endpoints
 * object listing the matching pods' IPs, ready ones under `addresses` and the others under
 * `notReadyAddresses`, grouped by resolved ports. Membership is kept incrementally per Service so a pod
 * change costs the size of its Services, not of the cluster.
 */
export class EndpointsController {
  private readonly queue: WorkQueue;
  /** Service key -> pods its selector matches, by pod key. */
  private readonly members = new Map<string, Map<string, Pod>>();

  constructor(private readonly ctx: ComponentContext) {
    this.queue = new WorkQueue(ctx.clock, (key) => this.sync(key));
    ctx.api.watch('Service', (e) => this.onService(e));
    ctx.api.watch('Pod', (e) => this.onPod(e));
  }

  private onService(event: WatchEvent<Service>): void {
    const key = keyOf(event.object);
    if (event.type === 'DELETED') {
      this.members.delete(key);
    } else {
      const members = new Map<string, Pod>();
      for (const pod of this.ctx.api.list('Pod', event.object.metadata.namespace ?? 'default')) {
        if (selects(event.object, pod)) members.set(podKey(pod), pod);
      }
      this.members.set(key, members);
    }
    this.queue.add(key);
  }

  private onPod(event: WatchEvent<Pod>): void {
    const pod = event.object;
    const key = podKey(pod);
    const old = event.old;
    const relevant =
      old === undefined ||
      event.type === 'DELETED' ||
      old.status?.podIP !== pod.status?.podIP ||
      old.metadata.labels !== pod.metadata.labels ||
      old.metadata.deletionTimestamp !== pod.metadata.deletionTimestamp ||
      old.status?.phase !== pod.status?.phase ||
      old.spec.nodeName !== pod.spec.nodeName ||
      isPodReady(old) !== isPodReady(pod);
    for (const service of this.ctx.api.list('Service', pod.metadata.namespace ?? 'default')) {
      const skey = keyOf(service);
      const members = this.members.get(skey);
      if (members === undefined) continue;
      const was = members.has(key);
      const is = event.type !== 'DELETED' && selects(service, pod);
      if (is) members.set(key, pod);
      else members.delete(key);
      if ((was || is) && relevant) this.queue.add(skey);
    }
  }

  private sync(key: string): void {
    const [ns, name] = key.split('/') as [string, string];
    const api = this.ctx.api;
    const service = api.get('Service', ns, name);
    const current = api.get('Endpoints', ns, name);
    if (service === undefined) {
      if (current !== undefined) api.delete('Endpoints', ns, name);
      return;
    }
    if (service.spec?.selector == null) return;
    const subsets = this.subsets(service, [...(this.members.get(key)?.values() ?? [])]);
    if (current !== undefined && canonicalJson(current.subsets ?? []) === canonicalJson(subsets)) return;
    const object: Endpoints = {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { name, namespace: ns, labels: service.metadata.labels ?? undefined },
      subsets,
    };
    if (current === undefined) api.create(object);
    else api.patch('Endpoints', { ...current, subsets });
    const ready = (list: readonly EndpointSubset[]) =>
      list.flatMap((s) => (s.addresses ?? []).map((a) => a.ip)).join(', ');
    if (current !== undefined && ready(current.subsets ?? []) === ready(subsets)) return;
    this.ctx.events.trace(
      SOURCE,
      service,
      'EndpointsUpdated',
      () => `Service ${key} (${service.spec?.clusterIP}) now sends traffic to [${ready(subsets)}]`,
    );
  }

  private subsets(service: Service, pods: readonly Pod[]): EndpointSubset[] {
    const groups = new Map<string, { ports: EndpointPort[]; ready: EndpointAddress[]; notReady: EndpointAddress[] }>();
    for (const pod of pods) {
      if (!inEndpoints(pod)) continue;
      const ports: EndpointPort[] = [];
      for (const port of (service.spec?.ports ?? []) as ServicePortSpec[]) {
        const number = targetPort(pod, port);
        if (number === undefined) continue;
        ports.push({ ...(port.name ? { name: port.name } : {}), port: number, protocol: port.protocol ?? 'TCP' });
      }
      const signature = canonicalJson(ports);
      let group = groups.get(signature);
      if (group === undefined) {
        group = { ports, ready: [], notReady: [] };
        groups.set(signature, group);
      }
      const address: EndpointAddress = {
        ip: pod.status!.podIP!,
        ...(pod.spec.nodeName ? { nodeName: pod.spec.nodeName } : {}),
        targetRef: {
          kind: 'Pod',
          namespace: pod.metadata.namespace ?? 'default',
          name: pod.metadata.name,
          uid: pod.metadata.uid ?? '',
        },
      };
      (isPodReady(pod) ? group.ready : group.notReady).push(address);
    }
    return [...groups.values()].map((g) => ({
      ...(g.ready.length > 0 ? { addresses: g.ready.sort(byIp) } : {}),
      ...(g.notReady.length > 0 ? { notReadyAddresses: g.notReady.sort(byIp) } : {}),
      ports: g.ports,
    }));
  }
}
