import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadManifests } from '@peapod/core';
import { expect, test } from 'vitest';
import { createScheduler, EXPLAIN_OPTIONS, explainAll, type PodExplanation, parseDecisionLog } from '../src/index.js';

/**
 * The acceptance test of `peapod explain` (issue 9): for every unschedulable attempt of the fidelity corpus
 * (decisions of the real kube-scheduler v1.26.7), the explanation names, for every node, the plugin that
 * rejected it and the reasons, and those reasons, counted over the nodes, are exactly the line's
 * `reasonCounts` (the counts of upstream's `0/N nodes are available` message).
 *
 * Each scenario is ONE batch replay (`explainAll`, on peapod's own decisions, as `peapod explain` replays),
 * with the corpus's settings (lowest-name tie-break, percentageOfNodesToScore 100). Preemption is
 * implemented, so the replay follows the log end to end, retries included: a pod whose attempt 1 preempted
 * is compared on attempt 1 (its filter verdicts) and, when its retry also failed, on attempt 2.
 */
const CORPUS = fileURLToPath(new URL('../../testing/fidelity/', import.meta.url));
const SCENARIOS = readdirSync(CORPUS, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();

/** Filter failure reason -> number of nodes the explanation says failed with it. */
function countReasons(e: PodExplanation): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const f of e.filters) for (const r of f.reasons ?? []) counts[r] = (counts[r] ?? 0) + 1;
  return counts;
}

test('the corpus is there', () => {
  expect(SCENARIOS.length).toBeGreaterThanOrEqual(11);
});

test.each(SCENARIOS)('%s: every unschedulable attempt, node by node', { timeout: 30_000 }, async (scenario) => {
  const dir = join(CORPUS, scenario);
  const objects = await loadManifests([join(dir, 'cluster.json.gz')]);
  const logFile = join(dir, 'expected.jsonl');
  const expected = parseDecisionLog(readFileSync(logFile, 'utf8'), logFile).filter((line) => !line.scheduled);

  const settings = { tieBreak: 'lowest-name', percentageOfNodesToScore: 100 } as const;
  const scheduler = createScheduler({ ...EXPLAIN_OPTIONS, ...settings });
  const explained = explainAll(scheduler, objects, settings, (d) => !d.scheduled);
  const byAttempt = new Map(explained.map((e) => [`${e.pod}#${e.attempt}`, e]));
  expect(explained.map((e) => `${e.pod}#${e.attempt}`)).toEqual(expected.map((l) => `${l.pod}#${l.attempt}`));

  const nodeCount = objects.nodes.length;
  for (const line of expected) {
    const where = `${scenario} seq ${line.seq} ${line.pod} attempt ${line.attempt}`;
    const e = byAttempt.get(`${line.pod}#${line.attempt}`)!;
    expect(e.filters, where).toHaveLength(nodeCount);
    expect(e.message, where).toBe(line.message);
    for (const f of e.filters) {
      if (f.result === 'not-evaluated') {
        // A node the cycle never filtered: only outside a PreFilter result (a DaemonSet pod's matchFields
        // metadata.name term), where the real scheduler did not count it either.
        expect(f.note, `${where}: ${f.node}`).toMatch(/PreFilter/);
        continue;
      }
      expect(f.result, `${where}: ${f.node}`).toBe('fail');
      expect(f.plugin, `${where}: ${f.node}`).toEqual(expect.any(String));
      expect(f.reasons?.length, `${where}: ${f.node}`).toBeGreaterThan(0);
    }
    expect(countReasons(e), where).toEqual(line.reasonCounts);
    if (line.unschedulablePlugins !== undefined) {
      const plugins = [...new Set(e.filters.flatMap((f) => (f.plugin ? [f.plugin] : [])))].sort();
      expect(plugins, where).toEqual(line.unschedulablePlugins);
    }
  }
});
