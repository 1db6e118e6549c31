import { CycleState, isPreFilterResult, type MaybeStatus } from '@peapod/core';
import { clusterArb, clusterOf, clusterOfSizeArb, makeNode, makePod } from '@peapod/testing';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { createDefaultRegistry, createScheduler } from '../src/index.js';

const registry = createDefaultRegistry();
const withBatch = registry
  .names()
  .map((name) => registry.get(name)!)
  .filter((r) => r.points.has('filter'));

describe('batch filter methods agree with the per-node ones', () => {
  test('at least one in-tree plugin offers filterAll', () => {
    const session = createScheduler().session(fc.sample(clusterArb, { numRuns: 1, seed: 1 })[0]!);
    const offering = withBatch.filter((r) => r.create(r.argsSchema?.parse({}), session.handle).filterAll);
    expect(offering.map((r) => r.name)).toContain('NodeResourcesFit');
  });

  test.each(withBatch.map((r) => ({ name: r.name, registration: r })))('$name', ({ registration }) => {
    fc.assert(
      fc.property(clusterArb, (objects) => {
        // Bind half of the pods first, so nodes carry load, ports, affinity and spread counts.
        const scheduler = createScheduler({ tieBreak: 'lowest-name' });
        const session = scheduler.session(objects);
        const half = Math.floor(session.queue.length / 2);
        for (const queued of session.queue.slice(0, half)) {
          const outcome = session.attempt(queued.podInfo);
          if (outcome.node >= 0) session.bind(queued.podInfo, outcome.node);
        }
        const plugin = registration.create(registration.argsSchema?.parse({}), session.handle);
        if (!plugin.filterAll || !plugin.filter) return;
        const nodes = Int32Array.from({ length: session.snapshot.nodeCount }, (_, i) => i);
        for (const queued of session.queue.slice(half)) {
          const state = new CycleState();
          const pre = plugin.preFilter?.(state, queued.podInfo, session.handle) ?? null;
          if (pre !== null && !isPreFilterResult(pre) && pre.code !== 'Success') continue;
          const perNode = [...nodes].map((n) => plugin.filter!(state, queued.podInfo, n, session.handle));
          const batch: MaybeStatus[] = [];
          // `true`: every node passes, and `out` is left unwritten.
          if (plugin.filterAll(state, queued.podInfo, nodes, session.handle, batch) === true) {
            expect(perNode.every((s) => s === null)).toBe(true);
          } else expect(batch).toEqual(perNode);
        }
      }),
      { numRuns: 40 },
    );
  });
});

describe('batch score methods agree with the per-node ones', () => {
  const scorers = registry
    .names()
    .map((name) => registry.get(name)!)
    .filter((r) => r.points.has('score'));

  test('at least one in-tree plugin offers scoreAll', () => {
    const session = createScheduler().session(fc.sample(clusterArb, { numRuns: 1, seed: 1 })[0]!);
    const offering = scorers.filter((r) => r.create(r.argsSchema?.parse({}), session.handle).scoreAll);
    expect(offering.length).toBeGreaterThan(0);
  });

  test.each(scorers.map((r) => ({ name: r.name, registration: r })))('$name', ({ registration }) => {
    fc.assert(
      fc.property(clusterArb, (objects) => {
        const session = createScheduler({ tieBreak: 'lowest-name' }).session(objects);
        const half = Math.floor(session.queue.length / 2);
        for (const queued of session.queue.slice(0, half)) {
          const outcome = session.attempt(queued.podInfo);
          if (outcome.node >= 0) session.bind(queued.podInfo, outcome.node);
        }
        const plugin = registration.create(registration.argsSchema?.parse({}), session.handle);
        if (!plugin.scoreAll || !plugin.score) return;
        const nodes = Int32Array.from({ length: session.snapshot.nodeCount }, (_, i) => i);
        for (const queued of session.queue.slice(half)) {
          const state = new CycleState();
          const pre = plugin.preScore?.(state, queued.podInfo, nodes, session.handle) ?? null;
          if (pre !== null && pre.code !== 'Success') continue;
          const perNode = [...nodes].map((n) => plugin.score!(state, queued.podInfo, n, session.handle));
          const batch = new Float64Array(nodes.length);
          plugin.scoreAll(state, queued.podInfo, nodes, session.handle, batch);
          expect([...batch]).toEqual(perNode);
        }
      }),
      { numRuns: 30 },
    );
  });
});

describe('batch filtering makes the decisions of the node-by-node walk', () => {
  // Percentages below 100 cut the walk early: the batch form filters chunks and must cut them where the walk
  // stops, so the feasible nodes, the failure messages and the rotating start index all match.
  test.each([
    { percentage: 100, nodes: 6 },
    { percentage: 40, nodes: 6 },
    { percentage: 0, nodes: 140 },
    { percentage: 10, nodes: 140 },
  ])('percentageOfNodesToScore $percentage on $nodes nodes', ({ percentage, nodes }) => {
    fc.assert(
      fc.property(clusterOfSizeArb(nodes, 30), fc.integer({ min: 0, max: 1000 }), (objects, seed) => {
        const run = (filterMode: 'batch' | 'node-by-node') =>
          createScheduler({ seed, percentageOfNodesToScore: percentage, explain: true, filterMode }).run(objects)
            .decisions;
        expect(run('batch')).toEqual(run('node-by-node'));
      }),
      { numRuns: nodes > 100 ? 6 : 30 },
    );
  });
});

describe('chunked filtering stops where the walk stops', () => {
  // 300 identical roomy nodes (some tainted, some with the wrong zone): every pod fits on most of them, so at
  // 10% the walk stops early every time and the rotating start index decides which nodes are scored.
  const nodes = Array.from({ length: 300 }, (_, i) => {
    const node = makeNode(`node-${String(i).padStart(3, '0')}`)
      .capacity({ cpu: '64', memory: '256Gi', pods: '110' })
      .label('zone', i % 7 === 0 ? 'b' : 'a');
    return (i % 5 === 0 ? node.taint('dedicated', 'x', 'NoSchedule') : node).obj();
  });
  const pods = Array.from({ length: 60 }, (_, i) =>
    makePod(`pod-${i}`)
      .container({ cpu: `${100 + (i % 5) * 300}m`, memory: '1Gi' })
      .nodeSelector({ zone: 'a' })
      .obj(),
  );
  // Pods that fit nowhere: every node is processed, and the failure message counts every node's reason.
  const tooBig = Array.from({ length: 3 }, (_, i) => makePod(`huge-${i}`).container({ cpu: '100' }).obj());
  const objects = clusterOf({ nodes, pods: [...pods.slice(0, 30), ...tooBig, ...pods.slice(30)] });

  test.each([0, 10, 30])('percentageOfNodesToScore %d', (percentage) => {
    const run = (filterMode: 'batch' | 'node-by-node') =>
      createScheduler({ seed: 7, percentageOfNodesToScore: percentage, filterMode }).run(objects).decisions;
    const batch = run('batch');
    expect(batch).toEqual(run('node-by-node'));
    // The walk really stopped early (fewer feasible nodes than fit), so the cut was exercised.
    expect(batch.filter((d) => d.scheduled).every((d) => d.feasibleNodes < 200)).toBe(true);
    expect(batch.filter((d) => !d.scheduled).map((d) => d.message)).toEqual([
      '0/300 nodes are available: 240 Insufficient cpu, 60 node(s) had untolerated taint {dedicated: x}. preemption: 0/300 nodes are available: 240 No preemption victims found for incoming pod, 60 Preemption is not helpful for scheduling..',
      '0/300 nodes are available: 240 Insufficient cpu, 60 node(s) had untolerated taint {dedicated: x}. preemption: 0/300 nodes are available: 240 No preemption victims found for incoming pod, 60 Preemption is not helpful for scheduling..',
      '0/300 nodes are available: 240 Insufficient cpu, 60 node(s) had untolerated taint {dedicated: x}. preemption: 0/300 nodes are available: 240 No preemption victims found for incoming pod, 60 Preemption is not helpful for scheduling..',
    ]);
  });
});
