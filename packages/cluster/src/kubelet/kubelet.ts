import type { Node, Pod } from '@peapod/core';
import type { SimPodStatus } from '../api/types.js';
import type { ComponentContext } from '../controllers/context.js';
import { NODE_INDEX } from '../controllers/node-lifecycle.js';
import type { Timer } from '../event-queue.js';
import { parseCidr, parseIPv4 } from '../net/ipv4.js';
import { PodIpam } from '../net/pod-ipam.js';
import { isPodTerminal, podKey } from '../objects.js';
import { admissionCheck } from './admit.js';
import { containerBehaviour } from './behaviour.js';
import { ContainerLifecycle, type RuntimeHost } from './containers.js';
import { type ImageCatalog, ImagePuller } from './images.js';
import { postReadyStatus, renewLease } from './node-status.js';
import { type ContainerSpec, newContainerRun, type PodRuntime } from './pod-runtime.js';
import type { ProbeFaults } from './probe-outcome.js';
import { Prober } from './prober.js';
import type { ProbeHooks } from './probes.js';
import { computePodStatus, describeStatus } from './status.js';

const SOURCE = 'kubelet';
/** The kubelet renews its Lease every 10 s (a quarter of the 40 s lease duration). */
export const LEASE_RENEW_MS = 10_000;

/**
 * One node's kubelet: renews its Lease, admits the pods bound to its node, gives each a sandbox (an IP
 * from the node's podCIDR, its volumes), runs their containers through the container lifecycle and reports
 * their status. A failed node's kubelet is silent until it recovers.
 */
export class Kubelet implements RuntimeHost {
  readonly puller: ImagePuller;
  readonly lifecycle: ContainerLifecycle;
  readonly probeHooks: ProbeHooks;
  readonly pods = new Map<string, PodRuntime>();
  readonly faults: ProbeFaults = new Map();
  alive = false;
  private ipam: PodIpam | undefined;
  private heartbeat: Timer | undefined;
  private readonly dirty = new Set<PodRuntime>();
  private flushing = false;

  constructor(
    readonly ctx: ComponentContext,
    public node: Node,
    readonly nodeIP: string,
    images: ImageCatalog,
  ) {
    const preloaded = (node.status?.images ?? []).flatMap((i) => i.names ?? []);
    this.puller = new ImagePuller(ctx.clock, images, preloaded);
    this.lifecycle = new ContainerLifecycle(this);
    this.probeHooks = new Prober(this);
  }

  get nodeName(): string {
    return this.node.metadata.name;
  }

  /** Registers the node as Ready, starts heartbeats and takes up the pods bound here. */
  start(recovering: boolean): void {
    this.alive = true;
    this.postNodeStatus();
    this.renewLease();
    if (recovering)
      this.ctx.events.normal(SOURCE, this.node, 'NodeReady', `Node ${this.nodeName} status is now: NodeReady`, {
        host: this.nodeName,
      });
    const known = [...this.pods.values()];
    const wasTerminating = new Set(known.filter((rt) => rt.lifecycle === 'terminating'));
    for (const pod of this.ctx.api.store.byIndex('Pod', NODE_INDEX, this.nodeName)) this.podChanged(pod);
    for (const rt of known) {
      if (this.pods.get(rt.key) !== rt) continue;
      const stored = this.ctx.api.get('Pod', rt.pod.metadata.namespace, rt.pod.metadata.name);
      if (stored?.metadata.uid !== rt.uid) {
        this.podRemoved(rt.pod);
        continue;
      }
      // What the kubelet last wrote may have been overwritten meanwhile (MarkPodsNotReady): write it again.
      rt.written = undefined;
      if (rt.lifecycle === 'running') this.lifecycle.resume(rt);
      else if (wasTerminating.has(rt)) this.terminate(rt);
      else this.markDirty(rt);
    }
  }

  /** The node fails: no heartbeats, no probes, no status; its containers' processes are frozen in time. */
  stop(): void {
    this.alive = false;
    this.ctx.clock.cancel(this.heartbeat);
    this.puller.reset();
    for (const rt of this.pods.values()) for (const c of rt.containers) this.lifecycle.halt(c);
  }

  nodeChanged(node: Node): void {
    this.node = node;
    if (this.ipam === undefined && node.spec?.podCIDR) {
      const cidr = parseCidr(node.spec.podCIDR);
      if (cidr !== undefined) this.ipam = new PodIpam(cidr);
    }
  }

  /** A pod bound to this node was added or changed. */
  podChanged(pod: Pod): void {
    if (!this.alive) return;
    const key = podKey(pod);
    const rt = this.pods.get(key);
    if (rt !== undefined && rt.uid === pod.metadata.uid) {
      rt.pod = pod;
      if (pod.metadata.deletionTimestamp && rt.lifecycle !== 'terminating') this.terminate(rt);
      return;
    }
    if (rt !== undefined) this.podRemoved(rt.pod);
    if (isPodTerminal(pod)) return;
    this.admit(pod);
  }

  /** The pod object is gone: whatever still runs is killed at once. */
  podRemoved(pod: Pod): void {
    const rt = this.pods.get(podKey(pod));
    if (rt === undefined) return;
    for (const c of rt.containers) this.lifecycle.halt(c);
    this.releaseSandbox(rt);
    this.pods.delete(rt.key);
    this.dirty.delete(rt);
  }

  private admit(pod: Pod): void {
    const key = podKey(pod);
    this.ctx.events.trace(
      SOURCE,
      pod,
      'SyncLoopAdd',
      () => `kubelet on ${this.nodeName} sees pod ${key} bound to its node`,
      { host: this.nodeName, step: 9 },
    );
    const containers = [
      ...(pod.spec.initContainers ?? []).map((c) =>
        newContainerRun(c as ContainerSpec, true, containerBehaviour(pod, c.name, c.restartPolicy !== 'Always')),
      ),
      ...pod.spec.containers.map((c) =>
        newContainerRun(c as ContainerSpec, false, containerBehaviour(pod, c.name, false)),
      ),
    ];
    const rt: PodRuntime = {
      pod,
      key,
      uid: pod.metadata.uid ?? '',
      lifecycle: 'running',
      startTime: this.ctx.clock.now,
      volumes: [],
      containers,
      ports: new Map(),
      transitions: new Map(),
    };
    this.pods.set(key, rt);
    const others = [...this.pods.values()].filter((o) => o !== rt && !o.rejected && !o.finished).map((o) => o.pod);
    const rejection = admissionCheck(this.node, pod, others);
    if (rejection !== undefined) {
      rt.rejected = rejection;
      rt.lifecycle = 'finished';
      this.ctx.events.warning(SOURCE, pod, rejection.reason, rejection.message, { host: this.nodeName });
      this.markDirty(rt);
      return;
    }
    if (pod.metadata.deletionTimestamp) {
      this.terminate(rt);
      return;
    }
    if (!this.createSandbox(rt)) return;
    this.markDirty(rt);
    this.lifecycle.sync(rt);
  }

  /** The pod's network namespace and volumes: an IP (or the node's, with hostNetwork) and its emptyDirs. */
  private createSandbox(rt: PodRuntime): boolean {
    const ip = rt.pod.spec.hostNetwork ? this.nodeIP : this.ipam?.allocate();
    if (ip === undefined) {
      const why =
        this.ipam === undefined
          ? `node ${this.nodeName} has no podCIDR yet`
          : `no IP addresses available in range set ${this.node.spec?.podCIDR}`;
      this.ctx.events.warning(
        SOURCE,
        rt.pod,
        'FailedCreatePodSandBox',
        `Failed to create pod sandbox: plugin type="host-local" failed (add): failed to allocate for range 0: ${why}`,
        { host: this.nodeName },
      );
      this.ctx.clock.after(1_000, () => {
        if (
          this.alive &&
          this.pods.get(rt.key) === rt &&
          rt.ip === undefined &&
          rt.lifecycle === 'running' &&
          this.createSandbox(rt)
        ) {
          this.markDirty(rt);
          this.lifecycle.sync(rt);
        }
      });
      return false;
    }
    rt.ip = ip;
    rt.volumes = (rt.pod.spec.volumes ?? []).map((v) => v.name);
    const emptyDirs = (rt.pod.spec.volumes ?? []).filter((v) => v.emptyDir != null).map((v) => v.name);
    if (emptyDirs.length > 0) {
      this.ctx.events.trace(
        SOURCE,
        rt.pod,
        'VolumesMounted',
        () => `emptyDir volume(s) ${emptyDirs.join(', ')} created, shared by the pod's containers`,
        { host: this.nodeName, step: 10 },
      );
    }
    return true;
  }

  private releaseSandbox(rt: PodRuntime): void {
    if (rt.ip !== undefined && !rt.pod.spec.hostNetwork) this.ipam?.release(parseIPv4(rt.ip)!);
    rt.volumes = [];
  }

  private terminate(rt: PodRuntime): void {
    const grace = (rt.pod.metadata as { deletionGracePeriodSeconds?: number }).deletionGracePeriodSeconds ?? 30;
    this.lifecycle.terminate(rt, grace * 1000);
  }

  finished(rt: PodRuntime, phase: 'Succeeded' | 'Failed'): void {
    rt.finished = phase;
    rt.lifecycle = 'finished';
    this.markDirty(rt);
  }

  stopped(rt: PodRuntime): void {
    this.releaseSandbox(rt);
    this.pods.delete(rt.key);
    this.dirty.delete(rt);
    this.ctx.api.delete('Pod', rt.pod.metadata.namespace, rt.pod.metadata.name, { gracePeriodSeconds: 0 });
  }

  markDirty(rt: PodRuntime): void {
    this.dirty.add(rt);
    if (this.flushing) return;
    this.flushing = true;
    this.ctx.clock.after(0, () => this.flush());
  }

  /** The status manager: one write per pod per instant, only when something changed. */
  private flush(): void {
    this.flushing = false;
    if (!this.alive) return;
    const rts = [...this.dirty];
    this.dirty.clear();
    for (const rt of rts) {
      const current = this.ctx.api.get('Pod', rt.pod.metadata.namespace, rt.pod.metadata.name);
      if (current === undefined || current.metadata.uid !== rt.uid) continue;
      const status = computePodStatus(rt, current, this.nodeIP, this.ctx.clock.now, this.ctx.clockStart);
      // computePodStatus builds keys in a fixed order, so plain JSON compares versions.
      const text = JSON.stringify(status);
      if (text === rt.written) continue;
      const before = current.status as SimPodStatus | undefined;
      rt.written = text;
      const result = this.ctx.api.updateStatus('Pod', current.metadata.namespace, current.metadata.name, status);
      if (result.ok) rt.pod = result.object;
      if (rt.finished && rt.ip !== undefined) this.releaseSandbox(rt);
      this.ctx.events.trace(SOURCE, current, 'StatusReported', () => describeStatus(before, status), {
        host: this.nodeName,
        step: 12,
      });
    }
  }

  private renewLease(): void {
    if (!this.alive) return;
    renewLease(this.ctx.api, this.nodeName);
    this.heartbeat = this.ctx.clock.after(LEASE_RENEW_MS, () => this.renewLease(), { periodic: true });
  }

  private postNodeStatus(): void {
    const posted = postReadyStatus(this.ctx.api, this.node, this.nodeIP);
    if (posted !== undefined) this.node = posted;
  }
}
