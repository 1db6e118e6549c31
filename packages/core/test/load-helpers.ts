/** Manifest builders and a load-error catcher shared by the loader's error tests. */
import { dump } from 'js-yaml';
import { PeapodError } from '../src/errors.js';
import { parseManifests } from '../src/load/index.js';

export type Doc = Record<string, unknown>;

export const container = (extra: Doc = {}): Doc => ({ name: 'app', image: 'nginx', ...extra });
export const pod = (name: string | undefined, spec: Doc = {}, metadata: Doc = {}): Doc => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: name === undefined ? metadata : { name, ...metadata },
  spec: { containers: [container()], ...spec },
});
export const requests = (r: Doc): Doc => ({ containers: [container({ resources: { requests: r } })] });
/** Documents as a multi-document YAML stream. */
export const yamlOf = (...docs: unknown[]): string => docs.map((d) => dump(d)).join('---\n');

/** The PeapodError that loading `text` throws; fails the test when it loads. */
export function loadError(text: string, file: string): PeapodError {
  try {
    parseManifests(text, file);
  } catch (e) {
    if (e instanceof PeapodError) return e;
    throw e;
  }
  throw new Error('expected the load to fail');
}

export interface LoadErrorCase {
  readonly name: string;
  readonly file?: string;
  readonly text: string;
  readonly code: string;
  readonly message: string;
}
