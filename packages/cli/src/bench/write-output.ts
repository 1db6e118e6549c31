import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { ErrorCodes, PeapodError } from '@peapod/core';
import type { OutputStream } from '../io.js';

function describeWriteError(e: unknown): string {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory';
  return e instanceof Error ? e.message : String(e);
}

/**
 * Writes text chunks, gzipped or not, to a file or to `stdout`, one chunk at a time and waiting whenever
 * the destination asks to (so a generator of any size streams in bounded memory). Returns the bytes written.
 * A file that cannot be written is a PeapodError naming it.
 */
export async function writeChunks(
  chunks: Iterable<string>,
  options: { readonly path?: string; readonly gzip: boolean; readonly stdout: OutputStream },
): Promise<number> {
  let bytes = 0;
  const source = Readable.from(chunks);
  const count = async function* (input: AsyncIterable<string | Buffer>) {
    for await (const chunk of input) {
      bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
      yield chunk;
    }
  };
  if (options.path !== undefined) {
    const file = createWriteStream(options.path);
    try {
      // Opened before anything flows: a file that cannot be created fails here with its own error, not with
      // whatever the pipeline reports first when the stream is destroyed mid-write (a race under load).
      await once(file, 'open');
      if (options.gzip) await pipeline(source, createGzip(), count, file);
      else await pipeline(source, count, file);
    } catch (e) {
      throw new PeapodError(ErrorCodes.InputRead, `cannot write ${options.path}: ${describeWriteError(e)}`, {
        cause: e,
      });
    }
    return bytes;
  }
  const out = options.stdout;
  if (out instanceof Writable) {
    if (options.gzip) await pipeline(source, createGzip(), count, out, { end: false });
    else await pipeline(source, count, out, { end: false });
    return bytes;
  }
  // An in-process collector (tests): plain writes, text only.
  const input: AsyncIterable<string | Buffer> = options.gzip ? source.pipe(createGzip()) : source;
  for await (const chunk of count(input)) {
    const ok = out.write(typeof chunk === 'string' ? chunk : chunk.toString('latin1'));
    const emitter = out as unknown as NodeJS.EventEmitter;
    if (ok === false && typeof emitter.once === 'function') await once(emitter, 'drain');
  }
  return bytes;
}
