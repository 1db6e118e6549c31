import {
  type ClusterListers,
  type ClusterObjects,
  ClusterSnapshot,
  CycleState,
  createPodInfo,
  type FilterPlugin,
  type Handle,
  isPreFilterResult,
  type MaybeStatus,
  type Node,
  type Pod,
  type PodInfo,
  type PreFilterPlugin,
  type PreScorePlugin,
  type ScorePlugin,
} from '@peapod/core';

/** A snapshot of `nodes` with `bound` pods accounted on the nodes their `spec.nodeName` names. */
export function snapshotOf(nodes: readonly Node[], bound: readonly Pod[] = []): ClusterSnapshot {
  const snapshot = new ClusterSnapshot(nodes);
  for (const pod of bound) {
    const node = snapshot.nodeIndex(pod.spec.nodeName ?? '');
    if (node < 0) throw new Error(`test pod ${pod.metadata.name} is bound to unknown node ${pod.spec.nodeName}`);
    snapshot.addPod(podInfo(pod), node);
  }
  return snapshot;
}

export function podInfo(pod: Pod): PodInfo {
  return createPodInfo(pod, pod.spec.priority ?? 0);
}

/** A Handle over a snapshot and, optionally, the cluster's other objects (Services, PVCs, Namespaces...). */
export function handleOf(snapshot: ClusterSnapshot, cluster: Partial<ClusterListers> = {}): Handle {
  return { snapshot, cluster: { ...clusterOf({}), ...cluster } };
}

/**
 * Runs a filter plugin's PreFilter (when it has one) and then Filter on every node, in one cycle state.
 * `preFilter` is what PreFilter returned: null, a Status (then no Filter runs), or a PreFilterResult
 * (Filter still runs on every node, so tests see both).
 */
export function runFilter(
  plugin: FilterPlugin & Partial<PreFilterPlugin>,
  pod: Pod,
  snapshot: ClusterSnapshot,
  cluster: Partial<ClusterListers> = {},
) {
  const handle = handleOf(snapshot, cluster);
  const state = new CycleState();
  const info = podInfo(pod);
  const pre = plugin.preFilter?.(state, info, handle) ?? null;
  if (pre !== null && !isPreFilterResult(pre) && pre.code !== 'Success' && pre.code !== 'Skip') {
    return { preFilter: pre, statuses: [] as MaybeStatus[], state };
  }
  const statuses: MaybeStatus[] = [];
  for (let node = 0; node < snapshot.nodeCount; node++) statuses.push(plugin.filter(state, info, node, handle));
  return { preFilter: pre, statuses, state };
}

/** Runs a score plugin's PreScore (when it has one), Score and NormalizeScore over every node. */
export function runScore(
  plugin: ScorePlugin & Partial<PreScorePlugin>,
  pod: Pod,
  snapshot: ClusterSnapshot,
  cluster: Partial<ClusterListers> = {},
) {
  const handle = handleOf(snapshot, cluster);
  const state = new CycleState();
  const info = podInfo(pod);
  const feasible = Int32Array.from({ length: snapshot.nodeCount }, (_, i) => i);
  const pre = plugin.preScore?.(state, info, feasible, handle) ?? null;
  if (pre !== null) return { preScore: pre, scores: [] as number[] };
  const scores = Float64Array.from(feasible, (node) => plugin.score(state, info, node, handle));
  plugin.normalizeScore?.(state, info, feasible, scores);
  return { preScore: pre, scores: [...scores] };
}

/** A ClusterObjects as the loader would return it, for engine tests that build objects in code. */
export function clusterOf(parts: {
  nodes?: Node[];
  pods?: Pod[];
  priorityClasses?: ClusterObjects['priorityClasses'];
}): ClusterObjects {
  return {
    nodes: parts.nodes ?? [],
    pods: parts.pods ?? [],
    namespaces: [],
    priorityClasses: parts.priorityClasses ?? [],
    podDisruptionBudgets: [],
    services: [],
    replicaSets: [],
    replicationControllers: [],
    deployments: [],
    statefulSets: [],
    persistentVolumes: [],
    persistentVolumeClaims: [],
    storageClasses: [],
    ignoredKinds: {},
    warnings: [],
    origins: new WeakMap(),
  };
}
