import { usageError } from '../args.js';

/** The largest count `gen` and `bench` accept for nodes and pods: far beyond what fits in memory anyway. */
export const MAX_COUNT = 10_000_000;

/** A count flag's value: a non-negative integer up to MAX_COUNT, or undefined when the flag is absent. */
export function parseCount(flag: string, text: string | undefined, min = 0): number | undefined {
  if (text === undefined) return undefined;
  const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!(value >= min && value <= MAX_COUNT)) {
    throw usageError(
      `invalid value ${JSON.stringify(text)} for ${flag}: must be an integer from ${min} to ${MAX_COUNT}`,
    );
  }
  return value;
}

const MAX_SEED = 2 ** 32 - 1;

/** A generator seed: an integer from 0 to 4294967295. */
export function parseGenSeed(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!(value <= MAX_SEED)) {
    throw usageError(`invalid value ${JSON.stringify(text)} for ${flag}: must be an integer from 0 to ${MAX_SEED}`);
  }
  return value;
}
