/**
 * `pnpm bench:plugins`: each in-tree Filter and Score plugin (and their PreFilter/PreScore) over every node
 * of a 5,000-node cluster for one pod, through the batch form (`filterAll`/`scoreAll`) where the plugin has
 * one and node by node otherwise, plus one whole scheduling cycle (`session.attempt`). tinybench, one thread.
 *
 *   pnpm bench:plugins [--nodes N] [--workload basic|mixed] [--time MS]
 *
 * The cluster is generated (`peapod gen basic`, seed 0, 5.4 bound pods per node). The pods: "typical"
 * (a ReplicaSet replica with requests and nothing else), "constrained" (nodeSelector or node affinity,
 * tolerations) and, for mixed, "inter-pod" (topology spread or pod affinity).
 */
import { parseArgs } from 'node:util';
import { CycleState, isPreFilterResult, type MaybeStatus, type PodInfo, parseManifests } from '@peapod/core';
import { createScheduler, workloadJson } from '@peapod/engine';
import { Bench } from 'tinybench';

const { values } = parseArgs({
  options: {
    nodes: { type: 'string', default: '5000' },
    workload: { type: 'string', default: 'basic' },
    time: { type: 'string', default: '300' },
  },
});
const nodes = Number(values.nodes);
const workload = values.workload!;

const t0 = performance.now();
const objects = parseManifests(
  workloadJson(workload, { nodes, pods: 2000, existingPods: Math.round(nodes * 5.4) }),
  `${workload}.json`,
);
const session = createScheduler({ percentageOfNodesToScore: 100 }).session(objects);
console.log(
  `${workload}: ${session.snapshot.nodeCount} nodes, ${session.boundPods} bound pods, ${session.queue.length} pending pods ` +
    `(generated and loaded in ${((performance.now() - t0) / 1000).toFixed(1)} s)`,
);

const queue = session.queue.map((q) => q.podInfo);
const spec = (p: PodInfo) => p.pod.spec;
const pods: [string, PodInfo | undefined][] = [
  [
    'typical',
    queue.find(
      (p) =>
        p.pod.metadata.ownerReferences?.[0]?.kind === 'ReplicaSet' &&
        !spec(p).nodeSelector &&
        !spec(p).affinity &&
        !spec(p).topologySpreadConstraints &&
        spec(p).containers[0]?.resources?.requests?.cpu !== undefined,
    ),
  ],
  [
    'constrained',
    queue.find((p) => spec(p).nodeSelector !== undefined && spec(p).affinity?.nodeAffinity !== undefined) ??
      queue.find((p) => spec(p).affinity?.nodeAffinity !== undefined),
  ],
  [
    'inter-pod',
    queue.find(
      (p) => spec(p).topologySpreadConstraints !== undefined && spec(p).affinity?.podAntiAffinity !== undefined,
    ) ?? queue.find((p) => spec(p).affinity?.podAffinity !== undefined),
  ],
];

const all = Int32Array.from({ length: session.snapshot.nodeCount }, (_, i) => i);
const handle = session.handle;
const time = Number(values.time);

for (const [label, pod] of pods) {
  if (pod === undefined) continue;
  const profile = session.profileFor(pod);
  // The state the cycle would have: every PreFilter, then every PreScore over all nodes.
  const state = new CycleState();
  const skipFilter = new Set<string>();
  const skipScore = new Set<string>();
  for (const p of profile.preFilter) {
    const r = p.preFilter(state, pod, handle);
    if (r !== null && !isPreFilterResult(r) && r.code === 'Skip') skipFilter.add(p.name);
  }
  for (const p of profile.preScore) {
    const r = p.preScore(state, pod, all, handle);
    if (r !== null && r.code === 'Skip') skipScore.add(p.name);
  }

  const bench = new Bench({ time, warmupTime: 100 });
  const out: MaybeStatus[] = new Array(all.length).fill(null);
  const scores = new Float64Array(all.length);
  for (const p of profile.preFilter) {
    bench.add(`PreFilter ${p.name}`, () => {
      p.preFilter(new CycleState(), pod, handle);
    });
  }
  for (const p of profile.filter) {
    if (skipFilter.has(p.name)) continue;
    const filterAll = p.filterAll;
    bench.add(`Filter ${p.name} (${filterAll ? 'filterAll' : 'per node'})`, () => {
      if (filterAll) filterAll.call(p, state, pod, all, handle, out);
      else for (let i = 0; i < all.length; i++) out[i] = p.filter(state, pod, i, handle);
    });
  }
  for (const p of profile.preScore) {
    bench.add(`PreScore ${p.name}`, () => {
      p.preScore(new CycleState(), pod, all, handle);
    });
  }
  for (const { plugin: p } of profile.score) {
    if (skipScore.has(p.name)) continue;
    const scoreAll = p.scoreAll;
    bench.add(
      `Score ${p.name} (${scoreAll ? 'scoreAll' : 'per node'}${p.normalizeScore ? ' + normalize' : ''})`,
      () => {
        if (scoreAll) scoreAll.call(p, state, pod, all, handle, scores);
        else for (let i = 0; i < all.length; i++) scores[i] = p.score(state, pod, i, handle);
        p.normalizeScore?.(state, pod, all, scores);
      },
    );
  }
  bench.add('cycle: session.attempt, the same pod again (no bind)', () => {
    session.attempt(pod);
  });
  let next = 0;
  bench.add('cycle: session.attempt, the next pending pod (no bind)', () => {
    session.attempt(queue[next]!);
    next = (next + 1) % queue.length;
  });
  await bench.run();
  console.log(`\n${label} pod ${pod.key} over ${all.length} nodes:`);
  console.table(
    bench.tasks.map((task) => {
      const r = task.result as
        | { latency?: { mean?: number; p99?: number }; throughput?: { mean?: number } }
        | undefined;
      return {
        task: task.name,
        'mean (µs)': r?.latency?.mean !== undefined ? Number((r.latency.mean * 1000).toFixed(1)) : '-',
        'p99 (µs)': r?.latency?.p99 !== undefined ? Number((r.latency.p99 * 1000).toFixed(1)) : '-',
        'ns/node': r?.latency?.mean !== undefined ? Number(((r.latency.mean * 1e6) / all.length).toFixed(1)) : '-',
      };
    }),
  );
}
