import { readFileSync } from 'node:fs';

/** The version of @peapod/cli. Both src/ and dist/ sit one level below the package's package.json. */
export function cliVersion(): string {
  const pkg: unknown = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  const version = (pkg as { version?: unknown }).version;
  return typeof version === 'string' ? version : 'unknown';
}
