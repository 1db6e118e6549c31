import {
  type CycleState,
  compileNodeSelector,
  ErrorCodes,
  type FilterPlugin,
  type Handle,
  type LabelMap,
  type MaybeStatus,
  matchesNodeSelectorMap,
  type NodeMatcher,
  PeapodError,
  PluginNames,
  type PodInfo,
  type PreFilterPlugin,
  type PreFilterResult,
  stateKey,
  unresolvable,
} from '@peapod/core';
import { filterNodeOnly, instanceKey } from '../helper/node-verdicts.js';
import { ReasonNodeAffinityEnforced, ReasonNodeAffinityMismatch } from '../reasons.js';
import { type NodeAffinityArgs, nodeAffinityArgsProblems } from './args.js';
import { requiredNodeNames } from './required-node-names.js';

export {
  type NodeAffinityArgs,
  type NodeAffinityArgsProblem,
  NodeAffinityArgsSchema,
  nodeAffinityArgsProblems,
} from './args.js';

/** The pod's required node selection, compiled once in PreFilter (upstream `RequiredNodeAffinity`). */
interface NodeAffinityState {
  /** `spec.nodeSelector` when it has entries: every one must be a node label with that value. */
  readonly nodeSelector: LabelMap;
  /** `requiredDuringSchedulingIgnoredDuringExecution`, when set (an empty term list matches no node). */
  readonly required: NodeMatcher | undefined;
}

const NODE_AFFINITY_STATE = stateKey<NodeAffinityState>('PreFilterNodeAffinity');

const MISMATCH = Object.freeze(unresolvable(ReasonNodeAffinityMismatch));
const ENFORCED = Object.freeze(unresolvable(ReasonNodeAffinityEnforced));

/**
 * NodeAffinity, filter half (upstream `nodeaffinity/node_affinity.go`, v1.26). A node passes when it matches
 * the plugin's `addedAffinity` required selector (else `node(s) didn't match scheduler-enforced node
 * affinity`), the pod's `spec.nodeSelector` and the pod's required node affinity (else `node(s) didn't match
 * Pod's node affinity/selector`); all UnschedulableAndUnresolvable. Invalid terms of the pod's affinity match
 * no node and are not errors (upstream's LazyErrorNodeSelector); `args` must be valid (see
 * `NodeAffinityArgsSchema`), else the factory throws, as upstream's `New` fails.
 *
 * PreFilter narrows the nodes to those the required terms pin by `metadata.name` (see `requiredNodeNames`).
 * v1.26 never returns Skip here (later versions skip pods without nodeSelector, required affinity or
 * addedAffinity); the outcome is the same. The state does not depend on other pods: no PreFilter extensions.
 */
export function nodeAffinityFilter(args: NodeAffinityArgs = {}): PreFilterPlugin & FilterPlugin {
  const problems = nodeAffinityArgsProblems(args.addedAffinity);
  if (problems.length > 0) {
    const detail = problems.map((p) => `${p.path.join('.')}: ${p.message}`).join('; ');
    throw new PeapodError(ErrorCodes.Config, `invalid NodeAffinity args: ${detail}`);
  }
  const addedRequired = args.addedAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  const added = addedRequired == null ? undefined : compileNodeSelector(addedRequired);
  const prefix = instanceKey(PluginNames.NodeAffinity);

  function filter(state: CycleState, _pod: PodInfo, node: number, handle: Handle): MaybeStatus {
    const meta = handle.snapshot.nodes[node]!.metadata;
    if (added !== undefined && !added(meta)) return ENFORCED;
    const s = state.read(NODE_AFFINITY_STATE);
    if (s.nodeSelector != null && !matchesNodeSelectorMap(s.nodeSelector, meta.labels)) return MISMATCH;
    if (s.required !== undefined && !s.required(meta)) return MISMATCH;
    return null;
  }

  return {
    name: PluginNames.NodeAffinity,

    preFilter(state: CycleState, pod: PodInfo, _handle: Handle): MaybeStatus | PreFilterResult {
      const spec = pod.pod.spec;
      const required = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
      const nodeSelector = spec.nodeSelector;
      state.write(NODE_AFFINITY_STATE, {
        nodeSelector: nodeSelector != null && Object.keys(nodeSelector).length > 0 ? nodeSelector : undefined,
        required: required == null ? undefined : compileNodeSelector(required),
      });
      if (required == null || required.nodeSelectorTerms.length === 0) return null;
      return requiredNodeNames(required.nodeSelectorTerms);
    },

    filter,

    nodeOnlyKey: requiredAffinityKey,
    filterAll(state: CycleState, pod: PodInfo, nodes: Int32Array, handle: Handle, out: MaybeStatus[]): boolean {
      const key = `${prefix}${requiredAffinityKey(pod)}`;
      return filterNodeOnly(handle.snapshot, key, nodes, out, (node) => filter(state, pod, node, handle));
    },
  } satisfies PreFilterPlugin & FilterPlugin;
}

/** The pod's nodeSelector and required node affinity, as a key: what its verdicts depend on. */
function requiredAffinityKey(pod: PodInfo): string {
  const spec = pod.pod.spec;
  const required = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  return JSON.stringify([spec.nodeSelector ?? null, required ?? null]);
}
