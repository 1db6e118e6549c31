import type { ObjectMeta } from '@peapod/core';
import type { ApiObject, Kind } from '../api/types.js';
import type { ComponentContext } from './context.js';
import { NODE_INDEX } from './node-lifecycle.js';
import { WorkQueue } from './work-queue.js';

export const OWNERS_INDEX = 'owner-uids';
/** Kinds whose objects have owners here: ReplicaSets (of Deployments) and Pods (of ReplicaSets). */
const DEPENDENT_KINDS: readonly Kind[] = ['ReplicaSet', 'Pod'];
const OWNER_KINDS: readonly Kind[] = ['Deployment', 'ReplicaSet', 'ReplicationController', 'StatefulSet'];
/** PodGC's quarantine before it deletes pods bound to a node that no longer exists. */
const ORPHAN_QUARANTINE_MS = 40_000;

/**
 * The garbage collector with background propagation: when an owner goes, dependents whose owners are all
 * gone are deleted (pods gracefully, so their kubelets stop them). Also PodGC's orphan rule: pods bound to a
 * deleted node are force-deleted after a quarantine.
 */
export class GarbageCollector {
  private readonly queue: WorkQueue;

  constructor(private readonly ctx: ComponentContext) {
    this.queue = new WorkQueue(ctx.clock, (uid) => this.collect(uid));
    for (const kind of DEPENDENT_KINDS) {
      ctx.api.store.addIndex(kind, OWNERS_INDEX, (o: ApiObject) =>
        (o.metadata.ownerReferences ?? []).map((r) => r.uid ?? ''),
      );
    }
    for (const kind of OWNER_KINDS) {
      ctx.api.watch(kind, (e) => {
        if (e.type === 'DELETED' && e.object.metadata.uid) this.queue.add(e.object.metadata.uid);
      });
    }
    ctx.api.watch('Node', (e) => {
      if (e.type !== 'DELETED') return;
      const name = e.object.metadata.name;
      ctx.clock.after(ORPHAN_QUARANTINE_MS, () => this.collectOrphanPods(name));
    });
  }

  private collect(ownerUid: string): void {
    for (const kind of DEPENDENT_KINDS) {
      for (const dependent of this.ctx.api.store.byIndex(kind, OWNERS_INDEX, ownerUid)) {
        if (this.hasLiveOwner(dependent.metadata)) continue;
        this.ctx.api.delete(kind, dependent.metadata.namespace, dependent.metadata.name);
      }
    }
  }

  private hasLiveOwner(meta: ObjectMeta): boolean {
    return (meta.ownerReferences ?? []).some((ref) => {
      const kind = ref.kind as Kind;
      if (!OWNER_KINDS.includes(kind)) return false;
      const owner = this.ctx.api.get(kind, meta.namespace, ref.name);
      return owner !== undefined && owner.metadata.uid === ref.uid;
    });
  }

  private collectOrphanPods(nodeName: string): void {
    if (this.ctx.api.get('Node', undefined, nodeName) !== undefined) return;
    for (const pod of this.ctx.api.store.byIndex('Pod', NODE_INDEX, nodeName)) {
      this.ctx.events.normal('pod-garbage-collector', pod, 'PodGC', `Deleting pod bound to deleted node ${nodeName}`);
      this.ctx.api.delete('Pod', pod.metadata.namespace, pod.metadata.name, { gracePeriodSeconds: 0 });
    }
  }
}
