import {
  type CycleState,
  type FilterPlugin,
  type Handle,
  isExtendedResourceName,
  type MaybeStatus,
  PluginNames,
  type PodInfo,
  type PreFilterPlugin,
  type Status,
  stateKey,
  unschedulable,
} from '@peapod/core';
import { ReasonTooManyPods, reasonInsufficient } from '../reasons.js';

export interface NodeResourcesFitFilterArgs {
  /** Extended resources whose requests are not checked (upstream `ignoredResources`). */
  readonly ignoredResources?: readonly string[];
  /** Groups of extended resources not checked, by the prefix before `/` (upstream `ignoredResourceGroups`). */
  readonly ignoredResourceGroups?: readonly string[];
}

/** Per-pod state computed in PreFilter: the columns and amounts to check, in upstream's check order. */
interface FitState {
  /** Snapshot columns of the requested resources. */
  readonly columns: Int32Array;
  readonly amounts: Float64Array;
  /** Reason string per checked resource. */
  readonly reasons: readonly string[];
  /** The pod requests nothing: only the pod count is checked. */
  readonly requestsNothing: boolean;
  /** Status per bitmask of failed checks (bit 0: pod count), built lazily so a failing node allocates nothing. */
  readonly statusCache: Map<number, Status>;
}

const FIT_STATE = stateKey<FitState>('PreFilterNodeResourcesFit');
const FIXED_ORDER = ['cpu', 'memory', 'ephemeral-storage'];
/** Checks are tracked as bits of one int32 (bit 0 is the pod count). */
const MAX_CHECKED = 30;

/**
 * NodeResourcesFit, filter half: the node's allocatable minus what its pods request must cover the pod's
 * effective requests, and the node must have room for one more pod. Upstream `fit.go` `fitsRequest`.
 */
export function nodeResourcesFitFilter(args: NodeResourcesFitFilterArgs = {}): PreFilterPlugin & FilterPlugin {
  const ignored = new Set(args.ignoredResources ?? []);
  const ignoredGroups = new Set(args.ignoredResourceGroups ?? []);
  const isIgnored = (name: string) =>
    isExtendedResourceName(name) && (ignored.has(name) || ignoredGroups.has(name.split('/')[0]!));
  /** filterAll's per-node failure bits, reused from pod to pod. */
  let scratch = new Int32Array(0);

  return {
    name: PluginNames.NodeResourcesFit,

    preFilter(state: CycleState, pod: PodInfo, handle: Handle): MaybeStatus {
      const snapshot = handle.snapshot;
      const requested = pod.requests;
      // cpu, memory and ephemeral-storage are always checked (a zero request still fails on an overcommitted
      // node, as in v1.26); scalar resources only when requested and not ignored.
      const names = [
        ...FIXED_ORDER,
        ...Object.keys(requested).filter((n) => !FIXED_ORDER.includes(n) && requested[n]! > 0 && !isIgnored(n)),
      ];
      // As upstream: "nothing" means zero cpu/memory/storage and no scalar resource named at all, even at 0.
      const requestsNothing = Object.keys(requested).every((n) => FIXED_ORDER.includes(n) && requested[n] === 0);
      if (names.length > MAX_CHECKED) {
        return tooManyResourcesError(names.length);
      }
      state.write(FIT_STATE, {
        columns: Int32Array.from(names, (n) => snapshot.resourceColumn(n)),
        amounts: Float64Array.from(names, (n) => requested[n] ?? 0),
        reasons: names.map(reasonInsufficient),
        requestsNothing,
        statusCache: new Map(),
      });
      return null;
    },

    filter(state: CycleState, _pod: PodInfo, node: number, handle: Handle): MaybeStatus {
      const s = state.read(FIT_STATE);
      const snapshot = handle.snapshot;
      let failed = snapshot.podCount[node]! + 1 > snapshot.allowedPods[node]! ? 1 : 0;
      if (!s.requestsNothing) {
        const { columns, amounts } = s;
        for (let i = 0; i < columns.length; i++) {
          const column = columns[i]!;
          // A resource no node has (column -1) has allocatable 0 everywhere.
          const free = column < 0 ? 0 : snapshot.allocatable[column]![node]! - snapshot.requested[column]![node]!;
          if (amounts[i]! > free) failed |= 2 << i;
        }
      }
      if (failed === 0) return null;
      return statusFor(s, failed);
    },

    /** Column-major form of `filter`: each resource's free amount is checked across all nodes at once. */
    filterAll(state: CycleState, _pod: PodInfo, nodes: Int32Array, handle: Handle, out: MaybeStatus[]): boolean {
      const s = state.read(FIT_STATE);
      const snapshot = handle.snapshot;
      const count = nodes.length;
      if (scratch.length < count) scratch = new Int32Array(count);
      const failed = scratch;
      const { podCount, allowedPods } = snapshot;
      const { columns, amounts } = s;
      // The common pod requests cpu and memory, both on every node: one pass checks all three limits.
      if (!s.requestsNothing && columns.length === 2 && columns[0]! >= 0 && columns[1]! >= 0) {
        const cpuAllocatable = snapshot.allocatable[columns[0]!]!;
        const cpuRequested = snapshot.requested[columns[0]!]!;
        const memoryAllocatable = snapshot.allocatable[columns[1]!]!;
        const memoryRequested = snapshot.requested[columns[1]!]!;
        const cpu = amounts[0]!;
        const memory = amounts[1]!;
        let anyFailed = 0;
        for (let k = 0; k < count; k++) {
          const node = nodes[k]!;
          let bits = podCount[node]! + 1 > allowedPods[node]! ? 1 : 0;
          if (cpu > cpuAllocatable[node]! - cpuRequested[node]!) bits |= 2;
          if (memory > memoryAllocatable[node]! - memoryRequested[node]!) bits |= 4;
          failed[k] = bits;
          anyFailed |= bits;
        }
        if (anyFailed === 0) return true;
        for (let k = 0; k < count; k++) out[k] = failed[k] === 0 ? null : statusFor(s, failed[k]!);
        return false;
      }
      failed.fill(0, 0, count);
      let anyFailed = 0;
      for (let k = 0; k < count; k++) {
        const node = nodes[k]!;
        if (podCount[node]! + 1 > allowedPods[node]!) {
          failed[k] = 1;
          anyFailed = 1;
        }
      }
      if (!s.requestsNothing) {
        for (let i = 0; i < columns.length; i++) {
          const column = columns[i]!;
          const amount = amounts[i]!;
          const bit = 2 << i;
          if (column < 0) {
            if (amount > 0) {
              for (let k = 0; k < count; k++) failed[k]! |= bit;
              anyFailed = 1;
            }
            continue;
          }
          const allocatable = snapshot.allocatable[column]!;
          const requested = snapshot.requested[column]!;
          for (let k = 0; k < count; k++) {
            const node = nodes[k]!;
            if (amount > allocatable[node]! - requested[node]!) {
              failed[k]! |= bit;
              anyFailed = 1;
            }
          }
        }
      }
      if (anyFailed === 0) return true;
      for (let k = 0; k < count; k++) out[k] = failed[k] === 0 ? null : statusFor(s, failed[k]!);
      return false;
    },
  } satisfies PreFilterPlugin & FilterPlugin;
}

function tooManyResourcesError(count: number): Status {
  return { code: 'Error', reasons: [`pod requests ${count} resources; at most ${MAX_CHECKED} are supported`] };
}

function statusFor(s: FitState, failed: number): Status {
  let cached = s.statusCache.get(failed);
  if (cached === undefined) {
    const reasons: string[] = [];
    if (failed & 1) reasons.push(ReasonTooManyPods);
    s.reasons.forEach((reason, i) => {
      if (failed & (2 << i)) reasons.push(reason);
    });
    cached = unschedulable(...reasons);
    s.statusCache.set(failed, cached);
  }
  return cached;
}
