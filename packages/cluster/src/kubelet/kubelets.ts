import type { Node, Pod } from '@peapod/core';
import type { WatchEvent } from '../api/types.js';
import type { ComponentContext } from '../controllers/context.js';
import { WorkQueue } from '../controllers/work-queue.js';
import { formatIPv4, parseIPv4 } from '../net/ipv4.js';
import { podKey } from '../objects.js';
import type { ImageCatalog } from './images.js';
import { Kubelet } from './kubelet.js';
import type { ProbeKind } from './probes.js';

/** Node addresses for nodes that bring none: 192.168.0.0/16 in order of registration. */
const NODE_NETWORK = parseIPv4('192.168.0.0')!;

function internalIP(node: Node, index: number): string {
  const addresses = (node.status as { addresses?: { type: string; address: string }[] } | undefined)?.addresses ?? [];
  return addresses.find((a) => a.type === 'InternalIP')?.address ?? formatIPv4(NODE_NETWORK + 1 + index);
}

/**
 * Every node's kubelet, started when its Node object appears; routes each pod event to the kubelet of the
 * node the pod is bound to, and takes the scenario's node and container faults.
 */
export class Kubelets {
  readonly byNode = new Map<string, Kubelet>();
  private registered = 0;
  private readonly failed = new Set<Kubelet>();
  private readonly queue: WorkQueue;

  constructor(
    private readonly ctx: ComponentContext,
    private readonly images: ImageCatalog,
  ) {
    this.queue = new WorkQueue(ctx.clock, (item) => this.syncPod(item));
    ctx.api.watch('Node', (e) => this.onNode(e));
    ctx.api.watch('Pod', (e) => this.onPod(e));
  }

  private onNode(event: WatchEvent<Node>): void {
    const name = event.object.metadata.name;
    if (event.type === 'DELETED') {
      const gone = this.byNode.get(name);
      gone?.stop();
      if (gone) this.failed.delete(gone);
      this.byNode.delete(name);
      return;
    }
    const existing = this.byNode.get(name);
    if (existing !== undefined) {
      existing.nodeChanged(event.object);
      return;
    }
    const kubelet = new Kubelet(this.ctx, event.object, internalIP(event.object, this.registered++), this.images);
    this.byNode.set(name, kubelet);
    kubelet.nodeChanged(event.object);
    // The kubelet registers at the next instant, after the node IPAM controller has seen the node.
    this.ctx.clock.after(0, () => kubelet.start(false));
  }

  /** Pod events reach a kubelet through its sync loop: after the write that caused them, coalesced per pod. */
  private onPod(event: WatchEvent<Pod>): void {
    const old = event.old;
    const pod = event.object;
    // Status writes (mostly the kubelet's own) change nothing the kubelet acts on.
    if (old !== undefined && old.spec === pod.spec && old.metadata.deletionTimestamp === pod.metadata.deletionTimestamp)
      return;
    const node = event.object.spec.nodeName;
    if (node && this.byNode.has(node)) this.queue.add(`${node}\u0000${podKey(event.object)}`);
  }

  private syncPod(item: string): void {
    const [node, key] = item.split('\u0000') as [string, string];
    const kubelet = this.byNode.get(node);
    if (kubelet === undefined) return;
    const [ns, name] = key.split('/') as [string, string];
    const pod = this.ctx.api.get('Pod', ns, name);
    const known = kubelet.pods.get(key);
    if (known !== undefined && (pod === undefined || pod.metadata.uid !== known.uid || pod.spec.nodeName !== node))
      kubelet.podRemoved(known.pod);
    if (pod !== undefined && pod.spec.nodeName === node) kubelet.podChanged(pod);
  }

  /** A failed node that the control plane still believes Ready. */
  unnoticedFailure(): boolean {
    for (const kubelet of this.failed) {
      const ready = this.ctx.api
        .get('Node', undefined, kubelet.nodeName)
        ?.status?.conditions?.find((c) => c.type === 'Ready');
      if (ready?.status === 'True') return true;
    }
    return false;
  }

  failNode(name: string): boolean {
    const kubelet = this.byNode.get(name);
    if (kubelet === undefined || !kubelet.alive) return false;
    kubelet.stop();
    this.failed.add(kubelet);
    return true;
  }

  recoverNode(name: string): boolean {
    const kubelet = this.byNode.get(name);
    if (kubelet === undefined || kubelet.alive) return false;
    this.failed.delete(kubelet);
    kubelet.start(true);
    return true;
  }

  /** Makes a running container's process exit with `exitCode`; false when there is no such container. */
  crashContainer(pod: Pod, container: string, exitCode: number): boolean {
    const kubelet = pod.spec.nodeName ? this.byNode.get(pod.spec.nodeName) : undefined;
    const rt = kubelet?.pods.get(podKey(pod));
    const run = rt?.containers.find((c) => c.spec.name === container);
    if (kubelet === undefined || rt === undefined || run === undefined || run.state !== 'running' || !kubelet.alive)
      return false;
    kubelet.lifecycle.exit(rt, run, exitCode, exitCode === 0 ? 'Completed' : 'Error');
    return true;
  }

  /** Makes a container's probes (of one kind, or all) fail until `until` (virtual ms). */
  failProbe(pod: Pod, container: string, kind: ProbeKind | undefined, until: number): boolean {
    const kubelet = pod.spec.nodeName ? this.byNode.get(pod.spec.nodeName) : undefined;
    const rt = kubelet?.pods.get(podKey(pod));
    const run = rt?.containers.find((c) => c.spec.name === container);
    if (kubelet === undefined || rt === undefined || run === undefined) return false;
    kubelet.faults.set(`${rt.key}/${container}`, { ...(kind ? { kind } : {}), until });
    for (const worker of run.probes) worker.disturb();
    return true;
  }
}
