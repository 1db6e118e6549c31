import type { Probe } from '../api/probe.js';
import type { ContainerLifecycle, RuntimeHost } from './containers.js';
import type { ContainerRun, PodRuntime } from './pod-runtime.js';
import { type ProbeFaults, probeOutcome } from './probe-outcome.js';
import type { ProbeHooks, ProbeKind, ProbeOutcome } from './probes.js';

const SOURCE = 'kubelet';
const LABELS: Readonly<Record<ProbeKind, string>> = {
  liveness: 'Liveness',
  readiness: 'Readiness',
  startup: 'Startup',
};

/** What the prober needs from its kubelet. */
export interface ProberHost extends RuntimeHost {
  readonly pods: ReadonlyMap<string, PodRuntime>;
  readonly faults: ProbeFaults;
  readonly lifecycle: ContainerLifecycle;
}

/**
 * The kubelet's prober manager: runs the probes of its workers against the simulated containers, records
 * Unhealthy events, and acts on a changed result: readiness sets the container's ready flag, a failed
 * liveness or startup probe has the container killed and restarted.
 */
export class Prober implements ProbeHooks {
  constructor(private readonly host: ProberHost) {}

  probe(run: ContainerRun, kind: ProbeKind, probe: Probe): ProbeOutcome {
    const rt = this.runtimeOf(run);
    const fault = rt ? this.host.faults.get(`${rt.key}/${run.spec.name}`) : undefined;
    return probeOutcome(run, kind, probe, rt?.ip ?? '', fault, this.host.ctx.clock.now);
  }

  failed(run: ContainerRun, kind: ProbeKind, message: string): void {
    const rt = this.runtimeOf(run);
    if (rt === undefined) return;
    const options = { host: this.host.nodeName, step: 11 };
    this.host.ctx.events.warning(SOURCE, rt.pod, 'Unhealthy', `${LABELS[kind]} probe failed: ${message}`, options);
  }

  changed(run: ContainerRun, kind: ProbeKind, success: boolean): void {
    const rt = this.runtimeOf(run);
    if (rt === undefined) return;
    const verb = success ? 'succeeds' : 'fails';
    this.host.ctx.events.trace(
      SOURCE,
      rt.pod,
      success ? 'ProbeSucceeded' : 'ProbeFailed',
      () => `kubelet health check: the ${kind} probe of container ${run.spec.name} now ${verb}`,
      {
        host: this.host.nodeName,
        step: 11,
      },
    );
    if (kind === 'readiness') run.ready = success;
    else if (kind === 'startup' && success) {
      run.started = true;
      if (run.spec.readinessProbe == null) run.ready = true;
    } else if (!success) this.host.lifecycle.kill(rt, run, kind);
    this.host.markDirty(rt);
  }

  private runtimeOf(run: ContainerRun): PodRuntime | undefined {
    for (const rt of this.host.pods.values()) if (rt.containers.includes(run)) return rt;
    return undefined;
  }
}
