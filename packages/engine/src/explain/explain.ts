import { type ClusterObjects, ErrorCodes, isPodTerminal, PeapodError } from '@peapod/core';
import { compareBytes } from '../failure-message.js';
import type { AttemptObserver, ObservedAttempt, Scheduler } from '../scheduler.js';
import type { Decision, ScheduleOptions, TieBreak } from '../types.js';
import { explainFilters } from './filters.js';
import { explainSelection, rankScores } from './scores.js';
import type { PodExplanation } from './types.js';

/**
 * What an explaining Scheduler must be created with (besides the user's seed, tie-break...): every
 * attempt's failing nodes (`explain: 'all'`) and every feasible node's scores per plugin.
 */
export const EXPLAIN_OPTIONS = { explain: 'all', explainScores: true } as const satisfies ScheduleOptions;

/** The tie-break the Scheduler was created with, so the explanation can name the rule. */
export interface ExplainSettings {
  /** Default `random`, as the engine's. */
  readonly tieBreak?: TieBreak;
  /** Default 0, as the engine's. */
  readonly seed?: number;
  /** Sees every attempt of the replay before the explanation does (progress lines). */
  readonly observe?: AttemptObserver;
}

/**
 * Explains the first scheduling attempt of one pending pod: the batch is replayed by `Scheduler.run`, in
 * queue order, binding and preempting as `peapod schedule` does, and stops right after that attempt.
 * `scheduler` must have been created with EXPLAIN_OPTIONS. Throws PeapodError `InputInvalid` when the pod
 * is not in `objects`, is already bound or finished, or gets no attempt (scheduling gates, another scheduler).
 */
export function explainPod(
  scheduler: Scheduler,
  objects: ClusterObjects,
  podKey: string,
  settings: ExplainSettings = {},
): PodExplanation {
  checkPending(objects, podKey);
  let found: PodExplanation | undefined;
  const result = scheduler.run(objects, (observed) => {
    settings.observe?.(observed);
    if (observed.decision.pod !== podKey) return false;
    found = explainAttempt(observed, settings);
    return true;
  });
  if (found !== undefined) return found;
  const skipped = result.skipped.find((s) => s.pod === podKey);
  if (skipped?.reason === 'gated') {
    throw invalid(`pod ${podKey} is gated and gets no scheduling attempt: ${skipped.message}`);
  }
  if (skipped?.reason === 'other-scheduler') {
    throw invalid(
      `pod ${podKey} is for another scheduler and gets no scheduling attempt: ${skipped.message} (pass its configuration with --config)`,
    );
  }
  throw new PeapodError(ErrorCodes.Internal, `pod ${podKey} got no scheduling attempt`);
}

/**
 * Explains every attempt the batch run makes that `select` keeps (default: every attempt), in one replay,
 * in attempt order. `scheduler` must have been created with EXPLAIN_OPTIONS.
 */
export function explainAll(
  scheduler: Scheduler,
  objects: ClusterObjects,
  settings: ExplainSettings = {},
  select: (decision: Decision) => boolean = () => true,
): PodExplanation[] {
  const explanations: PodExplanation[] = [];
  scheduler.run(objects, (observed) => {
    if (select(observed.decision)) explanations.push(explainAttempt(observed, settings));
    return false;
  });
  return explanations;
}

/** The explanation of one observed attempt, from its decision and the pod's profile. */
export function explainAttempt({ decision, pod, session }: ObservedAttempt, settings: ExplainSettings): PodExplanation {
  if (decision.nodeStatuses === undefined && decision.reason !== 'SchedulerError') {
    throw new PeapodError(ErrorCodes.Internal, 'explain needs a Scheduler created with EXPLAIN_OPTIONS');
  }
  const profile = session.profileFor(pod);
  const filterPlugins = profile.filter.map((p) => p.name);
  const scorePlugins = profile.score
    .map(({ plugin, weight }) => ({ plugin: plugin.name, weight }))
    .sort((a, b) => compareBytes(a.plugin, b.plugin));
  const weights = new Map(scorePlugins.map((s) => [s.plugin, s.weight]));
  const scores = rankScores(decision, weights);
  const tieBreak = settings.tieBreak ?? 'random';
  const selection = explainSelection(
    decision,
    scores,
    tieBreak === 'random' ? { mode: tieBreak, seed: settings.seed ?? 0 } : { mode: tieBreak },
  );
  const nodeNames = session.snapshot.nodeNames;
  return {
    pod: decision.pod,
    seq: decision.seq,
    index: decision.index,
    attempt: decision.attempt,
    schedulerName: profile.schedulerName,
    priority: pod.priority,
    result: decision.scheduled
      ? 'Scheduled'
      : decision.reason === 'SchedulerError'
        ? 'SchedulerError'
        : 'Unschedulable',
    node: decision.node,
    ...(decision.message !== undefined ? { message: decision.message } : {}),
    ...(decision.reasonCounts !== undefined ? { reasonCounts: decision.reasonCounts } : {}),
    ...(decision.nominatedNode !== undefined ? { nominatedNode: decision.nominatedNode } : {}),
    ...(decision.victims !== undefined ? { victims: decision.victims } : {}),
    nodes: { total: nodeNames.length, evaluated: decision.evaluatedNodes, feasible: decision.feasibleNodes },
    filterPlugins,
    scorePlugins,
    filters: explainFilters({ decision, nodeNames, filterPlugins }),
    scores,
    ...(selection !== undefined ? { selection } : {}),
  };
}

/** The pod must exist and be pending: the messages `peapod explain` prints for the other cases. */
function checkPending(objects: ClusterObjects, podKey: string): void {
  const pod = objects.pods.find((p) => `${p.metadata.namespace ?? 'default'}/${p.metadata.name}` === podKey);
  if (pod === undefined) throw invalid(`pod ${JSON.stringify(podKey)} not found`);
  if (pod.spec.nodeName) throw invalid(`pod ${podKey} is already bound to node ${pod.spec.nodeName} (spec.nodeName)`);
  if (isPodTerminal(pod)) {
    throw invalid(`pod ${podKey} has finished (status.phase ${pod.status?.phase}): the scheduler does not schedule it`);
  }
}

function invalid(message: string): PeapodError {
  return new PeapodError(ErrorCodes.InputInvalid, message);
}
