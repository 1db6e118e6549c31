import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, test } from 'vitest';
import { formatApiDocs } from './format.js';
import { renderApiDocs } from './render.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dir = join(root, 'docs', 'api');

describe('docs/api', () => {
  let files = new Map<string, string>();
  // One compiler program over every package: seconds, not milliseconds.
  beforeAll(() => {
    files = formatApiDocs(root, renderApiDocs(root));
  }, 120_000);

  test('lists every package with its exports', () => {
    expect([...files.keys()]).toContain('core.md');
    expect([...files.keys()]).toContain('engine.md');
    const core = files.get('core.md')!;
    expect(core).toContain(
      '### definePlugin\n\n```ts\nfunction definePlugin<const P extends ExtensionPoint, A = undefined>(',
    );
    expect(core).toContain('Source: [packages/core/src/framework/define-plugin.ts]');
  });

  test('is up to date with the sources (run `pnpm docs:api` when this fails)', () => {
    const stale = [...files].filter(([name, text]) => {
      const path = join(dir, name);
      return !existsSync(path) || readFileSync(path, 'utf8') !== text;
    });
    const extra = existsSync(dir) ? readdirSync(dir).filter((n) => n.endsWith('.md') && !files.has(n)) : [];
    expect({ stale: stale.map(([name]) => `docs/api/${name}`), extra }, 'run `pnpm docs:api`').toEqual({
      stale: [],
      extra: [],
    });
  });
});
