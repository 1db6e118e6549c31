import type { Probe } from '../api/probe.js';
import type { ComponentContext } from '../controllers/context.js';
import { formatDuration } from '../time.js';
import type { ImagePuller } from './images.js';
import { type ContainerRun, initDone, type PodRuntime, type TerminatedInfo } from './pod-runtime.js';
import { type ProbeHooks, type ProbeKind, ProbeWorker } from './probes.js';

const SOURCE = 'kubelet';
/** CrashLoopBackOff: the kubelet's restart backoff starts at 10 s and doubles up to 5 minutes. */
export const INITIAL_RESTART_BACKOFF_MS = 10_000;
export const MAX_RESTART_BACKOFF_MS = 300_000;

/** What the container lifecycle needs from its kubelet. */
export interface RuntimeHost {
  readonly ctx: ComponentContext;
  readonly nodeName: string;
  readonly puller: ImagePuller;
  readonly probeHooks: ProbeHooks;
  markDirty(rt: PodRuntime): void;
  /** Every container is done and none will restart: the pod's phase is final. */
  finished(rt: PodRuntime, phase: 'Succeeded' | 'Failed'): void;
  /** A terminating pod has no running container left. */
  stopped(rt: PodRuntime): void;
}

function lastExit(c: ContainerRun): TerminatedInfo {
  return {
    exitCode: c.exitCode,
    reason: c.reason,
    ...(c.message ? { message: c.message } : {}),
    startedAt: c.startedAt,
    finishedAt: c.finishedAt,
  };
}

function podRef(rt: PodRuntime): string {
  return `${rt.pod.metadata.name}_${rt.pod.metadata.namespace}(${rt.uid})`;
}

/**
 * The container runtime plus the kubelet's SyncPod decisions for one node: init containers in order, then
 * the app containers one after another (each waits for its image), restarts per restartPolicy with
 * CrashLoopBackOff, probes, and the graceful stop of a deleted pod.
 */
export class ContainerLifecycle {
  constructor(private readonly host: RuntimeHost) {}

  private get clock() {
    return this.host.ctx.clock;
  }

  private normal(rt: PodRuntime, reason: string, message: string, step?: number): void {
    this.host.ctx.events.normal(SOURCE, rt.pod, reason, message, {
      host: this.host.nodeName,
      ...(step ? { step } : {}),
    });
  }

  private warning(rt: PodRuntime, reason: string, message: string): void {
    this.host.ctx.events.warning(SOURCE, rt.pod, reason, message, { host: this.host.nodeName });
  }

  /** Upstream computePodActions + SyncPod: starts what should run next. */
  sync(rt: PodRuntime): void {
    if (rt.lifecycle !== 'running' || rt.containers.some((c) => c.starting)) return;
    const policy = rt.pod.spec.restartPolicy ?? 'Always';
    if (!initDone(rt)) {
      for (const c of rt.containers) {
        if (!c.init && !c.sidecar) continue;
        if (c.state === 'running' && c.sidecar) continue;
        if (c.init && c.state === 'terminated' && c.exitCode === 0) continue;
        if (c.state === 'running' || c.timers.length > 0) return;
        if (c.init && c.state === 'terminated' && policy === 'Never') {
          this.host.finished(rt, 'Failed');
          return;
        }
        this.start(rt, c);
        return;
      }
      return;
    }
    for (const c of rt.containers) {
      if (c.init || c.state === 'running' || c.timers.length > 0) continue;
      if (
        c.state === 'terminated' &&
        !(policy === 'Always' || c.sidecar || (policy === 'OnFailure' && c.exitCode !== 0))
      )
        continue;
      this.start(rt, c);
      return;
    }
    const apps = rt.containers.filter((c) => !c.init && !c.sidecar);
    if (policy !== 'Always' && apps.every((c) => c.state === 'terminated')) {
      this.host.finished(rt, apps.every((c) => c.exitCode === 0) ? 'Succeeded' : 'Failed');
    }
  }

  /** Starts (or restarts, after its backoff) one container: image, create, start. */
  private start(rt: PodRuntime, c: ContainerRun): void {
    const now = this.clock.now;
    if (c.everStarted) {
      const b = c.backoff;
      const expired = b !== undefined && now - b.lastUpdate > 2 * MAX_RESTART_BACKOFF_MS;
      if (b !== undefined && !expired && now - c.finishedAt < b.delay) {
        c.state = 'waiting';
        c.lastTerminated = lastExit(c);
        c.waiting = {
          reason: 'CrashLoopBackOff',
          message: `back-off ${formatDuration(b.delay)} restarting failed container=${c.spec.name} pod=${podRef(rt)}`,
        };
        this.warning(rt, 'BackOff', `Back-off restarting failed container ${c.spec.name} in pod ${podRef(rt)}`);
        this.later(c, c.finishedAt + b.delay - now, () => this.sync(rt));
        this.host.markDirty(rt);
        return;
      }
      c.backoff =
        b === undefined || expired
          ? { delay: INITIAL_RESTART_BACKOFF_MS, lastUpdate: now }
          : { delay: Math.min(b.delay * 2, MAX_RESTART_BACKOFF_MS), lastUpdate: now };
      c.lastTerminated = lastExit(c);
      c.restartCount++;
    }
    c.state = 'waiting';
    c.waiting = { reason: c.init ? 'PodInitializing' : 'ContainerCreating' };
    c.starting = true;
    this.ensureImage(rt, c, () => this.run(rt, c));
  }

  private ensureImage(rt: PodRuntime, c: ContainerRun, then: () => void): void {
    const image = c.spec.image ?? '';
    const policy = c.spec.imagePullPolicy ?? 'IfNotPresent';
    const puller = this.host.puller;
    if (policy === 'Never' && !puller.has(image)) {
      this.waitFor(rt, c, 'ErrImageNeverPull', `Container image "${image}" is not present with pull policy of Never`);
      this.warning(rt, 'ErrImageNeverPull', `Container image "${image}" is not present with pull policy of Never`);
      return;
    }
    if (policy !== 'Always' && puller.has(image)) {
      this.normal(rt, 'Pulled', `Container image "${image}" already present on machine`, 10);
      then();
      return;
    }
    this.normal(rt, 'Pulling', `Pulling image "${image}"`, 10);
    const pod = rt.pod;
    puller.pull(image, (result) => {
      if (rt.lifecycle !== 'running' || rt.pod.metadata.uid !== pod.metadata.uid || !c.starting) return;
      if (result.ok) {
        this.normal(rt, 'Pulled', result.message, 10);
        then();
        return;
      }
      this.warning(rt, 'Failed', result.message);
      this.waitFor(rt, c, 'ErrImagePull', result.message);
      // ImagePullBackOff: retried with the same 10 s doubling backoff.
      const delay = Math.min((c.backoff?.delay ?? INITIAL_RESTART_BACKOFF_MS / 2) * 2, MAX_RESTART_BACKOFF_MS);
      c.backoff = { delay, lastUpdate: this.clock.now };
      this.later(c, delay, () => {
        c.waiting = { reason: 'ImagePullBackOff', message: `Back-off pulling image "${image}"` };
        this.warning(rt, 'BackOff', `Back-off pulling image "${image}"`);
        this.sync(rt);
      });
    });
  }

  private waitFor(rt: PodRuntime, c: ContainerRun, reason: string, message: string): void {
    c.starting = false;
    c.state = 'waiting';
    c.waiting = { reason, message };
    this.host.markDirty(rt);
  }

  /** Create and start; the process then binds its ports, runs its probes and maybe exits. */
  private run(rt: PodRuntime, c: ContainerRun): void {
    const name = c.spec.name;
    this.normal(rt, 'Created', `Created container ${name}`, 10);
    this.normal(rt, 'Started', `Started container ${name}`, 10);
    c.starting = false;
    c.everStarted = true;
    c.state = 'running';
    c.startedAt = this.clock.now;
    c.started = c.spec.startupProbe == null;
    c.ready = false;
    const clash = this.bindPorts(rt, c);
    if (clash !== undefined) {
      this.exit(rt, c, 1, 'Error', `listen tcp :${clash}: bind: address already in use`);
      return;
    }
    if (c.behaviour.runMs !== undefined) {
      const code = c.behaviour.exitCode;
      this.later(c, c.behaviour.runMs, () => this.exit(rt, c, code, code === 0 ? 'Completed' : 'Error'));
    }
    this.startProbes(rt, c);
    if (c.spec.readinessProbe == null && c.started && !c.init) c.ready = true;
    this.host.markDirty(rt);
    this.sync(rt);
  }

  /** Containers of a pod share one network namespace: a port taken by a running sibling cannot be bound. */
  private bindPorts(rt: PodRuntime, c: ContainerRun): string | undefined {
    const mine = (c.spec.ports ?? []).map((p) => `${p.containerPort}/${p.protocol ?? 'TCP'}`);
    for (const port of mine) {
      const owner = rt.ports.get(port);
      if (owner !== undefined && owner !== c.spec.name) return port.split('/')[0];
    }
    for (const port of mine) rt.ports.set(port, c.spec.name);
    return undefined;
  }

  private startProbes(rt: PodRuntime, c: ContainerRun): void {
    const probes: [ProbeKind, Probe | null | undefined][] = [
      ['startup', c.spec.startupProbe],
      ['liveness', c.spec.livenessProbe],
      ['readiness', c.spec.readinessProbe],
    ];
    for (const [kind, probe] of probes) {
      if (probe == null) continue;
      const worker = new ProbeWorker(kind, probe, c, this.clock, this.host.probeHooks, rt.startTime);
      c.probes.push(worker);
      worker.start();
    }
  }

  /** The kubelet is back after its node failed: probes and process timers run again, pending work resumes. */
  resume(rt: PodRuntime): void {
    for (const c of rt.containers) {
      c.starting = false;
      if (c.state !== 'running') continue;
      this.startProbes(rt, c);
      const run = c.behaviour.runMs;
      if (run !== undefined) {
        const code = c.behaviour.exitCode;
        this.later(c, c.startedAt + run - this.clock.now, () =>
          this.exit(rt, c, code, code === 0 ? 'Completed' : 'Error'),
        );
      }
    }
    this.host.markDirty(rt);
    this.sync(rt);
  }

  /** The container's process ended. */
  exit(rt: PodRuntime, c: ContainerRun, exitCode: number, reason: string, message?: string): void {
    if (c.state !== 'running') return;
    this.halt(c);
    for (const [port, owner] of [...rt.ports]) if (owner === c.spec.name) rt.ports.delete(port);
    c.state = 'terminated';
    c.exitCode = exitCode;
    c.reason = reason;
    c.message = message;
    c.finishedAt = this.clock.now;
    c.ready = false;
    this.host.markDirty(rt);
    if (rt.lifecycle === 'terminating') {
      if (rt.containers.every((x) => x.state !== 'running')) this.host.stopped(rt);
      return;
    }
    this.sync(rt);
  }

  /** A failed liveness or startup probe: the kubelet kills the container, which then restarts per policy. */
  kill(rt: PodRuntime, c: ContainerRun, kind: ProbeKind): void {
    if (c.state !== 'running') return;
    const what = kind === 'startup' ? 'startup' : 'liveness';
    this.normal(rt, 'Killing', `Container ${c.spec.name} failed ${what} probe, will be restarted`);
    this.exit(rt, c, 137, 'Error');
  }

  /** Graceful deletion: SIGTERM to every running container; the pod goes once all have exited. */
  terminate(rt: PodRuntime, graceMs: number): void {
    rt.lifecycle = 'terminating';
    let running = 0;
    for (const c of rt.containers) {
      this.halt(c);
      c.starting = false;
      if (c.state !== 'running') continue;
      running++;
      this.normal(rt, 'Killing', `Stopping container ${c.spec.name}`);
      const stop = Math.min(c.behaviour.stopMs, graceMs);
      const code = c.behaviour.stopMs > graceMs ? 137 : 0;
      this.later(c, stop, () => this.exit(rt, c, code, code === 0 ? 'Completed' : 'Error'));
    }
    this.host.markDirty(rt);
    if (running === 0) this.host.stopped(rt);
  }

  /** Stops timers and probes of a container (its process may still be there). */
  halt(c: ContainerRun): void {
    for (const t of c.timers) this.clock.cancel(t);
    c.timers = [];
    for (const p of c.probes) p.stop();
    c.probes = [];
  }

  private later(c: ContainerRun, delay: number, run: () => void): void {
    const timer = this.clock.after(delay, () => {
      c.timers = c.timers.filter((t) => t !== timer);
      run();
    });
    c.timers.push(timer);
  }
}
