import { type ClusterObjects, ErrorCodes, PeapodError } from '@peapod/core';
import type { CycleOutcome } from '../cycle.js';
import type { Scheduler } from '../scheduler.js';
import type { ReplicaTemplate } from './template.js';

/** How the cluster's own pending pods fared before the first replica was created. */
export interface PendingOutcome {
  readonly pendingPods: number;
  readonly scheduled: number;
  /** Attempted pending pods that were not bound (gated and other-scheduler pods are not counted). */
  readonly unschedulable: number;
}

/** The replica that did not fit, and the scheduler's reason. */
export interface CapacityStop {
  /** 1-based number of the replica. */
  readonly replica: number;
  /** `namespace/name` of the replica. */
  readonly pod: string;
  /** `Unschedulable` or `SchedulerError` (a failed binding cycle); `gated` or `other-scheduler` (no attempt). */
  readonly reason: string;
  /** Upstream's failure message (`0/5 nodes are available: ...`), or why the replica got no attempt. */
  readonly message: string;
  readonly reasonCounts?: Readonly<Record<string, number>>;
  readonly unschedulablePlugins?: readonly string[];
  /** PostFilter (preemption) found room on this node by evicting `victims`; capacity does not evict. */
  readonly nominatedNode?: string;
  readonly victims?: readonly string[];
}

export interface NodeReplicas {
  readonly node: string;
  /** Replicas bound to the node. */
  readonly replicas: number;
  /** Every pod on the node after the run (bound before, the pending pods' and the replicas). */
  readonly pods: number;
}

export interface CapacityResult {
  /** The most replicas that were tried. */
  readonly max: number;
  /** Replicas bound, one after the other, before the first that did not fit (or `max`). */
  readonly replicas: number;
  /** The first replica that did not fit; undefined when `max` replicas were bound. */
  readonly stop?: CapacityStop;
  /** Every node, in input order, with the number of replicas bound to it. */
  readonly nodes: readonly NodeReplicas[];
  readonly pending: PendingOutcome;
}

/**
 * How many more replicas of `template` fit in the cluster, and where: the cluster's pending pods are
 * scheduled first (as `Scheduler.run` does), then replicas are created one at a time, each scheduled and
 * bound before the next is created, until one does not fit or `max` are bound. Every replica goes through
 * the scheduler's whole cycle (all plugins of its profile) in one running session. A replica that could
 * only be placed by preempting other pods counts as not fitting: its preemption is not carried out.
 * Needs a fresh Scheduler (its random source is consumed by the run).
 */
export function runCapacity(
  scheduler: Scheduler,
  objects: ClusterObjects,
  template: ReplicaTemplate,
  max: number,
): CapacityResult {
  const cluster = template.withController(objects);
  const existing = new Set(cluster.pods.map((p) => `${p.metadata.namespace ?? 'default'}/${p.metadata.name}`));
  const session = scheduler.session(cluster);
  // The cluster's own pending pods first, exactly as `peapod schedule` runs them.
  const { summary } = scheduler.runSession(session);
  const pending: PendingOutcome = {
    pendingPods: summary.pendingPods,
    scheduled: summary.scheduled,
    unschedulable: summary.unschedulable,
  };
  const attempts = summary.attempts;
  const perNode = new Array<number>(session.snapshot.nodeCount).fill(0);
  let replicas = 0;
  let stop: CapacityStop | undefined;
  while (replicas < max) {
    const i = replicas + 1;
    const pod = template.replica(i);
    const key = `${template.namespace}/${pod.metadata.name}`;
    if (existing.has(key)) {
      throw new PeapodError(ErrorCodes.InputInconsistent, `Pod ${key}: the cluster already has a pod of that name`);
    }
    const queued = session.addPendingPod(pod);
    if (!('podInfo' in queued)) {
      stop = { replica: i, pod: key, reason: queued.reason, message: queued.message };
      break;
    }
    const outcome = session.attempt(queued.podInfo);
    const failed =
      outcome.node >= 0 ? session.bind(queued.podInfo, outcome.node, session.clockStart + (attempts + i) * 1000) : null;
    if (outcome.node < 0 || failed !== null) {
      stop = stopOf(i, key, outcome, failed?.reasons[0]);
      break;
    }
    perNode[outcome.node]!++;
    replicas = i;
  }
  return {
    max,
    replicas,
    ...(stop !== undefined ? { stop } : {}),
    nodes: session.snapshot.nodeNames.map((node, n) => ({
      node,
      replicas: perNode[n]!,
      pods: session.snapshot.podCount[n]!,
    })),
    pending,
  };
}

function stopOf(replica: number, pod: string, outcome: CycleOutcome, bindError: string | undefined): CapacityStop {
  if (bindError !== undefined) return { replica, pod, reason: 'SchedulerError', message: bindError };
  return {
    replica,
    pod,
    reason: outcome.reason ?? 'Unschedulable',
    message: outcome.message ?? '',
    ...(outcome.reasonCounts !== undefined ? { reasonCounts: outcome.reasonCounts } : {}),
    ...(outcome.unschedulablePlugins !== undefined ? { unschedulablePlugins: outcome.unschedulablePlugins } : {}),
    ...(outcome.nominatedNode !== undefined ? { nominatedNode: outcome.nominatedNode } : {}),
    ...(outcome.victims !== undefined ? { victims: outcome.victims } : {}),
  };
}
