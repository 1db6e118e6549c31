/**
 * PodTopologySpread's constraint building, shared by its filter half (here) and its score half
 * (@peapod/scores). Upstream v1.26 `podtopologyspread/common.go` and `helper/spread.go`:
 *
 * - {@link podSpreadConstraints}: the pod's own constraints of one `whenUnsatisfiable` kind, or, when the pod
 *   has none at all, the plugin's default constraints with a selector deduced from the pod's Services and
 *   controller ({@link defaultSelector}); an empty deduced selector means no default constraints.
 * - {@link nodeInclusion}: which nodes count for a constraint (nodeAffinityPolicy / nodeTaintsPolicy).
 * - {@link countPodsMatchSelector}: which pods on a node count.
 * - `topologyIndex` (topology-index.ts): the domain of every node for a topology key, memoized per node list.
 */

import {
  type ClusterListers,
  compileNodeSelector,
  compileRequirement,
  DO_NOT_SCHEDULE_TAINTS,
  ErrorCodes,
  findUntoleratedTaint,
  type LabelMap,
  labelSelectorProblems,
  matchesLabelMap,
  type Node,
  type NodeMatcher,
  PeapodError,
  type Pod,
  type PodInfo,
  type SnapshotView,
  type TopologySpreadConstraint,
} from '@peapod/core';
import type { PodTopologySpreadFeatures } from './args.js';
import { defaultSelector } from './default-selector.js';
import { labelSelectorRequirements, mapRequirements, NOTHING, type SpreadSelector, selectorOf } from './selector.js';

export { defaultSelector } from './default-selector.js';
export type { SpreadSelector } from './selector.js';

export type WhenUnsatisfiable = TopologySpreadConstraint['whenUnsatisfiable'];
export type NodeInclusionPolicy = 'Honor' | 'Ignore';

/** Upstream's internal `topologySpreadConstraint`: defaults applied, selector compiled. */
export interface SpreadConstraint {
  readonly maxSkew: number;
  readonly topologyKey: string;
  readonly whenUnsatisfiable: WhenUnsatisfiable;
  readonly selector: SpreadSelector;
  /** `minDomains`, 1 when unset. */
  readonly minDomains: number;
  /** Default Honor: only nodes matching the pod's nodeSelector and required node affinity count. */
  readonly nodeAffinityPolicy: NodeInclusionPolicy;
  /** Default Ignore; Honor: only nodes whose NoSchedule/NoExecute taints the pod tolerates count. */
  readonly nodeTaintsPolicy: NodeInclusionPolicy;
}

/** What {@link podSpreadConstraints} needs besides the pod: the plugin's default constraints and feature gates. */
export interface SpreadConstraintOptions extends PodTopologySpreadFeatures {
  /** The plugin's default constraints (see `defaultConstraintsOf`), used when the pod has none. */
  readonly defaultConstraints: readonly TopologySpreadConstraint[];
}

/**
 * Upstream `filterTopologySpreadConstraints`: the constraints of kind `action`, compiled, with the features'
 * v1.26 defaults (see {@link PodTopologySpreadFeatures}): `minDomains` is ignored (1) unless enableMinDomains,
 * the inclusion policies are honoured unless enableNodeInclusionPolicy is false. Throws a PeapodError
 * (InputInvalid) on an invalid label selector, where upstream's PreFilter fails with an error.
 */
export function compileSpreadConstraints(
  constraints: readonly TopologySpreadConstraint[],
  podLabels: LabelMap,
  action: WhenUnsatisfiable,
  features: PodTopologySpreadFeatures = {},
): SpreadConstraint[] {
  const enableMatchLabelKeys = features.enableMatchLabelKeys ?? false;
  const enableMinDomains = features.enableMinDomains ?? false;
  const enableInclusion = features.enableNodeInclusionPolicy ?? true;
  const result: SpreadConstraint[] = [];
  for (const c of constraints) {
    if (c.whenUnsatisfiable !== action) continue;
    let selector = NOTHING;
    if (c.labelSelector != null) {
      const problems = labelSelectorProblems(c.labelSelector);
      if (problems.length > 0) {
        throw new PeapodError(ErrorCodes.InputInvalid, `invalid topology spread labelSelector: ${problems.join('; ')}`);
      }
      let requirements = labelSelectorRequirements(c.labelSelector);
      // matchLabelKeys: the pod's values of those keys are ANDed in; a nil selector stays "nothing" (upstream
      // `mergeLabelSetWithSelector` returns it unchanged).
      if (enableMatchLabelKeys && (c.matchLabelKeys ?? []).length > 0) {
        const set: Record<string, string> = {};
        for (const key of c.matchLabelKeys!)
          if (podLabels != null && Object.hasOwn(podLabels, key)) set[key] = podLabels[key]!;
        requirements = [...mapRequirements(set).map(compileRequirement), ...requirements];
      }
      selector = selectorOf(requirements);
    }
    result.push({
      maxSkew: c.maxSkew,
      topologyKey: c.topologyKey,
      whenUnsatisfiable: c.whenUnsatisfiable,
      selector,
      minDomains: enableMinDomains ? (c.minDomains ?? 1) : 1,
      // With the gate off upstream checks the required node affinity of every node and no taints: the same as
      // Honor / Ignore on every constraint.
      nodeAffinityPolicy: enableInclusion ? (c.nodeAffinityPolicy ?? 'Honor') : 'Honor',
      nodeTaintsPolicy: enableInclusion ? (c.nodeTaintsPolicy ?? 'Ignore') : 'Ignore',
    });
  }
  return result;
}

/**
 * The constraints of kind `action` that apply to the pod (upstream `calPreFilterState` / `initPreScoreState`):
 * its own when it has any (even if none is of that kind), else the default constraints of that kind with the
 * selector from {@link defaultSelector}, or none when that selector is empty.
 */
export function podSpreadConstraints(
  pod: Pod,
  action: WhenUnsatisfiable,
  options: SpreadConstraintOptions,
  cluster: ClusterListers,
): SpreadConstraint[] {
  const own = pod.spec.topologySpreadConstraints ?? [];
  if (own.length > 0) return compileSpreadConstraints(own, pod.metadata.labels, action, options);
  const defaults = compileSpreadConstraints(options.defaultConstraints, pod.metadata.labels, action, options);
  if (defaults.length === 0) return defaults;
  const selector = defaultSelector(pod, cluster);
  if (selector.empty) return [];
  return defaults.map((c) => ({ ...c, selector }));
}

/**
 * The pod's required node affinity as upstream `nodeaffinity.GetRequiredNodeAffinity`: `spec.nodeSelector`
 * AND the required node affinity terms; parse errors are ignored (an invalid term matches no node).
 */
export function requiredNodeAffinity(pod: Pod): (node: Node) => boolean {
  const nodeSelector = pod.spec.nodeSelector;
  const hasMap = nodeSelector != null && Object.keys(nodeSelector).length > 0;
  const required = pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  const terms: NodeMatcher | undefined = required == null ? undefined : compileNodeSelector(required);
  if (!hasMap && terms === undefined) return () => true;
  return (node) => {
    const labels = node.metadata.labels;
    if (hasMap && !matchesLabelMap(nodeSelector, labels)) return false;
    return terms === undefined || terms({ name: node.metadata.name, labels });
  };
}

/** What a node inclusion check needs from the pod being scheduled. */
export interface InclusionContext {
  readonly pod: Pod;
  readonly requiredNodeAffinity: (node: Node) => boolean;
  /** Identity of the pod's nodeSelector and required node affinity; '' when it has neither. */
  readonly requiredNodeAffinityKey: string;
}

/** The inclusion context of a pod: its required node affinity, compiled, and that affinity's identity. */
export function inclusionContext(pod: Pod): InclusionContext {
  const nodeSelector = pod.spec.nodeSelector;
  const required = pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  const none = (nodeSelector == null || Object.keys(nodeSelector).length === 0) && required == null;
  return {
    pod,
    requiredNodeAffinity: requiredNodeAffinity(pod),
    requiredNodeAffinityKey: none ? '' : JSON.stringify([nodeSelector ?? null, required ?? null]),
  };
}

/** Upstream `matchNodeInclusionPolicies`: does the node count for the constraint's spreading? */
export function nodeInclusion(constraint: SpreadConstraint, ctx: InclusionContext, node: Node): boolean {
  if (constraint.nodeAffinityPolicy === 'Honor' && !ctx.requiredNodeAffinity(node)) return false;
  if (constraint.nodeTaintsPolicy === 'Honor') {
    return findUntoleratedTaint(node.spec?.taints, ctx.pod.spec.tolerations, DO_NOT_SCHEDULE_TAINTS) === undefined;
  }
  return true;
}

/** Upstream `nodeLabelsMatchSpreadConstraints`: the node has every constraint's topology key. */
export function nodeHasAllTopologyKeys(labels: LabelMap, constraints: readonly SpreadConstraint[]): boolean {
  for (let i = 0; i < constraints.length; i++) {
    if (labels == null || !Object.hasOwn(labels, constraints[i]!.topologyKey)) return false;
  }
  return true;
}

/**
 * {@link countPodsMatchSelector} on every node at once: the snapshot's live per-node counts of the pods in
 * `namespace`, not terminating, that the selector matches; undefined when it counts no pod anywhere (a nil or
 * empty selector).
 */
export function matchCountsOf(
  snapshot: SnapshotView,
  selector: SpreadSelector,
  namespace: string,
): Int32Array | undefined {
  if (selector.empty || selector.requirements === undefined) return undefined;
  return snapshot.matchCounts({
    key: `spread\u0000${namespace}\u0000${selector.key}`,
    namespace,
    requirements: selector.requirements,
    skipTerminating: true,
  });
}

/**
 * Per node, 1 when it counts for a constraint with these inclusion policies (upstream
 * `matchNodeInclusionPolicies`), computed once per distinct node selector / toleration set; undefined when
 * every node counts.
 */
export function inclusionMask(
  snapshot: SnapshotView,
  constraint: SpreadConstraint,
  ctx: InclusionContext,
): Uint8Array | undefined {
  const affinity = constraint.nodeAffinityPolicy === 'Honor' ? ctx.requiredNodeAffinityKey : undefined;
  const taints = constraint.nodeTaintsPolicy === 'Honor' ? JSON.stringify(ctx.pod.spec.tolerations ?? []) : undefined;
  if (affinity === '' && taints === undefined) return undefined;
  if (affinity === undefined && taints === undefined) return undefined;
  return snapshot.nodeMemo(`spread-inclusion\u0000${affinity ?? ''}\u0000${taints ?? ''}`, () => {
    const mask = new Uint8Array(snapshot.nodeCount);
    for (let node = 0; node < snapshot.nodeCount; node++) {
      mask[node] = nodeInclusion(constraint, ctx, snapshot.nodes[node]!) ? 1 : 0;
    }
    return mask;
  });
}

/**
 * Upstream `countPodsMatchSelector`: pods in `namespace`, not terminating (no deletionTimestamp), that the
 * selector matches. An empty selector counts nothing.
 */
export function countPodsMatchSelector(pods: readonly PodInfo[], selector: SpreadSelector, namespace: string): number {
  if (selector.empty) return 0;
  let count = 0;
  for (let i = 0; i < pods.length; i++) {
    const p = pods[i]!;
    if (p.pod.metadata.deletionTimestamp != null || p.namespace !== namespace) continue;
    if (selector.matches(p.pod.metadata.labels)) count++;
  }
  return count;
}
