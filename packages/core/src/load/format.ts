import type { ObjectOrigin } from './cluster-objects.js';
import { SUPPORTED_KINDS } from './kinds.js';

/** The metadata fields an object reference is made of; anything else is ignored. */
export interface RefMeta {
  readonly name?: unknown;
  readonly namespace?: unknown;
}

/**
 * How messages name an object: `Pod default/web-1`, or `Node n1` for cluster-scoped kinds. A missing name
 * prints as `<unnamed>`; a namespaced kind without a namespace prints the `default` it is given on load.
 */
export function formatObjectRef(kind: string, meta: RefMeta | null | undefined): string {
  const name = typeof meta?.name === 'string' && meta.name !== '' ? meta.name : '<unnamed>';
  const namespace = typeof meta?.namespace === 'string' && meta.namespace !== '' ? meta.namespace : undefined;
  const namespaced = SUPPORTED_KINDS.get(kind)?.namespaced ?? namespace !== undefined;
  return namespaced ? `${kind} ${namespace ?? 'default'}/${name}` : `${kind} ${name}`;
}

/** `cluster.yaml: document 3`, or `pods.json: document 1, item 7` (items are printed 1-based). */
export function formatOrigin(origin: ObjectOrigin): string {
  const item = origin.item === undefined ? '' : `, item ${origin.item + 1}`;
  return `${origin.file}: document ${origin.document}${item}`;
}

/**
 * The CLI's summary line for objects of kinds the scheduler does not read, e.g.
 * `ignored 3 objects of kinds the scheduler does not use: ConfigMap 2, Job 1`; undefined when there are none.
 */
export function summarizeIgnoredKinds(ignored: Readonly<Record<string, number>>): string | undefined {
  const kinds = Object.keys(ignored).sort();
  const total = kinds.reduce((sum, k) => sum + (ignored[k] ?? 0), 0);
  if (total === 0) return undefined;
  const list = kinds.map((k) => `${k} ${ignored[k]}`).join(', ');
  return total === 1
    ? `ignored 1 object of a kind the scheduler does not use: ${list}`
    : `ignored ${total} objects of kinds the scheduler does not use: ${list}`;
}
