import {
  compileLabelSelector,
  type LabelMatcher,
  matchesLabelSelector,
  type OwnerReference,
  type Pod,
  type ReplicaSet,
} from '@peapod/core';
import { keyOf } from '../api/store.js';
import type { WatchEvent } from '../api/types.js';
import { controllerRef, isPodActive, isPodAvailable, isPodReady } from '../objects.js';
import type { ComponentContext } from './context.js';
import { countByNode, podsToDelete } from './pod-ranking.js';
import { WorkQueue } from './work-queue.js';

const SOURCE = 'replicaset-controller';
/** Upstream `BurstReplicas`: at most this many creations or deletions per sync. */
export const BURST_REPLICAS = 500;
/** Pods filed by the uid of their controller, and orphans by namespace (for adoption). */
export const OWNER_INDEX = 'controller-uid';
export const ORPHAN_INDEX = 'orphans-by-namespace';

interface RsStatus {
  replicas: number;
  fullyLabeledReplicas: number;
  readyReplicas: number;
  availableReplicas: number;
  observedGeneration: number;
}

/** Whether a pod update can change what its ReplicaSet decides or reports (other updates are skipped). */
function affectsReplicaSet(old: Pod, pod: Pod): boolean {
  return (
    old.metadata.labels !== pod.metadata.labels ||
    old.metadata.ownerReferences !== pod.metadata.ownerReferences ||
    old.metadata.deletionTimestamp !== pod.metadata.deletionTimestamp ||
    old.status?.phase !== pod.status?.phase ||
    isPodReady(old) !== isPodReady(pod)
  );
}

const selectors = new WeakMap<object, LabelMatcher>();

/** The ReplicaSet's selector, compiled once per selector object. */
function selectorOf(rs: ReplicaSet): LabelMatcher {
  let matcher = selectors.get(rs.spec.selector);
  if (matcher === undefined) {
    matcher = compileLabelSelector(rs.spec.selector);
    selectors.set(rs.spec.selector, matcher);
  }
  return matcher;
}

function replicasOf(rs: ReplicaSet): number {
  return rs.spec.replicas ?? 1;
}

function minReadySeconds(rs: ReplicaSet): number {
  return ((rs.spec as { minReadySeconds?: number }).minReadySeconds ?? 0) as number;
}

/**
 * The ReplicaSet controller (pkg/controller/replicaset): compares the pods a ReplicaSet owns with the
 * replicas it wants, creates pods from its template with an owner reference or deletes the cheapest ones,
 * adopts matching orphans, and reports replica counts in its status.
 */
export class ReplicaSetController {
  private readonly queue: WorkQueue;

  constructor(private readonly ctx: ComponentContext) {
    this.queue = new WorkQueue(ctx.clock, (key) => this.sync(key));
    const store = ctx.api.store;
    store.addIndex('Pod', OWNER_INDEX, (p) => {
      const ref = controllerRef(p.metadata);
      return ref?.uid ? [ref.uid] : [];
    });
    store.addIndex('Pod', ORPHAN_INDEX, (p) => (controllerRef(p.metadata) ? [] : [p.metadata.namespace ?? 'default']));
    ctx.api.watch('ReplicaSet', (e) => this.onReplicaSet(e));
    ctx.api.watch('Pod', (e) => this.onPod(e));
  }

  private onReplicaSet(event: WatchEvent<ReplicaSet>): void {
    const rs = event.object;
    if (event.type === 'MODIFIED' && event.old?.spec === rs.spec) return;
    this.queue.add(keyOf(rs));
  }

  private onPod(event: WatchEvent<Pod>): void {
    if (event.type === 'MODIFIED' && !affectsReplicaSet(event.old!, event.object)) return;
    for (const pod of event.old ? [event.old, event.object] : [event.object]) {
      const ref = controllerRef(pod.metadata);
      if (ref?.kind === 'ReplicaSet') this.queue.add(`${pod.metadata.namespace}/${ref.name}`);
    }
    const pod = event.object;
    if (event.type !== 'DELETED' && !controllerRef(pod.metadata) && isPodActive(pod)) {
      for (const rs of this.ctx.api.list('ReplicaSet', pod.metadata.namespace ?? 'default')) {
        if (matchesLabelSelector(rs.spec.selector, pod.metadata.labels)) this.queue.add(keyOf(rs));
      }
    }
  }

  private sync(key: string): void {
    const [ns, name] = key.split('/') as [string, string];
    const rs = this.ctx.api.get('ReplicaSet', ns, name);
    if (rs === undefined || rs.metadata.deletionTimestamp) return;
    if (rs.status?.observedGeneration == null) {
      this.ctx.events.trace(
        SOURCE,
        rs,
        'Observed',
        () => `ReplicaSet controller sees the event of the new ReplicaSet ${key}`,
        { step: 3 },
      );
    }
    const pods = this.claimPods(rs);
    const active = pods.filter(isPodActive);
    const want = replicasOf(rs);
    const diff = active.length - want;
    if (diff < 0) {
      this.ctx.events.trace(
        SOURCE,
        rs,
        'ReplicasMismatch',
        () => `${active.length} pods exist, ${want} wanted: creating ${-diff}`,
        {
          step: 4,
        },
      );
      this.createPods(rs, Math.min(-diff, BURST_REPLICAS));
      if (-diff > BURST_REPLICAS) this.queue.add(key);
    } else if (diff > 0) {
      this.deletePods(rs, active, Math.min(diff, BURST_REPLICAS));
      if (diff > BURST_REPLICAS) this.queue.add(key);
    }
    const status = this.updateStatus(rs, diff === 0 ? active : undefined);
    // Availability changes without a pod event once minReadySeconds pass: look again then.
    const min = minReadySeconds(rs);
    if (min > 0 && status.readyReplicas === want && status.availableReplicas !== want)
      this.queue.addAfter(key, min * 1000);
  }

  /** Owned pods, after adopting matching orphans and releasing owned pods that no longer match. */
  private claimPods(rs: ReplicaSet): Pod[] {
    const api = this.ctx.api;
    const uid = rs.metadata.uid!;
    const owned: Pod[] = [];
    const matches = selectorOf(rs);
    for (const pod of api.store.byIndex('Pod', OWNER_INDEX, uid)) {
      if (matches(pod.metadata.labels)) {
        owned.push(pod);
        continue;
      }
      const refs = (pod.metadata.ownerReferences ?? []).filter((r) => r.uid !== uid);
      api.patch('Pod', { ...pod, metadata: { ...pod.metadata, ownerReferences: refs } });
    }
    for (const pod of api.store.byIndex('Pod', ORPHAN_INDEX, rs.metadata.namespace ?? 'default')) {
      if (!isPodActive(pod) || !matches(pod.metadata.labels)) continue;
      const refs = [...(pod.metadata.ownerReferences ?? []), this.ownerRef(rs)];
      const adopted = api.patch('Pod', { ...pod, metadata: { ...pod.metadata, ownerReferences: refs } });
      if (adopted.ok) owned.push(adopted.object);
    }
    return owned;
  }

  private ownerRef(rs: ReplicaSet): OwnerReference {
    return {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      name: rs.metadata.name,
      uid: rs.metadata.uid!,
      controller: true,
      blockOwnerDeletion: true,
    };
  }

  private createPods(rs: ReplicaSet, count: number): void {
    const template = rs.spec.template;
    for (let i = 0; i < count; i++) {
      const result = this.ctx.api.create(
        {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: {
            generateName: `${rs.metadata.name}-`,
            namespace: rs.metadata.namespace,
            labels: template.metadata?.labels ?? undefined,
            annotations: template.metadata?.annotations ?? undefined,
            ownerReferences: [this.ownerRef(rs)],
          },
          spec: template.spec,
        },
        { trusted: true },
      );
      if (!result.ok) {
        this.ctx.events.warning(SOURCE, rs, 'FailedCreate', `Error creating: ${result.error.message}`);
        return;
      }
      this.ctx.events.normal(SOURCE, rs, 'SuccessfulCreate', `Created pod: ${result.object.metadata.name}`, {
        step: 5,
      });
    }
  }

  private deletePods(rs: ReplicaSet, active: readonly Pod[], count: number): void {
    for (const pod of podsToDelete(active, count, countByNode(active))) {
      const result = this.ctx.api.delete('Pod', pod.metadata.namespace, pod.metadata.name);
      if (result.ok) this.ctx.events.normal(SOURCE, rs, 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`);
      else this.ctx.events.warning(SOURCE, rs, 'FailedDelete', `Error deleting: ${result.error.message}`);
    }
  }

  /** Writes the replica counts when they changed; `active` is the sync's own list when it created or deleted nothing. */
  private updateStatus(rs: ReplicaSet, active: readonly Pod[] | undefined): RsStatus {
    const api = this.ctx.api;
    const pods = active ?? api.store.byIndex('Pod', OWNER_INDEX, rs.metadata.uid!).filter(isPodActive);
    const templateLabels = Object.entries(rs.spec.template.metadata?.labels ?? {});
    const now = this.ctx.clockStart + this.ctx.clock.now;
    const min = minReadySeconds(rs);
    const status: RsStatus = {
      replicas: pods.length,
      fullyLabeledReplicas: 0,
      readyReplicas: 0,
      availableReplicas: 0,
      observedGeneration: (rs.metadata as { generation?: number }).generation ?? 1,
    };
    for (const p of pods) {
      if (templateLabels.every(([k, v]) => p.metadata.labels?.[k] === v)) status.fullyLabeledReplicas++;
      if (isPodReady(p)) status.readyReplicas++;
      if (isPodAvailable(p, min, now)) status.availableReplicas++;
    }
    const current = api.get('ReplicaSet', rs.metadata.namespace, rs.metadata.name)!;
    const old = (current.status ?? {}) as Partial<RsStatus>;
    const changed = (Object.keys(status) as (keyof RsStatus)[]).some((k) => old[k] !== status[k]);
    if (changed)
      api.updateStatus('ReplicaSet', rs.metadata.namespace, rs.metadata.name, { ...current.status, ...status });
    return status;
  }
}
