import type { ObjectMeta, Pod, PriorityClass } from '@peapod/core';
import type { RandomSource } from '@peapod/engine';
import type { EventQueue } from '../event-queue.js';
import type { Cidr } from '../net/ipv4.js';
import { canonicalJson } from '../objects.js';
import { timestamp } from '../time.js';
import { addDefaultTolerations, admitPriority, initialPodStatus } from './admission.js';
import { applyDefaults } from './defaults.js';
import {
  alreadyExists,
  conflict,
  fail,
  forbidden,
  invalid,
  notFound,
  POD_SPEC_IMMUTABLE,
  resourceName,
  STALE_VERSION,
} from './errors.js';
import { SIM_KINDS } from './kinds.js';
import { objectUid, type Raw, withGeneratedName } from './names.js';
import { allocateClusterIp, ServiceIpAllocator } from './service-ips.js';
import { keyOf, ObjectStore, objectKey } from './store.js';
import type { ApiObject, ApiResult, Kind, KindMap, WatchHandler } from './types.js';
import { parseObject, portWarnings, validateObject } from './validation.js';

const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];
const WORKLOADS = new Set<Kind>(['Deployment', 'ReplicaSet', 'StatefulSet', 'ReplicationController']);

export interface ApiServerOptions {
  readonly clock: EventQueue;
  readonly clockStart: number;
  readonly random: RandomSource;
  readonly serviceCidr: Cidr;
}

export interface DeleteOptions {
  /** Overrides the pod's terminationGracePeriodSeconds; 0 removes the object at once. */
  readonly gracePeriodSeconds?: number;
}

/** Writes that admission let through with a warning (kube-apiserver's `Warning:` headers). */
export type WarningSink = (object: ApiObject, message: string) => void;

/**
 * The simulated kube-apiserver: validation, defaulting and admission in front of the object store. Every
 * request returns an ApiResult; refusals are data, never exceptions.
 */
export class ApiServer {
  readonly store = new ObjectStore();
  readonly serviceIps: ServiceIpAllocator;
  onWarning: WarningSink = () => {};
  private uids = 0;

  constructor(private readonly options: ApiServerOptions) {
    this.serviceIps = new ServiceIpAllocator(options.serviceCidr, options.random);
    for (const name of SYSTEM_NAMESPACES) this.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  }

  /** The current virtual time as an RFC 3339 timestamp. */
  now(): string {
    return timestamp(this.options.clockStart, this.options.clock.now);
  }

  get<K extends Kind>(kind: K, namespace: string | undefined, name: string): KindMap[K] | undefined {
    return this.store.get(kind, objectKey(namespace, name));
  }

  list<K extends Kind>(kind: K, namespace?: string): KindMap[K][] {
    return this.store.list(kind, namespace);
  }

  watch<K extends Kind>(kind: K, handler: WatchHandler<KindMap[K]>): void {
    this.store.watch(kind, handler);
  }

  /** The kind an incoming manifest names, or undefined when this server does not serve it. */
  kindOf(raw: unknown): Kind | undefined {
    const kind = (raw as Raw | null)?.kind;
    return typeof kind === 'string' && SIM_KINDS.has(kind) ? (kind as Kind) : undefined;
  }

  /**
   * POST: validation, defaulting, admission, then storage. `trusted` skips the schema check for objects a
   * controller builds from an already validated template (the result is the same; the parse is costly).
   */
  create(raw: unknown, options: { readonly trusted?: boolean } = {}): ApiResult<ApiObject> {
    const kind = this.kindOf(raw);
    if (kind === undefined) {
      const k = (raw as Raw | null)?.kind;
      return fail({ reason: 'BadRequest', message: `no matches for kind "${String(k)}" in the simulated API` });
    }
    const info = SIM_KINDS.get(kind)!;
    const named = withGeneratedName(
      kind,
      raw as Raw,
      this.options.random,
      (ns, name) => this.get(kind, ns, name) !== undefined,
    );
    const parsed = options.trusted ? { object: named as ApiObject } : parseObject(kind, named);
    const rawName = String(named.metadata?.name ?? '');
    if ('issues' in parsed) return fail(invalid(kind, rawName, parsed.issues));
    let object = parsed.object;
    const meta = object.metadata as ObjectMeta;
    if (info.namespaced && !meta.namespace) object = { ...object, metadata: { ...meta, namespace: 'default' } };
    const ns = info.namespaced ? (object.metadata.namespace ?? undefined) : undefined;
    if (ns !== undefined && kind !== 'Namespace' && this.get('Namespace', undefined, ns) === undefined) {
      return fail(notFound('Namespace', ns));
    }
    if (this.store.get(kind, keyOf(object)) !== undefined) return fail(alreadyExists(kind, meta.name));
    object = applyDefaults(kind, object);
    if (kind === 'Pod') {
      const admitted = this.admitPod(object as Pod);
      if ('forbidden' in admitted) return fail(forbidden(kind, meta.name, admitted.forbidden));
      object = admitted.pod;
    }
    const issues = options.trusted ? [] : validateObject(kind, object);
    if (issues.length > 0) return fail(invalid(kind, meta.name, issues));
    if (kind === 'Service') {
      const withIp = allocateClusterIp(this.serviceIps, object);
      if ('error' in withIp) return fail(invalid(kind, meta.name, [withIp.error]));
      object = withIp.object;
    }
    this.warnPorts(kind, object);
    object = {
      ...object,
      apiVersion: info.apiVersion,
      kind,
      metadata: {
        ...object.metadata,
        uid: objectUid(++this.uids),
        resourceVersion: this.store.nextVersion(),
        creationTimestamp: this.now(),
        ...(WORKLOADS.has(kind) ? { generation: 1 } : {}),
      },
    } as ApiObject;
    this.store.put(kind, object as KindMap[Kind]);
    return { ok: true, object };
  }

  /**
   * PUT of the main resource: spec and metadata change, status stays as stored (it has its own
   * subresource). A resourceVersion that is not the stored one is a conflict.
   */
  update<K extends Kind>(kind: K, next: KindMap[K]): ApiResult<KindMap[K]> {
    const key = keyOf(next);
    const current = this.store.get(kind, key);
    if (current === undefined) return fail(notFound(kind, next.metadata.name));
    const rv = next.metadata.resourceVersion;
    if (rv !== undefined && rv !== current.metadata.resourceVersion) {
      return fail(conflict(resourceName(kind), next.metadata.name, STALE_VERSION));
    }
    const parsed = parseObject(kind, next);
    if ('issues' in parsed) return fail(invalid(kind, next.metadata.name, parsed.issues));
    const defaulted = applyDefaults(kind, parsed.object) as KindMap[K];
    if (kind === 'Pod' && canonicalJson((defaulted as Pod).spec) !== canonicalJson((current as Pod).spec)) {
      return fail(invalid(kind, next.metadata.name, [POD_SPEC_IMMUTABLE]));
    }
    const issues = validateObject(kind, defaulted);
    if (issues.length > 0) return fail(invalid(kind, next.metadata.name, issues));
    let spec = (defaulted as { spec?: unknown }).spec;
    if (kind === 'Service') {
      const ips = current.spec as { clusterIP?: string; clusterIPs?: string[] };
      spec = { ...(spec as object), clusterIP: ips.clusterIP, clusterIPs: ips.clusterIPs };
    }
    // Unchanged parts keep their identity, so watchers that compare by reference see no change.
    const same = (a: unknown, b: unknown) => a === b || canonicalJson(a) === canonicalJson(b);
    const currentSpec = (current as { spec?: unknown }).spec;
    const specChanged = !same(spec, currentSpec);
    const meta = defaulted.metadata;
    const generation = (current.metadata as { generation?: number }).generation;
    const object = {
      ...defaulted,
      apiVersion: current.apiVersion,
      kind,
      ...(spec !== undefined ? { spec: specChanged ? spec : currentSpec } : {}),
      status: (current as { status?: unknown }).status,
      metadata: {
        ...meta,
        labels: same(meta.labels, current.metadata.labels) ? current.metadata.labels : meta.labels,
        annotations: same(meta.annotations, current.metadata.annotations)
          ? current.metadata.annotations
          : meta.annotations,
        uid: current.metadata.uid,
        creationTimestamp: current.metadata.creationTimestamp,
        deletionTimestamp: current.metadata.deletionTimestamp,
        resourceVersion: this.store.nextVersion(),
        ...(generation !== undefined
          ? { generation: specChanged && WORKLOADS.has(kind) ? generation + 1 : generation }
          : {}),
      },
    } as KindMap[K];
    this.store.put(kind, object);
    return { ok: true, object };
  }

  /** PUT of the status subresource: only status changes. */
  updateStatus<K extends Kind>(
    kind: K,
    namespace: string | undefined,
    name: string,
    status: unknown,
  ): ApiResult<KindMap[K]> {
    const current = this.store.get(kind, objectKey(namespace, name));
    if (current === undefined) return fail(notFound(kind, name));
    const object = {
      ...current,
      status,
      metadata: { ...current.metadata, resourceVersion: this.store.nextVersion() },
    } as KindMap[K];
    this.store.put(kind, object);
    return { ok: true, object };
  }

  /**
   * Writes the object as given, bypassing validation: for controllers that change metadata
   * (ownerReferences on adoption, taints on a node) the way a PATCH would.
   */
  patch<K extends Kind>(kind: K, next: KindMap[K]): ApiResult<KindMap[K]> {
    const current = this.store.get(kind, keyOf(next));
    if (current === undefined) return fail(notFound(kind, next.metadata.name));
    const object = { ...next, metadata: { ...next.metadata, resourceVersion: this.store.nextVersion() } } as KindMap[K];
    this.store.put(kind, object);
    return { ok: true, object };
  }

  /** POST pods/binding: sets spec.nodeName once, and PodScheduled=True. */
  bind(namespace: string, name: string, nodeName: string): ApiResult<Pod> {
    const pod = this.get('Pod', namespace, name);
    if (pod === undefined) return fail(notFound('Pod', name));
    if (pod.spec.nodeName) {
      return fail(conflict('pods/binding', name, `pod ${name} is already assigned to node "${pod.spec.nodeName}"`));
    }
    if (pod.metadata.deletionTimestamp) return fail(conflict('pods/binding', name, 'pod is being deleted'));
    const conditions = (pod.status?.conditions ?? []).filter((c) => c.type !== 'PodScheduled');
    const bound: Pod = {
      ...pod,
      spec: { ...pod.spec, nodeName },
      status: {
        ...pod.status,
        conditions: [...conditions, { type: 'PodScheduled', status: 'True', lastTransitionTime: this.now() }],
      },
      metadata: { ...pod.metadata, resourceVersion: this.store.nextVersion() },
    };
    this.store.put('Pod', bound);
    return { ok: true, object: bound };
  }

  /**
   * DELETE. A pod running on a node is deleted gracefully: it gets a deletionTimestamp and stays until its
   * kubelet has stopped its containers and deletes it with grace 0. Unbound and finished pods go at once.
   */
  delete<K extends Kind>(
    kind: K,
    namespace: string | undefined,
    name: string,
    options: DeleteOptions = {},
  ): ApiResult<KindMap[K]> {
    const key = objectKey(namespace, name);
    const current = this.store.get(kind, key);
    if (current === undefined) return fail(notFound(kind, name));
    if (kind === 'Pod') {
      const pod = current as Pod;
      const phase = pod.status?.phase;
      const grace =
        options.gracePeriodSeconds ??
        (pod.spec as { terminationGracePeriodSeconds?: number }).terminationGracePeriodSeconds ??
        30;
      const immediate = grace === 0 || !pod.spec.nodeName || phase === 'Succeeded' || phase === 'Failed';
      if (!immediate) {
        if (pod.metadata.deletionTimestamp) return { ok: true, object: current };
        const at = timestamp(this.options.clockStart, this.options.clock.now + grace * 1000);
        return this.patch(kind, {
          ...current,
          metadata: { ...current.metadata, deletionTimestamp: at, deletionGracePeriodSeconds: grace },
        } as KindMap[K]);
      }
    }
    if (kind === 'Service') {
      const ip = (current as { spec?: { clusterIP?: string | null } }).spec?.clusterIP;
      if (ip && ip !== 'None') this.serviceIps.release(ip);
    }
    this.store.remove(kind, key);
    return { ok: true, object: current };
  }

  private admitPod(pod: Pod): { readonly pod: Pod } | { readonly forbidden: string } {
    const classes = this.list('PriorityClass') as PriorityClass[];
    const prioritized = admitPriority(pod, classes);
    if ('forbidden' in prioritized) return prioritized;
    return { pod: initialPodStatus(addDefaultTolerations(prioritized.pod)) };
  }

  private warnPorts(kind: Kind, object: ApiObject): void {
    for (const message of portWarnings(kind, object)) this.onWarning(object, message);
  }
}
