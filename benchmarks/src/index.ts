/**
 * `pnpm bench`: the quick suite. Loading (parse + validate) with tinybench, then two generated clusters
 * scheduled once each. Inputs come from the engine's workload generator (`peapod gen`), seeded, so every
 * run measures the same bytes. Numbers go to docs/benchmarks.md with machine, command and date.
 * `pnpm bench:plugins` times each plugin and the cycle; `pnpm bench:workloads` runs whole workloads.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadManifests } from '@peapod/core';
import { createScheduler, workloadJson } from '@peapod/engine';
import { Bench } from 'tinybench';
import { perfFile } from './perf-files.js';

const dir = mkdtempSync(join(tmpdir(), 'peapod-bench-'));
const write = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

// 10,000 pending pods as one JSON List: upstream's pod-default, and the realistic `basic` mix (with the
// ReplicaSets, Services and PDBs they belong to).
const defaultPods = write(
  'pod-default-10000.json',
  workloadJson('SchedulingBasic', { nodes: 0, pods: 10_000, existingPods: 0 }),
);
const basicPods = write('basic-pods-10000.json', workloadJson('basic', { nodes: 0, pods: 10_000, existingPods: 0 }));
const basic5000 = perfFile('basic-5000');

const bench = new Bench({ iterations: 10, warmupIterations: 2 });
bench.add('load 10,000 pod-default pods (JSON, parse + validate)', async () => {
  await loadManifests([defaultPods]);
});
bench.add('load 10,000 basic pods (JSON, parse + validate)', async () => {
  await loadManifests([basicPods]);
});
if (basic5000 !== undefined) {
  bench.add('load ../shared/perf/basic-5000.json.gz (gunzip + parse + validate)', async () => {
    await loadManifests([basic5000]);
  });
}
await bench.run();
console.table(bench.table());

for (const [workload, nodes, pods] of [
  ['SchedulingBasic', 500, 10_000],
  ['SchedulingBasic', 5000, 10_000],
] as const) {
  const file = write(`${workload}-${nodes}-${pods}.json`, workloadJson(workload, { nodes, pods, existingPods: 0 }));
  const t0 = performance.now();
  const objects = await loadManifests([file]);
  const t1 = performance.now();
  const scheduler = createScheduler({ seed: 1, percentageOfNodesToScore: 100 });
  const session = scheduler.session(objects);
  const t2 = performance.now();
  const result = scheduler.runSession(session);
  const t3 = performance.now();
  const seconds = (t3 - t2) / 1000;
  console.log(
    `schedule ${workload} ${nodes} nodes x ${pods} pods (every node scored): load ${((t1 - t0) / 1000).toFixed(3)} s, ` +
      `session ${((t2 - t1) / 1000).toFixed(3)} s, schedule ${seconds.toFixed(3)} s = ` +
      `${Math.round(result.summary.attempts / seconds)} pods/s ` +
      `(${result.summary.scheduled} scheduled, ${result.summary.unschedulable} unschedulable)`,
  );
}
