/** Go's sort.Strings order: byte-wise, which differs from UTF-16 order outside the BMP. */
export function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/**
 * Upstream `FitError.Error()`: `0/N nodes are available: <count> <reason>, ... .` with the
 * `"<count> <reason>"` strings sorted as strings (so `10 ...` sorts before `2 ...`), and the PostFilter
 * message, when there is one, after a space and followed by `.` (so upstream's messages end in `..`).
 */
export function fitErrorMessage(
  numAllNodes: number,
  reasonCounts: Readonly<Record<string, number>>,
  postFilterMessage = '',
): string {
  const histogram = Object.entries(reasonCounts)
    .map(([reason, count]) => `${count} ${reason}`)
    .sort(compareBytes);
  const message = `0/${numAllNodes} nodes are available: ${histogram.join(', ')}.`;
  // Upstream's SeparatorFormat (" %v.") appends a `.` even after a message that ends in one.
  return postFilterMessage ? `${message} ${postFilterMessage}.` : message;
}

/** Upstream `ErrNoNodesAvailable`. */
export const NO_NODES_AVAILABLE = 'no nodes available to schedule pods';
