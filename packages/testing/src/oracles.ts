/**
 * Independent checks of placements: simple, slow re-statements of the hard scheduling rules, written apart
 * from the plugins so property tests can catch a plugin that lets a pod through. They replay the decisions
 * in order and check each placement against the state just before it.
 */
import {
  type ClusterObjects,
  compileLabelSelector,
  compileNodeSelector,
  isPodTerminal,
  type Node,
  type Pod,
  type PodAffinityTerm,
  podRequests,
  resourceAmount,
  toleratesTaint,
} from '@peapod/core';

export interface Violation {
  readonly pod: string;
  readonly node: string;
  readonly rule: 'resources' | 'taints' | 'node-affinity' | 'anti-affinity' | 'affinity' | 'topology-spread';
  readonly detail: string;
}

/** The placements a run made, in order: `namespace/name` to node name. */
export interface Placement {
  readonly pod: string;
  readonly node: string;
}

const key = (pod: Pod) => `${pod.metadata.namespace ?? 'default'}/${pod.metadata.name}`;
const labelsOf = (o: { metadata: { labels?: Record<string, string> | null } }) => o.metadata.labels ?? {};

/** Checks every placement of a run against the hard rules; returns the violations (empty when all hold). */
export function checkPlacements(objects: ClusterObjects, placements: readonly Placement[]): Violation[] {
  const nodes = new Map(objects.nodes.map((n) => [n.metadata.name, n]));
  const podsByKey = new Map(objects.pods.map((p) => [key(p), p]));
  const nsLabels = new Map(objects.namespaces.map((n) => [n.metadata.name, labelsOf(n)]));
  /** Pods running on each node, in the order they arrived. */
  const running: { pod: Pod; node: Node }[] = [];
  for (const pod of objects.pods) {
    const node = pod.spec.nodeName ? nodes.get(pod.spec.nodeName) : undefined;
    if (node !== undefined && !isPodTerminal(pod)) running.push({ pod, node });
  }
  const violations: Violation[] = [];
  for (const placement of placements) {
    const pod = podsByKey.get(placement.pod);
    const node = nodes.get(placement.node);
    if (pod === undefined || node === undefined)
      throw new Error(`unknown placement ${placement.pod} -> ${placement.node}`);
    const found = (rule: Violation['rule'], detail: string) =>
      violations.push({ pod: placement.pod, node: placement.node, rule, detail });
    checkResources(pod, node, running, found);
    checkTaints(pod, node, found);
    if (!nodeAffinityAllows(pod, node)) found('node-affinity', 'nodeSelector or required node affinity');
    checkInterPod(pod, node, running, nsLabels, found);
    checkSpread(pod, node, running, objects.nodes, found);
    running.push({ pod, node });
  }
  return violations;
}

type Found = (rule: Violation['rule'], detail: string) => void;

const requestsCache = new WeakMap<Pod, Record<string, number>>();
function requestsOf(pod: Pod): Record<string, number> {
  let r = requestsCache.get(pod);
  if (r === undefined) {
    r = podRequests(pod);
    requestsCache.set(pod, r);
  }
  return r;
}

function checkResources(pod: Pod, node: Node, running: readonly { pod: Pod; node: Node }[], found: Found): void {
  const onNode = running.filter((r) => r.node === node).map((r) => r.pod);
  const allocatable = node.status?.allocatable ?? {};
  const pods = allocatable.pods === undefined ? 0 : resourceAmount('pods', allocatable.pods);
  if (onNode.length + 1 > pods) found('resources', `pods: ${onNode.length + 1} > ${pods}`);
  const want = requestsOf(pod);
  for (const [resource, amount] of Object.entries(want)) {
    if (amount <= 0 || resource === 'pods') continue;
    if (
      resource !== 'cpu' &&
      resource !== 'memory' &&
      resource !== 'ephemeral-storage' &&
      !resource.includes('/') &&
      !resource.startsWith('hugepages-')
    )
      continue;
    const used = onNode.reduce((sum, p) => sum + (requestsOf(p)[resource] ?? 0), 0);
    const cap = allocatable[resource] === undefined ? 0 : resourceAmount(resource, allocatable[resource]!);
    if (used + amount > cap) found('resources', `${resource}: ${used} + ${amount} > ${cap}`);
  }
}

function checkTaints(pod: Pod, node: Node, found: Found): void {
  const tolerations = pod.spec.tolerations ?? [];
  const taints = [...(node.spec?.taints ?? [])];
  if (node.spec?.unschedulable) taints.push({ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' });
  for (const taint of taints) {
    if (taint.effect === 'PreferNoSchedule') continue;
    if (!tolerations.some((t) => toleratesTaint(t, taint)))
      found('taints', `${taint.key}=${taint.value ?? ''}:${taint.effect}`);
  }
}

function nodeAffinityAllows(pod: Pod, node: Node): boolean {
  const labels = labelsOf(node);
  for (const [k, v] of Object.entries(pod.spec.nodeSelector ?? {})) if (labels[k] !== v) return false;
  const required = pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  return required == null || compileNodeSelector(required)({ name: node.metadata.name, labels });
}

/** Does `term` (declared by `owner`) select `other`? Namespaces: the list, the selector, or the owner's own. */
function termSelects(
  term: PodAffinityTerm,
  owner: Pod,
  other: Pod,
  nsLabels: ReadonlyMap<string, Record<string, string>>,
): boolean {
  const ns = other.metadata.namespace ?? 'default';
  const listed = term.namespaces ?? [];
  const inNamespace =
    listed.includes(ns) ||
    (term.namespaceSelector != null && compileLabelSelector(term.namespaceSelector)(nsLabels.get(ns) ?? {})) ||
    (listed.length === 0 && term.namespaceSelector == null && ns === (owner.metadata.namespace ?? 'default'));
  return inNamespace && compileLabelSelector(term.labelSelector)(labelsOf(other));
}

function sameDomain(a: Node, b: Node, topologyKey: string): boolean {
  const va = labelsOf(a)[topologyKey];
  return va !== undefined && va === labelsOf(b)[topologyKey];
}

function checkInterPod(
  pod: Pod,
  node: Node,
  running: readonly { pod: Pod; node: Node }[],
  nsLabels: ReadonlyMap<string, Record<string, string>>,
  found: Found,
): void {
  const anti = pod.spec.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? [];
  for (const term of anti) {
    const hit = running.find(
      (r) => sameDomain(r.node, node, term.topologyKey) && termSelects(term, pod, r.pod, nsLabels),
    );
    if (hit) found('anti-affinity', `own term on ${term.topologyKey} hits ${key(hit.pod)}`);
  }
  for (const r of running) {
    for (const term of r.pod.spec.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []) {
      if (sameDomain(r.node, node, term.topologyKey) && termSelects(term, r.pod, pod, nsLabels)) {
        found('anti-affinity', `${key(r.pod)}'s term on ${term.topologyKey}`);
      }
    }
  }
  const affinity = pod.spec.affinity?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? [];
  if (affinity.length === 0) return;
  const matchesAll = (other: Pod) => affinity.every((t) => termSelects(t, pod, other, nsLabels));
  // Matching pods count only on nodes that carry a term's topology key (upstream's topology pair counts).
  const anyMatch = running.some(
    (r) => matchesAll(r.pod) && affinity.some((t) => labelsOf(r.node)[t.topologyKey] !== undefined),
  );
  // The first pod of a group may go anywhere its own terms would select it.
  if (!anyMatch && matchesAll(pod)) return;
  for (const term of affinity) {
    if (labelsOf(node)[term.topologyKey] === undefined) {
      found('affinity', `node lacks ${term.topologyKey}`);
      continue;
    }
    const ok = running.some((r) => sameDomain(r.node, node, term.topologyKey) && matchesAll(r.pod));
    if (!ok) found('affinity', `no matching pod in the ${term.topologyKey} domain`);
  }
}

function checkSpread(
  pod: Pod,
  node: Node,
  running: readonly { pod: Pod; node: Node }[],
  allNodes: readonly Node[],
  found: Found,
): void {
  for (const c of pod.spec.topologySpreadConstraints ?? []) {
    if (c.whenUnsatisfiable !== 'DoNotSchedule') continue;
    const value = labelsOf(node)[c.topologyKey];
    if (value === undefined) {
      found('topology-spread', `node lacks ${c.topologyKey}`);
      continue;
    }
    const honorAffinity = (c.nodeAffinityPolicy ?? 'Honor') === 'Honor';
    const honorTaints = c.nodeTaintsPolicy === 'Honor';
    const selects = compileLabelSelector(c.labelSelector);
    const eligible = allNodes.filter(
      (n) =>
        labelsOf(n)[c.topologyKey] !== undefined &&
        (!honorAffinity || nodeAffinityAllows(pod, n)) &&
        (!honorTaints ||
          (n.spec?.taints ?? []).every(
            (t) =>
              t.effect === 'PreferNoSchedule' || (pod.spec.tolerations ?? []).some((tol) => toleratesTaint(tol, t)),
          )),
    );
    const counts = new Map<string, number>();
    for (const n of eligible) counts.set(labelsOf(n)[c.topologyKey]!, 0);
    for (const r of running) {
      const v = labelsOf(r.node)[c.topologyKey];
      if (v === undefined || !counts.has(v) || !eligible.includes(r.node)) continue;
      if (r.pod.metadata.deletionTimestamp) continue;
      if ((r.pod.metadata.namespace ?? 'default') !== (pod.metadata.namespace ?? 'default')) continue;
      if (selects(labelsOf(r.pod))) counts.set(v, counts.get(v)! + 1);
    }
    // minDomains is ignored, as by v1.26 (its feature gate defaults to off until 1.27).
    const min = Math.min(...counts.values());
    const skew = (counts.get(value) ?? 0) + (selects(labelsOf(pod)) ? 1 : 0) - min;
    if (skew > c.maxSkew) found('topology-spread', `skew ${skew} > maxSkew ${c.maxSkew} on ${c.topologyKey}`);
  }
}
