import { type Probe, probeTiming } from '../api/probe.js';
import type { EventQueue, Timer } from '../event-queue.js';
import type { ContainerRun } from './pod-runtime.js';

export type ProbeKind = 'liveness' | 'readiness' | 'startup';

export interface ProbeOutcome {
  readonly ok: boolean;
  /** Why it failed, as the Unhealthy event words it after `Liveness probe failed: `. */
  readonly message: string;
}

export interface ProbeHooks {
  /** Runs the probe against the simulated container. */
  probe(run: ContainerRun, kind: ProbeKind, probe: Probe): ProbeOutcome;
  /** Every failed probe (the kubelet records an Unhealthy event each time). */
  failed(run: ContainerRun, kind: ProbeKind, message: string): void;
  /** The probe's result flipped after successThreshold / failureThreshold consecutive outcomes. */
  changed(run: ContainerRun, kind: ProbeKind, success: boolean): void;
}

/**
 * One prober worker (pkg/kubelet/prober/worker.go): probes its container every periodSeconds on a ticker
 * that started when the kubelet took up the pod, skipping ticks before initialDelaySeconds and, for liveness
 * and readiness, until the startup probe has passed. Readiness starts as failure, liveness as success.
 */
export class ProbeWorker {
  private timer: Timer | undefined;
  private successes = 0;
  private failures = 0;
  private result: boolean | undefined;
  private stopped = false;

  constructor(
    readonly kind: ProbeKind,
    private readonly probe: Probe,
    private readonly run: ContainerRun,
    private readonly clock: EventQueue,
    private readonly hooks: ProbeHooks,
    /** When the kubelet took up the pod: the worker's ticker runs from then, not from the container's start. */
    private readonly origin: number,
  ) {
    this.result = kind === 'liveness' ? true : kind === 'readiness' ? false : undefined;
  }

  start(): void {
    const period = probeTiming(this.probe).periodMs;
    // The worker's first probe ran when the pod was taken up, before this container ran: the next is a tick later.
    const elapsed = this.clock.now - this.origin;
    this.schedule(elapsed <= 0 ? period : Math.ceil(elapsed / period) * period - elapsed);
  }

  stop(): void {
    this.stopped = true;
    this.clock.cancel(this.timer);
  }

  /** Re-arms the next tick as work, after something (a fault injected by a scenario) may change its result. */
  disturb(): void {
    if (this.stopped || this.timer === undefined) return;
    const at = this.timer.at;
    this.clock.cancel(this.timer);
    this.timer = this.clock.at(at, () => this.tick());
  }

  /** A worker whose result is settled ticks as a periodic chore; an unsettled one is work still to do. */
  private settled(): boolean {
    if (this.kind === 'startup') return false;
    if (this.kind === 'readiness') return this.result === true && this.failures === 0;
    return this.failures === 0;
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    this.timer = this.clock.after(delay, () => this.tick(), { periodic: this.settled() });
  }

  private tick(): void {
    this.timer = undefined;
    if (this.stopped || this.run.state !== 'running') return;
    const timing = probeTiming(this.probe);
    if (this.kind === 'startup' && this.run.started) return;
    const waiting =
      (this.kind !== 'startup' && !this.run.started) || this.clock.now - this.run.startedAt < timing.initialDelayMs;
    if (!waiting)
      this.observe(this.hooks.probe(this.run, this.kind, this.probe), timing.successThreshold, timing.failureThreshold);
    if (!this.stopped) this.schedule(timing.periodMs);
  }

  private observe(outcome: ProbeOutcome, successThreshold: number, failureThreshold: number): void {
    if (outcome.ok) {
      this.successes++;
      this.failures = 0;
      if (this.successes >= successThreshold && this.result !== true) {
        this.result = true;
        this.hooks.changed(this.run, this.kind, true);
      }
      return;
    }
    this.failures++;
    this.successes = 0;
    this.hooks.failed(this.run, this.kind, outcome.message);
    if (this.failures >= failureThreshold && this.result !== false) {
      this.result = false;
      // A failed liveness or startup probe restarts the container; this worker is done with it.
      if (this.kind !== 'readiness') this.stop();
      this.hooks.changed(this.run, this.kind, false);
    }
  }
}
