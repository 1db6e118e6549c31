/** Go's sort.Strings order: byte-wise, which differs from UTF-16 order outside the BMP. */
export function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/**
 * Upstream `FitError.Error()`: `0/N nodes are available: <count> <reason>, ... .` with the
 * `"<count> <reason>"` strings sorted as strings (so `10 ...` sorts before `2 ...`), and the PostFilter
 * message, when there is one, after a space.
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
  return postFilterMessage ? `${message} ${postFilterMessage}` : message;
}

/** Upstream `ErrNoNodesAvailable`. */
export const NO_NODES_AVAILABLE = 'no nodes available to schedule pods';
