import type { Pod } from '@peapod/core';

/** Annotations that describe what a simulated container's process does (the simulation's only extension). */
export const BEHAVIOUR_PREFIX = 'sim.peapod.dev/';

export interface ContainerBehaviour {
  /** How long after start the app answers probes. */
  readonly startupMs: number;
  /** The process exits this long after start; undefined runs forever. */
  readonly runMs: number | undefined;
  readonly exitCode: number;
  /** How long the process takes to exit after SIGTERM (capped by the grace period). */
  readonly stopMs: number;
}

/** Regular init containers run to completion: by default they take this long. */
export const DEFAULT_INIT_RUN_MS = 1_000;

function seconds(pod: Pod, name: string, container: string): number | undefined {
  const annotations = pod.metadata.annotations ?? {};
  const text = annotations[`${BEHAVIOUR_PREFIX}${name}.${container}`] ?? annotations[`${BEHAVIOUR_PREFIX}${name}`];
  if (text === undefined) return undefined;
  const value = Number(text);
  return Number.isFinite(value) && value >= 0 ? value : undefined;
}

/**
 * A container's behaviour from the pod's annotations: `sim.peapod.dev/<field>` for every container, or
 * `sim.peapod.dev/<field>.<container>` for one. Fields: `startup-seconds`, `run-seconds`, `exit-code`,
 * `stop-seconds`.
 */
export function containerBehaviour(pod: Pod, container: string, init: boolean): ContainerBehaviour {
  const run = seconds(pod, 'run-seconds', container);
  return {
    startupMs: (seconds(pod, 'startup-seconds', container) ?? 0) * 1000,
    runMs: run !== undefined ? run * 1000 : init ? DEFAULT_INIT_RUN_MS : undefined,
    exitCode: Math.trunc(seconds(pod, 'exit-code', container) ?? 0),
    stopMs: (seconds(pod, 'stop-seconds', container) ?? 0) * 1000,
  };
}
