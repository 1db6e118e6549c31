import {
  type ClusterObjects,
  ClusterSnapshot,
  createPodInfo,
  ErrorCodes,
  formatObjectRef,
  type Handle,
  PeapodError,
  type Pod,
  type QueuedPodInfo,
} from '@peapod/core';
import { createPriorityResolver } from './admission.js';
import { type CycleOutcome, runCycle } from './cycle.js';
import type { Profile } from './profile.js';
import type { RandomSource } from './random.js';
import type { Decision, NodeUsage, ScheduleOptions, ScheduleResult } from './types.js';

/** Quantities that validate but do not fit a safe integer surface here: report them as input errors. */
function withObjectContext<T>(what: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof RangeError) throw new PeapodError(ErrorCodes.InputInvalid, `${what}: ${e.message}`);
    throw e;
  }
}

function isTerminal(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
}

/** Creation time in ms; a pod without one is taken as created now, after every recorded timestamp. */
function queueTimestamp(pod: Pod): number {
  const ts = pod.metadata.creationTimestamp;
  const ms = ts ? Date.parse(ts) : Number.NaN;
  return Number.isNaN(ms) ? Number.POSITIVE_INFINITY : ms;
}

/**
 * Runs a batch: bound pods are accounted on their nodes, pending pods are taken once each in QueueSort
 * order, and each bind updates the snapshot before the next pod.
 */
export class Scheduler {
  constructor(
    private readonly profile: Profile,
    private readonly random: RandomSource,
    private readonly options: ScheduleOptions,
  ) {}

  run(objects: ClusterObjects): ScheduleResult {
    const snapshot = new ClusterSnapshot(objects.nodes);
    const handle: Handle = { snapshot, cluster: objects };
    const priorityOf = createPriorityResolver(objects.priorityClasses);
    const pending: QueuedPodInfo[] = [];
    let boundPods = 0;
    objects.pods.forEach((pod) => {
      if (isTerminal(pod)) return;
      const ref = formatObjectRef('Pod', pod.metadata);
      const info = withObjectContext(ref, () => createPodInfo(pod, priorityOf(pod, ref)));
      const nodeName = pod.spec.nodeName;
      if (nodeName) {
        const node = snapshot.nodeIndex(nodeName);
        // A pod bound to a node that is not in the input uses no node we schedule onto.
        if (node >= 0) snapshot.addPod(info, node);
        boundPods++;
        return;
      }
      pending.push({ podInfo: info, timestamp: queueTimestamp(pod), sequence: pending.length });
    });

    const queueSort = this.profile.queueSort;
    const queue = [...pending].sort((a, b) => (queueSort.less(a, b) ? -1 : queueSort.less(b, a) ? 1 : 0));
    const tieBreak = this.options.tieBreak ?? 'random';
    const decisions: Decision[] = [];
    let scheduled = 0;
    for (const queued of queue) {
      const outcome = runCycle(this.profile, handle, queued.podInfo, this.random, tieBreak);
      const decision = toDecision(decisions.length, queued, outcome, snapshot);
      if (outcome.node >= 0) {
        snapshot.addPod(queued.podInfo, outcome.node);
        scheduled++;
      }
      decisions.push(decision);
    }

    return {
      decisions,
      summary: {
        nodes: snapshot.nodeCount,
        boundPods,
        pendingPods: pending.length,
        attempts: decisions.length,
        scheduled,
        unschedulable: pending.length - scheduled,
      },
      nodes: nodeUsage(snapshot),
    };
  }
}

/** Numbers a cycle's outcome into the documented Decision shape (field order is the jsonl order). */
function toDecision(seq: number, queued: QueuedPodInfo, outcome: CycleOutcome, snapshot: ClusterSnapshot): Decision {
  const { node, ...rest } = outcome;
  return {
    seq,
    index: queued.sequence,
    pod: queued.podInfo.key,
    attempt: 1,
    scheduled: node >= 0,
    node: node >= 0 ? snapshot.nodeNames[node]! : null,
    ...rest,
  };
}

function nodeUsage(snapshot: ClusterSnapshot): NodeUsage[] {
  return snapshot.nodeNames.map((name, i) => ({
    name,
    allocatable: {
      cpu: snapshot.allocatable[0]![i]!,
      memory: snapshot.allocatable[1]![i]!,
      pods: snapshot.allowedPods[i]!,
    },
    requested: {
      cpu: snapshot.requested[0]![i]!,
      memory: snapshot.requested[1]![i]!,
      pods: snapshot.podCount[i]!,
    },
  }));
}
