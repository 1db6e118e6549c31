import { receiveMessageOnPort, workerData } from 'node:worker_threads';
import { type CycleState, createPodInfo, type PodInfo, CycleState as State } from '@peapod/core';
import {
  filterPluginMajor,
  runPreFilter,
  runPreScore,
  type Scheduler,
  type SchedulingSession,
  scoreRange,
} from '@peapod/engine';
import {
  BUSY,
  type Change,
  COUNT,
  DONE,
  type EvaluateRequest,
  OUTCOME,
  Outcome,
  type PodRef,
  REQUEST,
  type ReplicaRecipe,
  type Request,
  type SharedBuffers,
  SLOTS,
  STATE,
  type ThreadData,
  ThreadState,
} from './protocol.js';
import { replicaScheduler } from './replica.js';

/** A replica of the main thread's session, kept in step by the changes that come with each request. */
class Replica {
  private readonly placed = new Map<string, PodInfo>();
  private readonly list: Int32Array;
  private readonly feasible: Int32Array;
  private readonly scores: Float64Array[];
  private last: { readonly pod: PodInfo; readonly state: CycleState } | undefined;

  constructor(
    private readonly session: SchedulingSession,
    buffers: SharedBuffers,
  ) {
    this.list = new Int32Array(buffers.list);
    this.feasible = new Int32Array(buffers.feasible);
    const plugins = buffers.scores.byteLength / 8 / Math.max(1, buffers.capacity);
    this.scores = Array.from(
      { length: plugins },
      (_, p) => new Float64Array(buffers.scores, p * buffers.capacity * 8, buffers.capacity),
    );
  }

  private scratchScores: Float64Array[] = [];

  /** Plain score buffers for `plugins` plugins over `count` positions, reused from request to request. */
  private scratch(plugins: number, count: number): Float64Array[] {
    if (this.scratchScores.length < plugins || (this.scratchScores[0]?.length ?? 0) < count) {
      this.scratchScores = Array.from({ length: plugins }, () => new Float64Array(this.feasible.length));
    }
    return this.scratchScores;
  }

  apply(changes: readonly Change[]): void {
    const snapshot = this.session.snapshot;
    for (const change of changes) {
      if (change.op === 'add') {
        const info = this.podOf(change.pod);
        snapshot.addPod(info, change.node);
        this.placed.set(info.key, info);
      } else {
        const info = this.placed.get(change.pod.key) ?? this.session.inputPod(change.pod.key);
        if (info === undefined || !snapshot.removePod(info, change.node)) {
          throw new Error(`replica out of step: no pod ${change.pod.key} on node ${change.node} to remove`);
        }
        this.placed.delete(change.pod.key);
      }
    }
  }

  private podOf(ref: PodRef): PodInfo {
    if (ref.object !== undefined)
      return createPodInfo(ref.object.pod, ref.object.priority, ref.object.preemptionPolicy);
    const info = this.session.inputPod(ref.key);
    if (info === undefined) throw new Error(`replica out of step: no input pod ${ref.key}`);
    return info;
  }

  /** Filter or score this thread's shard; returns the feasible count (filter) or 0. */
  evaluate(request: EvaluateRequest): number {
    const reuse = request.reuseState && this.last !== undefined && this.last.pod.key === request.pod.key;
    const pod = reuse ? this.last!.pod : this.podOf(request.pod);
    const env = this.session.cycleEnv(pod);
    let state: CycleState;
    if (reuse) state = this.last!.state;
    else {
      state = new State();
      const pre = runPreFilter(env, state, pod);
      if ('rejection' in pre) throw new Error(`PreFilter rejected ${pod.key} here but not in the main thread`);
    }
    this.last = { pod, state };
    // Plugins get plain arrays: copied in and out of shared memory, which V8 reads and writes more slowly.
    if (request.op === 'filter') {
      const shard = this.list.slice(request.from, request.to);
      const key = request.listKey === undefined ? undefined : `${request.listKey}/${request.from}-${request.to}`;
      const feasible = filterPluginMajor(env, state, pod, shard, key).feasible;
      this.feasible.set(feasible, request.from);
      return feasible.length;
    }
    const feasible = this.list.slice(0, request.count);
    runPreScore(env, state, pod, feasible);
    const out = this.scratch(env.profile.score.length, request.count);
    scoreRange(env, state, pod, feasible, request.from, request.to, out);
    for (let p = 0; p < env.profile.score.length; p++) {
      if (state.skipScorePlugins.has(env.profile.score[p]!.plugin.name)) continue;
      this.scores[p]!.set(out[p]!.subarray(request.from, request.to), request.from);
    }
    return 0;
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function main(): Promise<void> {
  const { control: shared, slot, port, recipe, spinMs } = workerData as ThreadData;
  const control = new Int32Array(shared);
  const at = slot * SLOTS;
  const signal = (index: number, value: number) => {
    Atomics.store(control, at + index, value);
    Atomics.notify(control, at + index);
  };
  // The main thread may be blocked waiting on this thread: tell it when the thread ends, however it ends.
  process.on('exit', () => {
    // A failed start stays one: its reason is on the port.
    if (Atomics.load(control, at + STATE) !== ThreadState.Failed) signal(STATE, ThreadState.Exited);
    Atomics.notify(control, at + DONE);
  });
  // Schedulers by recipe: a pool's threads serve sessions of several configurations (`ParallelEvaluator.with`).
  const schedulers = new Map<string, Scheduler>();
  const schedulerFor = async (recipe: ReplicaRecipe): Promise<Scheduler> => {
    const key = JSON.stringify(recipe);
    let scheduler = schedulers.get(key);
    if (scheduler === undefined) {
      scheduler = await replicaScheduler(recipe);
      schedulers.set(key, scheduler);
    }
    return scheduler;
  };
  try {
    // The pool's first recipe, built before the first session asks for it.
    await schedulerFor(recipe);
  } catch (error) {
    port.postMessage({ error: message(error) });
    signal(STATE, ThreadState.Failed);
    return;
  }
  signal(STATE, ThreadState.Ready);
  let replica: Replica | undefined;
  let seen = 0;
  for (;;) {
    if (Atomics.load(control, at + REQUEST) === seen) {
      const until = performance.now() + spinMs;
      for (let spin = 1; Atomics.load(control, at + REQUEST) === seen; spin++) {
        if ((spin & 1023) === 0 && performance.now() > until) Atomics.wait(control, at + REQUEST, seen);
      }
    }
    // One message per request number: requests posted back to back are answered one by one, in order.
    seen++;
    const started = performance.now();
    const request = receiveMessageOnPort(port)?.message as Request | undefined;
    if (request === undefined || request.op === 'stop') break;
    let outcome: number = Outcome.Ok;
    let count = 0;
    if (request.op === 'init') {
      try {
        const scheduler = await schedulerFor(request.recipe);
        const session = scheduler.session({ ...request.objects, origins: new WeakMap(), warnings: [] });
        replica = new Replica(session, request.buffers);
        port.postMessage({ signature: session.profileSignature });
      } catch (error) {
        port.postMessage({ error: message(error) });
        outcome = Outcome.Broken;
      }
    } else {
      let applied = false;
      try {
        replica!.apply(request.changes);
        applied = true;
        count = replica!.evaluate(request);
      } catch (error) {
        port.postMessage({ error: message(error) });
        outcome = applied ? Outcome.PluginError : Outcome.Broken;
      }
    }
    Atomics.store(control, at + COUNT, count);
    Atomics.store(control, at + BUSY, Math.round((performance.now() - started) * 1000));
    Atomics.store(control, at + OUTCOME, outcome);
    signal(DONE, seen);
  }
  port.close();
}

await main();
