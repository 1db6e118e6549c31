import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { compareBytes } from '../src/index.js';

describe('compareBytes', () => {
  test('orders as the strings UTF-8 bytes do (Go sort.Strings), astral characters included', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'grapheme' }), (a, b) => {
        expect(compareBytes(a, b)).toBe(Buffer.compare(Buffer.from(a), Buffer.from(b)));
      }),
      { numRuns: 2000 },
    );
  });

  test.each([
    ['node-10', 'node-2', -1],
    ['a', 'ab', -1],
    ['same', 'same', 0],
    ['\uffff', '\u{10000}', -1],
    ['Z', 'a', -1],
  ])('%j vs %j', (a, b, expected) => {
    expect(compareBytes(a, b)).toBe(expected);
  });
});
