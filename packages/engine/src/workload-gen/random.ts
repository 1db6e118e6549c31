/**
 * The generator's seeded random source: mulberry32, like the engine's tie-break source, plus the helpers a
 * workload needs. Each part of a workload forks its own stream by label, so the nodes of a cluster do not
 * change when only the number of pods does.
 */
export interface GenRandom {
  /** A uniform float in [0, 1). */
  float(): number;
  /** A uniform integer in [0, n). */
  int(n: number): number;
  /** True with probability `p`. */
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** One value of `choices`, each as likely as its weight. */
  weighted<T>(choices: readonly (readonly [T, number])[]): T;
  /** An independent stream for one part of a workload, by label; the same seed and label give the same stream. */
  fork(label: string): GenRandom;
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a over the label, mixed with the seed. */
function mix(seed: number, label: string): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

export function genRandom(seed: number): GenRandom {
  const next = mulberry32(seed);
  const self: GenRandom = {
    float: next,
    int: (n) => Math.floor(next() * n),
    chance: (p) => next() < p,
    pick: (items) => items[Math.floor(next() * items.length)]!,
    weighted: (choices) => {
      let total = 0;
      for (const [, w] of choices) total += w;
      let x = next() * total;
      for (const [value, w] of choices) {
        x -= w;
        if (x < 0) return value;
      }
      return choices[choices.length - 1]![0];
    },
    fork: (label) => genRandom(mix(seed, label)),
  };
  return self;
}

/** Characters of Kubernetes' generated name suffixes (`SafeEncodeString`: no vowels, no look-alikes). */
const SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** A random suffix of `length` characters, as `generateName` and pod-template-hash produce. */
export function randomSuffix(random: GenRandom, length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) s += SUFFIX_ALPHABET[random.int(SUFFIX_ALPHABET.length)];
  return s;
}

/**
 * A 5-character suffix that is distinct for every `ordinal` below 27^5 under the same `salt`: replica names
 * of one owner never collide, however many there are.
 */
export function ordinalSuffix(ordinal: number, salt: number): string {
  const space = SUFFIX_ALPHABET.length ** 5;
  // 1_000_003 is prime and coprime with 27^5, so the map ordinal -> code is a bijection modulo 27^5.
  let code = (((ordinal * 1_000_003) % space) + (salt % space)) % space;
  let s = '';
  for (let i = 0; i < 5; i++) {
    s += SUFFIX_ALPHABET[code % SUFFIX_ALPHABET.length];
    code = Math.floor(code / SUFFIX_ALPHABET.length);
  }
  return s;
}
