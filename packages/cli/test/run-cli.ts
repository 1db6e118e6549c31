import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { main } from '../src/main.js';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Absolute path of a file in test/fixtures (tests must not depend on the working directory). */
export function fixture(name: string): string {
  return fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
}

/** Runs `peapod <argv...>` in-process and collects what it wrote. */
export async function runCli(argv: readonly string[], stdinText = ''): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: { write: (chunk: string) => (stdout += chunk) },
    stderr: { write: (chunk: string) => (stderr += chunk) },
    stdin: Readable.from([stdinText]),
  });
  return { code, stdout, stderr };
}
