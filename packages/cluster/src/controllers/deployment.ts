import type { Deployment, ReplicaSet } from '@peapod/core';
import { keyOf } from '../api/store.js';
import type { WatchEvent } from '../api/types.js';
import { controllerRef, isPodTerminal } from '../objects.js';
import type { ComponentContext } from './context.js';
import { OWNER_INDEX } from './replicaset.js';
import {
  DESIRED_REPLICAS_ANNOTATION,
  isRollingUpdate,
  MAX_REPLICAS_ANNOTATION,
  maxSurge,
  newRsReplicas,
  oldestFirst,
  planOldScaleDown,
  podTemplateHash,
  REVISION_ANNOTATION,
  replicas,
  statusOf,
  TEMPLATE_HASH_LABEL,
  templateWithoutHash,
} from './rollout.js';
import { WorkQueue } from './work-queue.js';

const SOURCE = 'deployment-controller';
export const RS_OWNER_INDEX = 'rs-controller-uid';

/**
 * The Deployment controller (pkg/controller/deployment): one ReplicaSet per pod template, named by the
 * template's hash; a rolling update grows the new ReplicaSet within maxSurge and shrinks the old ones within
 * maxUnavailable; Recreate scales the old ones to zero first. Scaling a Deployment resizes its only active
 * ReplicaSet.
 */
export class DeploymentController {
  private readonly queue: WorkQueue;

  constructor(private readonly ctx: ComponentContext) {
    this.queue = new WorkQueue(ctx.clock, (key) => this.sync(key));
    ctx.api.store.addIndex('ReplicaSet', RS_OWNER_INDEX, (rs) => {
      const ref = controllerRef(rs.metadata);
      return ref?.uid ? [ref.uid] : [];
    });
    ctx.api.watch('Deployment', (e) => {
      if (e.type === 'MODIFIED' && e.old?.spec === e.object.spec) return;
      this.queue.add(keyOf(e.object));
    });
    ctx.api.watch('ReplicaSet', (e) => this.onReplicaSet(e));
    // Recreate waits for the old pods to be gone, which no ReplicaSet event reports.
    ctx.api.watch('Pod', (e) => {
      if (e.type !== 'DELETED') return;
      const ref = controllerRef(e.object.metadata);
      const rs =
        ref?.kind === 'ReplicaSet' ? ctx.api.get('ReplicaSet', e.object.metadata.namespace, ref.name) : undefined;
      if (rs !== undefined) this.onReplicaSet({ type: 'MODIFIED', object: rs });
    });
  }

  private onReplicaSet(event: WatchEvent<ReplicaSet>): void {
    const ref = controllerRef(event.object.metadata);
    if (ref?.kind === 'Deployment') this.queue.add(`${event.object.metadata.namespace}/${ref.name}`);
  }

  private sync(key: string): void {
    const [ns, name] = key.split('/') as [string, string];
    const d = this.ctx.api.get('Deployment', ns, name);
    if (d === undefined || d.metadata.deletionTimestamp) return;
    const sets = this.ctx.api.store.byIndex('ReplicaSet', RS_OWNER_INDEX, d.metadata.uid!);
    const wanted = templateWithoutHash(d.spec.template);
    const matching = oldestFirst(sets.filter((rs) => templateWithoutHash(rs.spec.template) === wanted));
    let newRs: ReplicaSet | undefined = matching[0];
    const olds = sets.filter((rs) => rs !== newRs);
    if (d.spec.paused) {
      this.syncStatus(d, sets, newRs);
      return;
    }
    if (this.isScalingEvent(d, sets)) {
      this.scale(d, newRs, olds);
    } else if (isRollingUpdate(d)) {
      newRs ??= this.createNewReplicaSet(d, sets);
      if (newRs === undefined) return;
      const grow = Math.min(newRsReplicas(d, [...olds, newRs], newRs), Math.max(replicas(d), 0));
      if (grow !== replicas(newRs)) this.scaleReplicaSet(d, newRs, grow);
      else
        for (const [rs, size] of planOldScaleDown(d, [...olds, newRs], olds, newRs)) this.scaleReplicaSet(d, rs, size);
    } else {
      this.recreate(d, newRs, olds);
    }
    this.cleanup(d);
    const fresh = this.ctx.api.store.byIndex('ReplicaSet', RS_OWNER_INDEX, d.metadata.uid!);
    this.syncStatus(
      d,
      fresh,
      fresh.find((rs) => templateWithoutHash(rs.spec.template) === wanted),
    );
  }

  /** A resize of the Deployment (not a template change): some active set records another desired count. */
  private isScalingEvent(d: Deployment, sets: readonly ReplicaSet[]): boolean {
    const want = String(replicas(d));
    return sets.some((rs) => {
      const desired = rs.metadata.annotations?.[DESIRED_REPLICAS_ANNOTATION];
      return replicas(rs) > 0 && desired !== undefined && desired !== want;
    });
  }

  /** Upstream `scale`, for the common case: the only active set (or the new one) takes the new count. */
  private scale(d: Deployment, newRs: ReplicaSet | undefined, olds: readonly ReplicaSet[]): void {
    const active = [...olds, ...(newRs ? [newRs] : [])].filter((rs) => replicas(rs) > 0);
    if (active.length === 1) {
      this.scaleReplicaSet(d, active[0]!, replicas(d));
      return;
    }
    // Several active sets mid-rollout: record the new count on each and let the rollout converge to it.
    for (const rs of active) this.scaleReplicaSet(d, rs, replicas(rs));
  }

  private recreate(d: Deployment, newRs: ReplicaSet | undefined, olds: readonly ReplicaSet[]): void {
    for (const rs of olds) if (replicas(rs) > 0) this.scaleReplicaSet(d, rs, 0);
    const running = (rs: ReplicaSet) =>
      this.ctx.api.store.byIndex('Pod', OWNER_INDEX, rs.metadata.uid!).some((p) => !isPodTerminal(p));
    if (olds.some(running)) return;
    const target = newRs ?? this.createNewReplicaSet(d, olds);
    if (target !== undefined && replicas(target) !== replicas(d)) this.scaleReplicaSet(d, target, replicas(d));
  }

  private createNewReplicaSet(d: Deployment, existing: readonly ReplicaSet[]): ReplicaSet | undefined {
    const hash = podTemplateHash(d.spec.template);
    const template = {
      ...d.spec.template,
      metadata: {
        ...d.spec.template.metadata,
        labels: { ...(d.spec.template.metadata?.labels ?? {}), [TEMPLATE_HASH_LABEL]: hash },
      },
    };
    const selector = {
      ...d.spec.selector,
      matchLabels: { ...(d.spec.selector.matchLabels ?? {}), [TEMPLATE_HASH_LABEL]: hash },
    };
    const revision =
      Math.max(0, ...existing.map((rs) => Number(rs.metadata.annotations?.[REVISION_ANNOTATION] ?? 0))) + 1;
    const draft = { metadata: { name: '' }, spec: { replicas: 0, selector, template } } as ReplicaSet;
    const size = newRsReplicas(d, [...existing, draft], draft);
    const result = this.ctx.api.create({
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: `${d.metadata.name}-${hash}`,
        namespace: d.metadata.namespace,
        labels: template.metadata.labels,
        annotations: {
          [REVISION_ANNOTATION]: String(revision),
          [DESIRED_REPLICAS_ANNOTATION]: String(replicas(d)),
          [MAX_REPLICAS_ANNOTATION]: String(replicas(d) + maxSurge(d)),
        },
        ownerReferences: [
          {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            name: d.metadata.name,
            uid: d.metadata.uid!,
            controller: true,
            blockOwnerDeletion: true,
          },
        ],
      },
      spec: {
        replicas: size,
        minReadySeconds: (d.spec as { minReadySeconds?: number }).minReadySeconds ?? 0,
        selector,
        template,
      },
    });
    if (!result.ok) {
      this.ctx.events.warning(
        SOURCE,
        d,
        'FailedCreate',
        `Failed to create new replica set "${d.metadata.name}-${hash}": ${result.error.message}`,
      );
      return undefined;
    }
    const rs = result.object as ReplicaSet;
    if (size > 0)
      this.ctx.events.normal(SOURCE, d, 'ScalingReplicaSet', `Scaled up replica set ${rs.metadata.name} to ${size}`);
    return rs;
  }

  private scaleReplicaSet(d: Deployment, rs: ReplicaSet, size: number): void {
    const current = this.ctx.api.get('ReplicaSet', rs.metadata.namespace, rs.metadata.name);
    if (current === undefined) return;
    const annotations = {
      ...current.metadata.annotations,
      [DESIRED_REPLICAS_ANNOTATION]: String(replicas(d)),
      [MAX_REPLICAS_ANNOTATION]: String(replicas(d) + maxSurge(d)),
    };
    const sizeChanged = replicas(current) !== size;
    const notesChanged =
      annotations[DESIRED_REPLICAS_ANNOTATION] !== current.metadata.annotations?.[DESIRED_REPLICAS_ANNOTATION];
    if (!sizeChanged && !notesChanged) return;
    const result = this.ctx.api.update('ReplicaSet', {
      ...current,
      metadata: { ...current.metadata, annotations },
      spec: { ...current.spec, replicas: size },
    });
    if (result.ok && sizeChanged) {
      const direction = size > replicas(current) ? 'up' : 'down';
      this.ctx.events.normal(
        SOURCE,
        d,
        'ScalingReplicaSet',
        `Scaled ${direction} replica set ${rs.metadata.name} to ${size}`,
      );
    }
  }

  /** Deletes the oldest empty old sets beyond revisionHistoryLimit. */
  private cleanup(d: Deployment): void {
    const limit = (d.spec as { revisionHistoryLimit?: number }).revisionHistoryLimit ?? 10;
    const sets = this.ctx.api.store.byIndex('ReplicaSet', RS_OWNER_INDEX, d.metadata.uid!);
    const wanted = templateWithoutHash(d.spec.template);
    const olds = oldestFirst(sets.filter((rs) => templateWithoutHash(rs.spec.template) !== wanted));
    for (const rs of olds.slice(0, Math.max(0, olds.length - limit))) {
      if (replicas(rs) === 0 && statusOf(rs).replicas === 0)
        this.ctx.api.delete('ReplicaSet', rs.metadata.namespace, rs.metadata.name);
    }
  }

  private syncStatus(d: Deployment, sets: readonly ReplicaSet[], newRs: ReplicaSet | undefined): void {
    const sum = (f: (rs: ReplicaSet) => number) => sets.reduce((n, rs) => n + f(rs), 0);
    const available = sum((rs) => statusOf(rs).availableReplicas);
    const total = sum(replicas);
    const status = {
      observedGeneration: (d.metadata as { generation?: number }).generation ?? 1,
      replicas: sum((rs) => statusOf(rs).replicas),
      updatedReplicas: newRs ? statusOf(newRs).replicas : 0,
      readyReplicas: sum((rs) => statusOf(rs).readyReplicas),
      availableReplicas: available,
      unavailableReplicas: Math.max(0, total - available),
    };
    const old = (d.status ?? {}) as Record<string, unknown>;
    if (Object.entries(status).every(([k, v]) => old[k] === v)) return;
    this.ctx.api.updateStatus('Deployment', d.metadata.namespace, d.metadata.name, { ...d.status, ...status });
  }
}
