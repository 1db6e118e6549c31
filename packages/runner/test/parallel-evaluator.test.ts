import { fileURLToPath } from 'node:url';
import { type ClusterObjects, emptyClusterObjects, parseManifests } from '@peapod/core';
import {
  createDefaultRegistry,
  createScheduler,
  DEFAULT_RESOLVE_OPTIONS,
  decisionsJsonl,
  defaultSchedulerConfig,
  type EvaluatorFactory,
  generateWorkload,
  readSchedulerConfiguration,
  registerPluginModules,
  type SchedulerConfig,
  schedulerConfigFrom,
} from '@peapod/engine';
import { clusterArb, clusterOf, makeNode, makePod } from '@peapod/testing';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  autoEvaluatorThreads,
  CALIBRATION_PODS,
  CALIBRATION_WARMUP,
  type ParallelEvaluator,
  parallelEvaluator,
  type ReplicaRecipe,
} from '../src/index.js';
import { interruptWhenRunning } from './interrupt.js';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/evaluator/${name}`, import.meta.url));
const CRASH_PLUGIN = fixture('crash-in-thread.mjs');

/** The recipes the property draws from, with the main thread's configuration built the same way. */
const RECIPES: readonly ReplicaRecipe[] = [
  {},
  { config: fixture('weights.yaml') },
  { config: fixture('minimal.yaml') },
  { config: fixture('crash-in-thread.yaml'), plugins: [CRASH_PLUGIN] },
];

async function configOf(recipe: ReplicaRecipe): Promise<SchedulerConfig> {
  const registry = createDefaultRegistry();
  await registerPluginModules(recipe.plugins ?? [], registry);
  if (recipe.config === undefined) return defaultSchedulerConfig(registry);
  return schedulerConfigFrom(
    await readSchedulerConfiguration(recipe.config, registry, DEFAULT_RESOLVE_OPTIONS),
    registry,
  );
}

interface Run {
  readonly seed: number;
  readonly percentage?: number;
  readonly explain?: boolean;
}

function jsonl(objects: ClusterObjects, config: SchedulerConfig, run: Run, evaluator?: EvaluatorFactory): string {
  const scheduler = createScheduler(
    {
      seed: run.seed,
      ...(run.percentage !== undefined ? { percentageOfNodesToScore: run.percentage } : {}),
      ...(run.explain ? { explain: true } : {}),
      ...(evaluator !== undefined ? { evaluator } : {}),
    },
    config,
  );
  return decisionsJsonl(scheduler.run(objects).decisions);
}

/** Loads generated objects as `peapod schedule` would (through the manifest loader). */
function generated(workload: string, nodes: number, pods: number, existingPods: number): ClusterObjects {
  const objects = emptyClusterObjects();
  const items = [...generateWorkload(workload, { nodes, pods, existingPods, seed: 1 })].map((o) => JSON.stringify(o));
  parseManifests(`{"apiVersion":"v1","kind":"List","items":[${items.join(',')}]}`, `${workload}.json`, objects);
  return objects;
}

describe('parallel evaluator', () => {
  // One pool per thread count, for every case: threads start once (from sources they load through tsx).
  const pools = new Map<number, ParallelEvaluator>();
  const warnings: string[] = [];
  const configs = new Map<ReplicaRecipe, SchedulerConfig>();
  beforeAll(async () => {
    for (const threads of [1, 2, 4]) {
      // Shards of one node: the small random clusters fan out as large ones do.
      pools.set(threads, parallelEvaluator({ threads, minShardNodes: 1, onWarning: (m) => warnings.push(m) }));
    }
    for (const recipe of RECIPES) configs.set(recipe, await configOf(recipe));
  });
  afterAll(() => {
    for (const pool of pools.values()) pool.close();
  });

  it('gives the in-thread jsonl with 1, 2 and 4 threads, on random clusters and profiles', () => {
    fc.assert(
      fc.property(
        clusterArb,
        fc.constantFrom(...RECIPES),
        fc.integer({ min: 0, max: 1000 }),
        fc.constantFrom(undefined, 0, 50, 100),
        fc.boolean(),
        (objects, recipe, seed, percentage, explain) => {
          const config = configs.get(recipe)!;
          const run: Run = { seed, ...(percentage !== undefined ? { percentage } : {}), explain };
          const expected = jsonl(objects, config, run);
          for (const [threads, pool] of pools) {
            expect(jsonl(objects, config, run, pool.with(recipe)), `${threads} thread(s)`).toBe(expected);
            expect(pool.lastThreads).toBe(threads);
          }
        },
      ),
      { numRuns: 40 },
    );
    expect(warnings).toEqual([]);
    // The threads did the work: every pool fanned steps out.
    for (const pool of pools.values()) expect(pool.stats.steps).toBeGreaterThan(0);
  }, 120_000);

  it('gives the in-thread jsonl on a generated 600-node cluster, with the default shard size', () => {
    const objects = generated('mixed', 600, 300, 900);
    const config = configs.get(RECIPES[0]!)!;
    const expected = jsonl(objects, config, { seed: 3, percentage: 100 });
    const pool = parallelEvaluator({ threads: 2 });
    try {
      expect(jsonl(objects, config, { seed: 3, percentage: 100 }, pool)).toBe(expected);
      expect(pool.stats.steps).toBeGreaterThan(0);
    } finally {
      pool.close();
    }
  }, 120_000);
});

describe('parallel evaluator failures', () => {
  const recipe: ReplicaRecipe = { config: fixture('crash-in-thread.yaml'), plugins: [CRASH_PLUGIN] };
  let config: SchedulerConfig;
  beforeAll(async () => {
    config = await configOf(recipe);
  });

  /** Six nodes, one zone (walking order = input order), and pods that may ask the plugin to fail. */
  function cluster(labels: Record<string, string>[]): ClusterObjects {
    const nodes = Array.from({ length: 6 }, (_, i) =>
      makeNode(`node-${i}`).allocatable({ cpu: '4', memory: '8Gi', pods: '10' }).obj(),
    );
    const pods = labels.map((l, i) => {
      let b = makePod(`pod-${i}`).req({ cpu: '100m', memory: '100Mi' });
      for (const [k, v] of Object.entries(l)) b = b.label(k, v);
      return b.obj();
    });
    return clusterOf({ nodes, pods });
  }

  it('redoes the step in-thread when a thread dies, and goes on with the others', () => {
    // Three shards of two nodes (this thread's, then the two threads'): node-5 is the last thread's.
    const objects = cluster([{}, {}, { 'crash-on': 'node-5' }, {}, {}, {}]);
    const expected = jsonl(objects, config, { seed: 1, percentage: 100 });
    const seen: string[] = [];
    const pool = parallelEvaluator({ threads: 2, minShardNodes: 1, recipe, onWarning: (m) => seen.push(m) });
    try {
      expect(jsonl(objects, config, { seed: 1, percentage: 100 }, pool)).toBe(expected);
      expect(seen).toHaveLength(1);
      expect(seen[0]).toMatch(/^evaluator thread 2 exited while evaluating pod default\/pod-2; /);
      expect(seen[0]).toMatch(/the run goes on with 1 evaluator thread\(s\) \(the decisions are the same\)$/);
      // The pods after the crash still fanned out, to the thread left.
      expect(pool.stats.steps).toBe(12);
    } finally {
      pool.close();
    }
  }, 60_000);

  it('evaluates in-thread once every thread is gone', () => {
    const objects = cluster([{ 'crash-on': 'node-3' }, { 'crash-on': 'node-5' }, {}, {}]);
    const expected = jsonl(objects, config, { seed: 2, percentage: 100 });
    const seen: string[] = [];
    const pool = parallelEvaluator({ threads: 2, minShardNodes: 1, recipe, onWarning: (m) => seen.push(m) });
    try {
      expect(jsonl(objects, config, { seed: 2, percentage: 100 }, pool)).toBe(expected);
      expect(seen).toHaveLength(2);
      expect(seen[1]).toMatch(/this work and the rest of the run are evaluated in the calling thread/);
      // A later session starts fresh threads in their place.
      expect(jsonl(objects, config, { seed: 2, percentage: 100 }, pool)).toBe(expected);
      expect(seen).toHaveLength(4);
    } finally {
      pool.close();
    }
  }, 60_000);

  it('stops a thread that gives no answer in time, and redoes its work in-thread', () => {
    const objects = cluster([{}, { 'stall-on': 'node-4' }, {}]);
    const expected = jsonl(objects, config, { seed: 6, percentage: 100 });
    const seen: string[] = [];
    const pool = parallelEvaluator({
      threads: 1,
      minShardNodes: 1,
      recipe,
      stallTimeoutMs: 500,
      onWarning: (m) => seen.push(m),
    });
    try {
      expect(jsonl(objects, config, { seed: 6, percentage: 100 }, pool)).toBe(expected);
      expect(seen).toEqual([
        'evaluator thread 1 gave no answer within 500 ms while evaluating pod default/pod-1; this work and the rest of the run are evaluated in the calling thread (the decisions are the same)',
      ]);
    } finally {
      pool.close();
    }
  }, 60_000);

  it('reports a plugin error as the in-thread run does, and keeps its threads', () => {
    const objects = cluster([{}, { 'throw-on': 'node-4' }, {}]);
    const expected = jsonl(objects, config, { seed: 0, percentage: 100 });
    expect(expected).toContain('"reason":"SchedulerError"');
    expect(expected).toContain('asked to fail on node-4');
    const seen: string[] = [];
    const pool = parallelEvaluator({ threads: 2, minShardNodes: 1, recipe, onWarning: (m) => seen.push(m) });
    try {
      expect(jsonl(objects, config, { seed: 0, percentage: 100 }, pool)).toBe(expected);
      expect(seen).toEqual([]);
      expect(pool.stats.steps).toBeGreaterThan(2);
    } finally {
      pool.close();
    }
  }, 60_000);

  it("does not use threads whose profiles differ from the session's", async () => {
    // The session is configured from weights.yaml; the threads are given no configuration (the default).
    const weighted = await configOf({ config: fixture('weights.yaml') });
    const objects = cluster([{}, {}, {}]);
    const expected = jsonl(objects, weighted, { seed: 5, percentage: 100 });
    const seen: string[] = [];
    const pool = parallelEvaluator({ threads: 1, minShardNodes: 1, onWarning: (m) => seen.push(m) });
    try {
      expect(jsonl(objects, weighted, { seed: 5, percentage: 100 }, pool)).toBe(expected);
      expect(seen).toHaveLength(1);
      expect(seen[0]).toMatch(/^evaluator thread 1 built other profiles than this thread's/);
      expect(pool.stats.steps).toBe(0);
    } finally {
      pool.close();
    }
  }, 60_000);

  it('evaluates in-thread when a thread cannot build its profiles', () => {
    const objects = cluster([{}, {}]);
    const expected = jsonl(objects, config, { seed: 0 });
    const seen: string[] = [];
    // The threads look for the plugin module elsewhere: they cannot register it.
    const broken: ReplicaRecipe = { ...recipe, plugins: [fixture('no-such-plugin.mjs')] };
    const pool = parallelEvaluator({ threads: 1, minShardNodes: 1, recipe: broken, onWarning: (m) => seen.push(m) });
    try {
      expect(jsonl(objects, config, { seed: 0 }, pool)).toBe(expected);
      expect(seen).toHaveLength(1);
      expect(seen[0]).toMatch(/^evaluator thread 1 failed to start: .*no-such-plugin\.mjs/);
    } finally {
      pool.close();
    }
  }, 60_000);
});

describe('parallel evaluator and signals', () => {
  it('dies of SIGINT mid-run, threads and all, without hanging', async () => {
    const script = new URL('./fixtures/evaluator/sigint-child.ts', import.meta.url).pathname;
    const { code, signal, out } = await interruptWhenRunning(script, 30_000);
    expect({ code, signal, out }).toEqual({ code: null, signal: 'SIGINT', out: 'running\n' });
  }, 40_000);
});

describe('auto', () => {
  it.each([
    // Filter and Score ms per pod, cores → threads
    [2, 16, 0],
    [9, 16, 0],
    [12, 1, 0],
    [12, 2, 1],
    [25, 16, 2],
    [200, 16, 8],
  ] as const)('%d ms per pod on %i cores: %i thread(s)', (msPerPod, cores, threads) => {
    expect(autoEvaluatorThreads({ msPerPod, cores })).toBe(threads);
  });

  const cluster = (nodes: number, pods: number) =>
    clusterOf({
      nodes: Array.from({ length: nodes }, (_, i) =>
        makeNode(`node-${i}`).allocatable({ cpu: '8', memory: '16Gi', pods: '50' }).obj(),
      ),
      pods: Array.from({ length: pods }, (_, i) => makePod(`pod-${i}`).req({ cpu: '100m', memory: '64Mi' }).obj()),
    });

  it('times the first pods in-thread and keeps cheap ones there', async () => {
    const objects = cluster(600, 40);
    const config = await configOf({});
    const expected = jsonl(objects, config, { seed: 4, percentage: 100 });
    const pool = parallelEvaluator({ threads: 'auto', cores: 2 });
    try {
      expect(jsonl(objects, config, { seed: 4, percentage: 100 }, pool)).toBe(expected);
      expect(pool.lastThreads).toBe(0);
      expect(pool.stats.steps).toBe(0);
    } finally {
      pool.close();
    }
  }, 60_000);

  it('fans out once the timed pods cost past the break-even, with the same decisions', async () => {
    const recipe: ReplicaRecipe = { config: fixture('costly.yaml'), plugins: [fixture('costly.mjs')] };
    const objects = cluster(600, 40);
    const config = await configOf(recipe);
    const expected = jsonl(objects, config, { seed: 4, percentage: 100 });
    const pool = parallelEvaluator({ threads: 'auto', cores: 2, recipe });
    try {
      expect(jsonl(objects, config, { seed: 4, percentage: 100 }, pool)).toBe(expected);
      expect(pool.lastThreads).toBe(1);
      // The pods after the warm-up and the timed ones: Filter and Score each.
      expect(pool.stats.steps).toBe(2 * (40 - CALIBRATION_WARMUP - CALIBRATION_PODS));
    } finally {
      pool.close();
    }
  }, 60_000);
});
