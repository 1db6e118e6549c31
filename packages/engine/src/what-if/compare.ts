import type { ClusterObjects } from '@peapod/core';
import type { NodeUsage, ScheduleResult, ScheduleSummary } from '../types.js';

/**
 * Where a pod ended up in one run: bound by the run (`scheduled`), left pending (`unschedulable`), given no
 * attempt (`gated`, `other-scheduler`), evicted by a preemption (`preempted`), or a pod that was bound in
 * the input and stayed (`bound`, only where the other run evicted it).
 */
export type PlacementStatus = 'scheduled' | 'unschedulable' | 'gated' | 'other-scheduler' | 'preempted' | 'bound';

export interface Placement {
  readonly status: PlacementStatus;
  /** The node, for `scheduled` and `bound`. */
  readonly node?: string;
}

/** A pod placed differently by the two runs. */
export interface PlacementDifference {
  /** `namespace/name` */
  readonly pod: string;
  readonly a: Placement;
  readonly b: Placement;
}

/** The mean and the population standard deviation of a per-node ratio (requested / allocatable). */
export interface Balance {
  readonly mean: number;
  readonly stddev: number;
}

export interface Utilisation {
  /** Over the nodes with allocatable cpu > 0. */
  readonly cpu: Balance;
  /** Over the nodes with allocatable memory > 0. */
  readonly memory: Balance;
  /** Nodes with at least one pod after the run. */
  readonly nodesWithPods: number;
}

export interface ComparedRun {
  readonly summary: ScheduleSummary;
  readonly utilisation: Utilisation;
  readonly nodes: readonly NodeUsage[];
}

export interface Comparison {
  readonly a: ComparedRun;
  readonly b: ComparedRun;
  /** Pending pods in input order, then evicted pods by name. */
  readonly differences: readonly PlacementDifference[];
}

/** The mean and population standard deviation of `values` (both 0 for no values). */
export function balanceOf(values: readonly number[]): Balance {
  if (values.length === 0) return { mean: 0, stddev: 0 };
  const mean = values.reduce((sum, v) => sum + v, 0) / values.length;
  const variance = values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / values.length;
  return { mean, stddev: Math.sqrt(variance) };
}

/** Per-node cpu and memory requested/allocatable after a run, summarised across nodes. */
export function utilisationOf(nodes: readonly NodeUsage[]): Utilisation {
  const ratios = (resource: 'cpu' | 'memory') =>
    nodes.filter((n) => n.allocatable[resource] > 0).map((n) => n.requested[resource] / n.allocatable[resource]);
  return {
    cpu: balanceOf(ratios('cpu')),
    memory: balanceOf(ratios('memory')),
    nodesWithPods: nodes.filter((n) => n.requested.pods > 0).length,
  };
}

interface Placed {
  readonly order: number;
  readonly placement: Placement;
}

/** Every pending pod's final placement (ordered by input position) and every evicted pod's. */
function placementsOf(result: ScheduleResult): Map<string, Placed> {
  const out = new Map<string, Placed>();
  for (const d of result.decisions) {
    const placement: Placement = d.node !== null ? { status: 'scheduled', node: d.node } : { status: 'unschedulable' };
    out.set(d.pod, { order: d.index, placement });
  }
  for (const s of result.skipped) out.set(s.pod, { order: s.index, placement: { status: s.reason } });
  for (const d of result.decisions) {
    for (const victim of d.victims ?? []) {
      out.set(victim, { order: Number.POSITIVE_INFINITY, placement: { status: 'preempted' } });
    }
  }
  return out;
}

function samePlacement(x: Placement, y: Placement): boolean {
  return x.status === y.status && x.node === y.node;
}

/**
 * The same workload scheduled under two configurations: each run's summary and utilisation balance, and
 * the pods placed differently. `objects` is the input both runs read (for the nodes of bound pods that
 * only one run evicted).
 */
export function compareResults(objects: ClusterObjects, a: ScheduleResult, b: ScheduleResult): Comparison {
  const boundNode = new Map(
    objects.pods
      .filter((p) => p.spec.nodeName)
      .map((p) => [`${p.metadata.namespace ?? 'default'}/${p.metadata.name}`, p.spec.nodeName as string]),
  );
  const stayed = (pod: string): Placed => {
    const node = boundNode.get(pod);
    return {
      order: Number.POSITIVE_INFINITY,
      placement: node === undefined ? { status: 'bound' } : { status: 'bound', node },
    };
  };
  const inA = placementsOf(a);
  const inB = placementsOf(b);
  const pods = new Set([...inA.keys(), ...inB.keys()]);
  const differences: (PlacementDifference & { order: number })[] = [];
  for (const pod of pods) {
    const x = inA.get(pod) ?? stayed(pod);
    const y = inB.get(pod) ?? stayed(pod);
    if (!samePlacement(x.placement, y.placement)) {
      differences.push({ pod, a: x.placement, b: y.placement, order: Math.min(x.order, y.order) });
    }
  }
  differences.sort((p, q) => p.order - q.order || (p.pod < q.pod ? -1 : p.pod > q.pod ? 1 : 0));
  return {
    a: { summary: a.summary, utilisation: utilisationOf(a.nodes), nodes: a.nodes },
    b: { summary: b.summary, utilisation: utilisationOf(b.nodes), nodes: b.nodes },
    differences: differences.map(({ order: _order, ...d }) => d),
  };
}
