import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * The generated Markdown as the repository's formatter (biome, which also formats the TypeScript code
 * blocks) writes it, so that `pnpm lint` accepts docs/api/ and the staleness test compares like with like.
 */
export function formatMarkdown(root: string, relativePath: string, text: string): string {
  const biome = join(root, 'node_modules', '.bin', 'biome');
  const run = spawnSync(biome, ['format', `--stdin-file-path=${relativePath}`], {
    cwd: root,
    input: text,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.error !== undefined || run.status !== 0) {
    throw new Error(`biome format ${relativePath} failed: ${run.error?.message ?? run.stderr}`);
  }
  return run.stdout;
}

/** `files` (docs/api/ file name to text), each formatted. */
export function formatApiDocs(root: string, files: ReadonlyMap<string, string>): Map<string, string> {
  return new Map([...files].map(([name, text]) => [name, formatMarkdown(root, `docs/api/${name}`, text)]));
}
