/** The engine's only source of randomness: injected and seeded, so every run reproduces from its seed. */
export interface RandomSource {
  /** A uniform integer in [0, n). */
  intn(n: number): number;
}

/** mulberry32: small, fast and good enough for tie-breaks; the same seed gives the same sequence everywhere. */
export function seededRandom(seed: number): RandomSource {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { intn: (n: number) => Math.floor(next() * n) };
}
