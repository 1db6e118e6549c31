/**
 * Go's sort.Strings order: byte-wise over UTF-8, which is code point order. UTF-16 code units give the same
 * order except that a surrogate (part of a code point above U+FFFF) must sort after every other unit. Compared
 * without encoding the strings: this sorts node names and reasons in hot paths.
 */
export function compareBytes(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const xSurrogate = x >= 0xd800 && x <= 0xdfff;
    const ySurrogate = y >= 0xd800 && y <= 0xdfff;
    if (xSurrogate !== ySurrogate) return xSurrogate ? 1 : -1;
    return x < y ? -1 : 1;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
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
