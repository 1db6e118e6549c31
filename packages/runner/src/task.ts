import { createHash } from 'node:crypto';
import { type ClusterObjects, emptyClusterObjects, loadManifests, parseManifests } from '@peapod/core';
import {
  createScheduler,
  decisionsJsonl,
  findWorkload,
  generateWorkload,
  resolveWorkloadOptions,
  type ScheduleOptions,
  type SchedulerConfig,
} from '@peapod/engine';
import { recipeConfig } from './parallel/replica.js';
import type { RunPlace, RunResult, RunTask, TaskSource } from './types.js';

/** Text per parse: well under V8's longest string, as `peapod bench` does. */
const DOCUMENT_CHARS = 64 << 20;

/** Generates a workload as JSON and loads it through the manifest loader, so objects equal `bench`'s. */
function generateObjects(source: Extract<TaskSource, { kind: 'workload' }>): ClusterObjects {
  const definition = findWorkload(source.workload);
  if (definition === undefined) throw new Error(`unknown workload ${JSON.stringify(source.workload)}`);
  const options = resolveWorkloadOptions(definition, {
    ...(source.nodes !== undefined ? { nodes: source.nodes } : {}),
    ...(source.pods !== undefined ? { pods: source.pods } : {}),
    ...(source.existingPods !== undefined ? { existingPods: source.existingPods } : {}),
    ...(source.seed !== undefined ? { seed: source.seed } : {}),
  });
  const objects = emptyClusterObjects();
  const file = `${definition.name}.json`;
  let items: string[] = [];
  let chars = 0;
  const flush = () => {
    parseManifests(`{"apiVersion":"v1","kind":"List","items":[\n${items.join(',\n')}\n]}\n`, file, objects);
    items = [];
    chars = 0;
  };
  for (const object of generateWorkload(definition.name, options)) {
    const json = JSON.stringify(object);
    items.push(json);
    chars += json.length + 2;
    if (chars >= DOCUMENT_CHARS) flush();
  }
  if (items.length > 0) flush();
  return objects;
}

async function loadObjects(source: TaskSource): Promise<ClusterObjects> {
  return source.kind === 'workload' ? generateObjects(source) : loadManifests(source.paths);
}

function loadConfig(path: string | undefined): Promise<SchedulerConfig> {
  return recipeConfig(path === undefined ? {} : { config: path });
}

/**
 * Runs one task to completion in the calling thread. The worker runs exactly this, so a result does not
 * depend on where it was computed (only `place` and the timings differ).
 */
export async function runTask(task: RunTask, index: number, place: RunPlace, crashes = 0): Promise<RunResult> {
  const taskStart = performance.now();
  try {
    const [objects, config] = await Promise.all([loadObjects(task.source), loadConfig(task.config)]);
    const options: ScheduleOptions = {
      ...(task.seed !== undefined ? { seed: task.seed } : {}),
      ...(task.tieBreak !== undefined ? { tieBreak: task.tieBreak } : {}),
      ...(task.percentageOfNodesToScore !== undefined
        ? { percentageOfNodesToScore: task.percentageOfNodesToScore }
        : {}),
      ...(task.clockStart !== undefined ? { clockStart: task.clockStart } : {}),
    };
    const scheduler = createScheduler(options, config);
    const session = scheduler.session(objects);
    const start = performance.now();
    const result = scheduler.runSession(session);
    const scheduleSeconds = (performance.now() - start) / 1000;
    const text = decisionsJsonl(result.decisions);
    const { nodes, pendingPods, attempts, scheduled, unschedulable, preemptions } = result.summary;
    return {
      ok: true,
      index,
      summary: { nodes, pendingPods, attempts, scheduled, unschedulable, preemptions },
      podsPerSecond: scheduleSeconds > 0 ? attempts / scheduleSeconds : 0,
      scheduleSeconds,
      taskSeconds: (performance.now() - taskStart) / 1000,
      decisionsHash: createHash('sha256').update(text).digest('hex'),
      ...(task.keepDecisions === true ? { decisions: text } : {}),
      place,
      crashes,
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, index, error: { message, index }, place, crashes };
  }
}
