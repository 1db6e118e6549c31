import type { Container, Pod } from '@peapod/core';
import type { ContainerRuntimeFields } from '../api/probe.js';
import type { Timer } from '../event-queue.js';
import type { ContainerBehaviour } from './behaviour.js';
import type { ProbeWorker } from './probes.js';

export type ContainerSpec = Container & ContainerRuntimeFields;

export interface TerminatedInfo {
  readonly exitCode: number;
  readonly reason: string;
  readonly message?: string;
  readonly startedAt: number;
  readonly finishedAt: number;
}

/** One container of a pod as the runtime sees it; a restart replaces its process, not this record. */
export interface ContainerRun {
  readonly spec: ContainerSpec;
  /** A regular init container (runs to completion before the app containers). */
  readonly init: boolean;
  /** A restartable init container (`restartPolicy: Always`). */
  readonly sidecar: boolean;
  readonly behaviour: ContainerBehaviour;
  state: 'waiting' | 'running' | 'terminated';
  /** Why it waits (`ContainerCreating`, `CrashLoopBackOff`, `ErrImagePull`, ...), in state waiting. */
  waiting: { reason: string; message?: string };
  /** The last exit: reason `Completed` or `Error`, and its message. */
  reason: string;
  message?: string;
  /** A start is under way (image pull, create). */
  starting: boolean;
  everStarted: boolean;
  exitCode: number;
  startedAt: number;
  finishedAt: number;
  restartCount: number;
  lastTerminated?: TerminatedInfo;
  ready: boolean;
  /** The startup probe passed (or there is none). */
  started: boolean;
  /** CrashLoopBackOff state (upstream flowcontrol.Backoff entry). */
  backoff?: { delay: number; lastUpdate: number };
  timers: Timer[];
  probes: ProbeWorker[];
}

export type PodLifecycle = 'running' | 'terminating' | 'finished';

/** Everything the kubelet keeps about one pod on its node. */
export interface PodRuntime {
  pod: Pod;
  readonly key: string;
  readonly uid: string;
  lifecycle: PodLifecycle;
  ip?: string;
  startTime: number;
  volumes: string[];
  readonly containers: ContainerRun[];
  /** Set when admission refused the pod. */
  rejected?: { readonly reason: string; readonly message: string };
  /** Set once every container is done and will not restart. */
  finished?: 'Succeeded' | 'Failed';
  /** Ports bound inside the pod's network namespace (containers share localhost). */
  readonly ports: Map<string, string>;
  /** The last status written, to skip unchanged writes. */
  written?: string;
  /** When Ready/ContainersReady/Initialized last changed (status `lastTransitionTime`). */
  readonly transitions: Map<string, { status: string; at: number }>;
}

export function newContainerRun(spec: ContainerSpec, init: boolean, behaviour: ContainerBehaviour): ContainerRun {
  const sidecar = init && spec.restartPolicy === 'Always';
  return {
    spec,
    init: init && !sidecar,
    sidecar,
    behaviour,
    state: 'waiting',
    waiting: { reason: init ? 'PodInitializing' : 'ContainerCreating' },
    reason: '',
    starting: false,
    everStarted: false,
    exitCode: 0,
    startedAt: 0,
    finishedAt: 0,
    restartCount: 0,
    ready: false,
    started: false,
    timers: [],
    probes: [],
  };
}

/** The app containers may start once every regular init container has succeeded and sidecars run. */
export function initDone(rt: PodRuntime): boolean {
  return rt.containers.every((c) =>
    c.init ? c.state === 'terminated' && c.exitCode === 0 : c.sidecar ? c.state === 'running' : true,
  );
}
