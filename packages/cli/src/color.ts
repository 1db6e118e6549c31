import type { CliEnv, CliIo, OutputStream } from './io.js';

/**
 * Whether to colour what goes to `stream` (https://no-color.org, https://force-color.org):
 * `NO_COLOR` set and not empty: never. Otherwise `FORCE_COLOR` set and not empty: always, even into a
 * pipe, except `0` or `false`: never. Otherwise only on a terminal whose TERM is not `dumb`.
 */
export function colorEnabled(stream: OutputStream, env: CliEnv): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '') return force !== '0' && force !== 'false';
  return stream.isTTY === true && env.TERM !== 'dumb';
}

const RED = '\u001b[31m';
const YELLOW = '\u001b[33m';
const RESET = '\u001b[39m';

/** The prefixes peapod starts its diagnostics with, anywhere in the CLI, and their colours. */
const PREFIX = /^(?:error:|peapod: internal error:|Warning:)/gm;

/** `io` with its stderr coloured by `colorDiagnostics` where `colorEnabled` allows; otherwise `io` itself. */
export function withColor(io: CliIo): CliIo {
  return colorEnabled(io.stderr, io.env ?? {}) ? { ...io, stderr: colorDiagnostics(io.stderr) } : io;
}

/**
 * `stream` with the prefix of each diagnostic line coloured: `error:` and `peapod: internal error:` red,
 * `Warning:` yellow. Only the prefix, and only at the start of a line (a chunk that continues a line is
 * left alone); everything else passes through unchanged. Keeps the stream's isTTY and columns.
 */
export function colorDiagnostics(stream: OutputStream): OutputStream {
  let atLineStart = true;
  return {
    write(chunk: string): unknown {
      const coloured = chunk.replace(PREFIX, (prefix: string, offset: number) => {
        if (offset === 0 && !atLineStart) return prefix;
        return `${prefix === 'Warning:' ? YELLOW : RED}${prefix}${RESET}`;
      });
      if (chunk.length > 0) atLineStart = chunk.endsWith('\n') || chunk.endsWith('\r');
      return stream.write(coloured);
    },
    get isTTY() {
      return stream.isTTY;
    },
    get columns() {
      return stream.columns;
    },
  };
}
