import {
  type CycleState,
  errorStatus,
  type Handle,
  isPeapodError,
  MAX_NODE_SCORE,
  type MaybeStatus,
  PluginNames,
  type PodInfo,
  type PreScorePlugin,
  type ScorePlugin,
  stateKey,
} from '@peapod/core';
import {
  defaultConstraintsOf,
  type PodTopologySpreadArgsInput,
  type PodTopologySpreadFeatures,
  parsePodTopologySpreadArgs,
  podSpreadConstraints,
  type SpreadConstraint,
  type SpreadConstraintOptions,
} from '@peapod/filters';
import { goRound } from '../helper/go-math.js';
import { computeScoreState, EMPTY_SCORE_STATE, type SpreadScoreState, scoreForCount } from './state.js';

const SCORE_STATE = stateKey<SpreadScoreState>('PreScorePodTopologySpread');

/**
 * PodTopologySpread, score half (upstream v1.26 `podtopologyspread/scoring.go`). Built from the same args and
 * feature gates as the filter half (`podTopologySpreadFilter`), so both see the same default constraints.
 *
 * - PreScore takes the pod's own `ScheduleAnyway` constraints, or, when the pod has no constraint at all, the
 *   default ones with the selector deduced from its Services and controller. With none, every node scores 0 and
 *   NormalizeScore turns that into 100 (v1.26 returns no Skip). Nodes missing a topology key are ignored (score
 *   0 after normalizing), except under the System defaults, so that nodes without a zone still spread by host.
 * - Score sums, over the constraints whose key the node has, `count * log(domains + 2) + (maxSkew - 1)`, the
 *   count being the matching pods in the node's domain (on the node itself for the hostname key), and rounds
 *   half away from zero like Go's `math.Round`.
 * - NormalizeScore: `100 * (max + min - score) / max` in Go int64 arithmetic over the nodes not ignored;
 *   every node gets 100 when max is 0.
 */
export function podTopologySpreadScore(
  args: PodTopologySpreadArgsInput = {},
  features: PodTopologySpreadFeatures = {},
): PreScorePlugin & ScorePlugin {
  const parsed = parsePodTopologySpreadArgs(args);
  const systemDefaulted = parsed.defaultingType === 'System';
  const options: SpreadConstraintOptions = { defaultConstraints: defaultConstraintsOf(parsed), ...features };

  return {
    name: PluginNames.PodTopologySpread,

    preScore(state: CycleState, pod: PodInfo, feasibleNodes: Int32Array, handle: Handle): MaybeStatus {
      const snapshot = handle.snapshot;
      // Upstream returns without a state when there is nothing to score; Score is then never called.
      if (feasibleNodes.length === 0 || snapshot.nodeCount === 0) return null;
      const own = (pod.pod.spec.topologySpreadConstraints ?? []).length > 0;
      let constraints: SpreadConstraint[];
      try {
        constraints = podSpreadConstraints(pod.pod, 'ScheduleAnyway', options, handle.cluster);
      } catch (e) {
        if (!isPeapodError(e)) throw e;
        const what = own
          ? "obtaining pod's soft topology spread constraints"
          : 'setting default soft topology spread constraints';
        return errorStatus(`calculating preScoreState: ${what}: ${e.message}`);
      }
      if (constraints.length === 0) {
        state.write(SCORE_STATE, EMPTY_SCORE_STATE);
        return null;
      }
      // Only non-system-default spreading requires every topology key: nodes without a zone label still get
      // hostname spreading from the System defaults.
      const requireAllTopologies = own || !systemDefaulted;
      state.write(SCORE_STATE, computeScoreState(pod, constraints, feasibleNodes, snapshot, requireAllTopologies));
      return null;
    },

    score(state: CycleState, _pod: PodInfo, node: number): number {
      return spreadScore(state.read(SCORE_STATE), node);
    },

    scoreAll(state: CycleState, _pod: PodInfo, nodes: Int32Array, _handle: Handle, out: Float64Array): void {
      spreadScoreAll(state.read(SCORE_STATE), nodes, out);
    },

    normalizeScore(state: CycleState, _pod: PodInfo, feasibleNodes: Int32Array, scores: Float64Array): MaybeStatus {
      const s = state.read(SCORE_STATE);
      normalizeSpreadScores(s.ignored, feasibleNodes, scores);
      return null;
    },
  } satisfies PreScorePlugin & ScorePlugin;
}

/**
 * Upstream `NormalizeScore`: min and max over the nodes not ignored (max starting at 0), then
 * `100 * (max + min - score) / max` truncated, 100 everywhere when max is 0, 0 for ignored nodes.
 */
export function normalizeSpreadScores(ignored: Uint8Array, feasibleNodes: Int32Array, scores: Float64Array): void {
  let min = Number.POSITIVE_INFINITY;
  let max = 0;
  const found = extrema.get(scores);
  if (found !== undefined) {
    extrema.delete(scores);
    ({ min, max } = found);
  } else {
    for (let i = 0; i < scores.length; i++) {
      if (ignored[feasibleNodes[i]!] === 1) continue;
      const v = scores[i]!;
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  for (let i = 0; i < scores.length; i++) {
    if (ignored[feasibleNodes[i]!] === 1) scores[i] = 0;
    else if (max === 0) scores[i] = MAX_NODE_SCORE;
    else scores[i] = Math.trunc((MAX_NODE_SCORE * (max + min - scores[i]!)) / max);
  }
}

/** Upstream `Score` on one node: the constraints whose key the node has, each `scoreForCount`, rounded. */
function spreadScore(s: SpreadScoreState, node: number): number {
  if (s.ignored[node] === 1) return 0;
  let score = 0;
  for (let i = 0; i < s.constraints.length; i++) {
    const k = s.slotOf[i]!;
    // The index gives -1 exactly when the node lacks the key's label.
    const own = s.indexes[k]!.domainOf[node]!;
    if (own < 0) continue;
    const count = s.hostname[i] === 1 ? (s.matched[i]?.[node] ?? 0) : s.counts[k]![own]!;
    score += scoreForCount(count, s.constraints[i]!.maxSkew, s.weights[i]!);
  }
  return goRound(score);
}

/**
 * `spreadScore` over many nodes, constraint by constraint (each a tight loop over typed arrays); every node's
 * sum is built in the same order, so the rounding is the same.
 */
function spreadScoreAll(s: SpreadScoreState, nodes: Int32Array, out: Float64Array): void {
  const count = nodes.length;
  const constraints = s.constraints.length;
  // Per constraint, what the node loop reads, taken out of the state once.
  const domainOfs: Int32Array[] = [];
  const perNode: (Int32Array | undefined)[] = [];
  const perDomain: Float64Array[] = [];
  const weights: number[] = [];
  const skews: number[] = [];
  for (let i = 0; i < constraints; i++) {
    const k = s.slotOf[i]!;
    domainOfs.push(s.indexes[k]!.domainOf);
    perNode.push(s.hostname[i] === 1 ? (s.matched[i] ?? ZERO_COUNTS) : undefined);
    perDomain.push(s.counts[k]!);
    weights.push(s.weights[i]!);
    skews.push(s.constraints[i]!.maxSkew - 1);
  }
  const ignored = s.ignored;
  let min = Number.POSITIVE_INFINITY;
  let max = 0;
  for (let j = 0; j < count; j++) {
    const node = nodes[j]!;
    if (ignored[node] === 1) {
      out[j] = 0;
      continue;
    }
    // The constraints in order, as `spreadScore` adds them, so the sum rounds the same.
    let score = 0;
    for (let i = 0; i < constraints; i++) {
      const own = domainOfs[i]![node]!;
      if (own < 0) continue;
      const hostCounts = perNode[i];
      const n = hostCounts !== undefined ? (node < hostCounts.length ? hostCounts[node]! : 0) : perDomain[i]![own]!;
      score += n * weights[i]! + skews[i]!;
    }
    const v = goRound(score);
    out[j] = v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  // NormalizeScore's min and max over the nodes not ignored, found on the way.
  extrema.set(out, { min, max });
}

const ZERO_COUNTS = new Int32Array(0);

/** The min and max `spreadScoreAll` found for the scores it wrote, kept for NormalizeScore's single pass. */
const extrema = new WeakMap<Float64Array, { readonly min: number; readonly max: number }>();
