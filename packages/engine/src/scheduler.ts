import type { ClusterObjects, PodInfo, QueuedPodInfo } from '@peapod/core';
import type { ProfileSpec } from './build-profile.js';
import type { CycleOutcome } from './cycle.js';
import type { RandomSource } from './random.js';
import type { PluginRegistry } from './registry.js';
import { SchedulingSession } from './session.js';
import type { Decision, NodeUsage, ScheduleOptions, ScheduleResult } from './types.js';

/** What a Scheduler is configured with: the registry, the profiles and the global node percentage. */
export interface SchedulerConfig {
  readonly registry: PluginRegistry;
  readonly profiles: readonly ProfileSpec[];
  /** 0 = adaptive (upstream's default); the CLI's `--percentage-of-nodes-to-score` overrides it. */
  readonly percentageOfNodesToScore: number;
}

/** One attempt of `Scheduler.run`, as its observer sees it. */
export interface ObservedAttempt {
  readonly decision: Decision;
  readonly pod: PodInfo;
  /** The run's session, already changed by the attempt (the pod bound, or its preemption applied). */
  readonly session: SchedulingSession;
}

/** Called by `Scheduler.run` after each attempt; returning true ends the run there (`peapod explain`). */
export type AttemptObserver = (attempt: ObservedAttempt) => boolean | undefined;

/**
 * Runs a batch: bound pods are accounted on their nodes, pending pods are taken once each in QueueSort
 * order, and each bind updates the snapshot before the next pod.
 */
export class Scheduler {
  constructor(
    private readonly config: SchedulerConfig,
    private readonly random: RandomSource,
    private readonly options: ScheduleOptions,
  ) {}

  /** A session over `objects`, for callers that drive the cycle themselves (verify, what-if tools). */
  session(objects: ClusterObjects): SchedulingSession {
    return new SchedulingSession(objects, { ...this.config, options: this.options, random: this.random });
  }

  /** The batch run; `observe` sees every attempt as it is made and may end the run early. */
  run(objects: ClusterObjects, observe?: AttemptObserver): ScheduleResult {
    const session = this.session(objects);
    try {
      return this.runSession(session, observe);
    } finally {
      session.close();
    }
  }

  /**
   * The batch run on a session the caller holds, so it can go on from the state the run leaves
   * (`peapod capacity` adds replicas after it).
   */
  runSession(session: SchedulingSession, observe?: AttemptObserver): ScheduleResult {
    const decisions: Decision[] = [];
    let scheduled = 0;
    let attempted = 0;
    let stopped = false;
    // One attempt per pod, in queue order; a pod whose failure nominated a node (preemption) is retried
    // once, right after its victims are deleted. The pod bound by attempt `seq` starts at origin + seq + 1 s.
    const attemptOnce = (queued: QueuedPodInfo, attempt: number): CycleOutcome => {
      const seq = decisions.length;
      let outcome = session.attempt(queued.podInfo);
      if (outcome.node >= 0) {
        const failed = session.bind(queued.podInfo, outcome.node, session.clockStart + (seq + 1) * 1000);
        if (failed !== null) outcome = { ...outcome, node: -1, reason: 'SchedulerError', message: failed.reasons[0] };
        else scheduled++;
      } else if (outcome.nominatedNode !== undefined) {
        session.applyPreemption(queued.podInfo, outcome.nominatedNode, outcome.victims ?? []);
      }
      const decision = toDecision(seq, queued, outcome, session, attempt);
      decisions.push(decision);
      if (observe?.({ decision, pod: queued.podInfo, session }) === true) stopped = true;
      return outcome;
    };
    for (const queued of session.queue) {
      attempted++;
      const first = attemptOnce(queued, 1);
      if (!stopped && first.node < 0 && first.nominatedNode !== undefined) attemptOnce(queued, 2);
      if (stopped) break;
    }
    return {
      decisions,
      skipped: session.skipped,
      summary: {
        nodes: session.snapshot.nodeCount,
        gated: session.skipped.filter((s) => s.reason === 'gated').length,
        otherScheduler: session.skipped.filter((s) => s.reason === 'other-scheduler').length,
        boundPods: session.boundPods,
        pendingPods: session.pendingPods,
        attempts: decisions.length,
        scheduled,
        unschedulable: attempted - scheduled,
        preemptions: decisions.filter((d) => d.nominatedNode !== undefined).length,
        victims: decisions.reduce((n, d) => n + (d.victims?.length ?? 0), 0),
      },
      nodes: nodeUsage(session),
    };
  }
}

/** Numbers a cycle's outcome into the documented Decision shape (field order is the jsonl order). */
export function toDecision(
  seq: number,
  queued: QueuedPodInfo,
  outcome: CycleOutcome,
  session: SchedulingSession,
  attempt = 1,
): Decision {
  const { node, ...rest } = outcome;
  return {
    seq,
    index: queued.sequence,
    pod: queued.podInfo.key,
    attempt,
    scheduled: node >= 0,
    node: node >= 0 ? session.snapshot.nodeNames[node]! : null,
    ...rest,
  };
}

function nodeUsage(session: SchedulingSession): NodeUsage[] {
  const s = session.snapshot;
  return s.nodeNames.map((name, i) => ({
    name,
    allocatable: { cpu: s.allocatable[0]![i]!, memory: s.allocatable[1]![i]!, pods: s.allowedPods[i]! },
    requested: { cpu: s.requested[0]![i]!, memory: s.requested[1]![i]!, pods: s.podCount[i]! },
  }));
}
