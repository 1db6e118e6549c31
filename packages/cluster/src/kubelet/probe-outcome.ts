import type { Probe } from '../api/probe.js';
import type { ContainerRun } from './pod-runtime.js';
import type { ProbeKind, ProbeOutcome } from './probes.js';

/** A fault injected by a scenario: the container's probes (of one kind, or all) fail until `until`. */
export interface ProbeFault {
  readonly kind?: ProbeKind;
  readonly until: number;
}

/** Faults by `namespace/pod/container`. */
export type ProbeFaults = Map<string, ProbeFault>;

function portOf(run: ContainerRun, port: number | string): number | string {
  if (typeof port === 'number') return port;
  return run.spec.ports?.find((p) => p.name === port)?.containerPort ?? port;
}

/**
 * What a probe of the simulated app answers: it fails while the app is still starting
 * (`sim.peapod.dev/startup-seconds`) or while a scenario fault is active, with the message the real
 * prober would give for its handler type.
 */
export function probeOutcome(
  run: ContainerRun,
  kind: ProbeKind,
  probe: Probe,
  ip: string,
  fault: ProbeFault | undefined,
  now: number,
): ProbeOutcome {
  const faulty = fault !== undefined && now < fault.until && (fault.kind === undefined || fault.kind === kind);
  const starting = now - run.startedAt < run.behaviour.startupMs;
  if (!faulty && !starting) return { ok: true, message: '' };
  if (probe.httpGet) {
    const port = portOf(run, probe.httpGet.port);
    if (starting)
      return {
        ok: false,
        message: `Get "http://${ip}:${port}${probe.httpGet.path ?? '/'}": dial tcp ${ip}:${port}: connect: connection refused`,
      };
    return { ok: false, message: 'HTTP probe failed with statuscode: 500' };
  }
  if (probe.tcpSocket) {
    const port = portOf(run, probe.tcpSocket.port);
    return { ok: false, message: `dial tcp ${ip}:${port}: connect: connection refused` };
  }
  if (probe.grpc) return { ok: false, message: `timeout: failed to connect service ":${probe.grpc.port}" within 1s` };
  const command = (probe.exec?.command ?? []).join(' ');
  return { ok: false, message: `command "${command}" exited with 1` };
}
