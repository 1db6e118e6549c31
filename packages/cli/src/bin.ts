#!/usr/bin/env node
import { ExitCode } from './io.js';

// No stack trace may reach the user. main() catches what its commands throw; these cover the rest:
// a module that fails to load, stream errors, stray async work.
function die(error: unknown): never {
  process.stderr.write(`peapod: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(ExitCode.Internal);
}
process.on('uncaughtException', die);

// `peapod schedule ... | head` closes stdout early: stop quietly, as a SIGPIPE'd Unix tool would.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') die(error);
  process.exit(process.exitCode ?? ExitCode.Ok);
});

try {
  // Imported here, not statically, so that a failure to load the engine is reported like any other bug.
  const { main } = await import('./main.js');
  process.exitCode = await main(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    clock: () => performance.now(),
  });
} catch (error) {
  die(error);
}
