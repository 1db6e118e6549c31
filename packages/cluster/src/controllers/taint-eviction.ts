import type { Node, Pod, Taint, Toleration } from '@peapod/core';
import { toleratesTaint } from '@peapod/core';
import type { Timer } from '../event-queue.js';
import { isPodTerminal, podKey } from '../objects.js';
import type { ComponentContext } from './context.js';
import { nodeTaints } from './node-conditions.js';
import { NODE_INDEX } from './node-lifecycle.js';

const SOURCE = 'taint-controller';

interface Scheduled {
  readonly createdAt: number;
  readonly at: number;
  readonly timer: Timer;
}

/**
 * The minimum tolerationSeconds among the tolerations that tolerate `taints` (ms), -1 when they tolerate
 * them forever, or undefined when some taint is not tolerated at all (upstream `getMinTolerationTime`).
 */
export function minTolerationMs(taints: readonly Taint[], tolerations: readonly Toleration[]): number | undefined {
  const used: Toleration[] = [];
  for (const taint of taints) {
    const matching = tolerations.filter((t) => toleratesTaint(t, taint));
    if (matching.length === 0) return undefined;
    used.push(...matching);
  }
  let min = -1;
  for (const t of used) {
    if (t.tolerationSeconds == null) continue;
    const ms = Math.max(0, t.tolerationSeconds) * 1000;
    if (min < 0 || ms < min) min = ms;
  }
  return min;
}

/**
 * The NoExecute taint manager: a pod on a node with NoExecute taints it does not tolerate is deleted at
 * once; one that tolerates them for tolerationSeconds is deleted when that time is up, unless the taints go
 * first. Counting starts when the manager first saw the taint on the pod's node.
 */
export class TaintEvictionController {
  private readonly scheduled = new Map<string, Scheduled>();
  evictions = 0;

  constructor(private readonly ctx: ComponentContext) {
    ctx.api.watch('Node', (e) => {
      if (e.type === 'DELETED') return;
      const before = noExecute(e.old);
      const after = noExecute(e.object);
      if (JSON.stringify(before) === JSON.stringify(after)) return;
      for (const pod of ctx.api.store.byIndex('Pod', NODE_INDEX, e.object.metadata.name)) this.process(pod, e.object);
    });
    ctx.api.watch('Pod', (e) => {
      const pod = e.object;
      if (e.type === 'DELETED' || isPodTerminal(pod)) {
        this.cancel(podKey(pod), undefined);
        return;
      }
      if (!pod.spec.nodeName || (e.old?.spec.nodeName === pod.spec.nodeName && e.old.spec === pod.spec)) return;
      const node = ctx.api.get('Node', undefined, pod.spec.nodeName);
      if (node !== undefined) this.process(pod, node);
    });
  }

  private process(pod: Pod, node: Node): void {
    const key = podKey(pod);
    if (pod.metadata.deletionTimestamp) return;
    const taints = noExecute(node);
    if (taints.length === 0) {
      this.cancel(key, pod);
      return;
    }
    const min = minTolerationMs(taints, pod.spec.tolerations ?? []);
    if (min === undefined) {
      this.cancel(key, undefined);
      this.evict(pod);
      return;
    }
    if (min < 0) {
      this.cancel(key, pod);
      return;
    }
    const now = this.ctx.clock.now;
    const existing = this.scheduled.get(key);
    const createdAt = existing?.createdAt ?? now;
    const at = createdAt + min;
    if (existing !== undefined && existing.at <= at) return;
    this.ctx.clock.cancel(existing?.timer);
    const timer = this.ctx.clock.at(at, () => {
      this.scheduled.delete(key);
      const current = this.ctx.api.get('Pod', pod.metadata.namespace, pod.metadata.name);
      if (current !== undefined && current.metadata.uid === pod.metadata.uid) this.evict(current);
    });
    this.scheduled.set(key, { createdAt, at, timer });
  }

  private cancel(key: string, pod: Pod | undefined): void {
    const existing = this.scheduled.get(key);
    if (existing === undefined) return;
    this.ctx.clock.cancel(existing.timer);
    this.scheduled.delete(key);
    if (pod !== undefined)
      this.ctx.events.normal(SOURCE, pod, 'TaintManagerEviction', `Cancelling deletion of Pod ${key}`);
  }

  private evict(pod: Pod): void {
    if (pod.metadata.deletionTimestamp) return;
    this.evictions++;
    this.ctx.events.normal(SOURCE, pod, 'TaintManagerEviction', `Marking for deletion Pod ${podKey(pod)}`);
    this.ctx.api.delete('Pod', pod.metadata.namespace, pod.metadata.name);
  }
}

function noExecute(node: Node | undefined): Taint[] {
  return node === undefined ? [] : nodeTaints(node).filter((t) => t.effect === 'NoExecute');
}
