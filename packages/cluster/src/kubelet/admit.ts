import {
  compileNodeSelector,
  findUntoleratedTaint,
  matchesNodeSelectorMap,
  type Node,
  type Pod,
  podRequests,
  resourceAmounts,
} from '@peapod/core';

export interface Rejection {
  /** The pod status reason and event reason: `OutOfcpu`, `NodeAffinity`, ... */
  readonly reason: string;
  readonly message: string;
}

const requestsOf = new WeakMap<object, Record<string, number>>();

/** A pod's effective requests, computed once per spec (status writes keep the spec object). */
function requests(pod: Pod): Record<string, number> {
  let amounts = requestsOf.get(pod.spec);
  if (amounts === undefined) {
    amounts = podRequests(pod);
    requestsOf.set(pod.spec, amounts);
  }
  return amounts;
}

function hostPorts(pod: Pod): string[] {
  const out: string[] = [];
  for (const c of [...(pod.spec.initContainers ?? []), ...pod.spec.containers]) {
    for (const p of c.ports ?? []) {
      const port = pod.spec.hostNetwork ? p.containerPort : (p.hostPort ?? 0);
      if (port > 0) out.push(`${p.protocol ?? 'TCP'}/${port}/${p.hostIP || '0.0.0.0'}`);
    }
  }
  return out;
}

function portsConflict(a: string, b: string): boolean {
  const [pa, na, ia] = a.split('/');
  const [pb, nb, ib] = b.split('/');
  return pa === pb && na === nb && (ia === ib || ia === '0.0.0.0' || ib === '0.0.0.0');
}

/**
 * The kubelet's admission check (lifecycle `GeneralPredicates` plus NoExecute taints), run again on the
 * node against the pods the kubelet already runs: the scheduler's view may be stale.
 */
export function admissionCheck(node: Node, pod: Pod, running: readonly Pod[]): Rejection | undefined {
  const allocatable = resourceAmounts(node.status?.allocatable);
  const wanted = requests(pod);
  const used: Record<string, number> = {};
  for (const other of running)
    for (const [name, v] of Object.entries(requests(other))) used[name] = (used[name] ?? 0) + v;
  const maxPods = allocatable.pods ?? 110;
  if (running.length + 1 > maxPods) {
    return {
      reason: 'OutOfpods',
      message: `Node didn't have enough resource: pods, requested: 1, used: ${running.length}, capacity: ${maxPods}`,
    };
  }
  for (const [name, amount] of Object.entries(wanted)) {
    if (amount === 0 || name === 'pods') continue;
    const capacity = allocatable[name] ?? 0;
    const inUse = used[name] ?? 0;
    if (inUse + amount > capacity) {
      return {
        reason: `OutOf${name}`,
        message: `Node didn't have enough resource: ${name}, requested: ${amount}, used: ${inUse}, capacity: ${capacity}`,
      };
    }
  }
  const required = pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  const target = { name: node.metadata.name, labels: node.metadata.labels };
  if (
    !matchesNodeSelectorMap(pod.spec.nodeSelector, node.metadata.labels) ||
    (required && !compileNodeSelector(required)(target))
  ) {
    return { reason: 'NodeAffinity', message: 'Predicate NodeAffinity failed' };
  }
  const mine = hostPorts(pod);
  if (mine.length > 0 && running.some((other) => hostPorts(other).some((p) => mine.some((q) => portsConflict(p, q))))) {
    return { reason: 'NodePorts', message: 'Predicate NodePorts failed' };
  }
  if (findUntoleratedTaint(node.spec?.taints, pod.spec.tolerations, (t) => t.effect === 'NoExecute') !== undefined) {
    return { reason: 'TaintToleration', message: 'Predicate TaintToleration failed' };
  }
  return undefined;
}
