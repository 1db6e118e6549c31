import { matchesLabelMap, type Pod, type Service } from '@peapod/core';
import { keyOf } from '../api/store.js';
import type { EndpointSubset, Endpoints, WatchEvent } from '../api/types.js';
import { podKey } from '../objects.js';
import type { ComponentContext } from './context.js';
import { EndpointSet } from './endpoint-set.js';
import { WorkQueue } from './work-queue.js';

const SOURCE = 'endpoint-controller';

function selects(service: Service, pod: Pod): boolean {
  const selector = service.spec?.selector;
  return selector != null && matchesLabelMap(selector, pod.metadata.labels);
}

function readyIps(subsets: readonly EndpointSubset[]): string {
  return subsets.flatMap((s) => (s.addresses ?? []).map((a) => a.ip)).join(', ');
}

/**
 * The endpoints controller (pkg/controller/endpoint): for every Service with a selector, an Endpoints
 * object listing the matching pods' IPs, ready ones under `addresses` and the others under
 * `notReadyAddresses`, grouped by resolved ports and sorted by IP. Each Service's set is kept
 * incrementally, so a pod change costs the Services it is in, not the size of the cluster.
 */
export class EndpointsController {
  private readonly queue: WorkQueue;
  private readonly sets = new Map<string, EndpointSet>();
  /** Pod key -> the Services it is in (recomputed when its labels or its namespace's Services change). */
  private readonly memberOf = new Map<string, Set<string>>();
  /** Namespace -> its Services with a selector. */
  private readonly byNamespace = new Map<string, Map<string, Service>>();

  constructor(private readonly ctx: ComponentContext) {
    this.queue = new WorkQueue(ctx.clock, (key) => this.sync(key));
    ctx.api.watch('Service', (e) => this.onService(e));
    ctx.api.watch('Pod', (e) => this.onPod(e));
  }

  private onService(event: WatchEvent<Service>): void {
    const service = event.object;
    const key = keyOf(service);
    const ns = service.metadata.namespace ?? 'default';
    let services = this.byNamespace.get(ns);
    if (services === undefined) {
      services = new Map();
      this.byNamespace.set(ns, services);
    }
    const selected = event.type !== 'DELETED' && service.spec?.selector != null;
    if (selected) services.set(key, service);
    else services.delete(key);
    const old = event.old;
    if (
      event.type === 'MODIFIED' &&
      old?.spec?.selector === service.spec?.selector &&
      old?.spec?.ports === service.spec?.ports
    ) {
      this.queue.add(key);
      return;
    }
    // Membership or ports changed: rebuild this Service's set; its namespace's pods are placed again.
    this.sets.delete(key);
    if (selected) {
      const set = new EndpointSet(service);
      this.sets.set(key, set);
      for (const pod of this.ctx.api.list('Pod', ns)) {
        this.memberOf.delete(podKey(pod));
        if (selects(service, pod)) set.update(podKey(pod), pod);
      }
    } else {
      for (const pod of this.ctx.api.list('Pod', ns)) this.memberOf.delete(podKey(pod));
    }
    this.queue.add(key);
  }

  private onPod(event: WatchEvent<Pod>): void {
    const pod = event.object;
    const key = podKey(pod);
    const gone = event.type === 'DELETED';
    let services = this.memberOf.get(key);
    if (services === undefined || event.old?.metadata.labels !== pod.metadata.labels || gone) {
      const inNamespace = this.byNamespace.get(pod.metadata.namespace ?? 'default') ?? new Map<string, Service>();
      // Not known: the pod may still sit in any Service of its namespace.
      const previous = services ?? new Set(inNamespace.keys());
      services = new Set();
      if (!gone) for (const [skey, service] of inNamespace) if (selects(service, pod)) services.add(skey);
      // Services the pod left lose it.
      for (const skey of previous)
        if (!services.has(skey) && this.sets.get(skey)?.update(key, undefined)) this.queue.add(skey);
      if (gone) this.memberOf.delete(key);
      else this.memberOf.set(key, services);
    }
    for (const skey of services) {
      if (this.sets.get(skey)?.update(key, gone ? undefined : pod)) this.queue.add(skey);
    }
  }

  private sync(key: string): void {
    const [ns, name] = key.split('/') as [string, string];
    const api = this.ctx.api;
    const service = api.get('Service', ns, name);
    const current = api.get('Endpoints', ns, name);
    const set = this.sets.get(key);
    if (service === undefined) {
      if (current !== undefined) api.delete('Endpoints', ns, name);
      return;
    }
    if (set === undefined) return;
    const subsets = set.subsets();
    if (current === undefined) {
      const object: Endpoints = {
        apiVersion: 'v1',
        kind: 'Endpoints',
        metadata: { name, namespace: ns, labels: service.metadata.labels ?? undefined },
        subsets,
      };
      api.create(object);
    } else {
      api.patch('Endpoints', { ...current, subsets });
    }
    if (current !== undefined && readyIps(current.subsets ?? []) === readyIps(subsets)) return;
    this.ctx.events.trace(
      SOURCE,
      service,
      'EndpointsUpdated',
      () => `Service ${key} (${service.spec?.clusterIP}) now sends traffic to [${readyIps(subsets)}]`,
    );
  }
}
