import type { Node, Pod } from '@peapod/core';
import type { Scheduler as EngineScheduler } from '@peapod/engine';
import { type ApiObject, podStatus, type WatchEvent } from '../api/types.js';
import type { ComponentContext } from '../controllers/context.js';
import { WorkQueue } from '../controllers/work-queue.js';
import { canonicalJson, isPodTerminal, podKey } from '../objects.js';
import { SchedulerCache } from './cache.js';
import { type QueuedPod, SchedulingQueue } from './queue.js';

const SOURCE = 'default-scheduler';
/** Kinds the default plugins read through the handle: a change makes the snapshot stale. */
const PLUGIN_KINDS = [
  'Service',
  'ReplicaSet',
  'ReplicationController',
  'StatefulSet',
  'Namespace',
  'PodDisruptionBudget',
  'PersistentVolume',
  'PersistentVolumeClaim',
  'StorageClass',
] as const;

export interface SchedulerMetrics {
  attempts: number;
  scheduled: number;
  failed: number;
  preemptions: number;
}

/** Whether an update of an object the plugins read changes what they see (status-only writes do not). */
function pluginsCare(kind: string, old: ApiObject, now: ApiObject): boolean {
  const spec = (o: ApiObject) => (o as { spec?: { selector?: unknown } }).spec;
  if (!sameJson(old.metadata.labels, now.metadata.labels)) return true;
  // Spreading and affinity read the selectors of Services and workloads, not their replica counts.
  if (kind === 'Service' || kind === 'ReplicaSet' || kind === 'ReplicationController' || kind === 'StatefulSet') {
    return !sameJson(spec(old)?.selector, spec(now)?.selector);
  }
  return (
    !sameJson(spec(old), spec(now)) ||
    !sameJson((old as { status?: unknown }).status, (now as { status?: unknown }).status)
  );
}

function sameJson(a: unknown, b: unknown): boolean {
  return a === b || canonicalJson(a) === canonicalJson(b);
}

function nodeChanged(event: WatchEvent<Node>): boolean {
  const old = event.old;
  if (old === undefined) return true;
  const n = event.object;
  // The kubelet's condition updates keep spec, labels and allocatable: those are invisible to the plugins.
  return (
    old.spec !== n.spec ||
    old.metadata.labels !== n.metadata.labels ||
    old.status?.allocatable !== n.status?.allocatable ||
    old.status?.images !== n.status?.images
  );
}

/**
 * The kube-scheduler loop: pods without a node enter the scheduling queue; each is given one engine
 * cycle at a time; a fit is bound through the API server, a failure is reported (FailedScheduling, the
 * PodScheduled condition) and the pod waits in backoff or among the unschedulable pods. Preemption deletes
 * the victims and nominates the node.
 */
export class Scheduler {
  readonly queue: SchedulingQueue;
  readonly cache: SchedulerCache;
  readonly metrics: SchedulerMetrics = { attempts: 0, scheduled: 0, failed: 0, preemptions: 0 };
  private runScheduled = false;
  private readonly informer: WorkQueue;

  constructor(
    private readonly ctx: ComponentContext,
    engine: EngineScheduler,
    readonly schedulerName = 'default-scheduler',
  ) {
    this.queue = new SchedulingQueue(ctx.clock, () => this.requestRun());
    this.cache = new SchedulerCache(ctx.api, engine, (pod) => {
      const started = pod.status?.startTime ? Date.parse(pod.status.startTime) : Number.NaN;
      return Number.isNaN(started) ? ctx.clockStart + ctx.clock.now : started;
    });
    this.informer = new WorkQueue(ctx.clock, (key) => this.syncPod(key));
    ctx.api.watch('Pod', (e) => {
      const old = e.old;
      const pod = e.object;
      // Status writes that leave spec, labels, deletion and terminal-ness alone change nothing here.
      const same =
        old !== undefined &&
        old.spec === pod.spec &&
        old.metadata.labels === pod.metadata.labels &&
        old.metadata.deletionTimestamp === pod.metadata.deletionTimestamp &&
        isPodTerminal(old) === isPodTerminal(pod);
      if (!same) this.informer.add(podKey(pod));
    });
    ctx.api.watch('Node', (e) => {
      if (!nodeChanged(e)) return;
      this.cache.invalidate();
      if (e.type !== 'DELETED') this.queue.moveAllUnschedulable();
    });
    for (const kind of PLUGIN_KINDS) {
      ctx.api.watch(kind, (e) => {
        if (e.type === 'MODIFIED' && !pluginsCare(kind, e.old!, e.object)) return;
        this.cache.invalidate();
        if (e.type === 'ADDED') this.queue.moveAllUnschedulable();
      });
    }
  }

  private responsible(pod: Pod): boolean {
    return (pod.spec.schedulerName ?? 'default-scheduler') === this.schedulerName;
  }

  /**
   * The scheduler's pod informer: changes reach it after the write that made them, coalesced per pod, and
   * are read from the API server's current state.
   */
  private syncPod(key: string): void {
    const [ns, name] = key.split('/') as [string, string];
    const pod = this.ctx.api.get('Pod', ns, name);
    if (pod === undefined || (pod.spec.nodeName && isPodTerminal(pod))) {
      this.queue.remove(key);
      this.cache.forget(key);
      if (this.cache.isPlaced(key)) {
        this.cache.remove(key);
        this.queue.moveAllUnschedulable();
      }
      return;
    }
    if (pod.spec.nodeName) {
      this.queue.remove(key);
      if (this.cache.isStale(pod)) this.cache.replace(pod);
      else if (!this.cache.isPlaced(key)) this.cache.add(pod);
      return;
    }
    if (!this.responsible(pod) || pod.metadata.deletionTimestamp) return;
    const entry = this.queue.get(key);
    if (entry === undefined) {
      this.ctx.events.trace(SOURCE, pod, 'Queued', () => `Pod ${key} has no node yet: it enters the scheduling queue`, {
        step: 6,
      });
      this.queue.add(key, pod);
      return;
    }
    const specChanged = entry.pod.spec !== pod.spec;
    entry.pod = pod;
    if (specChanged) this.queue.ungate(key);
  }

  private requestRun(): void {
    if (this.runScheduled) return;
    this.runScheduled = true;
    this.ctx.clock.after(0, () => {
      this.runScheduled = false;
      for (let entry = this.queue.pop(); entry !== undefined; entry = this.queue.pop()) this.scheduleOne(entry);
    });
  }

  /** One scheduling cycle and, on success, the binding. */
  private scheduleOne(entry: QueuedPod): void {
    const pod = entry.pod;
    const queued = this.cache.pendingInfo(pod);
    if (!('podInfo' in queued)) {
      if (queued.reason === 'gated') this.queue.gate(entry);
      else this.queue.remove(entry.key);
      return;
    }
    const session = this.cache.current();
    this.ctx.events.trace(
      SOURCE,
      pod,
      'Scheduling',
      () =>
        `scheduler picks pod ${entry.key} (no node) and runs filter and score over ${session.snapshot.nodeCount} nodes`,
      {
        step: 7,
      },
    );
    const outcome = session.attempt(queued.podInfo);
    this.metrics.attempts++;
    entry.attempts++;
    entry.lastAttempt = this.ctx.clock.now;
    if (outcome.node >= 0) {
      const nodeName = session.snapshot.nodeNames[outcome.node]!;
      const failed = session.bind(queued.podInfo, outcome.node, this.ctx.clockStart + this.ctx.clock.now);
      if (failed !== null) {
        this.fail(entry, failed.reasons.join(', '), false);
        return;
      }
      this.cache.assume(entry.key, pod.metadata.uid ?? '', outcome.node);
      const bound = this.ctx.api.bind(pod.metadata.namespace ?? 'default', pod.metadata.name, nodeName);
      if (!bound.ok) {
        this.cache.remove(entry.key);
        this.fail(entry, `Binding rejected: ${bound.error.message}`, false);
        return;
      }
      this.metrics.scheduled++;
      this.ctx.events.normal(SOURCE, pod, 'Scheduled', `Successfully assigned ${entry.key} to ${nodeName}`, {
        step: 8,
      });
      return;
    }
    if (outcome.nominatedNode !== undefined)
      this.preempt(pod, queued.podInfo.priority, outcome.nominatedNode, outcome.victims ?? []);
    this.fail(entry, outcome.message ?? '', outcome.reason !== 'SchedulerError');
  }

  private fail(entry: QueuedPod, message: string, unschedulable: boolean): void {
    this.metrics.failed++;
    const pod = this.ctx.api.get('Pod', entry.pod.metadata.namespace, entry.pod.metadata.name) ?? entry.pod;
    this.ctx.events.warning(SOURCE, pod, 'FailedScheduling', message);
    const status = podStatus(pod);
    const condition = {
      type: 'PodScheduled',
      status: 'False' as const,
      reason: unschedulable ? 'Unschedulable' : 'SchedulerError',
      message,
    };
    const old = status.conditions?.find((c) => c.type === 'PodScheduled');
    if (old?.message !== message || old.reason !== condition.reason) {
      const conditions = [
        ...(status.conditions ?? []).filter((c) => c.type !== 'PodScheduled'),
        { ...condition, lastTransitionTime: this.ctx.api.now() },
      ];
      const updated = this.ctx.api.updateStatus('Pod', pod.metadata.namespace, pod.metadata.name, {
        ...status,
        conditions,
      });
      if (updated.ok) entry.pod = updated.object;
    }
    this.queue.requeue(entry, unschedulable);
  }

  /** Upstream `prepareCandidate`: delete the victims, take lower nominations off the node, nominate the pod. */
  private preempt(pod: Pod, priority: number, nodeName: string, victims: readonly string[]): void {
    this.metrics.preemptions++;
    const api = this.ctx.api;
    for (const victimKey of victims) {
      const [ns, name] = victimKey.split('/') as [string, string];
      const victim = api.get('Pod', ns, name);
      if (victim === undefined) continue;
      this.ctx.events.normal(SOURCE, victim, 'Preempted', `Preempted by ${podKey(pod)} on node ${nodeName}`);
      api.delete('Pod', ns, name);
    }
    const session = this.cache.current();
    const node = session.snapshot.nodeIndex(nodeName);
    for (const other of [...session.nominator.podsOn(node)]) {
      if (other.priority >= priority || other.key === podKey(pod)) continue;
      session.nominator.remove(other.key);
      const current = api.get('Pod', other.namespace, other.name);
      if (current)
        api.updateStatus('Pod', other.namespace, other.name, { ...current.status, nominatedNodeName: undefined });
    }
    const info = this.cache.pendingInfo(pod);
    if ('podInfo' in info) session.nominate(info.podInfo, nodeName);
    const current = api.get('Pod', pod.metadata.namespace, pod.metadata.name);
    if (current)
      api.updateStatus('Pod', pod.metadata.namespace, pod.metadata.name, {
        ...current.status,
        nominatedNodeName: nodeName,
      });
  }

  /** Pods waiting to be tried now or after their backoff (the unschedulable pool waits for events). */
  get busy(): boolean {
    return this.queue.count('active') > 0 || this.queue.count('backoff') > 0;
  }
}
