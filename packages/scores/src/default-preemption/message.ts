import type { Status } from '@peapod/core';

/** Go's `sort.Strings` order: byte-wise, which differs from UTF-16 order outside the BMP. */
export function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/**
 * Upstream `FitError.Error()` over the preemption dry run's statuses (v1.26): `0/N nodes are available:`, then
 * the `"<count> <reason>"` histogram sorted as strings and followed by `.` (upstream's `SeparatorFormat`).
 */
export function fitErrorMessage(numAllNodes: number, statuses: readonly Status[]): string {
  const counts = new Map<string, number>();
  for (const s of statuses) for (const reason of s.reasons) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  const histogram = [...counts].map(([reason, count]) => `${count} ${reason}`).sort(compareBytes);
  const message = `0/${numAllNodes} nodes are available:`;
  return histogram.length > 0 ? `${message} ${histogram.join(', ')}.` : message;
}
