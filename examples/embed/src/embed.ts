import { loadManifests } from '@peapod/core';
import { createScheduler, type ScheduleResult } from '@peapod/engine';

/**
 * The whole embedding: read manifests (files, folders, YAML or JSON), build a scheduler with upstream's
 * default profile and a seed for its tie-breaks, and schedule every pending pod once. The result is plain
 * data: one decision per pod, in queue order.
 */
export async function scheduleFiles(paths: readonly string[], seed = 0): Promise<ScheduleResult> {
  const objects = await loadManifests(paths);
  return createScheduler({ seed }).run(objects);
}

/** `namespace/name -> node`, or `-> unschedulable: <the scheduler's message>`, one line per pod. */
export function placementLines(result: ScheduleResult): string[] {
  return result.decisions.map((d) =>
    d.node !== null ? `${d.pod} -> ${d.node}` : `${d.pod} -> unschedulable: ${d.message}`,
  );
}
