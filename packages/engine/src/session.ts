import {
  type ClusterObjects,
  ClusterSnapshot,
  CycleState,
  createPodInfo,
  ErrorCodes,
  formatObjectRef,
  type Handle,
  isPodTerminal,
  PeapodError,
  type Pod,
  type PodInfo,
  type QueuedPodInfo,
  type Status,
} from '@peapod/core';
import { type AdmittedPriority, createAdmission } from './admission.js';
import { buildProfile, type ProfileSpec } from './build-profile.js';
import { type CycleEnv, type CycleOutcome, runCycle } from './cycle.js';
import type { NodeEvaluator } from './evaluator.js';
import { nodeTreeOrder } from './node-tree.js';
import { Nominator } from './nominator.js';
import { DEFAULT_SCHEDULER_NAME, type Profile } from './profile.js';
import type { RandomSource } from './random.js';
import type { PluginRegistry } from './registry.js';
import type { ScheduleOptions, SkippedPod } from './types.js';

/** The logical clock's default origin. */
export const DEFAULT_CLOCK_START = Date.parse('2024-01-01T00:00:00Z');

/** A bound input pod's start: its `status.startTime`, or the clock's origin. */
function inputStartTime(pod: Pod, clockStart: number): number {
  const ts = pod.status?.startTime;
  const ms = ts ? Date.parse(ts) : Number.NaN;
  return Number.isNaN(ms) ? clockStart : ms;
}

/** Creation time in ms; a pod without one is taken as created now, after every recorded timestamp. */
function queueTimestamp(pod: Pod): number {
  const ts = pod.metadata.creationTimestamp;
  const ms = ts ? Date.parse(ts) : Number.NaN;
  return Number.isNaN(ms) ? Number.POSITIVE_INFINITY : ms;
}

/** `SchedulingSession.profileSignature`; args that JSON cannot hold make it differ from every other. */
function profileSignature(profiles: readonly ProfileSpec[]): string {
  try {
    return JSON.stringify(profiles);
  } catch {
    return `unserialisable ${Math.random()}`;
  }
}

/** Quantities that validate but do not fit a safe integer surface here: report them as input errors. */
function withObjectContext<T>(what: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof RangeError) throw new PeapodError(ErrorCodes.InputInvalid, `${what}: ${e.message}`);
    throw e;
  }
}

export interface SessionConfig {
  readonly profiles: readonly ProfileSpec[];
  readonly registry: PluginRegistry;
  /** The configuration's global percentageOfNodesToScore (0 = adaptive). */
  readonly percentageOfNodesToScore: number;
  readonly options: ScheduleOptions;
  readonly random: RandomSource;
}

/**
 * The state of one scheduling run over a cluster: the snapshot with bound pods accounted, the nominator,
 * the profiles' plugin instances, and the pending pods in queue order. `Scheduler.run` drives it pod by
 * pod; `peapod verify` drives it by a recorded decision log instead.
 */
export class SchedulingSession {
  readonly snapshot: ClusterSnapshot;
  readonly handle: Handle;
  readonly nominator = new Nominator();
  /** Pending pods in QueueSort order (pods that PreEnqueue admitted and a profile owns). */
  readonly queue: readonly QueuedPodInfo[];
  readonly skipped: readonly SkippedPod[];
  readonly boundPods: number;
  readonly pendingPods: number;
  /** Origin of the logical clock (ms since the epoch). */
  readonly clockStart: number;
  /**
   * The profiles as configured (names per point, weights, parsed args), as JSON: equal for two sessions whose
   * plugins were configured alike. Evaluators compare their replicas' with it.
   */
  readonly profileSignature: string;
  private readonly envs = new Map<string, CycleEnv>();
  private readonly startTimes = new Map<string, number>();
  /** Node of every bound pod, by key. */
  private readonly placement = new Map<string, { readonly info: PodInfo; node: number }>();
  private readonly admit: (pod: Pod, objectRef: string) => AdmittedPriority;
  /** Pods added by `addPendingPod`. */
  private addedPods = 0;
  /** The input's pods as admitted, by key: what a replica of this session has under the same key. */
  private readonly inputPods = new Map<string, PodInfo>();
  /** The parallel evaluator, told of binds and deletions once the constructor is done. */
  private readonly evaluator: NodeEvaluator | undefined;
  private replicated = false;

  constructor(objects: ClusterObjects, config: SessionConfig) {
    this.profileSignature = profileSignature(config.profiles);
    // First, so that an evaluator's replicas build while this session does.
    this.evaluator = config.options.evaluator?.create(objects, this);
    this.snapshot = new ClusterSnapshot(objects.nodes);
    this.handle = { snapshot: this.snapshot, cluster: objects };
    const order = nodeTreeOrder(objects.nodes);
    for (const spec of config.profiles) {
      const profile = buildProfile(spec, config.registry, this.handle);
      this.envs.set(profile.schedulerName, {
        profile,
        handle: this.handle,
        snapshot: this.snapshot,
        order,
        nominator: this.nominator,
        random: config.random,
        tieBreak: config.options.tieBreak ?? 'random',
        percentageOfNodesToScore:
          config.options.percentageOfNodesToScore ??
          profile.percentageOfNodesToScore ??
          config.percentageOfNodesToScore,
        explain: config.options.explain ?? false,
        explainScores: config.options.explainScores ?? false,
        startTimeOf: (pod) => this.startTimeOf(pod),
        nodeByNode: config.options.filterMode === 'node-by-node',
        ...(this.evaluator !== undefined ? { evaluator: this.evaluator } : {}),
        nextStartNodeIndex: 0,
      });
    }

    this.admit = createAdmission(objects.priorityClasses);
    this.clockStart = config.options.clockStart ?? DEFAULT_CLOCK_START;
    const pending: QueuedPodInfo[] = [];
    const skipped: SkippedPod[] = [];
    let boundPods = 0;
    let pendingPods = 0;
    for (const pod of objects.pods) {
      if (isPodTerminal(pod)) continue;
      const nodeName = pod.spec.nodeName;
      if (nodeName) {
        const info = this.podInfoOf(pod);
        this.inputPods.set(info.key, info);
        boundPods++;
        const node = this.snapshot.nodeIndex(nodeName);
        // A pod bound to a node that is not in the input uses no node we schedule onto.
        if (node >= 0) this.place(info, node, inputStartTime(pod, this.clockStart));
        continue;
      }
      const entry = this.enqueue(pod, pendingPods++);
      if ('podInfo' in entry) {
        pending.push(entry);
        this.inputPods.set(entry.podInfo.key, entry.podInfo);
      } else skipped.push(entry);
    }
    // All profiles share one QueueSort (validated with the configuration).
    const queueSort = [...this.envs.values()][0]?.profile.queueSort;
    this.queue = queueSort
      ? pending.sort((a, b) => (queueSort.less(a, b) ? -1 : queueSort.less(b, a) ? 1 : 0))
      : pending;
    this.skipped = skipped;
    this.boundPods = boundPods;
    this.pendingPods = pendingPods;
    this.replicated = this.evaluator !== undefined;
  }

  /**
   * The input pod admitted under `key` (bound, or pending and queued), or undefined. A replica built from
   * the same objects holds an equal PodInfo under the same key, so evaluators name such pods by key.
   */
  inputPod(key: string): PodInfo | undefined {
    return this.inputPods.get(key);
  }

  /** The cycle environment of the pod's profile, for evaluators that run parts of the cycle on a replica. */
  cycleEnv(pod: PodInfo): CycleEnv {
    return this.envFor(pod);
  }

  /** Releases the parallel evaluator's threads (idle ones never keep the process alive). Idempotent. */
  close(): void {
    if (!this.replicated) return;
    this.replicated = false;
    this.evaluator!.close();
  }

  /** The API server's admission of a pod: its priority and preemption policy resolved. */
  private podInfoOf(pod: Pod): PodInfo {
    const ref = formatObjectRef('Pod', pod.metadata);
    return withObjectContext(ref, () => {
      const { priority, preemptionPolicy } = this.admit(pod, ref);
      return createPodInfo(pod, priority, preemptionPolicy);
    });
  }

  /** A pending pod into the queue (its profile's PreEnqueue admitting it), or why it gets no attempt. */
  private enqueue(pod: Pod, sequence: number): QueuedPodInfo | SkippedPod {
    const info = this.podInfoOf(pod);
    const env = this.envs.get(pod.spec.schedulerName || DEFAULT_SCHEDULER_NAME);
    if (env === undefined) {
      return {
        index: sequence,
        pod: info.key,
        reason: 'other-scheduler',
        message: `no profile for schedulerName "${pod.spec.schedulerName}"`,
      };
    }
    const gate = this.preEnqueue(env.profile, info);
    if (gate !== null) return { index: sequence, pod: info.key, reason: 'gated', message: gate.reasons.join(', ') };
    return { podInfo: info, timestamp: queueTimestamp(pod), sequence };
  }

  /**
   * Admits a pending pod created after the session started, as the input's pending pods were (priority,
   * profile, PreEnqueue), so what-if tools can add pods to a running session instead of building one per
   * pod. Returns the pod ready for `attempt` and `bind`, with `sequence` counting on after the input's
   * pending pods, or why it gets no attempt. `queue`, `skipped` and `pendingPods` stay those of the input.
   */
  addPendingPod(pod: Pod): QueuedPodInfo | SkippedPod {
    if (pod.spec.nodeName) {
      throw new PeapodError(
        ErrorCodes.InputInvalid,
        `${formatObjectRef('Pod', pod.metadata)}: a pending pod must not have spec.nodeName`,
      );
    }
    return this.enqueue(pod, this.pendingPods + this.addedPods++);
  }

  private preEnqueue(profile: Profile, info: PodInfo): Status | null {
    for (const plugin of profile.preEnqueue) {
      const s = plugin.preEnqueue(info);
      if (s !== null && s.code !== 'Success') return s;
    }
    return null;
  }

  profileFor(pod: PodInfo): Profile {
    return this.envFor(pod).profile;
  }

  private envFor(pod: PodInfo): CycleEnv {
    const env = this.envs.get(pod.pod.spec.schedulerName || DEFAULT_SCHEDULER_NAME);
    if (env === undefined) throw new PeapodError(ErrorCodes.Internal, `no profile for ${pod.key}`);
    return env;
  }

  /** One scheduling cycle for a pending pod against the current state. Nothing is bound. */
  attempt(pod: PodInfo): CycleOutcome {
    return runCycle(this.envFor(pod), pod);
  }

  /**
   * The binding cycle: Reserve, Permit, PreBind, Bind, PostBind; on failure, Unreserve in reverse order.
   * On success the pod is accounted on the node and loses any nomination.
   */
  bind(pod: PodInfo, node: number, startTime = this.clockStart): Status | null {
    const profile = this.envFor(pod).profile;
    const nodeName = this.snapshot.nodeNames[node]!;
    const state = new CycleState();
    const reserved: (typeof profile.reserve)[number][] = [];
    const fail = (point: string, plugin: string, s: Status): Status => {
      for (const r of reserved.reverse()) r.unreserve(state, pod, nodeName, this.handle);
      return { code: 'Error', reasons: [`running ${point} plugin "${plugin}": ${s.reasons.join(', ')}`] };
    };
    for (const plugin of profile.reserve) {
      reserved.push(plugin);
      const s = plugin.reserve(state, pod, nodeName, this.handle);
      if (s !== null && s.code !== 'Success') return fail('Reserve', plugin.name, s);
    }
    for (const plugin of profile.permit) {
      const s = plugin.permit(state, pod, nodeName, this.handle);
      if (s !== null && s.code !== 'Success') return fail('Permit', plugin.name, s);
    }
    for (const plugin of profile.preBind) {
      const s = plugin.preBind(state, pod, nodeName, this.handle);
      if (s !== null && s.code !== 'Success') return fail('PreBind', plugin.name, s);
    }
    for (const plugin of profile.bind) {
      const s = plugin.bind(state, pod, nodeName, this.handle);
      if (s !== null && s.code === 'Skip') continue;
      if (s !== null && s.code !== 'Success') return fail('Bind', plugin.name, s);
      break;
    }
    this.place(pod, node, startTime);
    for (const plugin of profile.postBind) plugin.postBind(state, pod, nodeName, this.handle);
    return null;
  }

  private place(pod: PodInfo, node: number, startTime: number): void {
    this.snapshot.addPod(pod, node);
    if (this.replicated) this.evaluator!.podAdded(pod, node);
    this.placement.set(pod.key, { info: pod, node });
    this.startTimes.set(pod.key, startTime);
    this.nominator.remove(pod.key);
  }

  /** When a bound pod started (logical clock); the clock's origin for pods not bound. */
  startTimeOf(pod: PodInfo): number {
    return this.startTimes.get(pod.key) ?? this.clockStart;
  }

  /**
   * Carries out a preemption (upstream `prepareCandidate` + nomination): deletes the victims, takes the
   * nomination away from lower-priority pods nominated to that node, and nominates the preemptor there.
   * Returns the victims that were not bound pods (none, for a consistent PostFilter result).
   */
  applyPreemption(pod: PodInfo, nodeName: string, victims: readonly string[]): string[] {
    const missing = victims.filter((victim) => !this.deletePod(victim));
    const node = this.snapshot.nodeIndex(nodeName);
    if (node >= 0) {
      for (const other of [...this.nominator.podsOn(node)]) {
        if (other.priority < pod.priority) this.nominator.remove(other.key);
      }
    }
    this.nominate(pod, nodeName);
    return missing;
  }

  /** Deletes a bound pod (a preemption victim). Returns false when no bound pod has that key. */
  deletePod(podKey: string): boolean {
    const placed = this.placement.get(podKey);
    if (placed === undefined) return false;
    this.snapshot.removePod(placed.info, placed.node);
    if (this.replicated) this.evaluator!.podRemoved(placed.info, placed.node);
    this.placement.delete(podKey);
    this.startTimes.delete(podKey);
    this.nominator.remove(podKey);
    return true;
  }

  /** Nominates a pending pod to a node by name (as PostFilter does); unknown node names are ignored. */
  nominate(pod: PodInfo, nodeName: string): void {
    this.nominator.nominate(pod, this.snapshot.nodeIndex(nodeName));
  }
}
