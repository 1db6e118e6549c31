import {
  type CycleState,
  errorStatus,
  type FilterPlugin,
  type Handle,
  isPeapodError,
  type MaybeStatus,
  PluginNames,
  type PodInfo,
  type PreFilterPlugin,
  type Status,
  stateKey,
  unresolvable,
  unschedulable,
} from '@peapod/core';
import { filterAllUnless } from '../helper/node-verdicts.js';
import { ReasonTopologySpreadMismatch, ReasonTopologySpreadMissingLabel } from '../reasons.js';
import {
  defaultConstraintsOf,
  type PodTopologySpreadArgsInput,
  type PodTopologySpreadFeatures,
  parsePodTopologySpreadArgs,
} from './args.js';
import { podSpreadConstraints, type SpreadConstraintOptions } from './constraints.js';
import { SpreadFilterState } from './state.js';

const FILTER_STATE = stateKey<SpreadFilterState>('PreFilterPodTopologySpread');

const MISSING_LABEL: Status = Object.freeze(unresolvable(ReasonTopologySpreadMissingLabel));
const SKEW_EXCEEDED: Status = Object.freeze(unschedulable(ReasonTopologySpreadMismatch));

/**
 * PodTopologySpread, filter half (upstream v1.26 `podtopologyspread/filtering.go`). PreFilter counts, for each
 * of the pod's `DoNotSchedule` constraints, the matching pods per topology domain over the eligible nodes (nodes
 * with every topology key that pass the nodeAffinityPolicy / nodeTaintsPolicy); Filter rejects a node without a
 * topology key (UnschedulableAndUnresolvable) and a node where `count(domain) + selfMatch - globalMin > maxSkew`
 * (Unschedulable), `globalMin` being 0 when there are fewer domains than `minDomains`.
 *
 * A pod with no DoNotSchedule constraint gets an empty state and passes every node: v1.26 returns no Skip.
 * System default constraints are ScheduleAnyway, so they never filter; a `List` of DoNotSchedule defaults does.
 * `args` are validated here, once (see `PodTopologySpreadArgsSchema`).
 */
export function podTopologySpreadFilter(
  args: PodTopologySpreadArgsInput = {},
  features: PodTopologySpreadFeatures = {},
): PreFilterPlugin & FilterPlugin {
  const options: SpreadConstraintOptions = {
    defaultConstraints: defaultConstraintsOf(parsePodTopologySpreadArgs(args)),
    ...features,
  };

  return {
    name: PluginNames.PodTopologySpread,

    preFilter(state: CycleState, pod: PodInfo, handle: Handle): MaybeStatus {
      let constraints: ReturnType<typeof podSpreadConstraints>;
      try {
        constraints = podSpreadConstraints(pod.pod, 'DoNotSchedule', options, handle.cluster);
      } catch (e) {
        if (!isPeapodError(e)) throw e;
        return errorStatus(`obtaining pod's hard topology spread constraints: ${e.message}`);
      }
      state.write(FILTER_STATE, SpreadFilterState.compute(pod, constraints, handle.snapshot));
      return null;
    },

    preFilterExtensions: {
      addPod(state: CycleState, podToSchedule: PodInfo, podToAdd: PodInfo, node: number, handle: Handle): MaybeStatus {
        state.read(FILTER_STATE).update(podToAdd, podToSchedule, node, handle.snapshot.nodes[node]!, 1);
        return null;
      },
      removePod(
        state: CycleState,
        podToSchedule: PodInfo,
        podToRemove: PodInfo,
        node: number,
        handle: Handle,
      ): MaybeStatus {
        state.read(FILTER_STATE).update(podToRemove, podToSchedule, node, handle.snapshot.nodes[node]!, -1);
        return null;
      },
    },

    filterAll: filterAllUnless((state) => state.read(FILTER_STATE).constraints.length === 0),

    filter(state: CycleState, _pod: PodInfo, node: number): MaybeStatus {
      const s = state.read(FILTER_STATE);
      const constraints = s.constraints;
      for (let i = 0; i < constraints.length; i++) {
        const k = s.slotOf[i]!;
        const domain = s.indexes[k]!.domainOf[node]!;
        if (domain < 0) return MISSING_LABEL;
        const min = s.minMatchNum(i);
        if (min === undefined) continue;
        if (s.counts[k]![domain]! + s.selfMatch[i]! - min > constraints[i]!.maxSkew) return SKEW_EXCEEDED;
      }
      return null;
    },
  } satisfies PreFilterPlugin & FilterPlugin;
}
