import type { Node, Pod } from '@peapod/core';
import { type NodeCondition, podStatus } from '../api/types.js';
import { isPodReady } from '../objects.js';
import type { ComponentContext } from './context.js';
import { conditionTaints, nodeConditions, nodeReady, replaceManagedTaints } from './node-conditions.js';
import { WorkQueue } from './work-queue.js';

const SOURCE = 'node-controller';
export const NODE_MONITOR_PERIOD_MS = 5_000;
export const NODE_MONITOR_GRACE_MS = 40_000;
const EVICTION_QPS = 0.1;
const SECONDARY_EVICTION_QPS = 0.01;
const LARGE_CLUSTER_THRESHOLD = 50;
const UNHEALTHY_ZONE_THRESHOLD = 0.55;
/** Pods filed by the node they are bound to (shared with the taint manager and the kubelets). */
export const NODE_INDEX = 'by-node';
const NO_SCHEDULE = new Set(['NoSchedule']);
const NO_EXECUTE = new Set(['NoExecute']);

interface ZoneQueue {
  readonly nodes: string[];
  tokens: number;
  refilledAt: number;
  qps: number;
}

function zoneOf(node: Node): string {
  const labels = node.metadata.labels ?? {};
  return `${labels['topology.kubernetes.io/region'] ?? ''}:\u0000:${labels['topology.kubernetes.io/zone'] ?? ''}`;
}

/**
 * The node lifecycle controller (pkg/controller/nodelifecycle): every 5 s it checks each node's heartbeat
 * (its Lease, or the Ready condition's lastHeartbeatTime); after 40 s of silence the node's conditions turn
 * Unknown, its pods are marked not ready, and it gets the `unreachable` NoExecute taint, at most 0.1 nodes
 * a second per zone and not at all when every zone is down. NoSchedule taints follow the conditions at once.
 */
export class NodeLifecycleController {
  private readonly zones = new Map<string, ZoneQueue>();
  private readonly lastReady = new Map<string, string | undefined>();
  private readonly noSchedule: WorkQueue;
  private retry = false;

  constructor(private readonly ctx: ComponentContext) {
    this.noSchedule = new WorkQueue(ctx.clock, (name) => this.syncNoScheduleTaints(name));
    ctx.api.watch('Node', (e) => {
      if (e.type !== 'DELETED') this.noSchedule.add(e.object.metadata.name);
      else this.lastReady.delete(e.object.metadata.name);
    });
    this.tick();
  }

  private tick(): void {
    const work = this.monitor();
    this.ctx.clock.after(NODE_MONITOR_PERIOD_MS, () => this.tick(), { periodic: !work });
  }

  /** One monitoring pass; true when the next pass may still change something. */
  private monitor(): boolean {
    const now = this.ctx.clockStart + this.ctx.clock.now;
    for (const node of this.ctx.api.list('Node')) {
      const beat = this.lastHeartbeat(node);
      const ready = nodeReady(node);
      if (ready !== 'Unknown' && beat !== undefined && now - beat > NODE_MONITOR_GRACE_MS) this.markUnknown(node);
      const current = this.ctx.api.get('Node', undefined, node.metadata.name)!;
      this.observeReady(current);
    }
    return this.noExecutePass();
  }

  private lastHeartbeat(node: Node): number | undefined {
    const lease = this.ctx.api.get('Lease', 'kube-node-lease', node.metadata.name);
    const times = [
      lease?.spec.renewTime,
      nodeConditions(node).find((c) => c.type === 'Ready')?.lastHeartbeatTime,
      node.metadata.creationTimestamp,
    ]
      .filter((t): t is string => typeof t === 'string')
      .map((t) => Date.parse(t));
    return times.length === 0 ? undefined : Math.max(...times);
  }

  private markUnknown(node: Node): void {
    const now = this.ctx.api.now();
    const conditions = nodeConditions(node).map(
      (c): NodeCondition =>
        c.status === 'Unknown'
          ? c
          : {
              ...c,
              status: 'Unknown',
              reason: 'NodeStatusUnknown',
              message: 'Kubelet stopped posting node status.',
              lastTransitionTime: now,
            },
    );
    this.ctx.api.updateStatus('Node', undefined, node.metadata.name, { ...node.status, conditions });
  }

  /** On a Ready -> not-Ready transition: the node event, and its pods marked not ready (MarkPodsNotReady). */
  private observeReady(node: Node): void {
    const name = node.metadata.name;
    const ready = nodeReady(node);
    const before = this.lastReady.get(name);
    this.lastReady.set(name, ready);
    if (before !== 'True' || ready === 'True') return;
    this.ctx.events.normal(SOURCE, node, 'NodeNotReady', `Node ${name} status is now: NodeNotReady`);
    for (const pod of this.ctx.api.store.byIndex('Pod', NODE_INDEX, name)) this.markPodNotReady(pod);
  }

  private markPodNotReady(pod: Pod): void {
    if (!isPodReady(pod)) return;
    const now = this.ctx.api.now();
    const status = podStatus(pod);
    const conditions = (status.conditions ?? []).map((c) =>
      c.type === 'Ready' ? { ...c, status: 'False' as const, lastTransitionTime: now } : c,
    );
    this.ctx.api.updateStatus('Pod', pod.metadata.namespace, pod.metadata.name, { ...status, conditions });
    this.ctx.events.warning(SOURCE, pod, 'NodeNotReady', 'Node is not ready');
  }

  private syncNoScheduleTaints(name: string): void {
    const node = this.ctx.api.get('Node', undefined, name);
    if (node === undefined) return;
    const taints = replaceManagedTaints(node, conditionTaints(node, false), NO_SCHEDULE, this.ctx.api.now());
    if (taints === undefined) return;
    this.ctx.api.patch('Node', { ...node, spec: { ...node.spec, taints } });
    this.traceTaints(node, taints);
  }

  /** The rate-limited NoExecute tainting pass; true while nodes wait for a token. */
  private noExecutePass(): boolean {
    const nodes = this.ctx.api.list('Node');
    const byZone = new Map<string, Node[]>();
    for (const node of nodes) {
      const zone = zoneOf(node);
      const members = byZone.get(zone);
      if (members === undefined) byZone.set(zone, [node]);
      else members.push(node);
    }
    const states = new Map<string, 'Normal' | 'PartialDisruption' | 'FullDisruption'>();
    for (const [zone, members] of byZone) {
      const notReady = members.filter((n) => nodeReady(n) !== 'True').length;
      const ready = members.length - notReady;
      states.set(
        zone,
        ready === 0 && notReady > 0
          ? 'FullDisruption'
          : notReady > 2 && notReady / members.length >= UNHEALTHY_ZONE_THRESHOLD
            ? 'PartialDisruption'
            : 'Normal',
      );
    }
    const allDown = states.size > 0 && [...states.values()].every((s) => s === 'FullDisruption');
    for (const [zone, members] of byZone) {
      const queue = this.zone(zone);
      const state = states.get(zone)!;
      queue.qps = allDown
        ? 0
        : state === 'PartialDisruption'
          ? members.length > LARGE_CLUSTER_THRESHOLD
            ? SECONDARY_EVICTION_QPS
            : 0
          : EVICTION_QPS;
      for (const node of members) {
        const wanted = allDown ? [] : conditionTaints(node, true);
        const healthy = allDown || nodeReady(node) === 'True';
        // Taints come off at once; going on waits for the zone's rate limiter.
        if (healthy) this.applyNoExecute(node.metadata.name, wanted);
        else if (
          replaceManagedTaints(node, wanted, NO_EXECUTE, '') !== undefined &&
          !queue.nodes.includes(node.metadata.name)
        )
          queue.nodes.push(node.metadata.name);
      }
    }
    let waiting = false;
    for (const queue of this.zones.values()) waiting = this.drain(queue) || waiting;
    return waiting;
  }

  private zone(zone: string): ZoneQueue {
    let queue = this.zones.get(zone);
    if (queue === undefined) {
      queue = { nodes: [], tokens: 1, refilledAt: this.ctx.clock.now, qps: EVICTION_QPS };
      this.zones.set(zone, queue);
    }
    return queue;
  }

  private drain(queue: ZoneQueue): boolean {
    const now = this.ctx.clock.now;
    queue.tokens = Math.min(1, queue.tokens + (queue.qps * (now - queue.refilledAt)) / 1000);
    queue.refilledAt = now;
    while (queue.nodes.length > 0 && queue.tokens >= 1) {
      const name = queue.nodes.shift()!;
      const node = this.ctx.api.get('Node', undefined, name);
      if (node === undefined) continue;
      this.applyNoExecute(name, conditionTaints(node, true));
      queue.tokens -= 1;
    }
    if (queue.nodes.length === 0 || queue.qps === 0) return queue.nodes.length > 0 && queue.qps > 0;
    if (!this.retry) {
      this.retry = true;
      const wait = Math.ceil(((1 - queue.tokens) / queue.qps) * 1000);
      this.ctx.clock.after(wait, () => {
        this.retry = false;
        this.noExecutePass();
      });
    }
    return true;
  }

  private applyNoExecute(name: string, wanted: { key: string; effect: 'NoSchedule' | 'NoExecute' }[]): void {
    const node = this.ctx.api.get('Node', undefined, name);
    if (node === undefined) return;
    const taints = replaceManagedTaints(node, wanted, NO_EXECUTE, this.ctx.api.now());
    if (taints === undefined) return;
    this.ctx.api.patch('Node', { ...node, spec: { ...node.spec, taints } });
    this.traceTaints(node, taints);
  }

  private traceTaints(node: Node, taints: readonly { key: string; effect: string }[]): void {
    this.ctx.events.trace(SOURCE, node, 'TaintsChanged', () => {
      const list = taints.map((t) => `${t.key}:${t.effect}`).join(', ');
      return `node controller sets the taints of ${node.metadata.name} to [${list}]`;
    });
  }
}
