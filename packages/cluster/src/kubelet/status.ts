import type { Pod } from '@peapod/core';
import {
  type ContainerState,
  type ContainerStatus,
  type PodCondition,
  podStatus,
  type SimPodStatus,
} from '../api/types.js';
import { timestamp } from '../time.js';
import type { ContainerRun, PodRuntime } from './pod-runtime.js';

type Phase = NonNullable<SimPodStatus['phase']>;

function stateOf(c: ContainerRun, at: (ms: number) => string): ContainerState {
  if (c.state === 'running') return { running: { startedAt: at(c.startedAt) } };
  if (c.state === 'terminated') {
    return {
      terminated: {
        exitCode: c.exitCode,
        reason: c.reason,
        ...(c.message ? { message: c.message } : {}),
        startedAt: at(c.startedAt),
        finishedAt: at(c.finishedAt),
      },
    };
  }
  return { waiting: { reason: c.waiting.reason, ...(c.waiting.message ? { message: c.waiting.message } : {}) } };
}

function statusOf(c: ContainerRun, at: (ms: number) => string): ContainerStatus {
  const last = c.lastTerminated;
  return {
    name: c.spec.name,
    image: c.spec.image ?? '',
    ready: c.ready,
    started: c.state === 'running' && c.started,
    restartCount: c.restartCount,
    state: stateOf(c, at),
    lastState: last
      ? {
          terminated: {
            exitCode: last.exitCode,
            reason: last.reason,
            ...(last.message ? { message: last.message } : {}),
            startedAt: at(last.startedAt),
            finishedAt: at(last.finishedAt),
          },
        }
      : {},
  };
}

/** Upstream getPhase (kubelet_pods.go, v1.26). */
export function podPhase(rt: PodRuntime): Phase {
  if (rt.rejected) return 'Failed';
  if (rt.finished) return rt.finished;
  const policy = rt.pod.spec.restartPolicy ?? 'Always';
  let pendingInit = 0;
  let failedInit = 0;
  for (const c of rt.containers) {
    if (!c.init) continue;
    if (c.state === 'running') pendingInit++;
    else if (c.state === 'terminated') failedInit += c.exitCode !== 0 ? 1 : 0;
    else if (c.lastTerminated) failedInit += c.lastTerminated.exitCode !== 0 ? 1 : 0;
    else pendingInit++;
  }
  let running = 0;
  let waiting = 0;
  let stopped = 0;
  let succeeded = 0;
  for (const c of rt.containers) {
    if (c.init || c.sidecar) continue;
    if (c.state === 'running') running++;
    else if (c.state === 'terminated') {
      stopped++;
      if (c.exitCode === 0) succeeded++;
    } else if (c.lastTerminated) stopped++;
    else waiting++;
  }
  if (failedInit > 0 && policy === 'Never') return 'Failed';
  if (pendingInit > 0 || waiting > 0) return 'Pending';
  if (running > 0) return 'Running';
  if (stopped > 0) {
    if (policy === 'Always') return 'Running';
    if (stopped === succeeded) return 'Succeeded';
    return policy === 'OnFailure' ? 'Running' : 'Failed';
  }
  return 'Pending';
}

function condition(
  rt: PodRuntime,
  type: string,
  ok: boolean,
  reason: string,
  message: string,
  now: number,
  at: (ms: number) => string,
): PodCondition {
  const status = ok ? 'True' : 'False';
  const before = rt.transitions.get(type);
  if (before === undefined || before.status !== status) rt.transitions.set(type, { status, at: now });
  const since = rt.transitions.get(type)!.at;
  return { type, status, ...(ok ? {} : { reason, message }), lastTransitionTime: at(since) };
}

/**
 * The status the kubelet reports for a pod (generateAPIPodStatus): phase, the Initialized, ContainersReady
 * and Ready conditions next to the scheduler's PodScheduled, IPs, start time and container statuses.
 */
export function computePodStatus(
  rt: PodRuntime,
  current: Pod,
  hostIP: string,
  now: number,
  clockStart: number,
): SimPodStatus {
  const at = (ms: number) => timestamp(clockStart, ms);
  const existing = podStatus(current);
  if (rt.rejected) {
    return {
      ...existing,
      phase: 'Failed',
      reason: rt.rejected.reason,
      message: `Pod was rejected: ${rt.rejected.message}`,
      startTime: at(rt.startTime),
    };
  }
  const phase = podPhase(rt);
  const inits = rt.containers.filter((c) => c.init || c.sidecar);
  const apps = rt.containers.filter((c) => !c.init && !c.sidecar);
  const unready = apps.filter((c) => !c.ready).map((c) => c.spec.name);
  const incomplete = inits
    .filter((c) => (c.init ? !(c.state === 'terminated' && c.exitCode === 0) : c.state !== 'running'))
    .map((c) => c.spec.name);
  const done = phase === 'Succeeded' || phase === 'Failed';
  const readyReason = done ? 'PodCompleted' : 'ContainersNotReady';
  const readyMessage = done ? '' : `containers with unready status: [${unready.join(' ')}]`;
  const conditions: PodCondition[] = [
    condition(
      rt,
      'Initialized',
      incomplete.length === 0 || done,
      'ContainersNotInitialized',
      `containers with incomplete status: [${incomplete.join(' ')}]`,
      now,
      at,
    ),
    condition(
      rt,
      'Ready',
      unready.length === 0 && !done && rt.lifecycle === 'running',
      readyReason,
      readyMessage,
      now,
      at,
    ),
    condition(
      rt,
      'ContainersReady',
      unready.length === 0 && !done && rt.lifecycle === 'running',
      readyReason,
      readyMessage,
      now,
      at,
    ),
    ...(existing.conditions ?? []).filter((c) => c.type === 'PodScheduled'),
  ];
  return {
    ...existing,
    phase,
    conditions,
    hostIP,
    ...(rt.ip ? { podIP: rt.ip, podIPs: [{ ip: rt.ip }] } : {}),
    startTime: at(rt.startTime),
    ...(inits.length > 0 ? { initContainerStatuses: inits.map((c) => statusOf(c, at)) } : {}),
    containerStatuses: apps.map((c) => statusOf(c, at)),
  };
}

/** The trace line of a status write: what the kubelet reports (the seed story's step 12). */
export function describeStatus(before: SimPodStatus | undefined, after: SimPodStatus): string {
  const ready = after.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
  const wasReady = before?.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
  const parts = [`phase ${after.phase}`, ready ? 'Ready' : 'not Ready'];
  if (after.podIP) parts.push(`podIP ${after.podIP}`);
  const change = before?.phase !== after.phase || ready !== wasReady ? '' : ' (container states)';
  return `kubelet reports pod status to the API server: ${parts.join(', ')}${change}`;
}
