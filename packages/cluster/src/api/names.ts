import type { RandomSource } from '@peapod/engine';
import { SIM_KINDS } from './kinds.js';
import type { Kind } from './types.js';

/** Characters of generated name suffixes (upstream `utilrand.String`: no vowels, no confusable digits). */
const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

export type Raw = Record<string, unknown> & { metadata?: Record<string, unknown> };

/**
 * `metadata.generateName`: the prefix plus five random characters, drawn again until the name is free.
 * Objects that already have a name keep it.
 */
export function withGeneratedName(
  kind: Kind,
  raw: Raw,
  random: RandomSource,
  taken: (namespace: string | undefined, name: string) => boolean,
): Raw {
  const meta = raw.metadata;
  const prefix = meta?.generateName;
  if (meta === undefined || typeof prefix !== 'string' || prefix === '') return raw;
  if (typeof meta.name === 'string' && meta.name !== '') return raw;
  const given = typeof meta.namespace === 'string' && meta.namespace !== '' ? meta.namespace : undefined;
  const ns = given ?? (SIM_KINDS.get(kind)!.namespaced ? 'default' : undefined);
  for (;;) {
    let suffix = '';
    for (let i = 0; i < 5; i++) suffix += NAME_ALPHABET[random.intn(NAME_ALPHABET.length)];
    const name = `${prefix}${suffix}`;
    if (!taken(ns, name)) return { ...raw, metadata: { ...meta, name } };
  }
}

/** A UID in UUID form from a counter, so UIDs do not depend on the random stream. */
export function objectUid(n: number): string {
  return `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}
