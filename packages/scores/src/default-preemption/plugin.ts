import {
  type CycleState,
  errorStatus,
  type FilteredNodeStatuses,
  type FrameworkHandle,
  PluginNames,
  type PodInfo,
  type PostFilterPlugin,
  type PostFilterResult,
  type Status,
  unresolvable,
  unschedulable,
} from '@peapod/core';
import { calculateNumCandidates, type DefaultPreemptionArgs, DefaultPreemptionArgsSchema } from './args.js';
import { compareBytes, fitErrorMessage } from './message.js';
import { preemptionPdb } from './pdb.js';
import { type Candidate, preemptionTopCandidates } from './pick-node.js';
import {
  ErrReasonNotHelpful,
  MsgNotEligiblePolicyNever,
  MsgNotEligibleTerminating,
  PREEMPTION_PREFIX,
} from './reasons.js';
import { selectVictimsOnNode } from './select-victims.js';

type PostFilterOutcome = ReturnType<PostFilterPlugin['postFilter']>;

/**
 * Upstream `PodEligibleToPreemptOthers`: a pod with `preemptionPolicy: Never` never preempts; a pod already
 * nominated to a node where a lower-priority pod is terminating (`deletionTimestamp`) waits for it, unless
 * that node now fails as UnschedulableAndUnresolvable. Returns the reason when not eligible.
 */
export function preemptionIneligibility(
  pod: PodInfo,
  filtered: FilteredNodeStatuses,
  handle: FrameworkHandle,
): string | undefined {
  if (pod.preemptionPolicy === 'Never') return MsgNotEligiblePolicyNever;
  const nominated = handle.nominatedNodeOf(pod);
  if (nominated < 0) return undefined;
  if (filtered.statuses.get(nominated)?.code === 'UnschedulableAndUnresolvable') return undefined;
  for (const p of handle.snapshot.podsOnNode[nominated] ?? []) {
    if (p.pod.metadata.deletionTimestamp != null && p.priority < pod.priority) return MsgNotEligibleTerminating;
  }
  return undefined;
}

/**
 * Upstream `nodesWherePreemptionMightHelp`: every node except those that failed Filter as
 * UnschedulableAndUnresolvable (which get "Preemption is not helpful for scheduling"). A node without a
 * status (not evaluated, e.g. outside a PreFilter's node set) is a potential node.
 */
export function potentialNodes(
  filtered: FilteredNodeStatuses,
  nodeCount: number,
): { potential: number[]; statuses: Map<number, Status> } {
  const potential: number[] = [];
  const statuses = new Map<number, Status>();
  for (let node = 0; node < nodeCount; node++) {
    if (filtered.statuses.get(node)?.code === 'UnschedulableAndUnresolvable') {
      statuses.set(node, unresolvable(ErrReasonNotHelpful));
    } else potential.push(node);
  }
  return { potential, statuses };
}

/**
 * DefaultPreemption (upstream `preemption.Evaluator.Preempt` with the DefaultPreemption plugin), the PostFilter
 * plugin: when no node fits a pod, it looks for a node where evicting lower-priority pods makes room, picks the
 * best such node, and returns it with its victims; the framework evicts them and nominates the pod.
 * With the handle's `lowest-name` tie-break, every potential node is dry-run from offset 0 and full ties go to
 * the lowest node name; otherwise the dry run starts at a random offset and stops once enough candidates
 * (`calculateNumCandidates`) are found, and a full tie is broken at random.
 */
export function defaultPreemption(rawArgs: Partial<DefaultPreemptionArgs> = {}) {
  const args = DefaultPreemptionArgsSchema.parse(rawArgs);
  return {
    name: PluginNames.DefaultPreemption,
    postFilter(state, pod, filtered, handle): PostFilterOutcome {
      const ineligible = preemptionIneligibility(pod, filtered, handle);
      if (ineligible !== undefined) return { status: unschedulable(PREEMPTION_PREFIX + ineligible) };

      const { candidates, statuses, errors } = findCandidates(args, state, pod, filtered, handle);
      if (candidates.length === 0) {
        if (errors.length > 0) {
          const text = errors.length === 1 ? errors[0]! : `[${errors.join(', ')}]`;
          return { status: errorStatus(PREEMPTION_PREFIX + text) };
        }
        const message = fitErrorMessage(statuses.size, [...statuses.values()]);
        return { status: unschedulable(PREEMPTION_PREFIX + message) };
      }
      const top = preemptionTopCandidates(candidates, (p) => handle.podStartTime(p));
      top.sort((a, b) => compareBytes(a.name, b.name));
      // Upstream takes the first tied node its map iteration meets: a random one.
      const best = handle.tieBreak === 'lowest-name' || top.length === 1 ? top[0]! : top[handle.randomInt(top.length)]!;
      const result: PostFilterResult = {
        nominatedNode: best.name,
        victims: best.victims.pods.map((p) => p.key),
        topNodes: top.map((c) => c.name),
      };
      return { result, status: null };
    },
  } satisfies PostFilterPlugin;
}

/**
 * Upstream `findCandidates` + `DryRunPreemption`, run one node after another: candidates without PDB violations
 * come first, then the violating ones (each list holds at most `numCandidates`); the run stops once a
 * non-violating candidate exists and both lists hold `numCandidates` together. `statuses` has a status for
 * every node that is not a candidate, for the "preemption: 0/N nodes are available" message.
 */
function findCandidates(
  args: DefaultPreemptionArgs,
  state: CycleState,
  pod: PodInfo,
  filtered: FilteredNodeStatuses,
  handle: FrameworkHandle,
): { candidates: Candidate[]; statuses: Map<number, Status>; errors: string[] } {
  const { potential, statuses } = potentialNodes(filtered, handle.snapshot.nodeCount);
  const errors: string[] = [];
  if (potential.length === 0) return { candidates: [], statuses, errors };

  const pdbs = handle.cluster.podDisruptionBudgets.map(preemptionPdb);
  // With lowest-name, a deterministic run: every potential node from offset 0 (how the corpus was made).
  const deterministic = handle.tieBreak === 'lowest-name';
  const offset = deterministic ? 0 : handle.randomInt(potential.length);
  const numCandidates = deterministic ? potential.length : calculateNumCandidates(potential.length, args);
  // Upstream's two candidate lists hold `numCandidates` each; further candidates are dropped.
  const nonViolating: Candidate[] = [];
  const violating: Candidate[] = [];
  for (let i = 0; i < potential.length; i++) {
    const node = potential[(offset + i) % potential.length]!;
    const name = handle.snapshot.nodeNames[node]!;
    const { victims, status } = selectVictimsOnNode(handle, state.clone(), pod, node, pdbs);
    if (status === null || status.code === 'Success') {
      if (victims !== undefined && victims.pods.length > 0) {
        const candidate = { node, name, victims };
        const list = victims.numPdbViolations === 0 ? nonViolating : violating;
        if (list.length < numCandidates) list.push(candidate);
        if (nonViolating.length > 0 && nonViolating.length + violating.length >= numCandidates) break;
        continue;
      }
      const message = `expected at least one victim pod on node "${name}"`;
      errors.push(message);
      statuses.set(node, errorStatus(message));
      continue;
    }
    if (status.code === 'Error') errors.push(status.reasons.join(', '));
    statuses.set(node, status);
  }
  return { candidates: [...nonViolating, ...violating], statuses, errors };
}
