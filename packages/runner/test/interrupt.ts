import { spawn } from 'node:child_process';

/**
 * Runs a test script (from sources, under tsx) in a child process, sends it SIGINT once it prints `running`,
 * and resolves with how it ended and what it printed. A child still alive after `limitMs` is killed (then
 * `signal` is SIGKILL), so a hang fails the test instead of stalling it.
 */
export async function interruptWhenRunning(
  script: string,
  limitMs: number,
): Promise<{ code: number | null; signal: string | null; out: string }> {
  const child = spawn(process.execPath, ['--conditions=@peapod/source', '--import', 'tsx', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    if (out.includes('running')) child.kill('SIGINT');
  });
  const timeout = setTimeout(() => child.kill('SIGKILL'), limitMs);
  const { code, signal } = await exited;
  clearTimeout(timeout);
  return { code, signal, out };
}
