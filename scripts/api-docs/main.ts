import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatApiDocs } from './format.js';
import { renderApiDocs } from './render.js';

// `pnpm docs:api`: (re)writes docs/api/ from the packages' sources.
const root = fileURLToPath(new URL('../../', import.meta.url));
const out = join(root, 'docs', 'api');
const files = formatApiDocs(root, renderApiDocs(root));
mkdirSync(out, { recursive: true });
for (const name of readdirSync(out)) if (name.endsWith('.md') && !files.has(name)) rmSync(join(out, name));
for (const [name, text] of files) writeFileSync(join(out, name), text);
console.log(`wrote ${files.size} files to docs/api/`);
