import type { Pod } from '@peapod/core';
import { podStatus } from './api/types.js';

/**
 * The STATUS column of `kubectl get pods` (kubectl's printPod): the pod's phase or reason, refined by the
 * init and app containers' states, `Terminating` while a deletion is pending.
 */
export function podDisplayStatus(pod: Pod): string {
  const status = podStatus(pod);
  let reason = status.reason || status.phase || 'Pending';
  const inits = status.initContainerStatuses ?? [];
  let initializing = false;
  for (const [i, c] of inits.entries()) {
    const t = c.state.terminated;
    if (t !== undefined && t.exitCode === 0) continue;
    if (t !== undefined) reason = t.reason ? `Init:${t.reason}` : `Init:ExitCode:${t.exitCode}`;
    else if (c.state.waiting?.reason && c.state.waiting.reason !== 'PodInitializing')
      reason = `Init:${c.state.waiting.reason}`;
    else reason = `Init:${i}/${(pod.spec.initContainers ?? []).length}`;
    initializing = true;
    break;
  }
  if (!initializing) {
    let running = false;
    for (const c of [...(status.containerStatuses ?? [])].reverse()) {
      if (c.state.waiting?.reason) reason = c.state.waiting.reason;
      else if (c.state.terminated) reason = c.state.terminated.reason || `ExitCode:${c.state.terminated.exitCode}`;
      else if (c.state.running && c.ready) running = true;
    }
    if (reason === 'Completed' && running) reason = 'Running';
  }
  if (pod.metadata.deletionTimestamp) reason = 'Terminating';
  return reason;
}

/** The READY column: ready containers / containers. */
export function podReadyColumn(pod: Pod): string {
  const statuses = podStatus(pod).containerStatuses ?? [];
  return `${statuses.filter((s) => s.ready).length}/${pod.spec.containers.length}`;
}
