import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { autoWorkers, type RunResult, type RunSuccess, type RunTask, runMany, runTask } from '../src/index.js';
import { interruptWhenRunning } from './interrupt.js';

const dir = mkdtempSync(join(tmpdir(), 'peapod-runner-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const small = (seed: number): RunTask => ({
  source: { kind: 'workload', workload: 'SchedulingBasic', nodes: 20, pods: 40, existingPods: 10, seed },
  seed,
});
const tasks = [0, 1, 2, 3].map(small);

function successes(results: readonly RunResult[]): RunSuccess[] {
  return results.map((r) => {
    if (!r.ok) throw new Error(`task ${r.index} failed: ${r.error.message}`);
    return r;
  });
}

const fingerprint = (results: readonly RunResult[]) =>
  successes(results).map((r) => ({ index: r.index, hash: r.decisionsHash, summary: r.summary }));

describe('runMany', () => {
  it('gives the same results, in task order, with 0 and 2 workers', async () => {
    const inThread = await runMany(tasks, { workers: 0 });
    const pooled = await runMany(tasks, { workers: 2 });
    expect(fingerprint(pooled)).toEqual(fingerprint(inThread));
    expect(inThread.map((r) => r.place)).toEqual(['in-thread', 'in-thread', 'in-thread', 'in-thread']);
    expect(pooled.map((r) => r.place)).toEqual(['worker', 'worker', 'worker', 'worker']);
    // Different seeds, different tie-breaks: the hashes tell runs apart.
    expect(new Set(successes(pooled).map((r) => r.decisionsHash)).size).toBeGreaterThan(1);
    expect(successes(pooled)[0]!.summary.scheduled).toBe(40);
  });

  it('hashes the jsonl decisions it can return', async () => {
    const [result] = successes([await runTask({ ...small(5), keepDecisions: true }, 0, 'in-thread')]);
    const lines = result!.decisions!.trimEnd().split('\n');
    expect(lines).toHaveLength(40);
    expect(JSON.parse(lines[0]!)).toMatchObject({ seq: expect.any(Number) });
  });

  it('reports a task that throws, with its index, and completes the others', async () => {
    const broken: RunTask = { source: { kind: 'manifests', paths: [join(dir, 'missing.yaml')] } };
    const results = await runMany([tasks[0]!, broken, tasks[1]!], { workers: 2 });
    expect(results.map((r) => r.ok)).toEqual([true, false, true]);
    const failure = results[1]!;
    if (failure.ok) throw new Error('unreachable');
    expect(failure.error.index).toBe(1);
    expect(failure.error.message).toMatch(/missing\.yaml/);
    expect(failure.crashes).toBe(0);
  });

  it('reports an unknown workload and a bad configuration in-thread too', async () => {
    const config = join(dir, 'bad-config.yaml');
    writeFileSync(config, 'apiVersion: kubescheduler.config.k8s.io/v1\nkind: Nope\n');
    const results = await runMany(
      [{ source: { kind: 'workload', workload: 'NoSuchWorkload' } }, { ...tasks[0]!, config }],
      { workers: 0 },
    );
    expect(results.map((r) => (r.ok ? 'ok' : r.error.message))).toEqual([
      expect.stringMatching(/unknown workload/),
      expect.any(String),
    ]);
    expect(results[1]!.ok).toBe(false);
  });

  it('retries a task whose worker dies on another worker, with the same result', async () => {
    const marker = join(dir, 'crash-once');
    const crashing: RunTask = { ...tasks[2]!, crashInWorker: { marker, times: 1 } };
    const results = await runMany([tasks[0]!, crashing, tasks[3]!], { workers: 2 });
    const expected = await runMany([tasks[0]!, tasks[2]!, tasks[3]!], { workers: 0 });
    expect(fingerprint(results)).toEqual(fingerprint(expected));
    expect(results[1]).toMatchObject({ place: 'worker', crashes: 1 });
    expect(readFileSync(marker, 'utf8')).toBe('crashed\n');
  });

  it('runs a task in-thread when its worker dies twice', async () => {
    const marker = join(dir, 'crash-twice');
    const results = await runMany([{ ...tasks[1]!, crashInWorker: { marker, times: 5 } }], { workers: 1 });
    expect(results[0]).toMatchObject({ ok: true, place: 'in-thread', crashes: 2 });
    expect(fingerprint(results)[0]!.hash).toBe(fingerprint(await runMany([tasks[1]!], { workers: 0 }))[0]!.hash);
  });

  it('leaves no SIGINT handler behind (the pool is gone)', async () => {
    const before = process.listenerCount('SIGINT');
    await runMany(tasks.slice(0, 2), { workers: 2 });
    expect(process.listenerCount('SIGINT')).toBe(before);
  });

  it('sizes auto to the tasks and the cores', () => {
    expect(autoWorkers(1)).toBe(1);
    expect(autoWorkers(1000)).toBeGreaterThanOrEqual(1);
  });
});

describe('runMany and SIGINT', () => {
  it('destroys the pool and dies of the signal, without hanging', async () => {
    const script = new URL('./fixtures/sigint-child.ts', import.meta.url).pathname;
    const { code, signal, out } = await interruptWhenRunning(script, 20_000);
    expect({ code, signal, out }).toEqual({ code: null, signal: 'SIGINT', out: 'running\n' });
  });
});
