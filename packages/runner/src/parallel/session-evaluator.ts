import type { ClusterObjects, CycleState, PodInfo } from '@peapod/core';
import {
  type CycleEnv,
  filterPluginMajor,
  firstFilterList,
  type NodeEvaluator,
  type SchedulingSession,
  scoreRange,
} from '@peapod/engine';
import { awaitAnswer, spinMsFor, threadReports } from './answer.js';
import { Calibration } from './calibration.js';
import type { EvaluatorStats, Thread } from './pool.js';
import {
  type Change,
  type EvaluateRequest,
  type PodRef,
  REQUEST,
  type ReplicaRecipe,
  type Request,
  type SharedBuffers,
  SLOTS,
} from './protocol.js';

/** Score plugins a profile may have for its scores to be fanned out (more: scored in-thread). */
const MAX_SCORE_PLUGINS = 64;

/** Posts a request to a thread and moves its request counter, waking it. */
export function post(thread: Thread, control: Int32Array, request: Request): void {
  thread.port.postMessage(request);
  thread.sent++;
  Atomics.store(control, thread.slot * SLOTS + REQUEST, thread.sent);
  Atomics.notify(control, thread.slot * SLOTS + REQUEST);
}

export interface SessionSettings {
  readonly recipe: ReplicaRecipe;
  readonly minShardNodes: number;
  readonly stats: EvaluatorStats;
  readonly stallMs: number;
  /** The stall limit while a thread builds its replica. */
  readonly startMs: number;
  readonly warn: (message: string) => void;
  readonly isOwner: () => boolean;
  /** `auto`: the threads to use for the measured Filter and Score time per pod (ms, in this thread). */
  readonly decide: (msPerPod: number) => number;
  /** Threads from the pool, started if need be (fewer when the pool can start no more). */
  readonly acquire: (count: number) => Thread[];
}

type Wait = { readonly ok: true; readonly count: number } | { readonly ok: false };

/** Requests posted for one step of one pod, whose answers are still to be collected. */
interface Work {
  readonly op: 'filter' | 'score';
  readonly pod: PodInfo;
  readonly count: number;
  /** Where the threads' shards start (the first shard, `[0, bounds[0])`, is the calling thread's). */
  readonly bounds: readonly number[];
  readonly threads: readonly Thread[];
  readonly listKey?: string;
}

/** One session's use of the threads. */
export class SessionEvaluator implements NodeEvaluator {
  // Shared with the threads; allocated when threads take the session (`auto` may never hand it over).
  private buffers!: SharedBuffers;
  private list!: Int32Array;
  private feasible!: Int32Array;
  private scores!: Float64Array[];
  private threads: Thread[] = [];
  private changes: Change[] = [];
  /** The state of the latest pod the threads filtered: its score request reuses their PreFilter. */
  private lastFiltered: CycleState | undefined;
  private initialised = false;
  private closed = false;
  private outstanding: Work | undefined;
  /** `auto` before it has decided: Filter and Score of the first pods in this thread, timed. */
  private calibration: Calibration | undefined;

  constructor(
    private readonly objects: ClusterObjects,
    private readonly session: SchedulingSession,
    threads: Thread[] | 'calibrate',
    private readonly control: Int32Array,
    private readonly settings: SessionSettings,
  ) {
    if (threads === 'calibrate') {
      this.threads = [];
      this.calibration = new Calibration();
    } else this.attach(threads);
  }

  /**
   * Hands the session to `threads`: the objects as the session got them (the changes since then follow with
   * the first request). Sent before the session builds its own state when known then, so that the threads
   * build their replicas meanwhile.
   */
  private attach(threads: Thread[]): void {
    this.threads = threads;
    const capacity = Math.max(1, this.objects.nodes.length);
    this.buffers = {
      capacity,
      list: new SharedArrayBuffer(capacity * 4),
      feasible: new SharedArrayBuffer(capacity * 4),
      scores: new SharedArrayBuffer(capacity * 8 * MAX_SCORE_PLUGINS),
    };
    this.list = new Int32Array(this.buffers.list);
    this.feasible = new Int32Array(this.buffers.feasible);
    this.scores = Array.from(
      { length: MAX_SCORE_PLUGINS },
      (_, p) => new Float64Array(this.buffers.scores, p * capacity * 8, capacity),
    );
    // The origins map (for error messages) cannot be cloned, and replicas never report input errors.
    const { origins: _origins, warnings: _warnings, ...sent } = this.objects;
    for (const thread of threads) {
      post(thread, this.control, { op: 'init', objects: sent, recipe: this.settings.recipe, buffers: this.buffers });
    }
  }

  startFilter(env: CycleEnv, pod: PodInfo): void {
    if (this.calibration !== undefined && !this.calibrated(pod)) return;
    this.drain();
    this.lastFiltered = undefined;
    if (this.closed) return;
    const { list, listKey } = firstFilterList(env);
    const shards = this.shards(list.length);
    if (shards === undefined) return;
    this.list.set(list);
    this.outstanding = this.request('filter', pod, list.length, shards, false, listKey);
  }

  filter(
    env: CycleEnv,
    state: CycleState,
    pod: PodInfo,
    nodes: Int32Array,
    listKey: string | undefined,
  ): Int32Array | undefined {
    if (this.calibration !== undefined) {
      return this.timed(pod, () => filterPluginMajor(env, state, pod, nodes, listKey).feasible.slice());
    }
    let work = this.outstanding;
    // What the threads started on is what the cycle filters, unless PreFilter narrowed it.
    if (
      work !== undefined &&
      !(work.op === 'filter' && work.pod === pod && work.listKey === listKey && this.holds(nodes))
    ) {
      this.drain();
      work = undefined;
    }
    if (work === undefined) {
      const shards = this.shards(nodes.length);
      if (shards === undefined) return undefined;
      this.list.set(nodes);
      work = this.request('filter', pod, nodes.length, shards, false, listKey);
    }
    this.outstanding = undefined;
    const bounds = work.bounds;
    // The first shard here, while the threads do theirs.
    const mine = this.mine(() => {
      const key = listKey === undefined ? undefined : `${listKey}/0-${bounds[0]}`;
      return filterPluginMajor(env, state, pod, nodes.subarray(0, bounds[0]), key).feasible.slice();
    });
    const answers = this.collect(work);
    if (mine === undefined || answers === undefined) return undefined;
    let total = mine.length;
    for (let t = 0; t < bounds.length; t++) total += answers[t]!;
    const out = new Int32Array(total);
    out.set(mine);
    let at = mine.length;
    for (let t = 0; t < bounds.length; t++) {
      const from = bounds[t]!;
      out.set(this.feasible.subarray(from, from + answers[t]!), at);
      at += answers[t]!;
    }
    this.lastFiltered = state;
    return out;
  }

  startScore(env: CycleEnv, state: CycleState, pod: PodInfo, feasible: Int32Array): boolean {
    if (this.calibration !== undefined) return true;
    this.drain();
    const reuse = this.lastFiltered === state;
    this.lastFiltered = undefined;
    if (this.closed || env.profile.score.length > MAX_SCORE_PLUGINS) return false;
    const shards = this.shards(feasible.length);
    if (shards === undefined) return false;
    this.list.set(feasible);
    this.outstanding = this.request('score', pod, feasible.length, shards, reuse, undefined);
    return true;
  }

  score(env: CycleEnv, state: CycleState, pod: PodInfo, feasible: Int32Array, out: readonly Float64Array[]): boolean {
    if (this.calibration !== undefined) {
      return this.timed(pod, () => {
        scoreRange(env, state, pod, feasible, 0, feasible.length, out);
        return true;
      });
    }
    const work = this.outstanding;
    if (work === undefined || work.op !== 'score' || work.pod !== pod || work.count !== feasible.length) {
      this.drain();
      return false;
    }
    this.outstanding = undefined;
    const first = work.bounds[0]!;
    const mine = this.mine(() => {
      scoreRange(env, state, pod, feasible, 0, first, out);
      return true;
    });
    const answers = this.collect(work);
    if (mine === undefined || answers === undefined) return false;
    const count = feasible.length;
    for (let p = 0; p < env.profile.score.length; p++) {
      if (state.skipScorePlugins.has(env.profile.score[p]!.plugin.name)) continue;
      out[p]!.set(this.scores[p]!.subarray(first, count), first);
    }
    return true;
  }

  podAdded(pod: PodInfo, node: number): void {
    if (!this.closed) this.changes.push({ op: 'add', pod: this.refOf(pod), node });
  }

  podRemoved(pod: PodInfo, node: number): void {
    if (!this.closed) this.changes.push({ op: 'remove', pod: this.refOf(pod), node });
  }

  close(): void {
    this.drain();
    this.closed = true;
    this.changes = [];
  }

  /** Calibrating: `step` done here, and timed. */
  private timed<T>(pod: PodInfo, step: () => T): T {
    return this.calibration!.timed(pod, step);
  }

  /**
   * Calibrating, at the start of `pod`'s cycle: whether the decision is made and the threads now hold the
   * session. Until the calibration has its result, this thread does the work.
   */
  private calibrated(pod: PodInfo): boolean {
    const msPerPod = this.calibration!.result(pod);
    if (msPerPod === undefined) return false;
    this.calibration = undefined;
    const count = this.settings.decide(msPerPod);
    const threads = count > 0 ? this.settings.acquire(count) : [];
    if (threads.length > 0) this.attach(threads);
    else this.closed = true;
    return threads.length > 0;
  }

  private refOf(pod: PodInfo): PodRef {
    if (this.session.inputPod(pod.key) === pod) return { key: pod.key };
    return { key: pod.key, object: { pod: pod.pod, priority: pod.priority, preemptionPolicy: pod.preemptionPolicy } };
  }

  /**
   * The shard bounds `[0, b0), [b0, b1), …, [b_{k-1}, count)` (the first is this thread's), or undefined when
   * fanning out cannot pay for this list (too few nodes per shard) or the threads are unusable.
   */
  private shards(count: number): number[] | undefined {
    if (this.closed || !this.settings.isOwner() || count > this.buffers.capacity) return undefined;
    if (!this.ready()) return undefined;
    const parts = Math.min(this.threads.length + 1, Math.floor(count / Math.max(1, this.settings.minShardNodes)));
    if (parts < 2) return undefined;
    const bounds: number[] = [];
    for (let k = 1; k < parts; k++) bounds.push(Math.floor((count * k) / parts));
    return bounds;
  }

  /** Threads started and replicas built (first call only; blocks until then). */
  private ready(): boolean {
    if (this.initialised) return this.threads.length > 0;
    this.initialised = true;
    const start = performance.now();
    for (const thread of [...this.threads]) {
      const answer = this.wait(thread, 'building its replica', this.settings.startMs);
      if (!answer.ok) {
        this.retire(thread);
        continue;
      }
      // A profile the thread could not rebuild alike (a plugin registered in memory, a recipe that is not the
      // session's configuration) would give other verdicts: such a thread is not used.
      // The last one: an earlier session's may still be unread.
      const signature = threadReports(thread).findLast((r) => 'signature' in r);
      if (signature === undefined || signature.signature !== this.session.profileSignature) {
        this.settings.warn(
          `evaluator thread ${thread.slot + 1} built other profiles than this thread's (its recipe must name the configuration file and plugin modules the session was configured with; plugins registered in memory cannot cross threads); ${this.fallback(thread)}`,
        );
        this.retire(thread);
      }
    }
    this.settings.stats.startupMs += performance.now() - start;
    return this.threads.length > 0;
  }

  /** Posts the shards to the threads (one each; threads beyond the shards get an empty one and the changes). */
  private request(
    op: 'filter' | 'score',
    pod: PodInfo,
    count: number,
    bounds: readonly number[],
    reuseState: boolean,
    listKey: string | undefined,
  ): Work {
    const ref = this.refOf(pod);
    const threads = [...this.threads];
    for (let t = 0; t < threads.length; t++) {
      const request: EvaluateRequest = {
        op,
        changes: this.changes,
        pod: ref,
        reuseState,
        count,
        from: t < bounds.length ? bounds[t]! : count,
        to: t + 1 < bounds.length ? bounds[t + 1]! : count,
        ...(listKey !== undefined ? { listKey } : {}),
      };
      post(threads[t]!, this.control, request);
    }
    this.changes = [];
    return { op, pod, count, bounds, threads, ...(listKey !== undefined ? { listKey } : {}) };
  }

  /** Whether the shared list holds `nodes` (what the threads were given). */
  private holds(nodes: Int32Array): boolean {
    const list = this.list;
    for (let i = 0; i < nodes.length; i++) if (list[i] !== nodes[i]) return false;
    return true;
  }

  /** Waits out work the cycle did not take (PreFilter rejected or narrowed): every request gets its answer. */
  private drain(): void {
    const work = this.outstanding;
    if (work === undefined) return;
    this.outstanding = undefined;
    this.collect(work);
  }

  /** This thread's shard; a plugin error here is left to the in-thread cycle to report (undefined). */
  private mine<T>(work: () => T): T | undefined {
    const start = performance.now();
    try {
      return work();
    } catch {
      return undefined;
    } finally {
      this.settings.stats.ownShardMs += performance.now() - start;
    }
  }

  /** Every thread's answer to the work (feasible counts, for filter), or undefined when one failed. */
  private collect(work: Work): number[] | undefined {
    const start = performance.now();
    const answers: number[] = [];
    let ok = true;
    for (const thread of work.threads) {
      const answer = this.wait(thread, `evaluating pod ${work.pod.key}`);
      if (answer.ok) answers.push(answer.count);
      else ok = false;
    }
    this.settings.stats.steps++;
    this.settings.stats.waitMs += performance.now() - start;
    return ok ? answers : undefined;
  }

  /** Waits for the thread's answer to its latest request; on failure, says why and retires it if need be. */
  private wait(thread: Thread, doing: string, limitMs = this.settings.stallMs): Wait {
    const answer = awaitAnswer(thread, this.control, spinMsFor(this.threads.length), limitMs);
    if (answer.kind === 'done') {
      this.settings.stats.threadMs += answer.busyMs;
      return { ok: true, count: answer.count };
    }
    if (answer.kind === 'lost') {
      this.settings.warn(`evaluator thread ${thread.slot + 1} ${answer.why} while ${doing}; ${this.fallback(thread)}`);
      this.retire(thread);
    }
    // A plugin error: the cycle redoes the step in-thread and reports the error as in-thread runs do.
    return { ok: false };
  }

  private fallback(thread: Thread): string {
    const left = this.threads.filter((t) => t !== thread && t.alive).length;
    return left === 0
      ? 'this work and the rest of the run are evaluated in the calling thread (the decisions are the same)'
      : `this work is redone in the calling thread and the run goes on with ${left} evaluator thread(s) (the decisions are the same)`;
  }

  private retire(thread: Thread): void {
    thread.alive = false;
    this.threads = this.threads.filter((t) => t !== thread);
    void thread.worker.terminate();
  }
}
