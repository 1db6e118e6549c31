/** How the report writes amounts for people. The exact number is always in the element's `data-value`. */

/** Millicores as cores, exactly: `3920` → `3.92`, `100` → `0.1`, `4000` → `4`. */
export function formatCores(millicores: number): string {
  const sign = millicores < 0 ? '-' : '';
  const abs = Math.abs(millicores);
  const whole = Math.floor(abs / 1000);
  const fraction = String(abs % 1000)
    .padStart(3, '0')
    .replace(/0+$/, '');
  return `${sign}${whole}${fraction === '' ? '' : `.${fraction}`}`;
}

const BINARY_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'] as const;

/**
 * Bytes in the largest binary unit that keeps the number at least 1, with at most 2 decimals (trailing
 * zeros dropped): `7516192768` → `7 GiB`, `15503597568` → `14.44 GiB`, `268435456` → `256 MiB`.
 */
export function formatBytes(bytes: number): string {
  let unit = 0;
  while (unit < BINARY_UNITS.length - 1 && Math.abs(bytes) >= 1024 ** (unit + 1)) unit++;
  const scaled = (bytes / 1024 ** unit).toFixed(2).replace(/\.?0+$/, '');
  return `${scaled} ${BINARY_UNITS[unit]}`;
}

/** `part` as a percentage of `whole` with one decimal, or `-` when `whole` is 0. */
export function formatPercent(part: number, whole: number): string {
  return whole > 0 ? `${((part / whole) * 100).toFixed(1)}%` : '-';
}

/** A bar segment's width: `part / whole` in percent, between 0 and 100, with 2 decimals. */
export function barWidth(part: number, whole: number): string {
  if (!(whole > 0) || part <= 0) return '0';
  return Math.min(100, (part / whole) * 100)
    .toFixed(2)
    .replace(/\.?0+$/, '');
}
