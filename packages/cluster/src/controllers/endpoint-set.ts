import type { Pod, Service } from '@peapod/core';
import type { EndpointAddress, EndpointPort, EndpointSubset } from '../api/types.js';
import { isPodReady, isPodTerminal } from '../objects.js';

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

interface Entry {
  readonly signature: string;
  readonly ready: boolean;
  readonly address: EndpointAddress;
}

interface Group {
  readonly ports: EndpointPort[];
  readonly ready: EndpointAddress[];
  readonly notReady: EndpointAddress[];
}

function compare(a: EndpointAddress, b: EndpointAddress): number {
  if (a.ip !== b.ip) return a.ip < b.ip ? -1 : 1;
  const ua = a.targetRef?.uid ?? '';
  const ub = b.targetRef?.uid ?? '';
  return ua < ub ? -1 : ua > ub ? 1 : 0;
}

/** Index of `address` in a list sorted by `compare`, or where it would go. */
function position(list: readonly EndpointAddress[], address: EndpointAddress): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (compare(list[mid]!, address) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * One Service's endpoints, kept sorted as pods come, go and change readiness, so an update costs a binary
 * search instead of rebuilding the list: the addresses grouped by resolved ports, ready and not ready.
 */
export class EndpointSet {
  private readonly entries = new Map<string, Entry>();
  private readonly groups = new Map<string, Group>();

  constructor(private service: Service) {}

  /** The Service changed (ports): every entry is recomputed by the caller. */
  reset(service: Service): void {
    this.service = service;
    this.entries.clear();
    this.groups.clear();
  }

  /** Records the pod's current state; true when the endpoints changed. */
  update(key: string, pod: Pod | undefined): boolean {
    const next = pod !== undefined && inEndpoints(pod) ? this.entryOf(pod) : undefined;
    const old = this.entries.get(key);
    if (old === undefined && next === undefined) return false;
    if (old !== undefined && next !== undefined && same(old, next)) return false;
    if (old !== undefined) this.remove(old);
    if (next === undefined) this.entries.delete(key);
    else {
      this.entries.set(key, next);
      this.insert(next);
    }
    return true;
  }

  subsets(): EndpointSubset[] {
    return [...this.groups.values()]
      .filter((g) => g.ready.length + g.notReady.length > 0)
      .map((g) => ({
        ...(g.ready.length > 0 ? { addresses: [...g.ready] } : {}),
        ...(g.notReady.length > 0 ? { notReadyAddresses: [...g.notReady] } : {}),
        ports: g.ports,
      }));
  }

  private entryOf(pod: Pod): Entry {
    const ports: EndpointPort[] = [];
    for (const port of (this.service.spec?.ports ?? []) as ServicePortSpec[]) {
      const number = targetPort(pod, port);
      if (number !== undefined)
        ports.push({ ...(port.name ? { name: port.name } : {}), port: number, protocol: port.protocol ?? 'TCP' });
    }
    const signature = ports.map((p) => `${p.name ?? ''}/${p.port}/${p.protocol}`).join(',');
    let group = this.groups.get(signature);
    if (group === undefined) {
      group = { ports, ready: [], notReady: [] };
      this.groups.set(signature, group);
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
    return { signature, ready: isPodReady(pod), address };
  }

  private list(entry: Entry): EndpointAddress[] {
    const group = this.groups.get(entry.signature)!;
    return entry.ready ? group.ready : group.notReady;
  }

  private insert(entry: Entry): void {
    const list = this.list(entry);
    list.splice(position(list, entry.address), 0, entry.address);
  }

  private remove(entry: Entry): void {
    const list = this.list(entry);
    const at = position(list, entry.address);
    if (list[at] === entry.address) list.splice(at, 1);
  }
}

function same(a: Entry, b: Entry): boolean {
  return (
    a.signature === b.signature &&
    a.ready === b.ready &&
    a.address.ip === b.address.ip &&
    a.address.nodeName === b.address.nodeName &&
    a.address.targetRef?.uid === b.address.targetRef?.uid &&
    a.address.targetRef?.name === b.address.targetRef?.name
  );
}
