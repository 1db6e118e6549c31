import { describe, expect, test } from 'vitest';
import {
  formatBytes,
  formatMilliCpu,
  isQuantity,
  milliValue,
  parseQuantity,
  resourceAmount,
  tryParseQuantity,
  value,
} from '../src/quantity.js';

const Ki = 1024;
const Mi = 1024 * Ki;
const Gi = 1024 * Mi;

describe('parseQuantity: milliValue and value round up, as upstream MilliValue()/Value()', () => {
  test.each([
    { name: 'millicores', input: '100m', milli: 100, whole: 1 },
    { name: 'decimal fraction', input: '1.5', milli: 1500, whole: 2 },
    { name: 'leading zero fraction', input: '0.5', milli: 500, whole: 1 },
    { name: 'fraction without integer part', input: '.5', milli: 500, whole: 1 },
    { name: 'binary suffix Gi', input: '1Gi', milli: 1000 * Gi, whole: Gi },
    { name: 'binary suffix Mi', input: '500Mi', milli: 500_000 * Mi, whole: 500 * Mi },
    { name: 'fractional binary', input: '1.5Gi', milli: 1500 * Gi, whole: 1.5 * Gi },
    { name: 'binary suffix Ki', input: '3Ki', milli: 3000 * Ki, whole: 3 * Ki },
    { name: 'decimal suffix k', input: '2k', milli: 2_000_000, whole: 2000 },
    { name: 'decimal suffix M', input: '1M', milli: 1e9, whole: 1e6 },
    { name: 'decimal suffix G', input: '1G', milli: 1e12, whole: 1e9 },
    { name: 'exponent e', input: '1e3', milli: 1e6, whole: 1000 },
    { name: 'exponent E', input: '1E3', milli: 1e6, whole: 1000 },
    { name: 'exponent with sign', input: '5e-3', milli: 5, whole: 1 },
    { name: 'sub-milli rounds up to 1 milli', input: '0.1m', milli: 1, whole: 1 },
    { name: 'explicit plus sign', input: '+1', milli: 1000, whole: 1 },
    { name: 'zero', input: '0', milli: 0, whole: 0 },
    { name: 'zero millis', input: '0m', milli: 0, whole: 0 },
    { name: 'bare YAML integer', input: 4, milli: 4000, whole: 4 },
    { name: 'bare YAML float', input: 0.5, milli: 500, whole: 1 },
    { name: 'bare zero', input: 0, milli: 0, whole: 0 },
  ])('$name', ({ input, milli, whole }) => {
    const q = parseQuantity(input);
    expect(value(q)).toBe(whole);
    expect(milliValue(q)).toBe(milli);
  });

  test('E alone is the exa suffix, held exactly; as a number it is refused rather than rounded', () => {
    expect(parseQuantity('1E')).toEqual({ numerator: 10n ** 18n, denominator: 1n });
    expect(() => value(parseQuantity('1E'))).toThrow(RangeError);
  });
});

describe('invalid quantities', () => {
  test.each([
    { name: 'unknown suffix', input: '12x' },
    { name: 'two decimal points', input: '1.2.3' },
    { name: 'empty string', input: '' },
    { name: 'leading space', input: ' 1' },
    { name: 'trailing space', input: '1 ' },
    { name: 'suffix without number', input: 'Mi' },
    { name: 'lone i', input: '1i' },
    { name: 'double sign', input: '--1' },
    { name: 'uppercase K is not a suffix', input: '1K' },
    { name: 'lowercase e without exponent', input: '1e' },
    { name: 'binary suffix with exponent', input: '1Mi3' },
    { name: 'NaN number', input: Number.NaN },
    { name: 'infinite number', input: Number.POSITIVE_INFINITY },
  ])('$name', ({ input }) => {
    expect(tryParseQuantity(input)).toBeUndefined();
    expect(isQuantity(input)).toBe(false);
    expect(() => parseQuantity(input)).toThrow(RangeError);
  });
});

describe('decimal SI suffixes n and u', () => {
  test.each([
    { name: 'micro suffix u rounds up to one millicore', input: '100u', milli: 1 },
    { name: 'nano suffix n', input: '5000000n', milli: 5 },
    { name: 'many micros', input: '250000u', milli: 250 },
  ])('$name', ({ input, milli }) => {
    expect(milliValue(parseQuantity(input))).toBe(milli);
  });
});

describe('resourceAmount', () => {
  test.each([
    { name: 'cpu in millicores', resource: 'cpu', input: '1.5', want: 1500 },
    { name: 'cpu bare number', resource: 'cpu', input: 2, want: 2000 },
    { name: 'cpu sub-milli rounds up', resource: 'cpu', input: '0.1m', want: 1 },
    { name: 'memory in bytes', resource: 'memory', input: '1Gi', want: Gi },
    { name: 'memory fraction of a byte rounds up', resource: 'memory', input: '0.5', want: 1 },
    { name: 'memory millibytes round up', resource: 'memory', input: '1500m', want: 2 },
    { name: 'pods', resource: 'pods', input: '110', want: 110 },
    { name: 'extended resource', resource: 'nvidia.com/gpu', input: 2, want: 2 },
    { name: 'hugepages', resource: 'hugepages-2Mi', input: '4Mi', want: 4 * Mi },
  ])('$name', ({ resource, input, want }) => {
    expect(resourceAmount(resource, input)).toBe(want);
  });

  test('amounts are remembered per unit: the same text is 1000 millicores and 1 byte', () => {
    const amounts = () => [resourceAmount('cpu', '1'), resourceAmount('memory', '1'), resourceAmount('cpu', 1)];
    expect(amounts()).toEqual([1000, 1, 1000]);
    expect(amounts()).toEqual([1000, 1, 1000]);
  });

  test('an invalid or too large quantity throws every time, naming its resource', () => {
    for (let i = 0; i < 2; i++) {
      expect(() => resourceAmount('cpu', 'abc')).toThrow('invalid quantity "abc"');
      expect(() => resourceAmount('cpu', '1P')).toThrow('cpu quantity "1P" is too large');
      expect(() => resourceAmount('memory', '1P')).not.toThrow();
      expect(() => resourceAmount('example.com/x', '100E')).toThrow('example.com/x quantity "100E" is too large');
    }
  });

  test('a full cache starts over without changing answers', () => {
    for (let i = 0; i < 10_000; i++) expect(resourceAmount('memory', `${i}Ki`)).toBe(i * 1024);
    expect(resourceAmount('memory', '1Gi')).toBe(Gi);
  });
});

describe('formatting', () => {
  test.each([
    { name: 'millicores', milli: 250, want: '250m' },
    { name: 'whole cores', milli: 2000, want: '2' },
    { name: 'zero', milli: 0, want: '0' },
  ])('formatMilliCpu $name', ({ milli, want }) => {
    expect(formatMilliCpu(milli)).toBe(want);
  });

  test.each([
    { name: 'Gi', bytes: 2 * Gi, want: '2Gi' },
    { name: 'Mi when not whole Gi', bytes: 1536 * Mi, want: '1536Mi' },
    { name: 'plain bytes', bytes: 1000, want: '1000' },
    { name: 'zero', bytes: 0, want: '0' },
  ])('formatBytes $name', ({ bytes, want }) => {
    expect(formatBytes(bytes)).toBe(want);
  });
});
