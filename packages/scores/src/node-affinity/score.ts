import {
  type CycleState,
  ErrorCodes,
  errorStatus,
  type Handle,
  MAX_NODE_SCORE,
  type MaybeStatus,
  type NodeAffinity,
  PeapodError,
  PluginNames,
  type PodInfo,
  type PreScorePlugin,
  type ScorePlugin,
  stateKey,
  status,
} from '@peapod/core';
import { instanceKey } from '@peapod/filters';
import { scoreNodeOnly } from '../helper/node-scores.js';
import { defaultNormalizeScore } from '../helper/normalize-score.js';
import {
  aggregateMessage,
  type CompiledPreferredTerms,
  compilePreferredTerms,
  preferredTermsScore,
} from './preferred-terms.js';

/**
 * The part of `NodeAffinityArgs` the score half reads: `addedAffinity`'s preferred terms score every pod the
 * profile schedules. The registration passes the same parsed args (`NodeAffinityArgsSchema` of
 * `@peapod/filters`, which validates them) to both halves.
 */
export interface NodeAffinityScoreArgs {
  readonly addedAffinity?: NodeAffinity | null;
}

const SCORE_STATE = stateKey<CompiledPreferredTerms>('PreScoreNodeAffinity');
const SKIP = Object.freeze(status('Skip'));

/**
 * NodeAffinity, score half (upstream `nodeaffinity/node_affinity.go`, v1.26). The raw score is the sum of
 * the weights of the preferred terms the node matches, the pod's
 * `preferredDuringSchedulingIgnoredDuringExecution` plus `addedAffinity`'s; NormalizeScore is
 * `DefaultNormalizeScore(100, false)`: `100 * score / maxScore`, all 0 when no node matches a term.
 *
 * A pod whose preferred terms do not parse makes PreScore fail with an Error, as upstream's
 * `NewPreferredSchedulingTerms` does (required terms are lazier). v1.26 never returns Skip from PreScore; here
 * a pod with no term at all (its own or added) is skipped, which gives the same 0 on every node without a
 * call per node. Invalid `addedAffinity` terms are a configuration error: the factory throws, as upstream `New`.
 */
export function nodeAffinityScore(args: NodeAffinityScoreArgs = {}): PreScorePlugin & ScorePlugin {
  const added = compilePreferredTerms(args.addedAffinity?.preferredDuringSchedulingIgnoredDuringExecution);
  if (added.problems !== undefined) {
    throw new PeapodError(
      ErrorCodes.Config,
      `invalid NodeAffinity args: parsing addedAffinity.preferredDuringSchedulingIgnoredDuringExecution: ${aggregateMessage(added.problems)}`,
    );
  }
  const addedTerms = added.terms;
  const prefix = instanceKey(PluginNames.NodeAffinity);

  return {
    name: PluginNames.NodeAffinity,

    preScore(state: CycleState, pod: PodInfo, _feasible: Int32Array, _handle: Handle): MaybeStatus {
      const own = compilePreferredTerms(
        pod.pod.spec.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution,
      );
      if (own.problems !== undefined) return errorStatus(aggregateMessage(own.problems));
      if (own.terms.matchers.length === 0 && addedTerms.matchers.length === 0) return SKIP;
      state.write(SCORE_STATE, own.terms);
      return null;
    },

    score(state: CycleState, _pod: PodInfo, node: number, handle: Handle): number {
      const meta = handle.snapshot.nodes[node]!.metadata;
      return preferredTermsScore(addedTerms, meta) + preferredTermsScore(state.read(SCORE_STATE), meta);
    },

    scoreAll(state: CycleState, pod: PodInfo, nodes: Int32Array, handle: Handle, out: Float64Array): void {
      const terms = state.read(SCORE_STATE);
      const preferred = pod.pod.spec.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution;
      const key = `${prefix}${JSON.stringify(preferred ?? null)}`;
      const nodeList = handle.snapshot.nodes;
      scoreNodeOnly(handle.snapshot, key, nodes, out, (node) => {
        const meta = nodeList[node]!.metadata;
        return preferredTermsScore(addedTerms, meta) + preferredTermsScore(terms, meta);
      });
    },

    normalizeScore(_state: CycleState, _pod: PodInfo, _feasible: Int32Array, scores: Float64Array): MaybeStatus {
      defaultNormalizeScore(MAX_NODE_SCORE, false, scores);
      return null;
    },
  } satisfies PreScorePlugin & ScorePlugin;
}
