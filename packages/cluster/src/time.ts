/** Virtual time is integer milliseconds since the simulation started. */

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const DURATION_RE = /^(\d+(?:\.\d+)?)(ms|s|m|h)/;

/**
 * A Go-style duration (`500ms`, `90s`, `5m`, `1h30m`, `1.5s`) or a bare number of seconds, in ms.
 * Returns undefined for anything else, so callers can name the field in their own error.
 */
export function parseDuration(input: string | number): number | undefined {
  if (typeof input === 'number') return Number.isFinite(input) && input >= 0 ? Math.round(input * 1000) : undefined;
  let rest = input.trim();
  if (rest === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(rest)) return Math.round(Number(rest) * 1000);
  let total = 0;
  while (rest !== '') {
    const m = DURATION_RE.exec(rest);
    if (m === null) return undefined;
    total += Number(m[1]) * UNIT_MS[m[2]!]!;
    rest = rest.slice(m[0].length);
  }
  return Math.round(total);
}

/** ms as Go prints a time.Duration: `0s`, `250ms`, `2.5s`, `1m5s`, `1h0m30s`. */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  if (ms < 1000) return `${ms}ms`;
  const hours = Math.floor(ms / 3_600_000);
  const minutes = Math.floor((ms % 3_600_000) / 60_000);
  const seconds = (ms % 60_000) / 1000;
  const sec = `${Number(seconds.toFixed(3))}s`;
  if (hours > 0) return `${hours}h${minutes}m${sec}`;
  if (minutes > 0) return `${minutes}m${sec}`;
  return sec;
}

const stamps = new Map<number, string>();

/** An RFC 3339 timestamp (seconds precision, as the API server writes) for a virtual time. */
export function timestamp(clockStart: number, ms: number): string {
  // Whole seconds only: many objects are stamped in the same second, so the strings are worth keeping.
  const second = Math.floor((clockStart + ms) / 1000);
  let text = stamps.get(second);
  if (text === undefined) {
    if (stamps.size > 4096) stamps.clear();
    text = new Date(second * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    stamps.set(second, text);
  }
  return text;
}
