/**
 * Kubernetes resource quantities (`100m`, `1.5`, `1Gi`, `1e3`, `500Mi`), parsed exactly.
 *
 * A quantity is held as an exact rational (bigint numerator / denominator) so that no float rounding
 * creeps in; `milliValue` and `value` round up as upstream's `Quantity.MilliValue()`/`Value()` do.
 */

export interface Quantity {
  readonly numerator: bigint;
  readonly denominator: bigint;
}

const BINARY_SUFFIX: Readonly<Record<string, bigint>> = {
  Ki: 1n << 10n,
  Mi: 1n << 20n,
  Gi: 1n << 30n,
  Ti: 1n << 40n,
  Pi: 1n << 50n,
  Ei: 1n << 60n,
};
const DECIMAL_SUFFIX: Readonly<Record<string, number>> = {
  n: -9,
  u: -6,
  m: -3,
  '': 0,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18,
};

// <sign><digits>[.<digits>] then one of: binary SI, decimal SI, or e/E<signed integer>.
/** Upstream caps exponents well below this; it keeps a hostile "1e999999999" from allocating forever. */
const MAX_EXPONENT = 64;
const QUANTITY_RE = /^([+-]?)(\d+\.?\d*|\.\d+)(?:(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])|[eE]([+-]?\d+))?$/;

/** Parses a quantity, or returns undefined when the text is not one. Numbers from YAML/JSON are accepted. */
export function tryParseQuantity(input: string | number): Quantity | undefined {
  const text = typeof input === 'number' ? numberToText(input) : input.trim() === input ? input : undefined;
  if (text === undefined) return undefined;
  const m = QUANTITY_RE.exec(text);
  if (!m) return undefined;
  const [, sign, digits, suffix, exponent] = m as unknown as [string, string, string, string?, string?];
  const dot = digits.indexOf('.');
  const intPart = dot < 0 ? digits : digits.slice(0, dot);
  const fracPart = dot < 0 ? '' : digits.slice(dot + 1);
  let numerator = BigInt((intPart || '0') + fracPart);
  let denominator = 10n ** BigInt(fracPart.length);
  if (sign === '-') numerator = -numerator;
  let exp10 = 0;
  if (suffix !== undefined) {
    const binary = BINARY_SUFFIX[suffix];
    if (binary !== undefined) numerator *= binary;
    else exp10 = DECIMAL_SUFFIX[suffix]!;
  } else if (exponent !== undefined) {
    exp10 = Number(exponent);
    if (Math.abs(exp10) > MAX_EXPONENT) return undefined;
  }
  if (exp10 > 0) numerator *= 10n ** BigInt(exp10);
  else if (exp10 < 0) denominator *= 10n ** BigInt(-exp10);
  return { numerator, denominator };
}

/** Whether the input is a valid quantity; a regex check, without building the exact value (used in validation). */
export function isQuantity(input: string | number): boolean {
  if (typeof input === 'number') return Number.isFinite(input);
  const m = QUANTITY_RE.exec(input);
  return m !== null && (m[4] === undefined || Math.abs(Number(m[4])) <= MAX_EXPONENT);
}

export function parseQuantity(input: string | number): Quantity {
  const q = tryParseQuantity(input);
  if (q === undefined) throw new RangeError(`invalid quantity ${JSON.stringify(String(input))}`);
  return q;
}

function ceilDiv(n: bigint, d: bigint): bigint {
  const q = n / d;
  return n % d !== 0n && n > 0n ? q + 1n : q;
}

function toSafeNumber(v: bigint, input: Quantity): number {
  const n = Number(v);
  if (!Number.isSafeInteger(n)) {
    throw new RangeError(`quantity ${input.numerator}/${input.denominator} is out of the supported range`);
  }
  return n;
}

/** The value in thousandths, rounded up (upstream `MilliValue`): cpu is accounted in millicores. */
export function milliValue(q: Quantity): number {
  return toSafeNumber(ceilDiv(q.numerator * 1000n, q.denominator), q);
}

/** The value rounded up to an integer (upstream `Value`): memory and storage are accounted in bytes. */
export function value(q: Quantity): number {
  return toSafeNumber(ceilDiv(q.numerator, q.denominator), q);
}

/**
 * Amounts already computed, by input: quantities repeat a lot (`100m`, `128Mi`), and parsing one exactly costs
 * bigint arithmetic. Cleared when full, so hostile input cannot grow it without bound.
 */
const MAX_CACHED_AMOUNTS = 4096;
const cpuAmounts = new Map<string | number, number>();
const unitAmounts = new Map<string | number, number>();

/** cpu in millicores; every other resource (memory, storage, pods, hugepages, extended) in whole units. */
export function resourceAmount(resource: string, input: string | number): number {
  const cache = resource === 'cpu' ? cpuAmounts : unitAmounts;
  const cached = cache.get(input);
  if (cached !== undefined) return cached;
  const amount = computeResourceAmount(resource, input);
  if (cache.size >= MAX_CACHED_AMOUNTS) cache.clear();
  cache.set(input, amount);
  return amount;
}

function computeResourceAmount(resource: string, input: string | number): number {
  const q = parseQuantity(input);
  try {
    return resource === 'cpu' ? milliValue(q) : value(q);
  } catch {
    const unit = resource === 'cpu' ? 'millicores' : 'units';
    throw new RangeError(`${resource} quantity ${JSON.stringify(String(input))} is too large (over 2^53 ${unit})`);
  }
}

function numberToText(n: number): string | undefined {
  if (!Number.isFinite(n)) return undefined;
  // String(1e21) is "1e+21", which the grammar accepts; this keeps integers exact.
  return String(n);
}

/** Formats millicores the way kubectl prints cpu: `250m`, or whole cores when exact. */
export function formatMilliCpu(milli: number): string {
  return milli % 1000 === 0 ? String(milli / 1000) : `${milli}m`;
}

/** Formats bytes with the largest binary suffix that divides them exactly: `1536Mi`, `2Gi`, `1000`. */
export function formatBytes(bytes: number): string {
  if (bytes === 0) return '0';
  const suffixes = ['Ei', 'Pi', 'Ti', 'Gi', 'Mi', 'Ki'] as const;
  for (const s of suffixes) {
    const unit = Number(BINARY_SUFFIX[s]);
    if (bytes % unit === 0) return `${bytes / unit}${s}`;
  }
  return String(bytes);
}
