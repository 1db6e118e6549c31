/**
 * peapod benchmarks: loading (parse + validate) and scheduling throughput on generated clusters.
 * Run with `npx -y pnpm@12.4.2 bench`. Numbers go to docs/benchmarks.md with machine, command and date.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadManifests } from '@peapod/core';
import { scheduleCluster } from '@peapod/engine';
import { Bench } from 'tinybench';
import { generateCluster } from './generate.js';

const dir = mkdtempSync(join(tmpdir(), 'peapod-bench-'));
const podsFile = join(dir, 'pods-10000.json');
writeFileSync(podsFile, JSON.stringify(generateCluster(0, 10_000)));

const bench = new Bench({ iterations: 10, warmupIterations: 2 });
bench.add('load 10,000 pods from JSON (parse + validate)', async () => {
  await loadManifests([podsFile]);
});
await bench.run();
console.table(bench.table());

for (const [nodes, pods] of [
  [500, 10_000],
  [5_000, 10_000],
] as const) {
  const file = join(dir, `cluster-${nodes}-${pods}.json`);
  writeFileSync(file, JSON.stringify(generateCluster(nodes, pods)));
  const t0 = performance.now();
  const objects = await loadManifests([file]);
  const t1 = performance.now();
  const result = scheduleCluster(objects, { seed: 1 });
  const t2 = performance.now();
  const seconds = (t2 - t1) / 1000;
  console.log(
    `schedule ${nodes} nodes x ${pods} pods: load ${((t1 - t0) / 1000).toFixed(3)} s, ` +
      `schedule ${seconds.toFixed(3)} s = ${Math.round(result.decisions.length / seconds)} pods/s ` +
      `(${result.summary.scheduled} scheduled, ${result.summary.unschedulable} unschedulable)`,
  );
}
