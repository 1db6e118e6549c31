import { type ClusterObjects, ErrorCodes, PeapodError, type QueuedPodInfo } from '@peapod/core';
import type { CycleOutcome } from '../cycle.js';
import { type Scheduler, toDecision } from '../scheduler.js';
import type { SchedulingSession } from '../session.js';
import type { Decision } from '../types.js';
import {
  COMPARE_ASPECTS,
  type CompareAspect,
  compareAttempt,
  type FieldDisagreement,
  VERIFY_FIELDS,
  type VerifyField,
} from './aspects.js';
import type { ExpectedDecision } from './decision-log.js';

export interface VerifyOptions {
  /**
   * Follow the log: after each attempt, change the cluster the way the log says the real scheduler did
   * (bind to its node; on a nomination, delete its victims and nominate the pod), whatever peapod
   * decided. Each attempt is then judged on the log's state, so one early difference does not ripple
   * through the rest. Without it (default), peapod's own decisions shape the state.
   */
  readonly follow?: boolean;
  /** The aspects to compare (default: all of COMPARE_ASPECTS). */
  readonly compare?: readonly CompareAspect[];
  /** Called before each line of the log is replayed: lines done so far, lines in all (a progress line). */
  readonly progress?: (done: number, total: number) => void;
}

/** One attempt that disagrees with the log on at least one field. */
export interface AttemptDisagreement {
  readonly seq: number;
  readonly index: number;
  readonly pod: string;
  readonly attempt: number;
  readonly disagreements: readonly FieldDisagreement[];
  /** peapod's own decision for the attempt; absent when the pod got no attempt (a `pod` disagreement). */
  readonly decision?: Decision;
}

export interface VerifySummary {
  /** Lines of the log, each one attempt. */
  readonly attempts: number;
  readonly agreed: number;
  readonly disagreed: number;
  /** Field -> number of attempts that disagree on it (an attempt can disagree on several fields). */
  readonly byField: Readonly<Partial<Record<VerifyField, number>>>;
}

export interface VerifyReport {
  readonly follow: boolean;
  /** The aspects that were compared, in COMPARE_ASPECTS order. */
  readonly compare: readonly CompareAspect[];
  /** The disagreeing attempts, in log order. */
  readonly attempts: readonly AttemptDisagreement[];
  /** Pods pending in peapod's queue that no line of the log attempted, in queue order. */
  readonly unattempted: readonly string[];
  readonly summary: VerifySummary;
}

/** Per-replay bookkeeping: which queued pods are still pending, and which had an attempt. */
class ReplayState {
  readonly pending = new Map<string, QueuedPodInfo>();
  /** Node name of every pod this replay bound, by key. */
  readonly boundBy = new Map<string, string>();
  private readonly attempted = new Set<string>();
  private next = 0;

  constructor(private readonly session: SchedulingSession) {
    for (const queued of session.queue) this.pending.set(queued.podInfo.key, queued);
  }

  wasAttempted(key: string): boolean {
    return this.attempted.has(key);
  }

  markAttempted(key: string): void {
    this.attempted.add(key);
  }

  /** The first pod of peapod's queue that has had no attempt yet. */
  nextInQueue(): QueuedPodInfo | undefined {
    const queue = this.session.queue;
    while (this.next < queue.length && this.attempted.has(queue[this.next]!.podInfo.key)) this.next++;
    return queue[this.next];
  }

  unattempted(): string[] {
    return this.session.queue.map((q) => q.podInfo.key).filter((key) => !this.attempted.has(key));
  }

  bind(queued: QueuedPodInfo, nodeName: string, startTime: number): string | null {
    const node = this.session.snapshot.nodeIndex(nodeName);
    if (node < 0) return `no node ${nodeName} in the cluster`;
    const failed = this.session.bind(queued.podInfo, node, startTime);
    if (failed !== null) return failed.reasons.join(', ');
    this.pending.delete(queued.podInfo.key);
    this.boundBy.set(queued.podInfo.key, nodeName);
    return null;
  }
}

/**
 * Replays a decision log against peapod: for each line in order, runs one scheduling cycle for the pod it
 * names, compares the outcome with the line on the selected aspects, then advances the cluster (see
 * `VerifyOptions.follow`). A retry line (`attempt: 2`) is simply the next attempt of the same pod.
 * Problems with the log's content are reported as disagreements, never thrown; only an unknown aspect
 * in `compare` throws (PeapodError `Usage`).
 */
export function verifyDecisions(
  scheduler: Scheduler,
  objects: ClusterObjects,
  expected: readonly ExpectedDecision[],
  options: VerifyOptions = {},
): VerifyReport {
  const follow = options.follow ?? false;
  const wanted = new Set(options.compare ?? COMPARE_ASPECTS);
  const unknown = [...wanted].filter((a) => !(COMPARE_ASPECTS as readonly string[]).includes(a));
  if (unknown.length > 0) {
    throw new PeapodError(ErrorCodes.Usage, `unknown aspect ${JSON.stringify(unknown[0])} to compare`);
  }
  const compare = COMPARE_ASPECTS.filter((a) => wanted.has(a));
  const aspects = new Set(compare);
  const session = scheduler.session(objects);
  const state = new ReplayState(session);
  const skipped = new Map(session.skipped.map((s) => [s.pod, s]));
  const attempts: AttemptDisagreement[] = [];
  const counts = new Map<VerifyField, number>();

  for (const [position, line] of expected.entries()) {
    options.progress?.(position, expected.length);
    const disagreements: FieldDisagreement[] = [];
    // The logical clock: the pod bound by attempt `seq` starts at origin + (seq + 1) s.
    const startTime = session.clockStart + (position + 1) * 1000;
    const queued = state.pending.get(line.pod);
    let decision: Decision | undefined;
    if (queued === undefined) {
      const bound = state.boundBy.get(line.pod);
      const skip = skipped.get(line.pod);
      const actual =
        bound !== undefined
          ? `already bound to ${bound}`
          : skip !== undefined
            ? `not queued (${skip.reason}: ${skip.message})`
            : 'not a pending pod of the cluster';
      disagreements.push({ field: 'pod', expected: 'pending', actual });
      if (follow) applyVictims(session, line.victims, disagreements);
    } else {
      if (aspects.has('order') && !state.wasAttempted(line.pod)) {
        const next = state.nextInQueue();
        if (next === undefined || next.podInfo.key !== line.pod || next.sequence !== line.index) {
          disagreements.push({
            field: 'order',
            expected: { pod: line.pod, index: line.index },
            actual: next === undefined ? null : { pod: next.podInfo.key, index: next.sequence },
          });
        }
      }
      state.markAttempted(line.pod);
      let outcome = session.attempt(queued.podInfo);
      if (!follow) outcome = applyOwn(session, state, queued, outcome, startTime);
      disagreements.push(
        ...compareAttempt(line, outcome, {
          aspects,
          nodeNames: session.snapshot.nodeNames,
          enginePostFilter: session.profileFor(queued.podInfo).postFilter.length > 0,
        }),
      );
      if (follow) applyExpected(session, state, queued, line, disagreements, startTime);
      if (disagreements.length > 0) decision = toDecision(line.seq, queued, outcome, session, line.attempt);
    }
    if (disagreements.length === 0) continue;
    for (const field of new Set(disagreements.map((d) => d.field))) counts.set(field, (counts.get(field) ?? 0) + 1);
    const { seq, index, pod, attempt } = line;
    attempts.push({ seq, index, pod, attempt, disagreements, ...(decision ? { decision } : {}) });
  }

  const byField: Partial<Record<VerifyField, number>> = {};
  for (const field of VERIFY_FIELDS) if (counts.has(field)) byField[field] = counts.get(field)!;
  return {
    follow,
    compare,
    attempts,
    unattempted: state.unattempted(),
    summary: {
      attempts: expected.length,
      agreed: expected.length - attempts.length,
      disagreed: attempts.length,
      byField,
    },
  };
}

/** Without follow: bind where peapod decided, or apply peapod's own preemption. Returns the final outcome. */
function applyOwn(
  session: SchedulingSession,
  state: ReplayState,
  queued: QueuedPodInfo,
  outcome: CycleOutcome,
  startTime: number,
): CycleOutcome {
  if (outcome.node >= 0) {
    const failed = state.bind(queued, session.snapshot.nodeNames[outcome.node]!, startTime);
    // As Scheduler.run: a failed binding cycle makes the attempt a scheduler error.
    if (failed !== null) return { ...outcome, node: -1, reason: 'SchedulerError', message: failed };
    return outcome;
  }
  if (outcome.nominatedNode !== undefined) {
    session.applyPreemption(queued.podInfo, outcome.nominatedNode, outcome.victims ?? []);
  }
  return outcome;
}

/** With follow: bind to the log's node, or delete the log's victims and nominate the pod where it says. */
function applyExpected(
  session: SchedulingSession,
  state: ReplayState,
  queued: QueuedPodInfo,
  line: ExpectedDecision,
  disagreements: FieldDisagreement[],
  startTime: number,
): void {
  if (line.scheduled && line.node) {
    const failed = state.bind(queued, line.node, startTime);
    if (failed !== null) disagreements.push({ field: 'state', expected: `bind to ${line.node}`, actual: failed });
    return;
  }
  if (line.nominatedNode === undefined) {
    applyVictims(session, line.victims, disagreements);
    return;
  }
  if (session.snapshot.nodeIndex(line.nominatedNode) < 0) {
    applyVictims(session, line.victims, disagreements);
    disagreements.push({
      field: 'state',
      expected: `nominate to ${line.nominatedNode}`,
      actual: `no node ${line.nominatedNode} in the cluster`,
    });
    return;
  }
  for (const victim of session.applyPreemption(queued.podInfo, line.nominatedNode, line.victims ?? [])) {
    disagreements.push({ field: 'state', expected: `delete victim ${victim}`, actual: 'no such running pod' });
  }
}

function applyVictims(
  session: SchedulingSession,
  victims: readonly string[] | undefined,
  disagreements: FieldDisagreement[],
): void {
  for (const victim of victims ?? []) {
    if (!session.deletePod(victim)) {
      disagreements.push({ field: 'state', expected: `delete victim ${victim}`, actual: 'no such running pod' });
    }
  }
}
